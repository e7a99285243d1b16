package org.gapscope.analysis;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Monotonicity of METHOD.md: Spearman's rank correlation between the text-token index j and its
 * aligned speech position i*_j, with average ranks for ties, per layer and averaged over the
 * layers where it is defined (at least two tokens and a path that is not constant).
 *
 * @param provenance where it came from (the metric names the path's measure)
 * @param metric     which path it was computed on
 * @param perLayer   per hidden-state index 0..L, NaN where undefined (use {@link #at(int)})
 * @param mean       average over the provenance's layer range, leaving undefined layers out;
 *                   empty when every layer there is undefined
 */
public record Monotonicity(Provenance provenance, SimilarityMetric metric, double[] perLayer, OptionalDouble mean) {

    /** Copies the per-layer array. */
    public Monotonicity {
        perLayer = perLayer.clone();
    }

    @Override
    public double[] perLayer() {
        return perLayer.clone();
    }

    /** The value at {@code layer}, empty where Spearman is undefined. */
    public OptionalDouble at(int layer) {
        double v = perLayer[layer];
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * Spearman's rho between 0, 1, ..., n-1 and {@code path}, ties given their average rank; NaN
     * when undefined (fewer than two tokens, or a constant path).
     */
    public static double spearman(int[] path) {
        int n = path.length;
        if (n < 2) {
            return Double.NaN;
        }
        double[] ranks = averageRanks(path);
        double meanRank = (n + 1) / 2.0;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int j = 0; j < n; j++) {
            double dx = (j + 1) - meanRank;
            double dy = ranks[j] - meanRank;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (syy == 0) {
            return Double.NaN;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** Ranks 1..n of {@code values}, tied values sharing the mean of their ranks. */
    static double[] averageRanks(int[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(values[a], values[b]));
        double[] ranks = new double[n];
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    static Monotonicity of(Provenance provenance, SimilarityMetric metric, double[] perLayer) {
        double sum = 0;
        int count = 0;
        for (int l = provenance.layers().first(); l <= provenance.layers().last(); l++) {
            if (!Double.isNaN(perLayer[l])) {
                sum += perLayer[l];
                count++;
            }
        }
        OptionalDouble mean = count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count);
        return new Monotonicity(provenance, metric, perLayer, mean);
    }
}
