package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * Paints the pitch (F0) and level strips on a given time scale, for the audio figure and above the
 * heatmap: F0 as a line through consecutive voiced frames (a dot where a voiced frame stands alone),
 * the level as one line, each over grid lines at its ticks.
 */
final class ProsodyStripPainter {

    private ProsodyStripPainter() {
    }

    /** The strip's label, e.g. {@code F0 (Hz)}. */
    static final String PITCH_LABEL = "F0 (Hz)";

    /** The level strip's label. */
    static final String LEVEL_LABEL = "level (dB)";

    /** Round ticks for the F0 axis of a strip {@code height} high, at least {@code min} when they fit. */
    static Ticks pitchTicks(FigureStyle style, ProsodyStripData p, double height, int min) {
        return ticks(p.pitchRange(), style, height, min);
    }

    /** Round ticks for the level axis of a strip {@code height} high, at least {@code min} when they fit. */
    static Ticks levelTicks(FigureStyle style, ProsodyStripData p, double height, int min) {
        return ticks(p.levelRange(), style, height, min);
    }

    /** Round ticks for the F0 axis of a strip above the heatmap (two to four, or one in a one-line strip). */
    static Ticks pitchTicks(FigureStyle style, ProsodyStripData p, double height) {
        return pitchTicks(style, p, height, 2);
    }

    /** Round ticks for the level axis of a strip above the heatmap (two to four, or one in a one-line strip). */
    static Ticks levelTicks(FigureStyle style, ProsodyStripData p, double height) {
        return levelTicks(style, p, height, 2);
    }

    /**
     * At least {@code min} round ticks (up to what fits, a third of a line apart) when the strip has
     * room for two labels, else the one nearest the middle.
     */
    private static Ticks ticks(double[] range, FigureStyle style, double height, int min) {
        int fit = (int) Math.floor(height / (style.lineHeight() * 1.35)) + 1;
        Ticks best = Ticks.nice(range[0], range[1], Math.max(2, Math.min(min, fit)), Math.max(2, fit));
        if (best.values().length > Math.max(1, fit)) {
            int keep = best.values().length / 2;
            return new Ticks(new double[] {best.values()[keep]}, new String[] {best.labels()[keep]});
        }
        return best;
    }

    /** The F0 track in {@code rect}, on time scale {@code sx}, with grid lines at {@code ticks}. */
    static void pitch(Graphics2D g, FigureStyle style, Rectangle2D rect, Scale sx, ProsodyStripData p, Ticks ticks) {
        double[] r = p.pitchRange();
        Scale sy = new Scale(r[0], r[1], rect.getMaxY(), rect.getMinY());
        Shape oldClip = g.getClip();
        g.clip(rect);
        grid(g, style, rect, sy, ticks);
        g.setColor(style.theme().series(1));
        g.setStroke(style.solid(style.lineWidth() * 0.8));
        double dot = Math.max(style.lineWidth() * 1.6, style.fontSize() * 0.18);
        int n = p.frames();
        for (int k = 0; k < n; k++) {
            if (Float.isNaN(p.f0(k)) || (k > 0 && !Float.isNaN(p.f0(k - 1)))) {
                continue;
            }
            int end = k;
            while (end + 1 < n && !Float.isNaN(p.f0(end + 1))) {
                end++;
            }
            if (end == k) {
                double x = sx.map(p.time(k));
                double y = sy.map(p.f0(k));
                g.fill(new Ellipse2D.Double(x - dot / 2, y - dot / 2, dot, dot));
                continue;
            }
            Path2D.Double run = new Path2D.Double();
            run.moveTo(sx.map(p.time(k)), sy.map(p.f0(k)));
            for (int j = k + 1; j <= end; j++) {
                run.lineTo(sx.map(p.time(j)), sy.map(p.f0(j)));
            }
            g.draw(run);
        }
        g.setClip(oldClip);
    }

    /** The level track in {@code rect}, on time scale {@code sx}, with grid lines at {@code ticks}. */
    static void level(Graphics2D g, FigureStyle style, Rectangle2D rect, Scale sx, ProsodyStripData p, Ticks ticks) {
        double[] r = p.levelRange();
        Scale sy = new Scale(r[0], r[1], rect.getMaxY(), rect.getMinY());
        Shape oldClip = g.getClip();
        g.clip(rect);
        grid(g, style, rect, sy, ticks);
        if (p.frames() > 0) {
            Path2D.Double line = new Path2D.Double();
            for (int k = 0; k < p.frames(); k++) {
                double y = sy.map(Math.max(r[0], p.levelAt(k)));
                if (k == 0) {
                    line.moveTo(sx.map(p.time(k)), y);
                } else {
                    line.lineTo(sx.map(p.time(k)), y);
                }
            }
            g.setColor(style.theme().series(2));
            g.setStroke(style.solid(style.lineWidth() * 0.8));
            g.draw(line);
        }
        g.setClip(oldClip);
    }

    private static void grid(Graphics2D g, FigureStyle style, Rectangle2D rect, Scale sy, Ticks ticks) {
        g.setColor(style.theme().grid());
        g.setStroke(new BasicStroke((float) (style.axisWidth() * 0.8)));
        for (double v : ticks.values()) {
            double y = sy.map(v);
            if (y > rect.getMinY() + 0.5 && y < rect.getMaxY() - 0.5) {
                Drawing.line(g, rect.getMinX(), y, rect.getMaxX(), y);
            }
        }
    }

    /** The value scale of the F0 strip in {@code rect} (for tick labels beside it). */
    static Scale pitchScale(Rectangle2D rect, ProsodyStripData p) {
        double[] r = p.pitchRange();
        return new Scale(r[0], r[1], rect.getMaxY(), rect.getMinY());
    }

    /** The value scale of the level strip in {@code rect}. */
    static Scale levelScale(Rectangle2D rect, ProsodyStripData p) {
        double[] r = p.levelRange();
        return new Scale(r[0], r[1], rect.getMaxY(), rect.getMinY());
    }
}
