package org.gapscope.app.runs;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.gapscope.app.task.TaskHandle;
import org.gapscope.app.task.Tasks;
import org.gapscope.engine.StoredRun;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The run folder open in the explorer: opened through core in the background (the window keeps
 * working; a newer request supersedes an older one), published for the views, and closed when another
 * example set is loaded. A folder that is not a readable run leaves the one shown before and reports
 * one line.
 */
public final class RunFolderViewModel {

    private final Tasks tasks;
    private final Consumer<String> status;
    private final ReadOnlyObjectWrapper<StoredRun> opened = new ReadOnlyObjectWrapper<>();
    private TaskHandle task;

    /** Creates the view model; {@code status} receives one-line messages for the status bar. */
    public RunFolderViewModel(Tasks tasks, Consumer<String> status) {
        this.tasks = tasks;
        this.status = status;
    }

    /** Opens {@code folder} in the background: its records are read, its captures only when an example is shown. */
    public void open(Path folder) {
        if (task != null) {
            task.supersede();
        }
        status.accept("Opening the run " + folder + " ...");
        task = tasks.start("Opening the run " + folder.getFileName(), ctx -> StoredRun.open(folder), run -> {
            task = null;
            opened.set(run);
            status.accept(describe(run));
        }, error -> {
            task = null;
            status.accept("Could not open the run: " + error.getMessage()
                    + (opened.get() == null ? "" : " The run shown before is kept."));
        }, () -> task = null);
    }

    /** Closes the run shown (its examples leave the list when another set is loaded). */
    public void close() {
        opened.set(null);
    }

    /** The run open (null: none). */
    public ReadOnlyObjectProperty<StoredRun> openedProperty() {
        return opened.getReadOnlyProperty();
    }

    /** The status line of a run just opened: what it holds and what the views can show of it. */
    public static String describe(StoredRun run) {
        StringBuilder b = new StringBuilder("Opened the run " + run.folder().getFileName() + " (" + run.command()
                + ", model " + run.model() + "): " + run.entries().size() + " examples");
        if (run.brokenLines() > 0) {
            b.append(", ").append(run.brokenLines()).append(" unreadable dataset line(s) not listed");
        }
        if (!run.isComplete()) {
            b.append("; the run is not complete (status.json)");
        }
        if (!run.keptSpeechCaptures()) {
            b.append("; it kept no speech captures, so the alignment and layer-curves views are off");
        }
        run.datasetNote().ifPresent(n -> b.append("; ").append(n));
        return b.append('.').toString();
    }
}
