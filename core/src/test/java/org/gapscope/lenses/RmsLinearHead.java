package org.gapscope.lenses;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A look-alike of a bundle's lm_head for tests, in plain Java double: RMSNorm with a gain, then a linear
 * map to V logits; softmax; top-k best first, ties to the lower id.
 */
final class RmsLinearHead implements LensHead {

    private final float[] gain;
    private final float[][] weight;
    private final double eps;
    int rowsSeen;

    RmsLinearHead(float[] gain, float[][] weight, double eps) {
        this.gain = gain;
        this.weight = weight;
        this.eps = eps;
    }

    @Override
    public int vocabSize() {
        return weight.length;
    }

    @Override
    public int hiddenSize() {
        return gain.length;
    }

    @Override
    public TopTokens top(float[] rows, int count, int k) {
        int d = gain.length;
        int[][] ids = new int[count][k];
        float[][] probs = new float[count][k];
        for (int r = 0; r < count; r++) {
            double ms = 0;
            for (int c = 0; c < d; c++) {
                ms += (double) rows[r * d + c] * rows[r * d + c];
            }
            double scale = 1 / Math.sqrt(ms / d + eps);
            double[] logits = new double[weight.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < weight.length; v++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += rows[r * d + c] * scale * gain[c] * weight[v][c];
                }
                logits[v] = s;
                max = Math.max(max, s);
            }
            double sum = 0;
            for (int v = 0; v < logits.length; v++) {
                logits[v] = Math.exp(logits[v] - max);
                sum += logits[v];
            }
            double total = sum;
            Integer[] order = new Integer[logits.length];
            for (int v = 0; v < order.length; v++) {
                order[v] = v;
            }
            double[] p = logits;
            Arrays.sort(order, Comparator.comparingDouble((Integer v) -> -p[v]));
            for (int j = 0; j < k; j++) {
                ids[r][j] = order[j];
                probs[r][j] = (float) (p[order[j]] / total);
            }
        }
        rowsSeen += count;
        return new TopTokens(ids, probs);
    }

    @Override
    public String token(int id) {
        return "t" + id;
    }
}
