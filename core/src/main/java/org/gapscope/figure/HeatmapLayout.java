package org.gapscope.figure;

import java.awt.geom.Rectangle2D;
import java.util.Arrays;

/**
 * Where a heatmap was drawn, for the explorer's hover, click and zoom: the matrix's rectangle, the
 * time axis, and the mapping from a point to the speech position and token under it.
 */
public final class HeatmapLayout {

    private final Rectangle2D plot;
    private final double timeStart;
    private final double timeEnd;
    private final double[] times;
    private final double lastEnd;
    private final int tokenCount;

    HeatmapLayout(Rectangle2D plot, double timeStart, double timeEnd, HeatmapData data) {
        this.plot = (Rectangle2D) plot.clone();
        this.timeStart = timeStart;
        this.timeEnd = timeEnd;
        this.times = data.times();
        this.lastEnd = data.endTime();
        this.tokenCount = data.tokenCount();
    }

    /** The rectangle of the matrix cells (a copy), in the drawing's user units. */
    public Rectangle2D plot() {
        return (Rectangle2D) plot.clone();
    }

    /** The time at the left edge of the time axis, in seconds. */
    public double timeStart() {
        return timeStart;
    }

    /** The time at the right edge of the time axis, in seconds. */
    public double timeEnd() {
        return timeEnd;
    }

    /** The x coordinate of {@code seconds} on the speech axis. */
    public double x(double seconds) {
        return plot.getX() + (seconds - timeStart) * plot.getWidth() / (timeEnd - timeStart);
    }

    /** The time in seconds at x. */
    public double time(double x) {
        return timeStart + (x - plot.getX()) * (timeEnd - timeStart) / plot.getWidth();
    }

    /** The speech position under {@code (x, y)}, or -1 outside the matrix. */
    public int speechIndexAt(double x, double y) {
        if (!plot.contains(x, y)) {
            return -1;
        }
        double t = time(x);
        if (t < times[0] || t >= lastEnd) {
            return -1;
        }
        int i = Arrays.binarySearch(times, t);
        return i >= 0 ? i : -i - 2;
    }

    /** The text token under {@code (x, y)}, or -1 outside the matrix. */
    public int tokenIndexAt(double x, double y) {
        if (!plot.contains(x, y)) {
            return -1;
        }
        int j = (int) Math.floor((y - plot.getY()) * tokenCount / plot.getHeight());
        return Math.max(0, Math.min(tokenCount - 1, j));
    }

    /** The y coordinate of the centre of token j's row. */
    public double y(int token) {
        return plot.getY() + (token + 0.5) * plot.getHeight() / tokenCount;
    }
}
