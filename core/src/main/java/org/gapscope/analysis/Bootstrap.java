package org.gapscope.analysis;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over examples: resample n examples with replacement (indices from
 * {@link SplittableRandom} seeded with the given seed), recompute the statistic, and take the
 * quantiles with linear interpolation between order statistics (NumPy's default "linear" method).
 */
public final class Bootstrap {

    /** Default number of resamples. */
    public static final int DEFAULT_RESAMPLES = 2000;

    /** Default confidence level. */
    public static final double DEFAULT_LEVEL = 0.95;

    private Bootstrap() {
    }

    /**
     * Interval for mean(a - b) over paired examples (a[i] and b[i] belong to example i), e.g. the
     * matched - mismatched margin.
     */
    public static ConfidenceInterval pairedMeanDifference(double[] a, double[] b, int resamples, double level,
            long seed) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
        }
        double[] diff = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            diff[i] = a[i] - b[i];
        }
        return mean(diff, resamples, level, seed);
    }

    /** Interval for the mean of {@code x}. */
    public static ConfidenceInterval mean(double[] x, int resamples, double level, long seed) {
        double[] stats = resampledMeans(x, resamples, seed);
        Arrays.sort(stats);
        double alpha = 1 - level;
        return new ConfidenceInterval(quantile(stats, alpha / 2), quantile(stats, 1 - alpha / 2), level, resamples,
                seed);
    }

    /** The bootstrap distribution of the mean, in resample order (unsorted). */
    public static double[] resampledMeans(double[] x, int resamples, long seed) {
        int n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("cannot bootstrap an empty sample");
        }
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += x[random.nextInt(n)];
            }
            stats[r] = s / n;
        }
        return stats;
    }

    /** The q-quantile of sorted values, interpolating linearly at position q (n - 1). */
    static double quantile(double[] sorted, double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile " + q + " outside [0, 1]");
        }
        double h = q * (sorted.length - 1);
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
