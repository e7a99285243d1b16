package org.gapscope.app.alignment;

/**
 * Where the heatmap's matrix lies on the canvas and which stretch of the speech axis it shows.
 *
 * @param x0        left edge of the matrix
 * @param x1        right edge
 * @param y0        top edge
 * @param y1        bottom edge
 * @param from      the first speech position shown (fractional)
 * @param to        the end of the speech positions shown
 * @param textCount the number of text tokens (rows)
 */
record HeatmapGeometry(double x0, double x1, double y0, double y1, double from, double to, int textCount) {

    /** The x of speech position {@code position} (fractional). */
    double xOf(double position) {
        return x0 + (position - from) / (to - from) * (x1 - x0);
    }

    /** The speech position at {@code x} (fractional). */
    double positionAt(double x) {
        return from + (x - x0) / (x1 - x0) * (to - from);
    }

    /** The height of one token's row. */
    double row() {
        return (y1 - y0) / textCount;
    }

    /** The centre y of token {@code j}'s row. */
    double yOf(int token) {
        return y0 + (token + 0.5) * row();
    }

    /** The radius of a path dot. */
    double dotRadius() {
        return Math.max(2.5, Math.min(5, row() * 0.35));
    }
}
