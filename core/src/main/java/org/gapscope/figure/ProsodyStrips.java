package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The F0 and level strips as the heatmap draws them above its matrix: each strip's name left of it
 * (in the token-label column), its value ticks right of it (above the colour bar), on the speech axis.
 *
 * @param data   the tracks
 * @param left   the strips' left edge (the matrix's)
 * @param width  their width (the matrix's)
 * @param pitch  the F0 strip's top and height, or null
 * @param level  the level strip's top and height, or null
 */
record ProsodyStrips(ProsodyStripData data, double left, double width, double[] pitch, double[] level) {

    /** The names drawn left of the strips. */
    static List<String> labels(ProsodyStripData data) {
        List<String> labels = new ArrayList<>();
        if (data.pitch()) {
            labels.add(ProsodyStripPainter.PITCH_LABEL);
        }
        if (data.level()) {
            labels.add(ProsodyStripPainter.LEVEL_LABEL);
        }
        return labels;
    }

    /**
     * A strip's height in a figure body {@code body} high: room for two tick labels, or in a cramped body
     * one line (its name and one tick label still fit).
     */
    private static double pitchHeight(FigureStyle style, double body) {
        return body < style.fontSize() * 24 ? line(style) : Math.max(style.fontSize() * 3.2, body * 0.14);
    }

    private static double levelHeight(FigureStyle style, double body) {
        return body < style.fontSize() * 24 ? line(style) : Math.max(style.fontSize() * 3.2, body * 0.11);
    }

    private static double line(FigureStyle style) {
        return Text.height(style.tickFont()) * 1.15;
    }

    /** The strips stacked from {@code top} for a figure body of {@code body} (width set later). */
    static ProsodyStrips place(ProsodyStripData data, FigureStyle style, double left, double top, double body) {
        double gap = style.fontSize() * 0.4;
        double y = top;
        double[] pitch = null;
        double[] level = null;
        if (data.pitch()) {
            pitch = new double[] {y, pitchHeight(style, body)};
            y += pitch[1] + gap;
        }
        if (data.level()) {
            level = new double[] {y, levelHeight(style, body)};
        }
        return new ProsodyStrips(data, left, 0, pitch, level);
    }

    /** The height the strips need above a matrix {@code plotHeight} high (gaps between them included). */
    static double preferredHeight(ProsodyStripData data, FigureStyle style, double plotHeight) {
        double body = plotHeight / 0.7;
        double h = 0;
        if (data.pitch()) {
            h += pitchHeight(style, body);
        }
        if (data.level()) {
            h += (h > 0 ? style.fontSize() * 0.4 : 0) + levelHeight(style, body);
        }
        return h;
    }

    /** The same strips {@code newWidth} wide. */
    ProsodyStrips withWidth(double newWidth) {
        return new ProsodyStrips(data, left, newWidth, pitch, level);
    }

    /** The top of the first strip. */
    double top() {
        return pitch != null ? pitch[0] : level[0];
    }

    /** The bottom of the last strip. */
    double bottom() {
        double[] last = level != null ? level : pitch;
        return last[0] + last[1];
    }

    /** Draws the strips on time scale {@code sx}, their names right-aligned at {@code labelRight}. */
    void draw(Graphics2D g, FigureStyle style, Scale sx, double labelRight) {
        if (pitch != null) {
            Rectangle2D r = new Rectangle2D.Double(left, pitch[0], width, pitch[1]);
            Ticks ticks = ProsodyStripPainter.pitchTicks(style, data, r.getHeight());
            ProsodyStripPainter.pitch(g, style, r, sx, data, ticks);
            finish(g, style, r, ProsodyStripPainter.pitchScale(r, data), ticks, ProsodyStripPainter.PITCH_LABEL,
                    labelRight);
        }
        if (level != null) {
            Rectangle2D r = new Rectangle2D.Double(left, level[0], width, level[1]);
            Ticks ticks = ProsodyStripPainter.levelTicks(style, data, r.getHeight());
            ProsodyStripPainter.level(g, style, r, sx, data, ticks);
            finish(g, style, r, ProsodyStripPainter.levelScale(r, data), ticks, ProsodyStripPainter.LEVEL_LABEL,
                    labelRight);
        }
    }

    /** Frame, ticks and labels on the right, the name on the left. */
    private static void finish(Graphics2D g, FigureStyle style, Rectangle2D r, Scale sy, Ticks ticks, String name,
            double labelRight) {
        Drawing.frame(g, style, r);
        double tl = style.tickLength();
        g.setStroke(new BasicStroke((float) style.axisWidth()));
        for (int i = 0; i < ticks.values().length; i++) {
            double y = sy.map(ticks.values()[i]);
            if (y < r.getMinY() - 0.01 || y > r.getMaxY() + 0.01) {
                continue;
            }
            g.setColor(style.theme().axis());
            Drawing.line(g, r.getMaxX(), y, r.getMaxX() + tl, y);
            g.setColor(style.theme().foreground());
            Text.drawMiddle(g, style.tickFont(), ticks.labels()[i], r.getMaxX() + tl + style.fontSize() * 0.3, y,
                    Text.Align.LEFT);
        }
        g.setColor(style.theme().foreground());
        Text.drawMiddle(g, style.tickFont(), name, labelRight, r.getCenterY(), Text.Align.RIGHT);
    }
}
