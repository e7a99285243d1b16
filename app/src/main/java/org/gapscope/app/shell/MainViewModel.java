package org.gapscope.app.shell;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** State of the main window that is not owned by one feature view: the status line. */
public final class MainViewModel {

    private final String version;
    private final BackgroundExecutor executor;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(
            "No model loaded. Open a model bundle folder to start.");

    /** Creates the view model; {@code executor} runs every slow task. */
    public MainViewModel(String version, BackgroundExecutor executor) {
        this.version = version;
        this.executor = executor;
    }

    /** The line shown in the status bar. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
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
