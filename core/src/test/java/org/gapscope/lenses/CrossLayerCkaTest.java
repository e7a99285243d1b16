package org.gapscope.lenses;

import static org.gapscope.lenses.LensFixtures.assertMatrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ArrayHiddenStates;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.analysis.NpyHiddenStates;
import org.gapscope.analysis.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cross-layer CKA against numbers worked out by hand and against NumPy (float64, the d x d formula). */
class CrossLayerCkaTest {

    private static final Provenance P = new Provenance("m", "e", "cka", new LayerRange(1, 1), "test");

    @TempDir
    Path dir;

    /** [layer][row * d + k] from per-layer columns (d = 1), padded with {@code zeros} zero columns. */
    private static HiddenStates column(String name, int zeros, double[]... layers) {
        int n = layers[0].length;
        int d = 1 + zeros;
        float[][] out = new float[layers.length][n * d];
        for (int l = 0; l < layers.length; l++) {
            for (int i = 0; i < n; i++) {
                out[l][i * d] = (float) layers[l][i];
            }
        }
        return ArrayHiddenStates.wrap(name, n, d, out);
    }

    @Test
    void handWorkedColumnsThroughBothRoutes() {
        // layer 0: x = (1, 2, 3), y = (2, 4, 7): centred x = (-1, 0, 1), y = (-7, -1, 8)/3,
        //   x.y = 5, |x|^2 = 2, |y|^2 = 114/9, CKA = 25 / (2 * 114/9) = 75/76
        // text layer 1: y = (3, 1, 2), centred (1, -1, 0): x.y = -1, CKA(0, 1) = 1 / (2 * 2) = 1/4
        // speech layer 1 is constant: its centred Gram matrix is zero, so row 1 is undefined
        for (int zeros : new int[] {0, 3}) {
            HiddenStates x = column("x", zeros, new double[] {1, 2, 3}, new double[] {5, 5, 5});
            HiddenStates y = column("y", zeros, new double[] {2, 4, 7}, new double[] {3, 1, 2});
            CkaMatrix m = CrossLayerCka.compute(x, y, "given", P);
            assertEquals(zeros == 0 ? CrossLayerCka.GRAM_D : CrossLayerCka.GRAM_N, m.route());
            assertEquals(75.0 / 76, m.at(0, 0), 1e-6);
            assertEquals(0.25, m.at(0, 1), 1e-6);
            assertTrue(Double.isNaN(m.at(1, 0)) && Double.isNaN(m.at(1, 1)));
            assertEquals(OptionalInt.of(1), m.bandWidth(0));       // 0.25 < 0.9 * 75/76
            assertEquals(OptionalInt.empty(), m.bandWidth(1));
            assertTrue(Double.isNaN(m.diagonalMean(new LayerRange(1, 1))));
            assertEquals(75.0 / 76, m.diagonalMean(new LayerRange(0, 1)), 1e-6);
            assertEquals(3, m.pairs());
        }
    }

    @Test
    void twoPairsAlwaysGiveOneAndFewerAreUndefined() {
        // n = 2: both centred Gram matrices are multiples of [[1, -1], [-1, 1]], so CKA = 1
        CkaMatrix two = CrossLayerCka.compute(column("x", 2, new double[] {0, 7}, new double[] {1, -4}),
                column("y", 2, new double[] {3, 3.5}, new double[] {9, 1}), "given", P);
        for (double[] row : two.values()) {
            for (double v : row) {
                assertEquals(1.0, v, 1e-6);
            }
        }
        assertEquals(OptionalInt.of(2), two.bandWidth(0));
        CkaMatrix one = CrossLayerCka.compute(column("x", 2, new double[] {4}, new double[] {1}),
                column("y", 2, new double[] {2}, new double[] {5}), "given", P);
        for (double[] row : one.values()) {
            for (double v : row) {
                assertTrue(Double.isNaN(v));
            }
        }
        assertEquals(OptionalInt.empty(), one.bandWidth(0));
    }

    @Test
    void bandWidthCountsTheTextLayersWithinNinetyPercentOfTheRowMaximum() {
        CkaMatrix m = new CkaMatrix(P, "given", 5, 4, CrossLayerCka.GRAM_N, new double[][] {
            {1.0, 0.95, 0.5}, {0.8, 0.73, 0.71}, {Double.NaN, 0.3, 0.27}});
        assertEquals(OptionalInt.of(2), m.bandWidth(0));
        assertEquals(OptionalInt.of(2), m.bandWidth(1));   // 0.9 * 0.8 = 0.72: 0.73 reaches it, 0.71 does not
        assertEquals(OptionalInt.of(2), m.bandWidth(2));
        assertEquals(2.0, m.meanBandWidth(new LayerRange(1, 2)), 1e-12);
        assertEquals((0.73 + 0.27) / 2, m.diagonalMean(new LayerRange(1, 2)), 1e-12);
    }

