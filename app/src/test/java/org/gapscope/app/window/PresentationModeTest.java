package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

import org.gapscope.app.cka.CkaView;
import org.gapscope.app.lens.LensView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javafx.scene.Node;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * Issue 16, item 10: presentation mode (F5) gives the analysis views the window's width, and leaving it
 * puts the example list, every divider and the Dataset tab's table back as they were.
 */
@ExtendWith(ApplicationExtension.class)
class PresentationModeTest {

    @TempDir
    static Path dir;

    private static final ExecutorService WORKERS = WindowFlow.workers();

    private MainViewModel viewModel;
    private MainWindow window;

    @Start
    void start(Stage stage) throws IOException {
        viewModel = WindowFlow.showWindow(stage, dir, WORKERS);
        window = (MainWindow) stage.getScene().getRoot();
    }

    @AfterAll
    static void stopWorkers() {
        WORKERS.shutdownNow();
    }

    @Test
    void theViewsTakeTheWidthAndEverythingComesBackAfter(FxRobot robot) {
        new WindowFlow(robot, viewModel, 30).waitFor("the first result", () -> viewModel.run().resultProperty().get() != null);
        robot.interact(() -> window.selectTab("Dataset"));
        WaitForAsyncUtils.waitForFxEvents();
        Node examples = robot.lookup("#" + MainWindow.EXAMPLES_ID).query();
        SplitPane centre = (SplitPane) robot.lookup("#" + MainWindow.AUDIO_ID).query().getParent().getParent();
        SplitPane main = (SplitPane) centre.getParent().getParent();
        double[] mainBefore = main.getDividerPositions();
        double[] centreBefore = centre.getDividerPositions();
        TableView<?> scores = (TableView<?>) robot.lookup(".table-view").queryAll().stream()
                .filter(n -> n.getId() == null).findFirst().orElseThrow();
        double[] widthsBefore = widths(scores);
        double viewsBefore = robot.lookup("#" + MainWindow.VIEWS_ID).query().getLayoutBounds().getWidth();

        robot.interact(() -> viewModel.presentationModeProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(examples.getScene(), "the example list steps aside");
        double viewsDuring = robot.lookup("#" + MainWindow.VIEWS_ID).query().getLayoutBounds().getWidth();
        assertTrue(viewsDuring > viewsBefore + 250, viewsBefore + " -> " + viewsDuring);

        robot.interact(() -> viewModel.presentationModeProperty().set(false));
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(examples.getScene(), "the example list is back");
        assertEquals(mainBefore[0], main.getDividerPositions()[0], 0.01);
        assertEquals(centreBefore[0], centre.getDividerPositions()[0], 0.01);
        double[] widthsAfter = widths(scores);
        for (int k = 0; k < widthsBefore.length; k++) {
            assertEquals(widthsBefore[k], widthsAfter[k], 1.0, "column " + k + " after presentation mode");
        }
    }

    @Test
    void theCkaAndLensFiguresKeepTheirHeightAndTheTabScrolls(FxRobot robot) {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the first result", () -> viewModel.run().resultProperty().get() != null);
        robot.interact(() -> viewModel.presentationModeProperty().set(true));
        robot.interact(() -> window.selectTab("CKA"));
        flow.waitFor("the example's CKA", () -> viewModel.cka().dataProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        double cka = robot.lookup("#" + CkaView.FIGURE_ID).query().getParent().getLayoutBounds().getHeight();
        assertTrue(cka >= CkaView.FIGURE_MIN_HEIGHT, "the CKA figure is " + cka + " px high in presentation mode");
        robot.interact(() -> window.selectTab("Logit lens"));
        WaitForAsyncUtils.waitForFxEvents();
        double lens = robot.lookup("#" + LensView.CANVAS_ID).query().getParent().getLayoutBounds().getHeight();
        assertTrue(lens >= LensView.FIGURE_MIN_HEIGHT, "the lens figure is " + lens + " px high in presentation mode");
        robot.interact(() -> viewModel.presentationModeProperty().set(false));
    }

    private static double[] widths(TableView<?> table) {
        return table.getColumns().stream().mapToDouble(TableColumn::getWidth).toArray();
    }
}
