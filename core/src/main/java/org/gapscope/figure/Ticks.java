package org.gapscope.figure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tick positions and their labels for an axis: round numbers (1, 2, 2.5 or 5 times a power of ten)
 * printed with the same number of decimals, negative numbers with a true minus sign. The figures and
 * the explorer's own axes (heatmap, audio pane) use the same ticks.
 *
 * @param values the tick positions, increasing
 * @param labels the label of each tick
 */
public record Ticks(double[] values, String[] labels) {

    private static final double[] MANTISSAS = {1, 2, 2.5, 5, 10};

    /** At most {@code maxCount} (at least 2) round ticks within {@code [lo, hi]}. */
    public static Ticks nice(double lo, double hi, int maxCount) {
        if (!(hi > lo)) {
            return new Ticks(new double[] {lo}, new String[] {format(lo, decimalsFor(Math.abs(lo) / 10 + 1e-12))});
        }
        int count = Math.max(2, maxCount);
        double raw = (hi - lo) / count;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * 10;
        for (double m : MANTISSAS) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        List<Double> values = new ArrayList<>();
        double eps = step * 1e-9;
        for (double v = Math.ceil((lo - eps) / step) * step; v <= hi + eps; v += step) {
            values.add(Math.abs(v) < eps ? 0.0 : v);
        }
        int decimals = decimalsFor(step);
        double[] vs = new double[values.size()];
        String[] labels = new String[values.size()];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = values.get(i);
            labels[i] = format(vs[i], decimals);
        }
        return new Ticks(vs, labels);
    }

    /** Integer ticks within {@code [lo, hi]}, every 1, 2, 5, 10, ... so that at most {@code maxCount} fit. */
    public static Ticks integers(int lo, int hi, int maxCount) {
        int count = Math.max(2, maxCount);
        int step = 1;
        int[] steps = {1, 2, 5};
        outer:
        for (int scale = 1; ; scale *= 10) {
            for (int s : steps) {
                step = s * scale;
                if ((hi - lo) / step + 1 <= count) {
                    break outer;
                }
            }
        }
        List<Integer> values = new ArrayList<>();
        for (int v = Math.floorDiv(lo + step - 1, step) * step; v <= hi; v += step) {
            values.add(v);
        }
        double[] vs = new double[values.size()];
        String[] labels = new String[values.size()];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = values.get(i);
            labels[i] = format(vs[i], 0);
        }
        return new Ticks(vs, labels);
    }

    /** The number of decimals that shows multiples of {@code step} exactly (at most 6). */
    static int decimalsFor(double step) {
        for (int d = 0; d < 6; d++) {
            double scaled = step * Math.pow(10, d);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled)) {
                return d;
            }
        }
        return 6;
    }

    /** {@code v} with {@code decimals} decimals, a true minus sign, never "-0". */
    static String format(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (s.matches("-0(\\.0*)?")) {
            s = s.substring(1);
        }
        return s.startsWith("-") ? "\u2212" + s.substring(1) : s;
    }

    /**
     * A value with three significant digits (a regression slope: score units per GAP point are
     * often below 0.001, which {@link #number} would show as 0.000 or 0.001).
     */
    static String significant(double v) {
        if (!Double.isFinite(v) || v == 0 || Math.abs(v) >= 1) {
            return number(v);
        }
        int decimals = Math.min(12, 2 - (int) Math.floor(Math.log10(Math.abs(v))));
        return format(v, decimals);
    }

    /** A value in a caption: three significant decimals for small numbers, fewer for large ones. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        int decimals = a >= 100 ? 1 : a >= 10 ? 2 : 3;
        return format(v, decimals);
    }
}
