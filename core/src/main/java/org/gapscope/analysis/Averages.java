package org.gapscope.analysis;

/** Means over a layer range. */
final class Averages {

    private Averages() {
    }

    /** Mean of {@code values[first..last]}. */
    static double over(double[] values, LayerRange range) {
        double s = 0;
        for (int l = range.first(); l <= range.last(); l++) {
            s += values[l];
        }
        return s / range.size();
    }
}
