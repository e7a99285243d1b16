package org.gapscope.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The native centred Gram matrix of CKA against the same product worked out in double. */
class CentredGramTest {

    /** Centred (column means removed, in double) X X^T of rows [n, d], in double. */
    private static double[] reference(float[] rows, int n, int d) {
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                mean[k] += rows[i * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            mean[k] /= n;
        }
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += (rows[i * d + k] - mean[k]) * (rows[j * d + k] - mean[k]);
                }
                g[i * n + j] = s;
            }
        }
        return g;
    }

    /** Random rows whose columns have means up to +-1000 against a spread of about 1 (hidden states are like that). */
    private static float[] anisotropic(SplittableRandom r, int n, int d) {
        float[] offset = new float[d];
        for (int k = 0; k < d; k++) {
            offset[k] = (float) (k % 17 == 0 ? 1000 * (r.nextDouble() * 2 - 1) : 5 * (r.nextDouble() * 2 - 1));
        }
        float[] rows = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                rows[i * d + k] = offset[k] + (float) (r.nextDouble() * 2 - 1);
            }
        }
        return rows;
    }

    private static void assertClose(double[] expected, float[] actual, double relative) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * scale, "entry " + i);
        }
    }

    private static FloatBuffer direct(float[] values) {
        FloatBuffer b = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        b.put(values).flip();
        return b;
    }

    @Test
    void largeColumnMeansAreCentredWithoutCancellation() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 23;
        int d = 700;
        float[] rows = anisotropic(r, n, d);
        double[] expected = reference(rows, n, d);
        try (CentredGram g = new CentredGram(n, d)) {
            float[] heap = g.ofRows(rows, null).clone();
            assertClose(expected, heap, 2e-5);
            // symmetric, rows summing to zero (centred)
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    assertEquals(heap[i * n + j], heap[j * n + i], 0f);
                    sum += heap[i * n + j];
                }
                assertEquals(0, sum, 1e-4 * Math.abs(heap[i * n + i]) * n);
            }
            assertArrayEquals(heap, g.ofRows(null, direct(rows)), "a direct buffer is read like the heap");
        }
    }

    @Test
    void pairedRowsAreMeansOfTheirRanges() {
        SplittableRandom r = new SplittableRandom(4);
        int positions = 40;
        int d = 64;
        int[] start = {0, 3, 3, 10, 39};
        int[] end = {3, 4, 12, 39, 40};
        int n = start.length;
        float[] source = anisotropic(r, positions, d);
        float[] paired = new float[n * d];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d; k++) {
                double s = 0;
                for (int i = start[j]; i < end[j]; i++) {
                    s += source[i * d + k];
                }
                paired[j * d + k] = (float) (s / (end[j] - start[j]));
            }
        }
        double[] expected = reference(paired, n, d);
        try (CentredGram g = new CentredGram(n, d)) {
            float[] heap = g.ofPairedRows(source, null, positions, start, end).clone();
            assertClose(expected, heap, 2e-5);
            assertClose(expected, g.ofPairedRows(null, direct(source), positions, start, end), 2e-5);
            assertThrows(IllegalArgumentException.class,
                    () -> g.ofPairedRows(source, null, positions, new int[] {0, 4, 3, 10, 39}, end));   // an empty range
        }
    }

    @Test
    void identicalRowsGiveExactlyZero() {
        int n = 9;
        int d = 333;
        float[] rows = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                rows[i * d + k] = 0.1f + 977.3f * (k % 5);   // every row the same, means not exact in float
            }
        }
        try (CentredGram g = new CentredGram(n, d)) {
            for (float v : g.ofRows(rows, null)) {
                assertEquals(0f, v);
            }
            // one row different: no longer zero
            rows[3 * d + 7] += 1;
            float[] one = g.ofRows(rows, null);
            assertTrue(one[3 * n + 3] > 0.5f, "the different row's own entry: " + one[3 * n + 3]);
        }
    }
}
