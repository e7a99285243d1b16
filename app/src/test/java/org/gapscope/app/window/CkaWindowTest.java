package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gapscope.app.cka.CkaView;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.export.FigureCanvas;
import org.gapscope.figure.CkaData;
import org.gapscope.figure.CkaRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * The CKA tab in the real window with what the program ships (the built-in model and the sample set,
 * DJL on the CPU): the first example's matrix is drawn, the pointer over a cell reads out its layers
 * and value, the matched / mismatched / difference switch changes what is drawn and read out, and the
 * figure exports as SVG. Skipped with a reason when the repository has no built-in model.
 */
@ExtendWith(ApplicationExtension.class)
class CkaWindowTest {

    @TempDir
    static Path exportFolder;

    private static final ExecutorService WORKERS = WindowFlow.workers();
    private static final Pattern HOVER = Pattern.compile("speech layer (\\d+) \u00b7 text layer (\\d+) \u00b7 (.*)");

    private MainViewModel viewModel;
    private Locations locations;

    @Start
    void start(Stage stage) {
        locations = new Locations(WindowFlow.home(), exportFolder.resolve("user"));
        viewModel = WindowFlow.showBuiltIn(stage, locations, WORKERS, exportFolder);
    }

    @AfterAll
    static void stop() {
        WORKERS.shutdownNow();
    }

    /**
     * Moves the pointer over the cell of speech layer index {@code a}, text layer index {@code b} (the
     * square moves with the colour bar's width, so it is found for each panel).
     */
    private static void pointAt(FxRobot robot, Node figure, CkaData data, int a, int b) {
        double[] plot = plotOf(figure);
        Bounds screen = figure.localToScreen(figure.getBoundsInLocal());
        int k = data.size();
        double x = plot[0] + (b + 0.5) * plot[2] / k;
        double y = plot[1] + plot[3] - (a + 0.5) * plot[3] / k;
        robot.moveTo(new Point2D(screen.getMinX() + x, screen.getMinY() + y));
    }

    @Test
    void theFirstExamplesMatrixReadsOutUnderThePointerAndSwitchesPanels(FxRobot robot) throws Exception {
        assumeTrue(locations.defaultModel().isPresent(), "no built-in model under " + WindowFlow.home().resolve("resources/models"));
        assumeTrue(locations.sampleExampleSet().map(Files::isRegularFile).orElse(false), "no sample example set");
        WindowFlow flow = new WindowFlow(robot, viewModel, 120);
        flow.waitFor("the first example's result", () -> viewModel.run().resultProperty().get() != null);
        String first = viewModel.examples().shownRows().get(0).example().id();
        assertEquals(first, viewModel.run().resultProperty().get().example().id());

        robot.clickOn("CKA");
        flow.waitFor("the CKA matrix", () -> viewModel.cka().dataProperty().get() != null
                && viewModel.cka().detailsProperty().get().contains("against the text of"));
        CkaData matched = viewModel.cka().dataProperty().get();
        assertEquals(CkaData.Panel.MATCHED, matched.panel());
        assertEquals(viewModel.run().resultProperty().get().layerCount(), matched.size());
        String details = robot.lookup("#" + CkaView.DETAILS_ID).queryAs(Label.class).getText();
        assertTrue(details.contains("Hsu et al. 2026"), details);
        assertTrue(details.contains("Pairing: reference_words"), "the sample set has word timings: " + details);
        assertTrue(details.contains("Band width per speech layer"), details);

        // the pointer over a cell: its layers and its value, as the matrix holds them
        Node figure = robot.lookup("#" + CkaView.FIGURE_ID).query();
        int a = matched.size() - 1;
        int b = matched.size() / 2;
        pointAt(robot, figure, matched, a, b);
        flow.waitFor("the hover read-out", () -> !viewModel.cka().hoverProperty().get().isEmpty());
        Label hover = robot.lookup("#" + CkaView.HOVER_ID).queryAs(Label.class);
        Matcher m = HOVER.matcher(hover.getText());
        assertTrue(m.matches(), hover.getText());
        assertEquals(a, Integer.parseInt(m.group(1)), hover.getText());
        assertEquals(b, Integer.parseInt(m.group(2)), hover.getText());
        assertTrue(m.group(3).startsWith("CKA " + value(matched.at(a, b))), hover.getText());

        // the switch: mismatched, then the difference, read out at the same cell
        robot.clickOn("#" + CkaView.MISMATCHED_ID);
        flow.waitFor("the mismatched panel", () -> viewModel.cka().dataProperty().get() != null
                && viewModel.cka().dataProperty().get().panel() == CkaData.Panel.MISMATCHED);
        CkaData mismatched = viewModel.cka().dataProperty().get();
        pointAt(robot, figure, mismatched, a, b);
        flow.waitFor("the mismatched read-out", () -> viewModel.cka().hoverProperty().get().contains("(mismatched)"));
        assertTrue(hover.getText().startsWith("speech layer " + a + " \u00b7 text layer " + b + " \u00b7 CKA (mismatched) "
                + value(mismatched.at(a, b))), hover.getText());
        robot.clickOn("#" + CkaView.DIFFERENCE_ID);
        flow.waitFor("the difference panel", () -> viewModel.cka().dataProperty().get() != null
                && viewModel.cka().dataProperty().get().panel() == CkaData.Panel.DIFFERENCE);
        pointAt(robot, figure, viewModel.cka().dataProperty().get(), a, b);
        flow.waitFor("the difference read-out", () -> viewModel.cka().hoverProperty().get().contains("matched \u2212 mismatched"));
        assertTrue(hover.getText().contains("matched \u2212 mismatched " + value(matched.at(a, b) - mismatched.at(a, b))
                + " (matched " + value(matched.at(a, b)) + ", mismatched " + value(mismatched.at(a, b)) + ")"), hover.getText());

        // the picture exports through the export dialog, drawn by core's CKA renderer
        robot.clickOn("#" + CkaView.EXPORT_ID);
        robot.clickOn("Save…");
        Path svg = exportFolder.resolve(viewModel.cka().fileStem() + ".svg");
        flow.waitFor("the exported SVG", () -> Files.isRegularFile(svg));
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg") && text.strip().endsWith("</svg>"), "a complete SVG document");
        assertTrue(text.contains("speech layer") && text.contains("text layer"), "the CKA figure's axes");
        robot.interact(() -> viewModel.model().close());
    }

    private static String value(double v) {
        return Double.isNaN(v) ? "undefined" : String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * The matrix's square on the canvas, {x, y, width, height}: found with the renderer's own cell
     * lookup, along the canvas's middle row and then along the square's middle column.
     */
    private static double[] plotOf(Node node) {
        FigureCanvas canvas = (FigureCanvas) node;
        CkaRenderer r = (CkaRenderer) canvas.renderer();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        double minX = Double.NaN;
        double maxX = Double.NaN;
        for (double x = 0; x < w; x += 1) {
            if (r.cellAt(x, h / 2, w, h, canvas.style()) != null) {
                minX = Double.isNaN(minX) ? x : minX;
                maxX = x;
            }
        }
        assertTrue(!Double.isNaN(minX), "the matrix is on the canvas's middle row");
        double minY = Double.NaN;
        double maxY = Double.NaN;
        for (double y = 0; y < h; y += 1) {
            if (r.cellAt((minX + maxX) / 2, y, w, h, canvas.style()) != null) {
                minY = Double.isNaN(minY) ? y : minY;
                maxY = y;
            }
        }
        return new double[] {minX, minY, maxX - minX, maxY - minY};
    }
}
