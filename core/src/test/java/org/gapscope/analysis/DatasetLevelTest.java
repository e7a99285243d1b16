package org.gapscope.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.gapscope.GapScopeException;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;

/** Mismatched-pair control, bootstrap, dataset means, GAP and its regression. */
class DatasetLevelTest {

    @Test
    void derangementsHaveNoFixedPointAreSeededAndCoverAllDerangements() {
        for (int n = 2; n <= 40; n++) {
            for (long seed = 0; seed < 5; seed++) {
                int[] sigma = MismatchedPairControl.derangement(n, seed);
                assertArrayEquals(sigma, MismatchedPairControl.derangement(n, seed));
                int[] sorted = sigma.clone();
                Arrays.sort(sorted);
                for (int i = 0; i < n; i++) {
                    assertTrue(sigma[i] != i, "fixed point at " + i);
                    assertEquals(i, sorted[i], "a permutation");
                }
            }
        }
        assertArrayEquals(new int[] {1, 0}, MismatchedPairControl.derangement(2, 99));
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            seen.add(Arrays.toString(MismatchedPairControl.derangement(4, seed)));
        }
        assertEquals(9, seen.size(), "4 elements have 9 derangements: " + seen);
        assertThrows(IllegalArgumentException.class, () -> MismatchedPairControl.derangement(1, 0));
    }

    @Test
    void bootstrapPercentilesInterpolateLinearlyBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(2.5, Bootstrap.quantile(sorted, 0.5), 1e-15);
        assertEquals(1.75, Bootstrap.quantile(sorted, 0.25), 1e-15);
        assertEquals(4, Bootstrap.quantile(sorted, 1), 1e-15);

        double[] x = {0.3, -1.2, 2.5, 0.0, 1.1, 0.7, -0.4};
        double[] means = Bootstrap.resampledMeans(x, 500, 42);
        assertArrayEquals(means, Bootstrap.resampledMeans(x, 500, 42));
        double[] s = means.clone();
        Arrays.sort(s);
        // 95 %: positions 0.025 * 499 = 12.475 and 0.975 * 499 = 486.525
        double lower = s[12] + 0.475 * (s[13] - s[12]);
        double upper = s[486] + 0.525 * (s[487] - s[486]);
        ConfidenceInterval ci = Bootstrap.mean(x, 500, 0.95, 42);
        assertEquals(lower, ci.lower(), 1e-12);
        assertEquals(upper, ci.upper(), 1e-12);

        ConfidenceInterval constant = Bootstrap.pairedMeanDifference(new double[] {3, 4, 5}, new double[] {1, 2, 3},
                100, 0.9, 1);
        assertEquals(2, constant.lower(), 1e-15);
        assertEquals(2, constant.upper(), 1e-15);
    }

    @Test
    void bootstrapIntervalOfAMeanHasTheTextbookWidth() {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[400];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 + Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        }
        ConfidenceInterval ci = Bootstrap.mean(x, 4000, 0.95, 8);
        double m = DatasetAnalysis.mean(x);
        double sd = 0;
        for (double v : x) {
            sd += (v - m) * (v - m);
        }
        sd = Math.sqrt(sd / (x.length - 1));
        double expectedWidth = 2 * 1.96 * sd / Math.sqrt(x.length);
        assertEquals(expectedWidth, ci.upper() - ci.lower(), 0.1 * expectedWidth);
        assertTrue(ci.contains(m));
    }

    /** Speech: the text's tokens, each repeated 3 times, plus noise; text: random unit directions. */
    private static HiddenStates[] example(SplittableRandom r, int tokens, int d) {
        int layers = 3;
        float[][][] t = new float[layers][tokens][d];
        float[][][] s = new float[layers][tokens * 3][d];
        for (int l = 0; l < layers; l++) {
            for (int j = 0; j < tokens; j++) {
                for (int k = 0; k < d; k++) {
                    t[l][j][k] = (float) (r.nextDouble() - 0.5 + 0.3);
                }
                for (int rep = 0; rep < 3; rep++) {
                    for (int k = 0; k < d; k++) {
                        s[l][3 * j + rep][k] = t[l][j][k] + (float) (0.2 * (r.nextDouble() - 0.5));
                    }
                }
            }
        }
        return new HiddenStates[] {HiddenStates.of("s", s), HiddenStates.of("t", t)};
    }

    @Test
    void datasetMeansComeWithTheirMismatchedControlAndMargin() {
        SplittableRandom r = new SplittableRandom(17);
        int n = 6;
        List<HiddenStates[]> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            examples.add(example(r, 4 + i % 3, 24));
        }
        AnalysisSettings settings = AnalysisSettings.defaults().withDtwExtension(false);
        ControlSettings control = new ControlSettings(5, 500, 0.95);
        DatasetSummary summary = DatasetAnalysis.analyze("toy", "six", n, i -> examples.get(i)[0],
                i -> examples.get(i)[1], settings, control);

        int[] sigma = MismatchedPairControl.derangement(n, 5);
        assertArrayEquals(sigma, summary.derangement());
        double matched = 0;
        double mismatched = 0;
        double matchedLayer2 = 0;
        for (int i = 0; i < n; i++) {
            matched += ExampleAnalyzer.analyze(examples.get(i)[0], examples.get(i)[1], settings, "", "")
                    .score(Score.APS_COSINE);
            ExampleAnalysis other = ExampleAnalyzer.analyze(examples.get(i)[0], examples.get(sigma[i])[1], settings,
                    "", "");
            mismatched += other.score(Score.APS_COSINE);
            matchedLayer2 += ExampleAnalyzer.analyze(examples.get(i)[0], examples.get(i)[1], settings, "", "")
                    .score(Score.CONSISTENCY, 2);
        }
        ControlledScore aps = summary.average(Score.APS_COSINE);
        assertEquals(matched / n, aps.matched(), 1e-12);
        assertEquals(mismatched / n, aps.mismatched(), 1e-12);
        assertEquals(aps.matched() - aps.mismatched(), aps.margin(), 1e-15);
        assertEquals(n, aps.examples());
        assertTrue(aps.marginExcludesZero(), "matched pairs are aligned by construction: " + aps);
        assertTrue(aps.controlLabel().contains("not in the paper"));
        assertEquals(matchedLayer2 / n, summary.at(Score.CONSISTENCY, 2).matched(), 1e-12);
        assertEquals(3, summary.matchedCurve(Score.COSINE).length);
        assertEquals("six", summary.provenance().example());
    }

    @Test
    void examplesWhereAScoreIsUndefinedAreLeftOutOfItsMean() {
        ExampleScores defined = scores("a", 0.5);
        ExampleScores undefined = scores("b", Double.NaN);
        ExampleScores third = scores("c", 0.1);
        DatasetSummary summary = DatasetAnalysis.summarize("m", "d", List.of(defined, undefined, third),
                List.of(scores("a|b", 0.2), scores("b|c", 0.3), scores("c|a", 0.0)), new int[] {1, 2, 0},
                new ControlSettings(0, 100, 0.9));
        ControlledScore mono = summary.average(Score.MONOTONICITY_COSINE);
        assertEquals(2, mono.examples());
        assertEquals(0.3, mono.matched(), 1e-15);
        assertEquals(0.1, mono.mismatched(), 1e-15);
        assertEquals(3, summary.average(Score.COSINE).examples());
    }

    private static ExampleScores scores(String id, double monotonicity) {
        java.util.Map<Score, double[]> perLayer = new java.util.EnumMap<>(Score.class);
        java.util.Map<Score, Double> averages = new java.util.EnumMap<>(Score.class);
        for (Score s : Score.values()) {
            double v = s == Score.MONOTONICITY_COSINE ? monotonicity : 0.5;
            perLayer.put(s, new double[] {v, v});
            averages.put(s, v);
        }
        return new ExampleScores(id, 2, new LayerRange(1, 1), perLayer, averages);
    }

    @Test
    void gapIsTextMinusSpeechAndTheRegressionMatchesByHand() {
        assertEquals(18.99, new Gap("Qwen2.5-7B LoRA", 70.02, 51.03).gap(), 1e-12);
        LinearFit exact = LinearFit.of(new double[] {0, 1, 2, 3}, new double[] {1, 3, 5, 7});
        assertEquals(2, exact.slope(), 1e-15);
        assertEquals(1, exact.intercept(), 1e-15);
        assertEquals(1, exact.rSquared().getAsDouble(), 1e-15);
        // sxy = 4.5, sxx = 5, syy = 4.75
        LinearFit fit = LinearFit.of(new double[] {0, 1, 2, 3}, new double[] {1, 2, 2, 4});
        assertEquals(0.9, fit.slope(), 1e-15);
        assertEquals(0.9, fit.intercept(), 1e-15);
        assertEquals(4.5 * 4.5 / (5 * 4.75), fit.rSquared().getAsDouble(), 1e-15);
        assertTrue(LinearFit.of(new double[] {1, 2}, new double[] {3, 3}).rSquared().isEmpty());
        assertThrows(GapScopeException.class, () -> LinearFit.of(new double[] {2, 2}, new double[] {1, 3}));
        assertThrows(GapScopeException.class, () -> LinearFit.of(new double[] {2}, new double[] {1}));

        GapRegression reg = GapRegression.fit("voicebench", "aps_cosine", new LayerRange(1, 28), List.of(
                GapRegression.point(new Gap("ckpt2k", 60, 30), 0.40),
                GapRegression.point(new Gap("ckpt4k", 60, 40), 0.50),
                GapRegression.point(new Gap("ckpt6k", 60, 44), 0.62)));
        assertEquals(3, reg.fit().n());
        assertEquals("aps_cosine", reg.provenance().metric());
        assertTrue(reg.fit().slope() < 0, "higher APS, smaller gap");
    }

    @Test
    void regressionAgreesWithNumpyPolyfit() {
        SplittableRandom r = new SplittableRandom(21);
        double[] x = new double[12];
        double[] y = new double[12];
        StringBuilder xs = new StringBuilder();
        StringBuilder ys = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble();
            y[i] = 3 - 2 * x[i] + 0.3 * r.nextDouble();
            xs.append(i > 0 ? "," : "").append(x[i]);
            ys.append(i > 0 ? "," : "").append(y[i]);
        }
        String out = Python.run("import numpy as np, sys\n"
                + "x = np.array([" + xs + "]); y = np.array([" + ys + "])\n"
                + "b, a = np.polyfit(x, y, 1); r = np.corrcoef(x, y)[0, 1]\n"
                + "print(repr(float(b)), repr(float(a)), repr(float(r * r)))\n");
        String[] parts = out.strip().split(" ");
        LinearFit fit = LinearFit.of(x, y);
        assertEquals(Double.parseDouble(parts[0]), fit.slope(), 1e-10);
        assertEquals(Double.parseDouble(parts[1]), fit.intercept(), 1e-10);
        assertEquals(Double.parseDouble(parts[2]), fit.rSquared().getAsDouble(), 1e-10);
    }
}
