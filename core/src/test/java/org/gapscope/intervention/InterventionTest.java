package org.gapscope.intervention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AlignmentPath;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.SimilarityMetric;
import org.junit.jupiter.api.Test;

/** Critical-token selection, angle projection, length normalization and plans for the runtime hook. */
class InterventionTest {

    @Test
    void angleProjectionKeepsTheSpeechNormAndTakesTheTextDirection() {
        assertArrayEquals(new float[] {0, 5}, AngleProjection.INSTANCE.rewrite(new float[] {3, 4}, new float[] {0, 2}),
                1e-6f);
        SplittableRandom r = new SplittableRandom(1);
        float[] s = random(r, 64);
        float[] t = random(r, 64);
        float[] out = AngleProjection.INSTANCE.rewrite(s, t);
        assertEquals(norm(s), norm(out), 1e-5 * norm(s));
        assertEquals(1.0, dot(out, t) / (norm(out) * norm(t)), 1e-6);
    }

    @Test
    void lengthNormalizationKeepsTheSpeechDirectionAndTakesTheTextNorm() {
        assertArrayEquals(new float[] {1.2f, 1.6f},
                LengthNormalization.INSTANCE.rewrite(new float[] {3, 4}, new float[] {0, 2}), 1e-6f);
        SplittableRandom r = new SplittableRandom(2);
        float[] s = random(r, 64);
        float[] t = random(r, 64);
        float[] out = LengthNormalization.INSTANCE.rewrite(s, t);
        assertEquals(norm(t), norm(out), 1e-5 * norm(t));
        assertEquals(1.0, dot(out, s) / (norm(out) * norm(s)), 1e-6);
    }

