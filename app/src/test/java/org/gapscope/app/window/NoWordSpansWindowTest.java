package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

import org.gapscope.app.alignment.AlignmentView;
import org.gapscope.figure.HeatmapRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;

/**
 * An example without reference word timings (the synthetic set has none): no spans drawn or exported, no
 * hit rate claimed, and the toggle disabled with a tooltip that says why.
 */
@ExtendWith(ApplicationExtension.class)
class NoWordSpansWindowTest {

    @TempDir
    static Path dir;

    private static final ExecutorService WORKERS = WindowFlow.workers();

    private MainViewModel viewModel;

    @Start
    void start(Stage stage) throws IOException {
        viewModel = WindowFlow.showWindow(stage, dir, WORKERS);
    }

    @AfterAll
    static void stopWorkers() {
        WORKERS.shutdownNow();
    }

    @Test
    void noWordsNoSpansAndTheToggleSaysWhy(FxRobot robot) {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the first result", () -> viewModel.run().resultProperty().get() != null);
        robot.clickOn("Alignment");
        flow.waitFor("the heatmap", () -> viewModel.alignment().ready()
                && viewModel.alignment().pictureProperty().get() != null);
        assertFalse(viewModel.alignment().result().example().hasWords());
        CheckBox toggle = robot.lookup("#" + AlignmentView.SPANS_ID).queryAs(CheckBox.class);
        assertTrue(toggle.isDisabled(), "nothing to toggle");
        assertNull(viewModel.alignment().pictureProperty().get().spans());
        assertNull(((HeatmapRenderer) viewModel.alignment().figure()).data().spans());
        Label scores = robot.lookup("#" + AlignmentView.SCORES_ID).queryAs(Label.class);
        assertFalse(scores.getText().contains("hit rate"), scores.getText());
        Node wrapper = toggle.getParent();
        Tooltip tip = (Tooltip) wrapper.getProperties().get("javafx.scene.control.Tooltip");
        assertTrue(tip != null && tip.getText().contains("no reference word timings"), tip == null ? "no tooltip"
                : tip.getText());
    }
}
