package org.gapscope.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;

/** Every metric of one example on arrays small enough to compute by hand. */
class ExampleAnalyzerByHandTest {

    private static final double EPS = 1e-12;

    private static float[] v(float... x) {
        return x;
    }

    /**
     * Layer 0: speech (0,1) (1,1) (1,0), text (1,0) (0,1): both paths [2, 0] (reversed).
     * Layer 1: speech (1,0) (1,0) (0,1), text (2,0) (0,3): both paths [0, 2] (a tie at token 0).
     */
    private static ExampleAnalysis twoLayerExample(AnalysisSettings settings) {
        HiddenStates speech = HiddenStates.of("speech", new float[][][] {
            {v(0, 1), v(1, 1), v(1, 0)},
            {v(1, 0), v(1, 0), v(0, 1)}});
        HiddenStates text = HiddenStates.of("text", new float[][][] {
            {v(1, 0), v(0, 1)},
            {v(2, 0), v(0, 3)}});
        return ExampleAnalyzer.analyze(speech, text, settings, "toy", "ex1");
    }

    @Test
    void layerCurvesAreCosineAndDistanceOfTheMeanPooledStates() {
        ExampleAnalysis a = twoLayerExample(AnalysisSettings.defaults());
        // layer 1: mean speech (2/3, 1/3), mean text (1, 3/2)
        double cos1 = (2.0 / 3 + 0.5) / (Math.sqrt(5.0 / 9) * Math.sqrt(13.0 / 4));
        double euc1 = Math.sqrt(1.0 / 9 + 49.0 / 36);
        // layer 0: mean speech (2/3, 2/3), mean text (1/2, 1/2): same direction
        double euc0 = Math.sqrt(2 * (1.0 / 6) * (1.0 / 6));
        assertEquals(1.0, a.layerCurves().cosine()[0], EPS);
        assertEquals(cos1, a.layerCurves().cosine()[1], EPS);
        assertEquals(euc0, a.layerCurves().euclidean()[0], EPS);
        assertEquals(euc1, a.layerCurves().euclidean()[1], EPS);
        // S averages layers 1..L only by default (here L = 1)
        assertEquals(cos1, a.layerCurves().meanCosine(), EPS);
        assertEquals(euc1, a.score(Score.EUCLIDEAN), EPS);
        assertEquals(new LayerRange(1, 1), a.averagedLayers());
    }

    @Test
    void pathsTakeTheBestPositionPerTokenWithTiesToTheLowestIndex() {
        ExampleAnalysis a = twoLayerExample(AnalysisSettings.defaults());
        assertArrayEquals(new int[] {2, 0}, a.path(SimilarityMetric.COSINE, 0).speechIndex());
        assertArrayEquals(new int[] {2, 0}, a.path(SimilarityMetric.EUCLIDEAN, 0).speechIndex());
        // token 0 = (2,0) ties between positions 0 and 1 (both (1,0)) under both metrics
        assertArrayEquals(new int[] {0, 2}, a.path(SimilarityMetric.COSINE, 1).speechIndex());
        assertArrayEquals(new int[] {0, 2}, a.path(SimilarityMetric.EUCLIDEAN, 1).speechIndex());
        assertArrayEquals(new double[] {1, 1}, a.path(SimilarityMetric.COSINE, 1).value(), EPS);
        // distances: |(2,0)-(1,0)| = 1, |(0,3)-(0,1)| = 2
        assertArrayEquals(new double[] {1, 2}, a.path(SimilarityMetric.EUCLIDEAN, 1).value(), EPS);
    }

    @Test
    void apsMonotonicityAndConsistencyPerLayerAndAveraged() {
        ExampleAnalysis a = twoLayerExample(AnalysisSettings.defaults());
        assertEquals(1.0, a.apsCosine().at(0), EPS);
        assertEquals(0.0, a.apsEuclidean().at(0), EPS);
        assertEquals(1.0, a.apsCosine().at(1), EPS);
        assertEquals(1.5, a.apsEuclidean().at(1), EPS);
        assertEquals(-1.0, a.monotonicityCosine().at(0).getAsDouble(), EPS);
        assertEquals(1.0, a.monotonicityCosine().at(1).getAsDouble(), EPS);
        assertEquals(1.0, a.consistency().at(0), EPS);
        assertEquals(1.5, a.score(Score.APS_EUCLIDEAN), EPS);
        assertEquals(1.0, a.score(Score.MONOTONICITY_COSINE), EPS);

        ExampleAnalysis with0 = twoLayerExample(AnalysisSettings.defaults().withIncludeLayer0(true));
        assertEquals(new LayerRange(0, 1), with0.averagedLayers());
        assertEquals(0.0, with0.score(Score.MONOTONICITY_COSINE), EPS);
        assertEquals(0.75, with0.score(Score.APS_EUCLIDEAN), EPS);
        assertEquals(1.0, with0.layerCurves().meanCosine() * 2 - a.layerCurves().cosine()[1], EPS);
    }

