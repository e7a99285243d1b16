package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;

/**
 * The reference word spans on an alignment heatmap ({@link WordSpans}), drawn by one routine for the
 * exported figure ({@link HeatmapRenderer}) and the explorer's canvas: one box per word around its
 * tokens' rows and the speech positions inside its timing, a black frame with a white dotted line on
 * it. Black and white read on every colour map and in grey print (as the path's marks); the boxes'
 * square corners and short even dots keep them apart from the path (a line through round marks) and
 * from the DTW path (longer dashes through cell centres). Drawn under the paths.
 */
public final class HeatmapSpans {

    /** Where the edges of cells lie on the drawing. */
    public interface Edges {
        /** The x of the left edge of speech position {@code speech}. */
        double left(int speech);

        /** The x of the right edge of speech position {@code speech}. */
        double right(int speech);

        /** The y of the top edge of token {@code token}'s row. */
        double top(int token);

        /** The y of the bottom edge of token {@code token}'s row. */
        double bottom(int token);
    }

    private HeatmapSpans() {
    }

    /** Draws every box of {@code spans} (nothing when null). */
    public static void draw(Graphics2D g, FigureStyle style, Edges at, WordSpans spans) {
        if (spans == null) {
            return;
        }
        Stroke outer = outer(style);
        Stroke inner = inner(style);
        for (WordSpans.Box b : spans.boxes()) {
            double x0 = at.left(b.start());
            double x1 = at.right(b.end() - 1);
            double y0 = at.top(b.firstToken());
            double y1 = at.bottom(b.endToken() - 1);
            Rectangle2D r = new Rectangle2D.Double(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
            g.setColor(style.colorMap().pathOutline());
            g.setStroke(outer);
            g.draw(r);
            g.setColor(style.colorMap().pathColor());
            g.setStroke(inner);
            g.draw(r);
        }
    }

    /** The black frame's stroke: the dots' width and a halo as wide as the path's. */
    static Stroke outer(FigureStyle style) {
        return new BasicStroke((float) (width(style) + style.fontSize() * 0.12), BasicStroke.CAP_SQUARE,
                BasicStroke.JOIN_MITER);
    }

    /** The white dots' stroke: dots as long as the gaps between them. */
    static Stroke inner(FigureStyle style) {
        float d = (float) Math.max(1, style.fontSize() * 0.2);
        return new BasicStroke((float) width(style), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {d, d}, 0f);
    }

    private static double width(FigureStyle style) {
        return Math.max(0.6, style.lineWidth() * 0.5);
    }
}