    @Test
    void undefinedRewritesAreRefused() {
        GapScopeException e = assertThrows(GapScopeException.class,
                () -> AngleProjection.INSTANCE.rewrite(new float[] {1, 2}, new float[] {0, 0}));
        assertTrue(e.getMessage().contains("text hidden state is a zero vector"), e.getMessage());
        e = assertThrows(GapScopeException.class,
                () -> LengthNormalization.INSTANCE.rewrite(new float[] {0, 0}, new float[] {1, 2}));
        assertTrue(e.getMessage().contains("speech hidden state is a zero vector"), e.getMessage());
        e = assertThrows(GapScopeException.class,
                () -> AngleProjection.INSTANCE.rewrite(new float[] {1, Float.NaN}, new float[] {1, 2}));
        assertTrue(e.getMessage().contains("non-finite value NaN at component 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AngleProjection.INSTANCE.rewrite(new float[] {1, 2, 3}, new float[] {1, 2}));
        float[][] two = AngleProjection.INSTANCE.rewrite(new float[][] {{3, 4}, {1, 0}}, new float[][] {{0, 2}, {0, 1}});
        assertArrayEquals(new float[] {0, 1}, two[1], 1e-6f);
    }

    @Test
    void bottomKTakesTheWorstTokensAndSharedPositionsGoToTheBestSelectedToken() {
        AlignmentPath cos = new AlignmentPath(4, SimilarityMetric.COSINE, new int[] {4, 1, 1, 3, 0},
                new double[] {0.9, 0.2, 0.5, 0.2, 0.7});
        CriticalTokens b3 = CriticalTokens.select(cos, CriticalTokenSelection.bottomK(3));
        assertArrayEquals(new int[] {1, 3, 2}, b3.selectedTokens(), "ties keep the lower token first");
        assertArrayEquals(new int[] {1, 3}, b3.speechPositions());
        assertArrayEquals(new int[] {2, 3}, b3.sourceTokens(), "position 1: token 2 (0.5) beats token 1 (0.2)");
        assertEquals(4, b3.layer());

        CriticalTokens all = CriticalTokens.select(cos, CriticalTokenSelection.allTokens());
        assertArrayEquals(new int[] {0, 1, 3, 4}, all.speechPositions());
        assertArrayEquals(new int[] {4, 2, 3, 0}, all.sourceTokens());

        AlignmentPath euc = new AlignmentPath(0, SimilarityMetric.EUCLIDEAN, new int[] {0, 5, 9},
                new double[] {1.0, 3.0, 2.0});
        CriticalTokens b2 = CriticalTokens.select(euc, CriticalTokenSelection.bottomK(2));
        assertArrayEquals(new int[] {1, 2}, b2.selectedTokens(), "largest distances first");
        assertArrayEquals(new int[] {5, 9}, b2.speechPositions());
        assertEquals(3, CriticalTokens.select(euc, CriticalTokenSelection.bottomK(10)).selectedTokens().length);
        assertEquals("Bottom3", CriticalTokenSelection.defaults().label());
    }

    @Test
    void pickedTokensAreExactlyThoseGivenWithTheSharedPositionRule() {
        AlignmentPath cos = new AlignmentPath(2, SimilarityMetric.COSINE, new int[] {4, 1, 1, 3, 0},
                new double[] {0.9, 0.2, 0.5, 0.2, 0.7});
        CriticalTokens picked = CriticalTokens.picked(cos, new int[] {4, 1, 2, 1});
        assertArrayEquals(new int[] {1, 2, 4}, picked.selectedTokens(), "sorted, duplicates dropped");
        assertArrayEquals(new int[] {0, 1}, picked.speechPositions());
        assertArrayEquals(new int[] {4, 2}, picked.sourceTokens(), "position 1: token 2 (0.5) beats token 1 (0.2)");
        assertEquals(2, picked.layer());
        assertArrayEquals(new int[] {4}, CriticalTokens.picked(cos, new int[] {0}).speechPositions());
        assertThrows(IllegalArgumentException.class, () -> CriticalTokens.picked(cos, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> CriticalTokens.picked(cos, new int[] {5}));
    }

    @Test
    void aPlanOnPickedTokensRewritesTheirPathPositionsAtEveryRewriteLayer() {
        HiddenStates speech = HiddenStates.of("s", new float[][][] {
            {v(1, 0), v(0.9f, 0.5f), v(0, 1), v(-1, 0.2f)},
            {v(1, 0), v(0.7f, 0.7f), v(0, 1), v(-1, 0.1f)}});
        HiddenStates text = HiddenStates.of("t", new float[][][] {
            {v(2, 0), v(0, 3), v(-0.5f, -1)},
            {v(1, 1), v(0, 2), v(-2, 0)}});
        ExampleAnalysis analysis = ExampleAnalyzer.analyze(speech, text, AnalysisSettings.defaults(), "", "");
        InterventionSettings settings = InterventionSettings.defaults(RewriteKind.LENGTH_NORMALIZATION)
                .withRewriteLayers(0, 1).withSelectionLayer(1);
        InterventionPlan plan = InterventionPlan.ofTokens(analysis, text, settings, new int[] {2});
        AlignmentPath path1 = analysis.path(SimilarityMetric.COSINE, 1);
        for (int layer : new int[] {0, 1}) {
            InterventionPlan.LayerRewrite r = plan.at(layer).orElseThrow();
            assertArrayEquals(new int[] {2}, r.tokens().selectedTokens());
            assertArrayEquals(new int[] {path1.speechIndexOf(2)}, r.speechPositions(), "the selecting layer's path cell");
            assertArrayEquals(new float[] {text.layer(layer)[4], text.layer(layer)[5]}, r.textVectors()[0], 0f);
        }
        GapScopeException e = assertThrows(GapScopeException.class,
                () -> InterventionPlan.ofTokens(analysis, text, settings, new int[] {3}));
        assertTrue(e.getMessage().contains("token 3 is not in the text"), e.getMessage());
        assertThrows(GapScopeException.class, () -> InterventionPlan.ofTokens(analysis, text, settings, new int[0]));
    }

    private static float[] v(float... x) {
        return x;
    }

    @Test
    void aPlanTellsTheHookWhichPositionsTakeWhichTextVectorAtWhichLayer() {
        HiddenStates speech = HiddenStates.of("s", new float[][][] {
            {v(1, 0), v(0.9f, 0.5f), v(0, 1), v(-1, 0.2f)},
            {v(1, 0), v(0.7f, 0.7f), v(0, 1), v(-1, 0.1f)}});
        HiddenStates text = HiddenStates.of("t", new float[][][] {
            {v(2, 0), v(0, 3), v(-0.5f, -1)},
            {v(1, 1), v(0, 2), v(-2, 0)}});
        ExampleAnalysis analysis = ExampleAnalyzer.analyze(speech, text, AnalysisSettings.defaults(), "", "");
        InterventionSettings settings = InterventionSettings.defaults(RewriteKind.ANGLE_PROJECTION)
                .withSelection(CriticalTokenSelection.bottomK(1));
        InterventionPlan plan = InterventionPlan.of(analysis, text, settings);
        AlignmentPath path0 = analysis.path(SimilarityMetric.COSINE, 0);
        int worst = 0;
        for (int j = 1; j < 3; j++) {
            worst = path0.valueOf(j) < path0.valueOf(worst) ? j : worst;
        }
        InterventionPlan.LayerRewrite r0 = plan.at(0).orElseThrow();
        assertArrayEquals(new int[] {path0.speechIndexOf(worst)}, r0.speechPositions());
        assertArrayEquals(text.layer(0), concat(text.layer(0), worst, r0.textVectors()[0]), 0f);
        assertTrue(plan.at(1).isEmpty());

        float[] span = speech.layer(0);
        float[] before = span.clone();
        plan.applyInPlace(0, span, 2);
        int p = r0.speechPositions()[0];
        float[] expected = AngleProjection.INSTANCE.rewrite(new float[] {before[2 * p], before[2 * p + 1]},
                r0.textVectors()[0]);
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 2; k++) {
                assertEquals(i == p ? expected[k] : before[2 * i + k], span[2 * i + k], 0f);
            }
        }
        float[] untouched = speech.layer(1);
        plan.applyInPlace(1, untouched, 2);
        assertArrayEquals(speech.layer(1), untouched, 0f);
        assertArrayEquals(expected, plan.rewrite(0, new float[][] {{before[2 * p], before[2 * p + 1]}})[0], 0f);

        InterventionPlan deep = InterventionPlan.of(analysis, text, settings.withRewriteLayers(0, 1)
                .withSelectionLayer(1).withPathMetric(SimilarityMetric.EUCLIDEAN));
        assertEquals(2, deep.rewrites().size());
        assertEquals(1, deep.at(0).orElseThrow().tokens().layer(), "both layers use the layer-1 path");
        assertEquals(SimilarityMetric.EUCLIDEAN, deep.at(1).orElseThrow().tokens().metric());

        GapScopeException e = assertThrows(GapScopeException.class,
                () -> InterventionPlan.of(analysis, text, settings.withRewriteLayers(2)));
        assertTrue(e.getMessage().contains("layer 2 does not exist"), e.getMessage());
    }

    /** Puts {@code row} in place of token {@code j} of a [T, 2] layer, so equality proves row == layer[j]. */
    private static float[] concat(float[] layer, int j, float[] row) {
        float[] out = layer.clone();
        System.arraycopy(row, 0, out, 2 * j, 2);
        return out;
    }

    private static float[] random(SplittableRandom r, int d) {
        float[] x = new float[d];
        for (int k = 0; k < d; k++) {
            x[k] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static double norm(float[] x) {
        return Math.sqrt(dot(x, x));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (double) a[k] * b[k];
        }
        return s;
    }
}