    @Test
    void cosineAndEuclideanPathsCanDisagree() {
        // (2,0) points exactly along (0.5,0) but lies far; (0.5,0.1) is near but slightly off-direction
        HiddenStates speech = HiddenStates.of("s", new float[][][] {{v(2, 0), v(0.5f, 0.1f)}, {v(2, 0), v(0.5f, 0.1f)}});
        HiddenStates text = HiddenStates.of("t", new float[][][] {{v(0.5f, 0)}, {v(0.5f, 0)}});
        ExampleAnalysis a = ExampleAnalyzer.analyze(speech, text, AnalysisSettings.defaults(), "", "");
        assertEquals(0, a.path(SimilarityMetric.COSINE, 1).speechIndexOf(0));
        assertEquals(1, a.path(SimilarityMetric.EUCLIDEAN, 1).speechIndexOf(0));
        assertEquals(0.0, a.consistency().at(1), EPS);
        assertEquals(0.1f, a.path(SimilarityMetric.EUCLIDEAN, 1).valueOf(0), 1e-7);
    }

    @Test
    void spearmanUsesAverageRanksAndIsUndefinedForConstantOrSingleTokenPaths() {
        assertEquals(1.0, Monotonicity.spearman(new int[] {0, 1, 5}), EPS);
        assertEquals(-0.5, Monotonicity.spearman(new int[] {3, 1, 2}), EPS);
        // ties: ranks (1.5, 1.5, 3) against (1, 2, 3): 1.5 / sqrt(2 * 1.5)
        assertEquals(Math.sqrt(3) / 2, Monotonicity.spearman(new int[] {0, 0, 1}), EPS);
        assertArrayEquals(new double[] {2.5, 1, 2.5, 4}, Monotonicity.averageRanks(new int[] {7, 2, 7, 9}), EPS);
        assertTrue(Double.isNaN(Monotonicity.spearman(new int[] {4, 4, 4})));
        assertTrue(Double.isNaN(Monotonicity.spearman(new int[] {4})));
    }

    @Test
    void undefinedMonotonicityIsLeftOutOfTheAverageAndAllUndefinedGivesNone() {
        // one text token: Spearman undefined at every layer
        HiddenStates speech = HiddenStates.of("s", new float[][][] {{v(1, 0), v(0, 1)}, {v(1, 0), v(0, 1)}});
        HiddenStates oneToken = HiddenStates.of("t", new float[][][] {{v(1, 0)}, {v(1, 0)}});
        ExampleAnalysis a = ExampleAnalyzer.analyze(speech, oneToken, AnalysisSettings.defaults(), "", "");
        assertTrue(a.monotonicityCosine().at(1).isEmpty());
        assertTrue(a.monotonicityCosine().mean().isEmpty());
        assertTrue(Double.isNaN(a.score(Score.MONOTONICITY_EUCLIDEAN)));
        assertEquals(1.0, a.score(Score.APS_COSINE), EPS);

        // three layers: constant path at layer 1 (undefined), increasing at layer 2
        HiddenStates s3 = HiddenStates.of("s", new float[][][] {
            {v(1, 0), v(0, 1)}, {v(1, 0), v(0, 1)}, {v(1, 0), v(0, 1)}});
        HiddenStates t3 = HiddenStates.of("t", new float[][][] {
            {v(1, 0), v(0, 1)}, {v(1, 0), v(1, 0.1f)}, {v(1, 0), v(0, 1)}});
        ExampleAnalysis b = ExampleAnalyzer.analyze(s3, t3, AnalysisSettings.defaults(), "", "");
        assertArrayEquals(new int[] {0, 0}, b.path(SimilarityMetric.COSINE, 1).speechIndex());
        assertTrue(b.monotonicityCosine().at(1).isEmpty());
        assertEquals(1.0, b.monotonicityCosine().mean().getAsDouble(), EPS);
    }

    @Test
    void dtwExtensionFollowsTheMonotonicPathAndPicksTheBestPositionInEachSpan() {
        HiddenStates speech = HiddenStates.of("s", new float[][][] {
            {v(1, 0), v(1, 0), v(0, 1), v(0, 1)}, {v(1, 0), v(1, 0), v(0, 1), v(0, 1)}});
        HiddenStates text = HiddenStates.of("t", new float[][][] {{v(1, 0), v(0, 1)}, {v(1, 0), v(0, 1)}});
        ExampleAnalysis a = ExampleAnalyzer.analyze(speech, text, AnalysisSettings.defaults(), "", "");
        DtwAlignmentPath dtw = a.dtwCosine().get(1);
        // cost 1 - cos: token 0 row [0 0 1 1], token 1 row [1 1 0 0]; path (0,0) (0,1) (1,2) (1,3)
        assertArrayEquals(new int[] {0, 2}, dtw.spanStart());
        assertArrayEquals(new int[] {1, 3}, dtw.spanEnd());
        assertArrayEquals(new int[] {0, 2}, dtw.speechIndex());
        assertEquals(1.0, dtw.score(), EPS);
        assertEquals(0.0, dtw.normalizedCost(), EPS);
        assertEquals(1.0, dtw.agreementWith(a.path(SimilarityMetric.COSINE, 1)), EPS);
        assertFalse(ExampleAnalyzer.analyze(speech, text, AnalysisSettings.defaults().withDtwExtension(false), "", "")
                .hasDtwExtension());
    }

