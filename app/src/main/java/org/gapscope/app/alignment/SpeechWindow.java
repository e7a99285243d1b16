package org.gapscope.app.alignment;

/**
 * The heatmap's visible stretch of the speech axis, in positions: zoomed around a point, panned, set,
 * always kept inside the clip and at least 4 positions long where the clip has them.
 */
final class SpeechWindow {

    private double from;
    private double to = 1;

    /** The first position shown (fractional). */
    double from() {
        return from;
    }

    /** The end of the positions shown (fractional). */
    double to() {
        return to;
    }

    /** {@code to - from}. */
    double length() {
        return to - from;
    }

    /** Shows all {@code n} positions. */
    void showAll(int n) {
        from = 0;
        to = n;
    }

    /** Shows {@code from} to {@code to} of {@code n} positions, clamped. */
    void set(double newFrom, double newTo, int n) {
        place(newFrom, Math.max(Math.min(4, n), Math.min(n, newTo - newFrom)), n);
    }

    /** Zooms by {@code factor} (below 1: in) around position {@code centre}. */
    void zoom(double factor, double centre, int n) {
        double length = Math.max(Math.min(4, n), Math.min(n, length() * factor));
        place(centre - (centre - from) * length / length(), length, n);
    }

    /** Moves by {@code positions} (clamped), keeping the length. */
    void pan(double positions, int n) {
        place(from + positions, length(), n);
    }

    /** Starts at {@code start} (clamped) with {@code length}. */
    void moveTo(double start, int n) {
        place(start, length(), n);
    }

    private void place(double start, double length, int n) {
        from = Math.max(0, Math.min(n - length, start));
        to = from + length;
    }
}
