package org.gapscope.app.task;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * The status bar's task corner: the latest running task's title, message and progress, how many
 * more are running, and a button that cancels it. Hidden while nothing runs.
 */
public final class TaskIndicator extends HBox {

    /** Node ids used by tests. */
    public static final String CANCEL_ID = "task-cancel";
    public static final String TITLE_ID = "task-title";

    /** Builds the indicator for {@code tasks}. */
    public TaskIndicator(Tasks tasks) {
        super(6);
        setAlignment(Pos.CENTER_RIGHT);
        Label title = new Label();
        title.setId(TITLE_ID);
        ProgressBar bar = new ProgressBar();
        bar.setPrefWidth(120);
        Button cancel = new Button("Cancel");
        cancel.setId(CANCEL_ID);
        cancel.setTooltip(new Tooltip("Stop this task; what was loaded before stays as it was"));
        tasks.latest().addListener((obs, old, task) -> {
            bar.progressProperty().unbind();
            title.textProperty().unbind();
            if (task != null) {
                bar.progressProperty().bind(task.progressProperty());
                title.textProperty().bind(Bindings.createStringBinding(() -> {
                    String more = tasks.running().size() > 1 ? " (+" + (tasks.running().size() - 1) + " more)" : "";
                    String m = task.messageProperty().get();
                    return task.title() + (m.isEmpty() ? "" : ": " + m) + more;
                }, task.messageProperty(), tasks.running()));
                cancel.setOnAction(e -> task.cancel());
            }
        });
        visibleProperty().bind(tasks.latest().isNotNull());
        managedProperty().bind(visibleProperty());
        getChildren().setAll(title, bar, cancel);
    }
}
