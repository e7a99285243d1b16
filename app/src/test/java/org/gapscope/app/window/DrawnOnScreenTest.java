package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

import org.controlsfx.control.RangeSlider;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.app.alignment.AlignmentView;
import org.gapscope.app.alignment.HeatmapCanvas;
import org.gapscope.app.alignment.HeatmapPicture;
import org.gapscope.app.audio.AudioView;
import org.gapscope.app.curves.LayerCurvesView;
import org.gapscope.app.interventions.InterventionsView;
import org.gapscope.figure.LayerCurvesData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javafx.geometry.Point2D;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;

/**
 * What the real window puts on screen (headless, Monocle): the layer-curve charts hold the view model's
 * values point for point, the zoomed heatmap's paths stay inside the matrix, the rewrite-layer range
 * follows the layers field, the heatmap's audio strips lie on its time axis, and the model's answers
 * show under the transcript.
 */
@ExtendWith(ApplicationExtension.class)
class DrawnOnScreenTest {

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
    void theCurveChartsHoldEverySeriesValueOfTheViewModel(FxRobot robot) {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the curves with their control", () -> viewModel.curves().curvesProperty().get() != null
                && viewModel.curves().curvesProperty().get().series().stream()
                        .anyMatch(s -> s.kind() == LayerCurvesData.Kind.CONTROL));
        robot.clickOn("Layer curves");
        WaitForAsyncUtils.waitForFxEvents();
        LayerCurvesData data = viewModel.curves().curvesProperty().get();
        for (String id : List.of(LayerCurvesView.COSINE_CHART_ID, LayerCurvesView.EUCLIDEAN_CHART_ID)) {
            @SuppressWarnings("unchecked")
            LineChart<Number, Number> chart = robot.lookup("#" + id).queryAs(LineChart.class);
            List<List<Double>> drawn = new ArrayList<>();
            robot.interact(() -> {
                for (XYChart.Series<Number, Number> s : chart.getData()) {
                    drawn.add(s.getData().stream().map(d -> d.getYValue().doubleValue()).toList());
                }
            });
            assertEquals(data.series().size(), drawn.size(), id);
            for (int k = 0; k < drawn.size(); k++) {
                LayerCurvesData.Series s = data.series().get(k);
                double[] values = id.equals(LayerCurvesView.COSINE_CHART_ID) ? s.cosine() : s.euclidean();
                assertEquals(values.length, drawn.get(k).size(), s.label());
                for (int l = 0; l < values.length; l++) {
                    assertEquals(values[l], drawn.get(k).get(l), 0, s.label() + " layer " + l);
                }
            }
        }
    }

    @Test
    void zoomedInThePathsStayInsideTheMatrix(FxRobot robot) {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the first result", () -> viewModel.run().resultProperty().get() != null);
        robot.interact(() -> viewModel.run().settingsProperty().set(AnalysisSettings.defaults().withDtwExtension(true)));
        robot.clickOn("Alignment");
        robot.interact(() -> viewModel.alignment().showDtwProperty().set(true));
        flow.waitFor("the heatmap with its DTW path", () -> viewModel.alignment().ready()
                && viewModel.alignment().pictureProperty().get() != null
                && viewModel.alignment().pictureProperty().get().dtwPath() != null);
        HeatmapCanvas heatmap = robot.lookup("#" + AlignmentView.HEATMAP_ID).queryAs(HeatmapCanvas.class);
        HeatmapPicture p = viewModel.alignment().pictureProperty().get();
        int to = p.speechCount() / 3;
        assertTrue(p.path()[p.textCount() - 1] > to, "the last token's cell lies right of the zoomed window");
        robot.interact(() -> heatmap.setViewWindow(0, to));
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] shot = new WritableImage[1];
        Point2D[] corners = new Point2D[3];
        robot.interact(() -> {
            shot[0] = heatmap.snapshot(null, null);
            corners[0] = heatmap.cellCentre(0, 0);
            corners[1] = heatmap.cellCentre(1, 0);
            corners[2] = heatmap.cellCentre(0, p.textCount() - 1);
        });
        double cell = corners[1].getX() - corners[0].getX();
        double row = p.textCount() > 1 ? (corners[2].getY() - corners[0].getY()) / (p.textCount() - 1) : 20;
        double x1 = corners[0].getX() - cell / 2 + to * cell;
        double y0 = corners[0].getY() - row / 2;
        double y1 = corners[2].getY() + row / 2;
        PixelReader pixels = shot[0].getPixelReader();
        // between the matrix's right edge and the colour bar (10 px right of it) only the background
        for (int x = (int) Math.ceil(x1 + 2); x <= (int) Math.floor(x1 + 8); x++) {
            for (int y = (int) Math.ceil(y0 + 1); y < (int) y1 - 1; y++) {
                double g = pixels.getColor(x, y).getGreen();
                assertTrue(g > 0.9, "a path drawn at (" + x + ", " + y + ") right of the matrix (green " + g + ")");
            }
        }
    }

    @Test
    void theAudioStripsLieOnTheHeatmapsTimeAxisFollowItsZoomAndGoWhenToggledOff(FxRobot robot) {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the first result", () -> viewModel.run().resultProperty().get() != null);
        robot.clickOn("Alignment");
        flow.waitFor("the heatmap and its clip", () -> viewModel.alignment().ready()
                && viewModel.alignment().pictureProperty().get() != null
                && viewModel.alignment().stripAudioProperty().get() != null);
        HeatmapCanvas heatmap = robot.lookup("#" + AlignmentView.HEATMAP_ID).queryAs(HeatmapCanvas.class);
        HeatmapPicture p = viewModel.alignment().pictureProperty().get();
        assertTrue(p.hasTimes(), "the sample model's speech positions have times");
        float[] t = p.times();
        int n = p.speechCount();
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(heatmap.stripsDrawn(), "the strips are drawn above the heatmap");
        assertSameX(robot, heatmap, t, 0, n);
        double[] onTop = new double[1];
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> {
            Point2D first = heatmap.cellCentre(0, 0);
            Point2D next = heatmap.cellCentre(0, Math.min(1, p.textCount() - 1));
            onTop[0] = first.getY() - Math.max(1, next.getY() - first.getY()) / 2;
            shot[0] = heatmap.snapshot(null, null);
        });
        int x = (int) Math.round(heatmap.stripX((t[0] + t[n - 1]) / 2));
        int painted = 0;
        int rows = 0;
        for (int y = 12; y < onTop[0] - 8; y++, rows++) {
            Color c = shot[0].getPixelReader().getColor(x, y);
            painted += c.getRed() > 0.95 && c.getGreen() > 0.95 && c.getBlue() > 0.95 ? 0 : 1;
        }
        assertTrue(rows > 40 && painted > rows / 2, painted + " of " + rows + " pixels above the matrix painted at x " + x);

        robot.interact(() -> heatmap.setViewWindow(n / 4.0, n / 2.0));
        WaitForAsyncUtils.waitForFxEvents();
        assertSameX(robot, heatmap, t, n / 4, n / 2);
        int images = heatmap.stripImagesBuilt();
        int layer = viewModel.alignment().layerProperty().get();
        robot.interact(() -> viewModel.alignment().step(layer > 0 ? -1 : 1));
        flow.waitFor("the next layer's heatmap", () -> viewModel.alignment().ready()
                && viewModel.alignment().layerProperty().get() != layer);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(heatmap.stripsDrawn());
        assertEquals(images, heatmap.stripImagesBuilt(), "a layer change repaints the kept strip image");

        robot.clickOn("#" + AlignmentView.STRIPS_ID);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(viewModel.alignment().showStripsProperty().get());
        assertFalse(heatmap.stripsDrawn(), "toggled off, no strips");
        double[] offTop = new double[1];
        robot.interact(() -> {
            Point2D first = heatmap.cellCentre(0, 0);
            Point2D next = heatmap.cellCentre(0, Math.min(1, p.textCount() - 1));
            offTop[0] = first.getY() - Math.max(1, next.getY() - first.getY()) / 2;
        });
        assertTrue(offTop[0] < onTop[0] - 40, "the matrix takes the strips' room: top " + onTop[0] + " -> " + offTop[0]);
        robot.clickOn("#" + AlignmentView.STRIPS_ID);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(heatmap.stripsDrawn(), "toggled on again");
    }

    /** For speech times from position {@code from} to {@code to}, the strips' x equals the matrix's x. */
    private static void assertSameX(FxRobot robot, HeatmapCanvas heatmap, float[] t, int from, int to) {
        robot.interact(() -> {
            for (int k = 0; k <= 8; k++) {
                double seconds = t[from] + (t[to - 1] - t[from]) * k / 8.0;
                assertEquals(heatmap.heatmapX(seconds), heatmap.stripX(seconds), 1.0, "x of " + seconds + " s");
            }
        });
    }

    @Test
    void theRewriteLayerRangeFollowsTheLayersField(FxRobot robot) {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the first result", () -> viewModel.run().resultProperty().get() != null);
        robot.clickOn("Interventions");
        TextField layers = robot.lookup("#" + InterventionsView.LAYERS_ID).queryAs(TextField.class);
        RangeSlider range = robot.lookup("#" + InterventionsView.RANGE_ID).queryAs(RangeSlider.class);
        flow.waitFor("the range over the model's layers", () -> range.getMax() >= 3);
        robot.interact(() -> layers.setText("2"));
        assertEquals(2, Math.round(range.getLowValue()));
        assertEquals(2, Math.round(range.getHighValue()));
        robot.interact(() -> layers.setText("1-3"));
        assertEquals(1, Math.round(range.getLowValue()));
        assertEquals(3, Math.round(range.getHighValue()));
        assertEquals("1-3", layers.getText(), "the slider following the field does not rewrite it");
        robot.interact(() -> range.setLowValue(2));
        assertEquals("2-3", layers.getText(), "and dragging still writes the field");
    }

    @Test
    void theModelsAnswersShowUnderTheTranscript(FxRobot robot) {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the first result", () -> viewModel.run().resultProperty().get() != null);
        Label answers = robot.lookup("#" + AudioView.MODEL_ANSWERS_ID).queryAs(Label.class);
        flow.waitFor("the answers", () -> answers.getText().startsWith("Model's answers: typed “"));
        assertTrue(answers.isVisible());
        assertEquals(viewModel.audio().modelAnswersProperty().get(), answers.getText());
        assertTrue(answers.getText().endsWith("· gold five"), answers.getText());
    }
}
