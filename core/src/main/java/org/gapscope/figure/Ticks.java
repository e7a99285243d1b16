package org.gapscope.figure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tick positions and their labels for an axis: round numbers (1, 2 or 5 times a power of ten; not
 * 2.5, whose extra decimal would make the same quantity read "0.25" in one figure and "0.2" in the
 * next) printed with the same number of decimals, negative numbers with a true minus sign. Every
 * axis asks for at least {@link #MIN_COUNT} ticks; seconds always carry one decimal, so that every
 * time axis reads alike ("0.0, 0.5, 1.0" and "0.0, 1.0, 2.0", never "0, 1, 2").
 * The figures and the explorer's own axes (heatmap, audio pane) use the same ticks.
 *
 * @param values the tick positions, increasing
 * @param labels the label of each tick
 */
public record Ticks(double[] values, String[] labels) {

    /** The fewest ticks an axis gets when it has room for them. */
    static final int MIN_COUNT = 4;

    private static final double[] MANTISSAS = {5, 2, 1};

    /**
     * Round ticks within {@code [lo, hi]}: the coarsest round step that gives at least
     * {@code minCount} ticks, or, when that gives more than {@code maxCount}, the coarsest step that
     * gives at least two. Decimals follow the step.
     */
    public static Ticks nice(double lo, double hi, int minCount, int maxCount) {
        return nice(lo, hi, minCount, maxCount, 0);
    }

    /** Ticks for a time axis in seconds: as {@link #nice(double, double, int, int)}, at least one decimal. */
    public static Ticks seconds(double lo, double hi, int minCount, int maxCount) {
        return nice(lo, hi, minCount, maxCount, 1);
    }

    /** At most {@code maxCount} (at least 2) round ticks within {@code [lo, hi]}. */
    public static Ticks nice(double lo, double hi, int maxCount) {
        return nice(lo, hi, 2, maxCount);
    }

    private static Ticks nice(double lo, double hi, int minCount, int maxCount, int minDecimals) {
        if (!(hi > lo)) {
            int d = Math.max(minDecimals, decimalsFor(Math.abs(lo) / 10 + 1e-12));
            return new Ticks(new double[] {lo}, new String[] {format(lo, d)});
        }
        int max = Math.max(2, maxCount);
        int min = want(minCount, max);
        double span = hi - lo;
        double top = Math.pow(10, Math.ceil(Math.log10(span)) + 1);
        double chosen = Double.NaN;
        double coarser = Double.NaN;
        // steps from coarse to fine: the first with enough ticks wins, unless it has more than the room holds;
        // then the finest coarser step that fits the room
        for (double magnitude = top; magnitude > span * 1e-9 && Double.isNaN(chosen); magnitude /= 10) {
            for (double m : MANTISSAS) {
                double step = m * magnitude;
                int n = count(lo, hi, step);
                if (n >= min) {
                    chosen = n <= max || Double.isNaN(coarser) ? step : coarser;
                    break;
                }
                if (n >= 2 && n <= max) {
                    coarser = step;
                }
            }
        }
        double step = Double.isNaN(chosen) ? span : chosen;
        List<Double> values = new ArrayList<>();
        double eps = step * 1e-9;
        for (long k = (long) Math.ceil((lo - eps) / step); k * step <= hi + eps; k++) {
            double v = k * step;
            values.add(Math.abs(v) < eps ? 0.0 : v);
        }
        int decimals = Math.max(minDecimals, decimalsFor(step));
        double[] vs = new double[values.size()];
        String[] labels = new String[values.size()];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = values.get(i);
            labels[i] = format(vs[i], decimals);
        }
        return new Ticks(vs, labels);
    }

    /**
     * How many ticks the coarsest round step with at least {@code min} ticks gives over {@code [lo, hi]}:
     * what an axis must have room for so that it never falls back to fewer than {@code min}.
     */
    static int leastCount(double lo, double hi, int min) {
        if (!(hi > lo)) {
            return 1;
        }
        double span = hi - lo;
        for (double magnitude = Math.pow(10, Math.ceil(Math.log10(span)) + 1); magnitude > span * 1e-9;
                magnitude /= 10) {
            for (double m : MANTISSAS) {
                int n = count(lo, hi, m * magnitude);
                if (n >= min) {
                    return n;
                }
            }
        }
        return min;
    }

    /** How many ticks to aim for: at least {@code minCount}, more on a long axis (half its room, up to 8). */
    private static int want(int minCount, int room) {
        return Math.max(Math.max(2, minCount), Math.min(8, room / 2));
    }

    private static int count(double lo, double hi, double step) {
        double eps = step * 1e-9;
        return (int) (Math.floor((hi + eps) / step) - Math.ceil((lo - eps) / step) + 1);
    }

    /**
     * Integer ticks within {@code [lo, hi]}, every 1, 2, 5, 10, ...: the coarsest step giving at least
     * {@code minCount} ticks (all integers when there are fewer), unless that gives more than
     * {@code maxCount}.
     */
    /** Integer ticks within {@code [lo, hi]}, every 1, 2, 5, 10, ... so that at most {@code maxCount} fit. */
    public static Ticks integers(int lo, int hi, int maxCount) {
        return integers(lo, hi, 2, maxCount);
    }

    /**
     * Integer ticks within {@code [lo, hi]} with at least {@code minCount} (see the other overload), at
     * most {@code maxCount}.
     */
    public static Ticks integers(int lo, int hi, int minCount, int maxCount) {
        int max = Math.max(2, maxCount);
        int min = want(minCount, max);
        int span = Math.max(0, hi - lo);
        int step = 1;
        int coarser = -1;
        int scale = 1;
        while (scale <= span) {
            scale *= 10;
        }
        outer:
        for (; scale >= 1; scale /= 10) {
            for (int s : new int[] {5, 2, 1}) {
                int candidate = s * scale;
                int n = Math.floorDiv(hi, candidate) - Math.floorDiv(lo + candidate - 1, candidate) + 1;
                if (n >= min || candidate == 1) {
                    step = n <= max || coarser < 0 ? candidate : coarser;
                    break outer;
                }
                if (n >= 2 && n <= max) {
                    coarser = candidate;
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
