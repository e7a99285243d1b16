package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Path2D;

/**
 * The paths on an alignment heatmap, drawn by one routine for the exported figure ({@link HeatmapRenderer})
 * and the explorer's canvas: the alignment path as a line through one mark per token (white outlined in
 * black), and GapScope's DTW path as a dashed line through every cell of its frame path. The caller says
 * where cells lie and clips (the explorer, zoomed, clips to the matrix; the figure shows every cell).
 */
public final class HeatmapPaths {

    /** Where the centre of a cell lies on the drawing. */
    public interface Cells {
        /** The x of the centre of speech position {@code speech}. */
        double x(int speech);

        /** The y of the centre of token {@code token}'s row. */
        double y(int token);
    }

    private HeatmapPaths() {
    }

    /**
     * The DTW path's cells in order, {speech position, token}: for each token every position of its span
     * {@code spanStart[j]..spanEnd[j]}, so the drawn line follows the whole frame path, not one point per token.
     */
    public static int[][] dtwSteps(int[] spanStart, int[] spanEnd) {
        if (spanStart.length != spanEnd.length) {
            throw new IllegalArgumentException("DTW path: " + spanStart.length + " span starts, " + spanEnd.length
                    + " span ends");
        }
        int n = 0;
        for (int j = 0; j < spanStart.length; j++) {
            if (spanEnd[j] < spanStart[j]) {
                throw new IllegalArgumentException("DTW path: token " + j + " spans " + spanStart[j] + ".." + spanEnd[j]);
            }
            n += spanEnd[j] - spanStart[j] + 1;
        }
        int[][] steps = new int[n][];
        int k = 0;
        for (int j = 0; j < spanStart.length; j++) {
            for (int i = spanStart[j]; i <= spanEnd[j]; i++) {
                steps[k++] = new int[] {i, j};
            }
        }
        return steps;
    }

    /**
     * Draws the DTW path (when {@code dtwSteps} is not null) and then the alignment path (when {@code path}
     * is not null) in {@code style}'s colour map's path colours.
     *
     * @param rowHeight the height of one token's row (marks are left out where rows are too thin for them)
     * @param path      the aligned speech position of each token, or null
     * @param dtwSteps  the DTW path's cells {speech position, token} in order, or null
     */
    public static void draw(Graphics2D g, FigureStyle style, Cells at, double rowHeight, int[] path, int[][] dtwSteps) {
        double lw = style.lineWidth();
        Color fill = style.colorMap().pathColor();
        Color outline = style.colorMap().pathOutline();
        Stroke outer = style.solid(lw * 0.6 + style.fontSize() * 0.16);
        Stroke inner = style.solid(lw * 0.6);
        if (dtwSteps != null && dtwSteps.length > 0) {
            Path2D.Double p = new Path2D.Double();
            for (int k = 0; k < dtwSteps.length; k++) {
                double x = at.x(dtwSteps[k][0]);
                double y = at.y(dtwSteps[k][1]);
                if (k == 0) {
                    p.moveTo(x, y);
                } else {
                    p.lineTo(x, y);
                }
            }
            g.setColor(outline);
            g.setStroke(outer);
            g.draw(p);
            g.setColor(fill);
            g.setStroke(style.dashed(lw * 0.6));
            g.draw(p);
        }
        if (path == null) {
            return;
        }
        int tt = path.length;
        double[] xs = new double[tt];
        double[] ys = new double[tt];
        Path2D.Double line = new Path2D.Double();
        for (int j = 0; j < tt; j++) {
            xs[j] = at.x(path[j]);
            ys[j] = at.y(j);
            if (j == 0) {
                line.moveTo(xs[j], ys[j]);
            } else {
                line.lineTo(xs[j], ys[j]);
            }
        }
        g.setColor(outline);
        g.setStroke(outer);
        g.draw(line);
        g.setColor(fill);
        g.setStroke(inner);
        g.draw(line);
        double size = markSize(style, rowHeight);
        if (rowHeight >= style.fontSize() * 0.2) {
            for (int j = 0; j < tt; j++) {
                Shape m = Drawing.marker(0, xs[j], ys[j], size);
                g.setColor(fill);
                g.fill(m);
                g.setColor(outline);
                g.setStroke(new BasicStroke((float) Math.max(0.3, style.axisWidth())));
                g.draw(m);
            }
        }
    }

    /** The diameter of a path mark for rows {@code rowHeight} high (the explorer hit-tests with it). */
    public static double markSize(FigureStyle style, double rowHeight) {
        return Math.max(style.fontSize() * 0.22, Math.min(style.fontSize() * 0.6, rowHeight * 0.7));
    }
}
