package org.gapscope.analysis;

/**
 * A percentile bootstrap confidence interval.
 *
 * @param lower     lower bound (the (1 - level) / 2 quantile of the resampled statistic)
 * @param upper     upper bound (the (1 + level) / 2 quantile)
 * @param level     confidence level, e.g. 0.95
 * @param resamples number of bootstrap resamples
 * @param seed      the seed that reproduces it
 */
public record ConfidenceInterval(double lower, double upper, double level, int resamples, long seed) {

    /** Whether {@code value} lies inside the interval (bounds included). */
    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }
}
