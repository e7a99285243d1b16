package org.gapscope.app.audio;

/**
 * A stretch of a clip in seconds, {@code from < to}.
 *
 * @param from start in seconds
 * @param to   end in seconds
 */
public record TimeRange(double from, double to) {

    /** Validates that the range is finite and not empty. */
    public TimeRange {
        if (!Double.isFinite(from) || !Double.isFinite(to) || !(to > from)) {
            throw new IllegalArgumentException("time range must be finite and non-empty: " + from + " .. " + to);
        }
    }

    /** The range between two times in either order, or null when they are (nearly) equal. */
    public static TimeRange between(double a, double b) {
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        return hi - lo < 1e-3 ? null : new TimeRange(lo, hi);
    }

    /** Length in seconds. */
    public double length() {
        return to - from;
    }

    /** This range clamped to [0, limit], or null when nothing is left. */
    public TimeRange clamp(double limit) {
        double lo = Math.max(0, from);
        double hi = Math.min(limit, to);
        return hi > lo ? new TimeRange(lo, hi) : null;
    }
}
