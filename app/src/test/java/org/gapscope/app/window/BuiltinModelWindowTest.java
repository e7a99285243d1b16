package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.alignment.AlignmentView;
import org.gapscope.app.alignment.HeatmapCanvas;
import org.gapscope.app.alignment.HeatmapPicture;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.export.FigureCanvas;
import org.gapscope.app.lens.LensView;
import org.gapscope.engine.ExampleRun;
import org.gapscope.figure.HeatmapRenderer;
import org.gapscope.figure.LensData;
import org.gapscope.figure.LensRenderer;
import org.gapscope.figure.WordSpans;
import org.gapscope.lenses.ReferenceAlignmentHitRate;
import org.gapscope.lenses.ReferenceSpans;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javafx.geometry.Point2D;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * The user's path through the real window with what the program ships: the default example set and
 * the built-in model, run by the DJL runtime (headless, CPU). The home folder is the repository (or
 * {@code -Dgapscope.test.home}); without a shipped model the test is skipped with a reason. The
 * logit-lens tab on the first example: read when the tab is shown, the pointer on a cell lists its
 * top-k tokens with probabilities, the layer chooser hides a layer, the agreement curve has one point
 * per shown layer, and the export writes the figure {@code gapscope figure lens} draws.
 */
@ExtendWith(ApplicationExtension.class)
class BuiltinModelWindowTest {

    @TempDir
    static Path exportFolder;

    private static final ExecutorService WORKERS = WindowFlow.workers();

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

    @Test
    void withTheShippedModelAUserStepsScrubsTogglesIntervenesAndExports(FxRobot robot) throws Exception {
        assumeTrue(locations.defaultModel().isPresent(), "no built-in model under " + WindowFlow.home().resolve("resources/models"));
        Path set = locations.sampleExampleSet().orElseThrow();
        assumeTrue(Files.isRegularFile(set), "no sample example set at " + set);
        long examples = Files.readAllLines(set).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        new WindowFlow(robot, viewModel, 120).run(exportFolder, (int) examples);
        robot.interact(() -> viewModel.model().close());
    }

    /**
     * The reference word spans on the heatmap of the first sample example (which has word timings): the
     * spans drawn are core's, the hit rate shown is core's for the layer and metric shown, hovering a boxed
     * cell names its word and times, the toggle hides them on screen and in the export.
     */
    @Test
    void theFirstExamplesWordSpansAndHitRateAreCoresAndHoverNamesTheWord(FxRobot robot) throws Exception {
        assumeTrue(locations.defaultModel().isPresent(), "no built-in model under " + WindowFlow.home().resolve("resources/models"));
        assumeTrue(locations.sampleExampleSet().map(Files::isRegularFile).orElse(false), "no sample example set");
        WindowFlow flow = new WindowFlow(robot, viewModel, 120);
        flow.waitFor("the first example's result", () -> viewModel.run().resultProperty().get() != null);
        robot.clickOn("Alignment");
        flow.waitFor("the heatmap", () -> viewModel.alignment().ready()
                && viewModel.alignment().pictureProperty().get() != null);
        ExampleRun shown = viewModel.alignment().result();
        assertTrue(shown.example().hasWords(), "the sample set's first example has word timings");

        CheckBox toggle = robot.lookup("#" + AlignmentView.SPANS_ID).queryAs(CheckBox.class);
        assertTrue(toggle.isSelected() && !toggle.isDisabled(), "on by default where the example has words");
        HeatmapPicture p = viewModel.alignment().pictureProperty().get();
        assertNotNull(p.spans(), "the spans are drawn");
        ReferenceSpans reference = shown.referenceSpans();
        for (int j = 0; j < p.textCount(); j++) {
            assertEquals(reference.pairing().startOf(j), p.spans().start()[j], "token " + j);
            assertEquals(reference.pairing().endOf(j), p.spans().end()[j], "token " + j);
        }

        // the hit rate shown is core's at the layer and for the metric shown
        int layer = viewModel.alignment().layerProperty().get();
        SimilarityMetric metric = viewModel.alignment().metricProperty().get();
        double hit = ReferenceAlignmentHitRate.of(shown.analysis(), metric, reference.pairing()).hit()[layer];
        double baseline = ReferenceAlignmentHitRate.of(shown.analysis(), metric, reference.pairing()).baseline()[layer];
        Label scores = robot.lookup("#" + AlignmentView.SCORES_ID).queryAs(Label.class);
        assertTrue(scores.getText().contains(String.format(Locale.ROOT,
                "ALAS-style hit rate (arXiv 2505.19937) %.3f, uniform baseline %.3f", hit, baseline)), scores.getText());
        robot.clickOn("#" + AlignmentView.EUCLIDEAN_ID);
        flow.waitFor("the Euclidean heatmap", () -> viewModel.alignment().ready()
                && viewModel.alignment().metricProperty().get() == SimilarityMetric.EUCLIDEAN);
        double euclidean = ReferenceAlignmentHitRate.of(shown.analysis(), SimilarityMetric.EUCLIDEAN,
                reference.pairing()).hit()[layer];
        assertTrue(scores.getText().contains(String.format(Locale.ROOT, "(arXiv 2505.19937) %.3f,", euclidean)),
                scores.getText());

        // hovering a boxed cell names the word and its times
        HeatmapCanvas heatmap = robot.lookup("#" + AlignmentView.HEATMAP_ID).queryAs(HeatmapCanvas.class);
        int token = p.textCount() / 2;
        WordSpans.Box box = p.spans().boxOf(token);
        int inside = (box.start() + box.end() - 1) / 2;
        robot.moveTo(heatmap.localToScreen(heatmap.cellCentre(inside, token)));
        Label hover = robot.lookup("#" + AlignmentView.HOVER_ID).queryAs(Label.class);
        flow.waitFor("the hover read-out", () -> hover.getText().contains("in the reference span of"));
        assertTrue(hover.getText().contains(WordSpans.describe(box)), hover.getText());
        assertEquals(reference.wordOf(token).word(), box.word());

        // the export carries the spans while they are shown; the toggle hides them on screen and in the export
        assertNotNull(((HeatmapRenderer) viewModel.alignment().figure()).data().spans());
        robot.clickOn(toggle);
        flow.waitFor("the spans hidden", () -> viewModel.alignment().pictureProperty().get().spans() == null);
        assertNull(((HeatmapRenderer) viewModel.alignment().figure()).data().spans());
        assertTrue(scores.getText().contains("ALAS-style hit rate"), "the hit rate stays while the boxes are hidden");
        robot.clickOn(toggle);
        flow.waitFor("the spans shown again", () -> viewModel.alignment().pictureProperty().get().spans() != null);
        assertFalse(toggle.isDisabled());
        robot.interact(() -> viewModel.model().close());
    }

    @Test
    void theLensOfTheFirstExampleHoversChoosesLayersAndExports(FxRobot robot) throws Exception {
        assumeTrue(locations.defaultModel().isPresent(), "no built-in model under " + WindowFlow.home().resolve("resources/models"));
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
