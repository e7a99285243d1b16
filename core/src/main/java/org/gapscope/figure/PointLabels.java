package org.gapscope.figure;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Places the point labels of a scatter: beside its point (right, left, above, below), inside the
 * plot, over no other label or marker, and only where the label reads as its own point's: no other
 * point may be about as near to it as its own ("step800 ■ step800 ●" must not leave the reader
 * guessing which label is whose). A label with no such place is left out; the point keeps its colour
 * and marker, and its name is in the exported data.
 */
final class PointLabels {

    private PointLabels() {
    }

    static void draw(Graphics2D g, FigureStyle style, ScoreVsGapData data, Rectangle2D plot, Scale sx, Scale sy,
            List<Rectangle2D> occupied, double markerSize) {
        Font font = style.tickFont();
        double asc = Text.ascent(font);
        double h = Text.height(font);
        double gap = markerSize * 0.5 + style.fontSize() * 0.2;
        for (ScoreVsGapData.Point p : data.points()) {
            if (p.label().isEmpty()) {
                continue;
            }
            String label = p.label();
            double w = Text.width(font, label);
            double x = sx.map(p.gap());
            double y = sy.map(p.score());
            double[][] candidates = {
                {x + gap, y - h / 2}, {x - gap - w, y - h / 2}, {x - w / 2, y - gap - h}, {x - w / 2, y + gap}};
            Rectangle2D chosen = null;
            for (int pass = 0; pass < 2 && chosen == null; pass++) {
                for (double[] c : candidates) {
                    Rectangle2D box = new Rectangle2D.Double(c[0], c[1], w, h);
                    if (!plot.contains(box) || overlaps(box, occupied) || !nearestIsOwn(box, p, data, sx, sy, style)
                            || pass == 0 && crossesFit(data, box, sx, sy)) {
                        continue;
                    }
                    chosen = box;
                    break;
                }
            }
            if (chosen != null) {
                g.setColor(style.theme().foreground());
                Text.draw(g, font, label, chosen.getX(), chosen.getY() + asc, Text.Align.LEFT);
                occupied.add(chosen);
            }
        }
    }

    /** Whether every other point lies clearly farther from {@code box} than {@code own} does. */
    static boolean nearestIsOwn(Rectangle2D box, ScoreVsGapData.Point own, ScoreVsGapData data, Scale sx, Scale sy,
            FigureStyle style) {
        double mine = distance(box, sx.map(own.gap()), sy.map(own.score()));
        double margin = style.fontSize() * 0.8;
        for (ScoreVsGapData.Point q : data.points()) {
            if (q != own && distance(box, sx.map(q.gap()), sy.map(q.score())) < mine + margin) {
                return false;
            }
        }
        return true;
    }

    private static double distance(Rectangle2D r, double x, double y) {
        double dx = Math.max(Math.max(r.getMinX() - x, 0), x - r.getMaxX());
        double dy = Math.max(Math.max(r.getMinY() - y, 0), y - r.getMaxY());
        return Math.hypot(dx, dy);
    }

    private static boolean overlaps(Rectangle2D box, List<Rectangle2D> occupied) {
        for (Rectangle2D o : occupied) {
            if (o.intersects(box)) {
                return true;
            }
        }
        return false;
    }

    private static boolean crossesFit(ScoreVsGapData data, Rectangle2D box, Scale sx, Scale sy) {
        ScoreVsGapData.Fit f = data.fit();
        if (f == null) {
            return false;
        }
        double y0 = sy.map(f.intercept() + f.slope() * sx.invert(box.getMinX()));
        double y1 = sy.map(f.intercept() + f.slope() * sx.invert(box.getMaxX()));
        return box.intersectsLine(box.getMinX(), y0, box.getMaxX(), y1);
    }
}
