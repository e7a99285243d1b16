package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Score;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.CompositionRoot;
import org.gapscope.app.alignment.HeatmapPicture;
import org.gapscope.app.dataset.DatasetViewModel;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.examples.ExampleRow;
import org.gapscope.app.model.SyntheticModel;
import org.gapscope.app.model.SyntheticSet;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.dataset.Example;
import org.gapscope.engine.ControlPairs;
import org.gapscope.engine.ExampleRun;
import org.gapscope.figure.LayerCurvesData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, item 5: what the layer curves, the heatmap and the dataset view are given to draw equals
 * METHOD.md's numbers computed here from the captures themselves (mean-pooled cosine and distance per
 * layer, the cosine matrix and its argmax path, APS and S over the averaged layers), for the example,
 * its mismatched-pair control and the set. The on-screen charts are checked against this data in
 * {@code DrawnOnScreenTest}.
 */
class DrawnValuesTest {

    private static final double EPS = 1e-5;

    @TempDir
    Path dir;

    private MainViewModel main;

    @BeforeEach
    void setUp() {
        SyntheticSet set = SyntheticSet.write(dir.resolve("set"), 5);
        main = CompositionRoot.of("test", BackgroundExecutor.synchronous(), new Locations(null, dir.resolve("user")),
                TestAudio.noDevices(), set.opener()).mainViewModel();
        main.examples().load(set.file());
        main.model().open(dir.resolve("synthetic-a"));
    }

    /** Layer {@code l} of {@code states} as rows. */
    private static float[][] rows(HiddenStates states, int l) {
        float[] flat = new float[states.tokenCount() * states.hiddenSize()];
        states.copyLayer(l, flat);
        float[][] out = new float[states.tokenCount()][states.hiddenSize()];
        for (int t = 0; t < out.length; t++) {
            System.arraycopy(flat, t * states.hiddenSize(), out[t], 0, states.hiddenSize());
        }
        return out;
    }

    private static double[] mean(float[][] rows) {
        double[] m = new double[rows[0].length];
        for (float[] r : rows) {
            for (int d = 0; d < m.length; d++) {
                m[d] += r[d] / (double) rows.length;
            }
        }
        return m;
    }

