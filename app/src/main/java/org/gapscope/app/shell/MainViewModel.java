package org.gapscope.app.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.gapscope.app.examples.ExamplesViewModel;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * State of the main window: the status line, the interface settings (theme, presentation mode),
 * and the feature view models it is made of.
 */
public final class MainViewModel {

    private final String version;
    private final BackgroundExecutor executor;
    private final Locations locations;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(
            "No model loaded. Open a model bundle folder to start.");
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(false);
    private final BooleanProperty presentationMode = new SimpleBooleanProperty(false);
    private final ExamplesViewModel examples;

    /** Creates the view model; {@code executor} runs every slow task. */
    public MainViewModel(String version, BackgroundExecutor executor, Locations locations) {
        this.version = version;
        this.executor = executor;
        this.locations = locations;
        this.examples = new ExamplesViewModel(executor, this::setStatus);
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

    /** The example list. */
    public ExamplesViewModel examples() {
        return examples;
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
