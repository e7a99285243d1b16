package org.gapscope.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The alignment paths are the exact arg-best of the float32 inputs even where a float32 GEMM cannot
 * tell the candidates apart: here every state is a large shared vector plus a small offset, so
 * ||s||^2 + ||t||^2 - 2 s.t cancels catastrophically in float32.
 */
class CertifiedPathTest {

    private static final int D = 256;
    private static final int TS = 40;
    private static final int TT = 12;

    private static float[][] nearCommon(SplittableRandom random, float[] common, int n, double spread) {
        float[][] rows = new float[n][D];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < D; k++) {
                rows[i][k] = (float) (common[k] + spread * (random.nextDouble() - 0.5));
            }
        }
        return rows;
    }

    @Test
    void euclideanAndCosinePathsAreExactDespiteFloat32Cancellation() {
        SplittableRandom random = new SplittableRandom(11);
        float[] common = new float[D];
        for (int k = 0; k < D; k++) {
            common[k] = (float) (1000 + 100 * random.nextDouble());
        }
        float[][] s = nearCommon(random, common, TS, 1.0);
        float[][] t = nearCommon(random, common, TT, 1.0);
        HiddenStates speech = HiddenStates.of("s", new float[][][] {s, s});
        HiddenStates text = HiddenStates.of("t", new float[][][] {t, t});
        ExampleAnalysis a = ExampleAnalyzer.analyze(speech, text, AnalysisSettings.defaults(), "", "");

        int[] exactEuc = new int[TT];
        int[] exactCos = new int[TT];
        int[] naiveEuc = new int[TT];
        for (int j = 0; j < TT; j++) {
            double bestD = Double.POSITIVE_INFINITY;
            double bestC = Double.NEGATIVE_INFINITY;
            float bestNaive = Float.POSITIVE_INFINITY;
            for (int i = 0; i < TS; i++) {
                double d2 = 0;
                double dot = 0;
                double ns = 0;
                double nt = 0;
                float fs = 0;
                float ft = 0;
                float fdot = 0;
                for (int k = 0; k < D; k++) {
                    d2 += ((double) s[i][k] - t[j][k]) * ((double) s[i][k] - t[j][k]);
                    dot += (double) s[i][k] * t[j][k];
                    ns += (double) s[i][k] * s[i][k];
                    nt += (double) t[j][k] * t[j][k];
                    fs += s[i][k] * s[i][k];
                    ft += t[j][k] * t[j][k];
                    fdot += s[i][k] * t[j][k];
                }
                double cos = dot / (Math.sqrt(ns) * Math.sqrt(nt));
                float naive = fs + ft - 2 * fdot;
                if (d2 < bestD) {
                    bestD = d2;
                    exactEuc[j] = i;
                }
                if (cos > bestC) {
                    bestC = cos;
                    exactCos[j] = i;
                }
                if (naive < bestNaive) {
                    bestNaive = naive;
                    naiveEuc[j] = i;
                }
            }
            assertEquals(Math.sqrt(bestD), a.path(SimilarityMetric.EUCLIDEAN, 1).valueOf(j), 1e-9 * Math.sqrt(bestD));
        }
        assertArrayEquals(exactEuc, a.path(SimilarityMetric.EUCLIDEAN, 1).speechIndex());
        assertArrayEquals(exactCos, a.path(SimilarityMetric.COSINE, 1).speechIndex());
        int wrong = 0;
        for (int j = 0; j < TT; j++) {
            wrong += naiveEuc[j] != exactEuc[j] ? 1 : 0;
        }
        assertTrue(wrong > 0, "the data must defeat a naive float32 arg-min for this test to mean anything");
    }

    @Test
    void errorFactorIsTheClassicalGammaBound() {
        double u = 0x1.0p-24;
        assertEquals(1.001 * 4098 * u / (1 - 4098 * u), Vectors.float32DotErrorFactor(4096), 1e-18);
        assertTrue(Vectors.float32DotErrorFactor(1 << 24) == Double.POSITIVE_INFINITY);
    }
}
