package org.gapscope.app.alignment;

import java.util.function.Function;

import org.gapscope.app.audio.AudioDisplay;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.engine.ExampleRun;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The audio behind the heatmap's waveform and mel band strips: the toggle, and the display data
 * (envelope and spectrogram pyramids) of the clip the result shown was run on, found or built off the
 * FX thread once per result, so that neither scrubbing layers nor zooming rebuilds it.
 */
final class StripAudio {

    private final BackgroundExecutor executor;
    private final BooleanProperty show = new SimpleBooleanProperty(true);
    private final ReadOnlyObjectWrapper<AudioDisplay> display = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper unavailable = new ReadOnlyStringWrapper("No example shown.");
    private Function<ExampleRun, AudioDisplay> source = run -> AudioDisplay.of(run.clip(), run.example().id());
    private ExampleRun shown;

    StripAudio(BackgroundExecutor executor) {
        this.executor = executor;
    }

    /** Where the display data of a result's clip comes from (the audio pane's clip cache; default: built anew). */
    void from(Function<ExampleRun, AudioDisplay> lookup) {
        source = lookup;
    }

    /** Finds the display data of {@code run}'s clip in the background (null: none). */
    void show(ExampleRun run) {
        shown = run;
        if (run == null) {
            display.set(null);
            unavailable.set("No example shown.");
            return;
        }
        AudioDisplay current = display.get();
        if (current != null && current.clip() == run.clip()) {
            return;
        }
        display.set(null);
        unavailable.set("Preparing the clip's waveform and spectrogram …");
        executor.submit(() -> source.apply(run), d -> {
            if (shown == run) {
                display.set(d);
                unavailable.set("");
            }
        }, failure -> {
            if (shown == run) {
                unavailable.set("No audio strips for this example: " + failure.getMessage());
            }
        });
    }

    /** Whether the strips are drawn. */
    BooleanProperty showProperty() {
        return show;
    }

    /** The clip of the result shown with its display data (null: none yet). */
    ReadOnlyObjectProperty<AudioDisplay> displayProperty() {
        return display.getReadOnlyProperty();
    }

    /** Why there are no strips to draw (empty when there are). */
    ReadOnlyStringProperty unavailableProperty() {
        return unavailable.getReadOnlyProperty();
    }
}