    @Test
    void dtwTiesPreferTheDiagonalStepAtEachCell() {
        // all costs equal, so every predecessor ties; each cell takes the diagonal when it can, so
        // backtracking from (2,4) goes (1,3), (0,2), then along token 0 to (0,0)
        double[] cost = new double[3 * 5];
        Dtw.Spans spans = Dtw.align(cost, 3, 5);
        assertArrayEquals(new int[] {0, 3, 4}, spans.start());
        assertArrayEquals(new int[] {2, 3, 4}, spans.end());
        assertEquals(5, spans.length());
        assertEquals(0.0, spans.totalCost(), EPS);
    }

    @Test
    void provenanceNamesModelExampleLayersAndVersion() {
        ExampleAnalysis a = twoLayerExample(AnalysisSettings.defaults());
        assertEquals("toy", a.apsCosine().provenance().model());
        assertEquals("ex1", a.consistency().provenance().example());
        assertEquals("aps_cosine", a.apsCosine().provenance().metric());
        assertEquals(new LayerRange(1, 1), a.monotonicityEuclidean().provenance().layers());
        assertFalse(a.provenance().programVersion().isBlank());
    }

    @Test
    void badInputIsRejectedWithAMessageNamingArrayAndIndex() {
        float nan = Float.NaN;
        HiddenStates good = HiddenStates.of("text", new float[][][] {{v(1, 0)}, {v(0, 1)}});
        GapScopeException e = assertThrows(GapScopeException.class, () -> ExampleAnalyzer.analyze(
                HiddenStates.of("speech", new float[][][] {{v(1, 0), v(1, 1)}, {v(1, 0), v(1, nan)}}), good,
                AnalysisSettings.defaults(), "", ""));
        assertEquals("speech: non-finite value NaN at [1, 1, 1]", e.getMessage());
        e = assertThrows(GapScopeException.class, () -> ExampleAnalyzer.analyze(good,
                HiddenStates.of("t2", new float[][][] {{v(Float.NEGATIVE_INFINITY, 0)}, {v(0, 1)}}),
                AnalysisSettings.defaults(), "", ""));
        assertEquals("t2: non-finite value -Infinity at [0, 0, 0]", e.getMessage());
        e = assertThrows(GapScopeException.class, () -> ExampleAnalyzer.analyze(
                HiddenStates.of("speech", new float[][][] {{v(1, 0), v(0, 0)}, {v(1, 0), v(1, 1)}}), good,
                AnalysisSettings.defaults(), "", ""));
        assertEquals("speech: layer 0, position 1 is a zero vector, so its cosine similarity is undefined",
                e.getMessage());
        e = assertThrows(GapScopeException.class, () -> ExampleAnalyzer.analyze(
                HiddenStates.of("speech", new float[][][] {{v(1, 0), v(-1, 0)}, {v(1, 0), v(1, 1)}}), good,
                AnalysisSettings.defaults(), "", ""));
        assertTrue(e.getMessage().contains("mean-pooled vector of layer 0 is zero"), e.getMessage());
        e = assertThrows(GapScopeException.class, () -> ExampleAnalyzer.analyze(
                HiddenStates.of("speech", new float[][][] {{v(1, 0)}, {v(1, 0)}, {v(1, 0)}}), good,
                AnalysisSettings.defaults(), "", ""));
        assertTrue(e.getMessage().startsWith("layer counts differ: speech has 3"), e.getMessage());
        e = assertThrows(GapScopeException.class, () -> ExampleAnalyzer.analyze(
                HiddenStates.of("speech", new float[][][] {{v(1, 0, 0)}, {v(1, 0, 0)}}), good,
                AnalysisSettings.defaults(), "", ""));
        assertEquals("hidden sizes differ: speech has d = 3, text has d = 2", e.getMessage());
        e = assertThrows(GapScopeException.class, () -> ExampleAnalyzer.analyze(
                HiddenStates.of("speech", new float[][][] {{}, {}}), good, AnalysisSettings.defaults(), "", ""));
        assertEquals("speech: the span is empty (0 positions)", e.getMessage());
        e = assertThrows(GapScopeException.class, () -> ExampleAnalyzer.analyze(
                HiddenStates.of("speech", new float[][][] {{v(1, 0)}}),
                HiddenStates.of("text", new float[][][] {{v(1, 0)}}), AnalysisSettings.defaults(), "", ""));
        assertTrue(e.getMessage().startsWith("speech: needs at least 2 hidden states"), e.getMessage());
    }
}
