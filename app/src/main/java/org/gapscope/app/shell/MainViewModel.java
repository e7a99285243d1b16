package org.gapscope.app.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.gapscope.app.audio.AudioViewModel;
import org.gapscope.app.audio.ClipCache;
import org.gapscope.app.examples.ExamplesViewModel;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * State of the main window: the status line, the running tasks, the interface settings (theme,
 * presentation mode), and the feature view models it is made of, kept in step (selecting an example
 * shows its audio).
 */
public final class MainViewModel {

    private final String version;
    private final BackgroundExecutor executor;
    private final Locations locations;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(
            "No model loaded. Open a model bundle folder to start.");
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(false);
    private final BooleanProperty presentationMode = new SimpleBooleanProperty(false);
    private final Tasks tasks;
    private final ClipCache clips;
    private final ExamplesViewModel examples;
    private final AudioViewModel audio;

    /** Creates the view model; {@code executor} runs every slow task. */
    public MainViewModel(String version, BackgroundExecutor executor, Locations locations, AudioServices audioServices) {
        this.version = version;
        this.executor = executor;
        this.locations = locations;
        this.tasks = new Tasks(executor, this::setStatus);
        this.clips = new ClipCache(audioServices.loader());
        this.examples = new ExamplesViewModel(executor, this::setStatus);
        this.audio = new AudioViewModel(tasks, clips, audioServices.recorder(), audioServices.player(),
                locations::recordingsFolder, this::setStatus, examples);
        examples.selectedProperty().addListener((obs, old, row) -> audio.show(row));
    }

    /** Loads what the program ships (the sample example set), if it is installed. */
    public void openDefaults() {
        Optional<Path> sample = locations.sampleExampleSet();
        if (sample.isPresent() && Files.isRegularFile(sample.get())) {
            examples.load(sample.get());
        }
    }

    /** Shows a one-line message in the status bar. */
    public void setStatus(String message) {
        status.set(message);
    }

    /** The line shown in the status bar. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Dark interface theme (exports are always light). */
    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    /** Presentation mode: large fonts for talks. */
    public BooleanProperty presentationModeProperty() {
        return presentationMode;
    }

    /** The long tasks (status bar progress and cancel). */
    public Tasks tasks() {
        return tasks;
    }

    /** The example list. */
    public ExamplesViewModel examples() {
        return examples;
    }

    /** The audio pane. */
    public AudioViewModel audio() {
        return audio;
    }

    /** Decoded clips shared by the audio pane and the model runs. */
    public ClipCache clips() {
        return clips;
    }

    /** Where shipped resources live. */
    public Locations locations() {
        return locations;
    }

    /** The program version. */
    public String version() {
        return version;
    }

    /** The executor shared by the feature view models. */
    public BackgroundExecutor executor() {
        return executor;
    }
}
