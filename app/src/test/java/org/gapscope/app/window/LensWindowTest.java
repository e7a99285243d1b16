package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

import org.gapscope.app.CompositionRoot;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.export.FigureCanvas;
import org.gapscope.app.lens.LensView;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.figure.LensData;
import org.gapscope.figure.LensRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * The logit-lens tab of the real window on the built-in model's first example (DJL runtime, CPU): the
 * grid is read when the tab is shown, the pointer on a cell lists its top-k tokens with probabilities,
 * the layer chooser hides a layer, the agreement curve has one point per shown layer, and the export
 * writes the same figure as {@code gapscope figure lens}. Skipped with a reason without a shipped model.
 */
@ExtendWith(ApplicationExtension.class)
class LensWindowTest {

    @TempDir
    static Path exportFolder;

    private static final ExecutorService WORKERS = WindowFlow.workers();

    private MainViewModel viewModel;
    private Locations locations;

    private static Path home() {
        String configured = System.getProperty("gapscope.test.home");
        return configured != null ? Paths.get(configured) : Paths.get("").toAbsolutePath().getParent();
    }

    @Start
    void start(Stage stage) {
        locations = new Locations(home(), exportFolder.resolve("user"));
        viewModel = CompositionRoot.of("test", BackgroundExecutor.onFxThread(WORKERS), locations, TestAudio.noDevices(),
                ModelOpener.BUNDLES).mainViewModel();
        stage.setScene(new Scene(new MainWindow(viewModel, WindowFlow.savingTo(exportFolder.resolve("x.svg"))), 1280, 800));
        stage.show();
        if (locations.defaultModel().isPresent() && locations.sampleExampleSet().map(Files::isRegularFile).orElse(false)) {
            viewModel.openDefaults();
        }
    }

    @AfterAll
    static void stop() {
        WORKERS.shutdownNow();
    }

    @Test
    void theLensOfTheFirstExampleHoversChoosesLayersAndExports(FxRobot robot) throws Exception {
        assumeTrue(locations.defaultModel().isPresent(), "no built-in model under " + home().resolve("resources/models"));
        assumeTrue(locations.sampleExampleSet().map(Files::isRegularFile).orElse(false), "no sample example set");
        WindowFlow flow = new WindowFlow(robot, viewModel, 120);
        flow.waitFor("the first example's result", () -> viewModel.run().resultProperty().get() != null);
        assertEquals(null, viewModel.lens().dataProperty().get(), "nothing read while the tab is hidden");

        robot.clickOn("Logit lens");
        flow.waitFor("the lens grid", () -> viewModel.lens().dataProperty().get() != null);
        int hiddenStates = viewModel.run().resultProperty().get().speech().capture().layerCount();
        LensData data = viewModel.lens().dataProperty().get();
        assertEquals(hiddenStates, data.layers().length, "the built-in model: every layer by default");
        assertEquals(2, data.sides().size());
        assertEquals(viewModel.run().resultProperty().get().text().capture().tokens(), data.side("text").labels());
        assertTrue(data.side("speech").labels().get(0).endsWith(" s"), "speech positions by their times");
        assertEquals(hiddenStates, data.agreement().length, "the agreement curve: one point per shown layer");
        Label summary = robot.lookup("#" + LensView.SUMMARY_ID).queryAs(Label.class);
        assertTrue(summary.getText().startsWith("Lens agreement per layer: 0: "), summary.getText());
        assertTrue(summary.getText().contains("Pairing: by the example's reference word timings")
                || summary.getText().contains("Pairing: proportional"), summary.getText());

        // the pointer on a speech cell of the top layer lists its top-k with probabilities
        FigureCanvas canvas = robot.lookup("#" + LensView.CANVAS_ID).queryAs(FigureCanvas.class);
        Point2D inside = speechCell(canvas, data);
        assertNotNull(inside, "a speech cell on the canvas");
        robot.moveTo(canvas.localToScreen(inside));
        Label hover = robot.lookup("#" + LensView.HOVER_ID).queryAs(Label.class);
        flow.waitFor("the hover read-out", () -> !hover.getText().isEmpty());
        assertTrue(Pattern.compile("^speech position \\d+ \\(\\d+\\.\\d\\d s\\), layer \\d+: (\u201c[^\u201d]*\u201d "
                + "\\d\\.\\d{3}( \u00b7 )?){5}$").matcher(hover.getText()).matches(), hover.getText());

        // the layer chooser: layer 1 hidden, the grid and the curve lose its row
        CheckBox one = robot.lookup("#lens-layer-1").queryAs(CheckBox.class);
        assertTrue(one.isSelected());
        robot.clickOn(one);
        flow.waitFor("layer 1 hidden", () -> viewModel.lens().dataProperty().get().layers().length == hiddenStates - 1);
        assertFalse(summary.getText().contains(" 1: "), summary.getText());
        robot.clickOn(one);
        flow.waitFor("layer 1 shown again", () -> viewModel.lens().dataProperty().get().layers().length == hiddenStates);

        // export through the dialog: the figure gapscope figure lens draws
        robot.clickOn("#" + LensView.EXPORT_ID);
        robot.clickOn("Save…");
        Path svg = exportFolder.resolve(viewModel.lens().fileStem() + ".svg");
        flow.waitFor("the exported SVG", () -> Files.isRegularFile(svg));
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg") && text.strip().endsWith("</svg>"), "a complete SVG document");
        assertTrue(text.contains("nostalgebraist") && text.contains("lens agreement"), "sources and the curve's axis");
        robot.interact(() -> viewModel.model().close());
    }

    /** A point inside the speech grid's top row, found through the renderer's own geometry. */
    private static Point2D speechCell(FigureCanvas canvas, LensData data) {
        LensRenderer renderer = new LensRenderer(data);
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        for (double y = 0; y < h; y += 2) {
            for (double x = 0; x < w; x += 4) {
                LensRenderer.Cell cell = renderer.cellAt(x, y, w, h, canvas.style());
                if (cell != null && cell.side().equals("speech") && cell.layerIndex() == data.layers().length - 1) {
                    return new Point2D(x + 2, y + 4);
                }
            }
        }
        return null;
    }
}