    private static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int d = 0; d < a.length; d++) {
            ab += a[d] * b[d];
            aa += a[d] * a[d];
            bb += b[d] * b[d];
        }
        return ab / Math.sqrt(aa * bb);
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += (a[d] - b[d]) * (a[d] - b[d]);
        }
        return Math.sqrt(s);
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            d[k] = v[k];
        }
        return d;
    }

    /** {pooled cosine per layer, pooled distance per layer} of this speech against this text. */
    private static double[][] pooled(HiddenStates speech, HiddenStates text) {
        int layers = speech.layerCount();
        double[][] out = new double[2][layers];
        for (int l = 0; l < layers; l++) {
            double[] s = mean(rows(speech, l));
            double[] t = mean(rows(text, l));
            out[0][l] = cosine(s, t);
            out[1][l] = distance(s, t);
        }
        return out;
    }

    private static LayerCurvesData.Series series(LayerCurvesData data, LayerCurvesData.Kind kind, String group) {
        return data.series().stream().filter(s -> s.kind() == kind && group.equals(s.colorGroup())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " series of " + group + " in " + data.series()));
    }

    /** The runs of every example, each shown in turn (as a user stepping through the list). */
    private Map<String, ExampleRun> runAll() {
        Map<String, ExampleRun> runs = new LinkedHashMap<>();
        for (ExampleRow row : List.copyOf(main.examples().allRows())) {
            main.examples().selectedProperty().set(row);
            runs.put(row.example().id(), main.run().resultProperty().get());
        }
        main.examples().selectedProperty().set(main.examples().allRows().get(0));
        return runs;
    }

    @Test
    void theLayerCurvesDrawTheExamplesPooledCosineAndDistanceAndItsControlsAndTheSetMean() {
        Map<String, ExampleRun> runs = runAll();
        ExampleRun r = main.run().resultProperty().get();
        assertNotNull(r);
        assertEquals(r.analysis().speechTokens(), r.speech().states().tokenCount(), "the speech span is the capture");
        double[][] mine = pooled(r.speech().states(), r.text().states());
        LayerCurvesData drawn = main.curves().curvesProperty().get();
        LayerCurvesData.Series example = series(drawn, LayerCurvesData.Kind.SERIES, "example");
        assertArrayEquals(mine[0], example.cosine(), EPS, "cosine per layer");
        assertArrayEquals(mine[1], example.euclidean(), EPS, "distance per layer");

        // the control of every example: its speech against the text of its partner under the control's
        // derangement (seed 0)
        List<Example> all = main.examples().allRows().stream().map(ExampleRow::example).toList();
        for (ExampleRow row : List.copyOf(main.examples().allRows())) {
            main.examples().selectedProperty().set(row);
            ExampleRun shown = main.run().resultProperty().get();
            Example partner = ControlPairs.partner(all, shown.example(), 0);
            double[][] control = pooled(shown.speech().states(), runs.get(partner.id()).text().states());
            LayerCurvesData.Series drawnControl = series(main.curves().curvesProperty().get(),
                    LayerCurvesData.Kind.CONTROL, "example");
            assertArrayEquals(control[0], drawnControl.cosine(), EPS, shown.example().id() + "'s control cosine against "
                    + partner.id());
            assertArrayEquals(control[1], drawnControl.euclidean(), EPS);
        }
        main.examples().selectedProperty().set(main.examples().allRows().get(0));

        // the set: the band is the mean ± 1 sd (n - 1) of every example's own curve
        main.dataset().runSet();
        LayerCurvesData.Series band = series(main.curves().curvesProperty().get(), LayerCurvesData.Kind.MEAN, "dataset");
        int layers = r.layerCount();
        double[] mean = new double[layers];
        double[] sd = new double[layers];
        for (int l = 0; l < layers; l++) {
            int layer = l;
            double[] v = runs.values().stream().mapToDouble(x -> pooled(x.speech().states(), x.text().states())[0][layer])
                    .toArray();
            double m = java.util.Arrays.stream(v).average().orElseThrow();
            mean[l] = m;
            sd[l] = Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
        }
        assertArrayEquals(mean, band.cosine(), EPS, "the band's mean");
        assertArrayEquals(sd, band.cosineSd(), EPS, "the band's sd");
    }

    @Test
    void theHeatmapDrawsTheCosineMatrixItsArgmaxPathAndTheDistancesArgminPath() {
        ExampleRun r = main.run().resultProperty().get();
        for (SimilarityMetric m : SimilarityMetric.values()) {
            main.alignment().metricProperty().set(m);
            for (int l = 0; l <= SyntheticModel.L; l++) {
                main.alignment().layerProperty().set(l);
                HeatmapPicture p = main.alignment().pictureProperty().get();
                float[][] s = rows(r.speech().states(), l);
                float[][] t = rows(r.text().states(), l);
                assertEquals(s.length, p.speechCount());
                assertEquals(t.length, p.textCount());
                int[] path = new int[t.length];
                for (int j = 0; j < t.length; j++) {
                    double best = Double.NaN;
                    for (int i = 0; i < s.length; i++) {
                        double v = m == SimilarityMetric.COSINE ? cosine(toDouble(s[i]), toDouble(t[j]))
                                : distance(toDouble(s[i]), toDouble(t[j]));
                        assertEquals(v, p.at(i, j), 1e-4 * Math.max(1, Math.abs(v)), m + " layer " + l + " cell " + i + "," + j);
                        boolean better = Double.isNaN(best) || (m == SimilarityMetric.COSINE ? v > best : v < best);
                        if (better) {
                            best = v;
                            path[j] = i;
                        }
                    }
                }
                assertArrayEquals(path, p.path(), m + " path at layer " + l);
            }
        }
    }

    @Test
    void theDatasetViewDrawsEachExamplesApsAndTheScoreTableTheSetsMeans() {
        Map<String, ExampleRun> runs = runAll();
        main.dataset().runSet();
        main.dataset().xScoreProperty().set(Score.APS_COSINE);
        main.dataset().yScoreProperty().set(Score.COSINE);
        double apsSum = 0;
        for (DatasetViewModel.ScatterPoint point : main.dataset().points()) {
            ExampleRun r = runs.get(point.id());
            LayerRange averaged = r.analysis().averagedLayers();
            double aps = 0;
            double pooledCosine = 0;
            int n = 0;
            for (int l = averaged.first(); l <= averaged.last(); l++) {
                float[][] s = rows(r.speech().states(), l);
                float[][] t = rows(r.text().states(), l);
                double layerAps = 0;
                for (int j = 0; j < t.length; j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    for (float[] row : s) {
                        best = Math.max(best, cosine(toDouble(row), toDouble(t[j])));
                    }
                    layerAps += best / t.length;
                }
                aps += layerAps;
                pooledCosine += cosine(mean(s), mean(t));
                n++;
            }
            assertEquals(aps / n, point.x(), EPS, "APS of " + point.id());
            assertEquals(pooledCosine / n, point.y(), EPS, "S (cosine) of " + point.id());
            assertEquals(r.speechCorrect(), point.speechCorrect());
            apsSum += aps / n;
        }
        assertEquals(5, main.dataset().points().size());
        DatasetViewModel.ScoreRow apsRow = main.dataset().table().stream()
                .filter(row -> row.score().equals(Score.APS_COSINE.key())).findFirst().orElseThrow();
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", apsSum / 5), apsRow.matched(), "the table's matched APS");
    }
}
