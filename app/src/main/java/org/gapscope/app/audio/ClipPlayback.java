package org.gapscope.app.audio;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.gapscope.GapScopeException;
import org.gapscope.app.task.Tasks;
import org.gapscope.audio.Playback;
import org.gapscope.audio.Player;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * The audio pane's playback: one stretch of the shown clip at a time, at 1×, 0.75× or 0.5× (slowed with
 * the pitch kept), stopped by the next; no speaker is one line in the pane.
 */
final class ClipPlayback {

    private final Tasks tasks;
    private final Player player;
    private final Supplier<AudioDisplay> shownClip;
    private final Consumer<String> message;
    private final Consumer<String> status;
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper();
    private final DoubleProperty speed = new SimpleDoubleProperty(1.0);
    private Playback playback;

    ClipPlayback(Tasks tasks, Player player, Supplier<AudioDisplay> shownClip, Consumer<String> message,
            Consumer<String> status) {
        this.tasks = tasks;
        this.player = player;
        this.shownClip = shownClip;
        this.message = message;
        this.status = status;
    }

    /**
     * Plays one stretch of the shown clip; {@code slowed} (Shift+click) plays it slowed down with its pitch
     * kept: at the pane's speed when that is below 1×, else at {@link #SLOW_SPEED}.
     */
    void play(TimeRange range, boolean slowed) {
        AudioDisplay shown = shownClip.get();
        if (shown == null || range == null) {
            return;
        }
        stop();
        double at = slowed && speed.get() >= 1.0 ? AudioViewModel.SLOW_SPEED : speed.get();
        try {
            Playback started = player.play(shown.clip(), range.from(), range.to(), at);
            playback = started;
            playing.set(true);
            started.finished().whenComplete((ok, error) -> tasks.executor().onUiThread(() -> {
                if (playback == started) {
                    playing.set(false);
                    playback = null;
                }
                if (error != null) {
                    message.accept(AudioViewModel.rootMessage(error));
                }
            }));
        } catch (GapScopeException e) {
            playing.set(false);
            message.accept(e.getMessage());
            status.accept(e.getMessage());
        }
    }

    /** Stops playing. */
    void stop() {
        Playback current = playback;
        playback = null;
        if (current != null) {
            current.stop();
        }
        playing.set(false);
    }

    /** Where playback is now in seconds, or NaN when nothing plays (polled by the view for its cursor). */
    double playPosition() {
        Playback current = playback;
        return current != null && current.isPlaying() ? current.positionSeconds() : Double.NaN;
    }

    /** Whether something is playing. */
    ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    /** The playback speed: 1, 0.75 or 0.5. */
    DoubleProperty speedProperty() {
        return speed;
    }
}
