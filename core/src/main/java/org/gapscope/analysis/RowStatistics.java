package org.gapscope.analysis;

import org.gapscope.GapScopeException;

/**
 * One layer's per-row squared norms and column mean, in double, computed in a single pass that
 * also rejects non-finite values and zero rows with a message naming the array and index.
 */
final class RowStatistics {

    final double[] squaredNorms;
    final double[] norms;
    final double[] mean;

    private RowStatistics(double[] squaredNorms, double[] norms, double[] mean) {
        this.squaredNorms = squaredNorms;
        this.norms = norms;
        this.mean = mean;
    }

    static RowStatistics of(String name, int layer, float[] values, int rows, int d) {
        double[] squaredNorms = new double[rows];
        double[] norms = new double[rows];
        double[] sum = new double[d];
        for (int i = 0; i < rows; i++) {
            int off = i * d;
            double q0 = 0;
            double q1 = 0;
            double q2 = 0;
            double q3 = 0;
            int k = 0;
            for (; k + 3 < d; k += 4) {
                double x0 = values[off + k];
                double x1 = values[off + k + 1];
                double x2 = values[off + k + 2];
                double x3 = values[off + k + 3];
                q0 += x0 * x0;
                q1 += x1 * x1;
                q2 += x2 * x2;
                q3 += x3 * x3;
                sum[k] += x0;
                sum[k + 1] += x1;
                sum[k + 2] += x2;
                sum[k + 3] += x3;
            }
            for (; k < d; k++) {
                double x0 = values[off + k];
                q0 += x0 * x0;
                sum[k] += x0;
            }
            double q = (q0 + q1) + (q2 + q3);
            // a float's square is at most ~1.2e77, so a non-finite sum means a NaN or infinity in the row
            if (!Double.isFinite(q)) {
                throw nonFinite(name, layer, values, i, d);
            }
            if (q == 0) {
                throw new GapScopeException(name + ": layer " + layer + ", position " + i
                        + " is a zero vector, so its cosine similarity is undefined");
            }
            squaredNorms[i] = q;
            norms[i] = Math.sqrt(q);
        }
        for (int k = 0; k < d; k++) {
            sum[k] /= rows;
        }
        return new RowStatistics(squaredNorms, norms, sum);
    }

    private static GapScopeException nonFinite(String name, int layer, float[] values, int row, int d) {
        for (int k = 0; k < d; k++) {
            float x = values[row * d + k];
            if (!Float.isFinite(x)) {
                return new GapScopeException(name + ": non-finite value " + x + " at [" + layer + ", " + row
                        + ", " + k + "]");
            }
        }
        return new GapScopeException(name + ": non-finite value at [" + layer + ", " + row + ", ?]");
    }
}
