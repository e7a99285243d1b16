package org.gapscope.figure;

/**
 * The values a colour bar spans: fixed by the user (so that figures side by side compare), or
 * automatic from the data (symmetric about zero for a diverging map).
 *
 * @param min the value at the low end (NaN when automatic)
 * @param max the value at the high end (NaN when automatic)
 */
public record ColorRange(double min, double max) {

    /** Validates a fixed range (both finite, {@code min < max}) or accepts the automatic one (both NaN). */
    public ColorRange {
        boolean auto = Double.isNaN(min) && Double.isNaN(max);
        if (!auto) {
            if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
                throw new IllegalArgumentException("colour range: need finite min < max, got min=" + min
                        + ", max=" + max);
            }
        }
    }

    /** The automatic range: from the data. */
    public static ColorRange auto() {
        return new ColorRange(Double.NaN, Double.NaN);
    }

    /** A fixed range from {@code min} to {@code max}. */
    public static ColorRange fixed(double min, double max) {
        return new ColorRange(min, max);
    }

    /** Whether the range comes from the data. */
    public boolean automatic() {
        return Double.isNaN(min);
    }

    /**
     * The concrete {@code [low, high]} for these values: the fixed range, or the finite data range
     * (symmetric about zero when {@code symmetric}), widened when all values are equal.
     */
    public double[] resolve(float[][] values, boolean symmetric) {
        if (!automatic()) {
            return new double[] {min, max};
        }
        double[] finite = finiteRange(values);
        double lo = finite[0];
        double hi = finite[1];
        if (lo > hi) {
            return symmetric ? new double[] {-1, 1} : new double[] {0, 1};
        }
        if (symmetric) {
            double m = Math.max(Math.abs(lo), Math.abs(hi));
            if (m == 0) {
                m = 1;
            }
            return new double[] {-m, m};
        }
        if (lo == hi) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.01;
            return new double[] {lo - pad, hi + pad};
        }
        return new double[] {lo, hi};
    }

    /** The smallest and largest finite value {lo, hi}; lo is greater than hi when there is none. */
    static double[] finiteRange(float[][] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float[] row : values) {
            for (float v : row) {
                if (Float.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return new double[] {lo, hi};
    }
}