    @Test
    void invariantToRotationScaleAndShiftAndTheRoutesAgree() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 12;
        int d = 7;
        float[][] x = LensFixtures.states(r, 2, n, d, 1.5);
        // y = 2.5 * x Q + t with Q a random rotation (Gram-Schmidt), so CKA(x_l, y_l) = 1
        double[][] q = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                q[a][b] = LensFixtures.gaussian(r);
            }
            for (int c = 0; c < a; c++) {
                double dot = 0;
                for (int b = 0; b < d; b++) {
                    dot += q[a][b] * q[c][b];
                }
                for (int b = 0; b < d; b++) {
                    q[a][b] -= dot * q[c][b];
                }
            }
            double norm = 0;
            for (int b = 0; b < d; b++) {
                norm += q[a][b] * q[a][b];
            }
            for (int b = 0; b < d; b++) {
                q[a][b] /= Math.sqrt(norm);
            }
        }
        float[][] y = new float[2][n * d];
        for (int l = 0; l < 2; l++) {
            for (int i = 0; i < n; i++) {
                for (int b = 0; b < d; b++) {
                    double s = 0;
                    for (int a = 0; a < d; a++) {
                        s += x[l][i * d + a] * q[a][b];
                    }
                    y[l][i * d + b] = (float) (2.5 * s + 3 + b);
                }
            }
        }
        CkaMatrix m = CrossLayerCka.compute(ArrayHiddenStates.wrap("x", n, d, x), ArrayHiddenStates.wrap("y", n, d, y),
                "given", P);
        assertEquals(CrossLayerCka.GRAM_D, m.route());
        assertEquals(1.0, m.at(0, 0), 1e-5);
        assertEquals(1.0, m.at(1, 1), 1e-5);
        assertTrue(m.at(0, 1) < 0.99, "different layers are not the same representation: " + m.at(0, 1));
        // the same rows padded with zero columns to d = 20 > n take the n x n route and give the same numbers
        CkaMatrix padded = CrossLayerCka.compute(pad(x, n, d, 20), pad(y, n, d, 20), "given", P);
        assertEquals(CrossLayerCka.GRAM_N, padded.route());
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                assertEquals(m.at(a, b), padded.at(a, b), 2e-6);
            }
        }
    }

    private static HiddenStates pad(float[][] rows, int n, int d, int wide) {
        float[][] out = new float[rows.length][n * wide];
        for (int l = 0; l < rows.length; l++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows[l], i * d, out[l], i * wide, d);
            }
        }
        return ArrayHiddenStates.wrap("padded", n, wide, out);
    }

    @Test
    void agreesWithNumpyThroughBothRoutesAndBothPairings() {
        SplittableRandom r = new SplittableRandom(11);
        int layers = 5;
        // n < d (n x n route) with proportional pairing; n >= d (d x d route) with word pairing
        check(r, layers, 37, 9, 16, false);
        check(r, layers, 41, 20, 8, true);
    }

    private void check(SplittableRandom r, int layers, int ts, int tt, int d, boolean words) {
        float[][] s = LensFixtures.states(r, layers, ts, d, 1.0);
        TokenPairing proportional = TokenPairing.proportional(ts, tt);
        float[][] t = LensFixtures.followingText(r, s, proportional, d, 1.5);
        Path sp = LensFixtures.npy(dir.resolve("s" + d + ".npy"), s, ts, d);
        Path tp = LensFixtures.npy(dir.resolve("t" + d + ".npy"), t, tt, d);
        JsonObject spec = new JsonObject();
        spec.addProperty("speech", sp.toString());
        spec.addProperty("text", tp.toString());
        TokenPairing pairing = proportional;
        if (words) {
            // three words over a 2.05 s clip, tokens 0..5 -> word 0, 6..13 -> word 1, 14.. -> word 2
            int[] tokenWords = new int[tt];
            for (int j = 0; j < tt; j++) {
                tokenWords[j] = j < 6 ? 0 : j < 14 ? 1 : 2;
            }
            JsonObject p = new JsonObject();
            JsonArray w = new JsonArray();
            double[][] spans = {{0.1, 0.62}, {0.6, 1.37}, {1.41, 2.0}};
            for (double[] span : spans) {
                JsonObject o = new JsonObject();
                o.addProperty("word", "w");
                o.addProperty("start", span[0]);
                o.addProperty("end", span[1]);
                w.add(o);
            }
            p.add("words", w);
            p.add("token_words", LensFixtures.ints(tokenWords));
            p.addProperty("duration", 2.05);
            spec.add("pairing", p);
            pairing = TokenPairing.referenceWords(org.gapscope.dataset.WordTimings.fromJson(w),
                    TokenWords.given(tokenWords, 3), SpeechPositionTimes.uniform(ts, 2.05));
        }
        JsonObject ref = LensFixtures.reference(dir, "cka", spec);
        JsonArray spans = ref.getAsJsonArray("spans");
        for (int j = 0; j < tt; j++) {
            assertEquals(spans.get(j).getAsJsonArray().get(0).getAsInt(), pairing.startOf(j), "start of token " + j);
            assertEquals(spans.get(j).getAsJsonArray().get(1).getAsInt(), pairing.endOf(j), "end of token " + j);
        }
        HiddenStates speech = LensFixtures.hidden("s", s, ts, d);
        HiddenStates text = LensFixtures.hidden("t", t, tt, d);
        CkaMatrix alone = ExampleCka.compute(speech, text, pairing, P);
        assertEquals(tt < d ? CrossLayerCka.GRAM_N : CrossLayerCka.GRAM_D, alone.route());
        assertMatrix("cka", ref.getAsJsonArray("cka"), alone.values(), 2e-5);
        // the same numbers riding along an analysis pass
        try (ExampleCka along = new ExampleCka(pairing, layers, d)) {
            ExampleAnalyzer.analyze(speech, text, AnalysisSettings.defaults(), "m", "e", along);
            assertMatrix("cka (analysis pass)", ref.getAsJsonArray("cka"), along.finish(P).values(), 2e-5);
        }
        // and given the files (small ones are read into the heap: the copies are used)
        NpyHiddenStates readSpeech = NpyHiddenStates.read(sp);
        NpyHiddenStates readText = NpyHiddenStates.read(tp);
        try (ExampleCka fromFiles = new ExampleCka(pairing, layers, d, readSpeech, readText)) {
            ExampleAnalyzer.analyze(readSpeech, readText, AnalysisSettings.defaults(), "m", "e", fromFiles);
            assertMatrix("cka (from the files)", ref.getAsJsonArray("cka"), fromFiles.finish(P).values(), 2e-5);
        }
        JsonArray bands = ref.getAsJsonArray("band_width");
        for (int a = 0; a < layers; a++) {
            assertEquals(bands.get(a).getAsInt(), alone.bandWidth(a).getAsInt(), "band width of layer " + a);
        }
        assertEquals(ref.get("diagonal_mean").getAsDouble(), alone.diagonalMean(new LayerRange(1, layers - 1)), 2e-5);
    }

    @Test
    void memoryMappedFilesAreReadInPlaceWithTheSameNumbers() {
        // 3 x 800 / 700 x 1024 float32 states (9.8 and 8.6 MB, above Npy's mapping threshold), n < d
        SplittableRandom r = new SplittableRandom(5);
        int layers = 3;
        int ts = 800;
        int tt = 700;
        int d = 1024;
        float[][] s = LensFixtures.states(r, layers, ts, d, 1.0);
        TokenPairing pairing = TokenPairing.proportional(ts, tt);
        float[][] t = LensFixtures.followingText(r, s, pairing, d, 1.5);
        for (float[] layer : t) {
            for (int i = 0; i < layer.length; i += d) {
                layer[i] += 300f;                          // one anisotropic column with a large mean
            }
        }
        NpyHiddenStates mappedSpeech = NpyHiddenStates.read(LensFixtures.npy(dir.resolve("big-s.npy"), s, ts, d));
        NpyHiddenStates mappedText = NpyHiddenStates.read(LensFixtures.npy(dir.resolve("big-t.npy"), t, tt, d));
        CkaMatrix heap = ExampleCka.compute(LensFixtures.hidden("s", s, ts, d), LensFixtures.hidden("t", t, tt, d),
                pairing, P);
        try (ExampleCka mapped = new ExampleCka(pairing, layers, d, mappedSpeech, mappedText)) {
            assertTrue(mapped.readsInPlace(), "memory-mapped float32 files are read in place");
            ExampleAnalyzer.analyze(mappedSpeech, mappedText, AnalysisSettings.defaults(), "m", "e", mapped);
            double[][] inPlace = mapped.finish(P).values();
            for (int a = 0; a < layers; a++) {
                for (int b = 0; b < layers; b++) {
                    assertEquals(heap.at(a, b), inPlace[a][b], 1e-5, "cka(" + a + ", " + b + ")");
                    assertTrue(inPlace[a][b] > 0.05, "a real value, not a degenerate zero: " + inPlace[a][b]);
                }
            }
        }
    }

    @Test
    void undefinedEntriesAgreeWithNumpy() {
        SplittableRandom r = new SplittableRandom(29);
        int layers = 4;
        int ts = 19;
        int d = 6;
        for (int tt : new int[] {5, 1}) {
            float[][] s = LensFixtures.states(r, layers, ts, d, 0.5);
            float[][] t = LensFixtures.followingText(r, s, TokenPairing.proportional(ts, tt), d, 0.5);
            java.util.Arrays.fill(s[2], 1.25f);            // a constant speech layer: its row is undefined
            for (int j = 0; j < tt; j++) {                 // a text layer whose tokens are all alike: its column
                System.arraycopy(t[1], 0, t[1], j * d, d);
            }
            JsonObject spec = new JsonObject();
            spec.addProperty("speech", LensFixtures.npy(dir.resolve("us" + tt + ".npy"), s, ts, d).toString());
            spec.addProperty("text", LensFixtures.npy(dir.resolve("ut" + tt + ".npy"), t, tt, d).toString());
            JsonObject ref = LensFixtures.reference(dir, "cka", spec);
            CkaMatrix m = ExampleCka.compute(LensFixtures.hidden("s", s, ts, d), LensFixtures.hidden("t", t, tt, d),
                    TokenPairing.proportional(ts, tt), P);
            assertMatrix("cka, T_t = " + tt, ref.getAsJsonArray("cka"), m.values(), 2e-5);
            for (int a = 0; a < layers; a++) {
                JsonArray bands = ref.getAsJsonArray("band_width");
                assertEquals(bands.get(a).isJsonNull(), m.bandWidth(a).isEmpty(), "band width " + a + " defined");
                if (!bands.get(a).isJsonNull()) {
                    assertEquals(bands.get(a).getAsInt(), m.bandWidth(a).getAsInt());
                }
            }
            assertTrue(Double.isNaN(m.at(2, 0)) && Double.isNaN(m.at(0, 1)));
        }
    }

    @Test
    void datasetMatrixAndItsMismatchedControlAgreeWithNumpy() {
        SplittableRandom r = new SplittableRandom(5);
        int layers = 4;
        int d = 12;
        int[][] shapes = {{23, 4}, {17, 6}, {30, 3}, {12, 5}};
        List<HiddenStates> speech = new java.util.ArrayList<>();
        List<HiddenStates> text = new java.util.ArrayList<>();
        JsonArray sp = new JsonArray();
        JsonArray tp = new JsonArray();
        for (int i = 0; i < shapes.length; i++) {
            float[][] s = LensFixtures.states(r, layers, shapes[i][0], d, 0.8);
            float[][] t = LensFixtures.followingText(r, s, TokenPairing.proportional(shapes[i][0], shapes[i][1]), d, 1.0);
            speech.add(LensFixtures.hidden("s" + i, s, shapes[i][0], d));
            text.add(LensFixtures.hidden("t" + i, t, shapes[i][1], d));
            sp.add(LensFixtures.npy(dir.resolve("ds" + i + ".npy"), s, shapes[i][0], d).toString());
            tp.add(LensFixtures.npy(dir.resolve("dt" + i + ".npy"), t, shapes[i][1], d).toString());
        }
        DatasetCka cka = DatasetCka.compute("m", "set", shapes.length, speech::get, text::get,
                i -> TokenPairing.proportional(shapes[i][0], shapes[i][1]), new LayerRange(1, layers - 1), 7L);
        JsonObject spec = new JsonObject();
        spec.add("speech", sp);
        spec.add("text", tp);
        spec.add("derangement", LensFixtures.ints(cka.derangement()));
        JsonObject ref = LensFixtures.reference(dir, "dataset_cka", spec);
        assertEquals(18, cka.matched().pairs());
        assertEquals(CrossLayerCka.GRAM_D, cka.matched().route());
        assertMatrix("matched", ref.getAsJsonArray("matched"), cka.matched().values(), 2e-5);
        assertMatrix("mismatched", ref.getAsJsonArray("mismatched"), cka.mismatched().values(), 2e-5);
        assertEquals("proportional", cka.matched().pairing());
        assertEquals(MismatchedPairControl.LABEL, cka.control());
        int[] sigma = cka.derangement();
        for (int i = 0; i < sigma.length; i++) {
            assertFalse(sigma[i] == i, "a derangement has no fixed point");
        }
        double[][] diff = cka.difference();
        assertEquals(cka.matched().at(2, 2) - cka.mismatched().at(2, 2), diff[2][2], 1e-12);
        assertTrue(cka.matched().diagonalMean(new LayerRange(1, 3)) > cka.mismatched().diagonalMean(new LayerRange(1, 3)),
                "text that follows its own speech aligns better than text of another example");
    }
}
