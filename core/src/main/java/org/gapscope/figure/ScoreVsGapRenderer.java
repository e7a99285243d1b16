package org.gapscope.figure;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws the score-vs-GAP scatter: one point per model or checkpoint, coloured and shaped by group,
 * labelled where there is room, with the least-squares line and its R² in the emptiest corner.
 */
public final class ScoreVsGapRenderer implements FigureRenderer {

    private static final int MAX_LABELLED = 30;

    private final ScoreVsGapData data;
    private final Map<String, Integer> groups = new LinkedHashMap<>();

    /** A renderer for {@code data}. */
    public ScoreVsGapRenderer(ScoreVsGapData data) {
        if (data == null) {
            throw new IllegalArgumentException("score vs GAP renderer: data is required");
        }
        this.data = data;
        for (ScoreVsGapData.Point p : data.points()) {
            groups.putIfAbsent(p.group(), groups.size());
        }
    }

    @Override
    public ScoreVsGapData data() {
        return data;
    }

    @Override
    public String description() {
        String fit = data.fit() == null ? "" : ", fitted line R\u00b2 = " + Ticks.format(data.fit().r2(), 2);
        return "Score vs GAP: " + (data.title().isBlank() ? "" : data.title() + ": ") + data.yLabel() + " against "
                + data.xLabel() + ", " + data.points().size() + " points" + fit;
    }

    private record Geometry(double pad, List<String> titleLines, Rectangle2D plot, Ticks xTicks, Ticks yTicks,
            double[] xRange, double[] yRange, Legend legend, double legendTop) {
    }

    private Geometry geometry(double width, double height, FigureStyle style) {
        double fs = style.fontSize();
        double pad = fs * 0.6;
        double contentW = Math.max(fs, width - 2 * pad);
        List<String> titleLines = Drawing.wrapTitle(style, data.title(), contentW);
        double top = pad + Drawing.linesHeight(style, titleLines, style.titleFont())
                + (titleLines.isEmpty() ? 0 : fs * 0.4);
        Legend legend = new Legend(legendEntries(style), style, contentW);
        double legendTop = height - pad - legend.height();
        double bottom = legendTop - (legend.isEmpty() ? 0 : fs * 0.4) - Drawing.xAxisHeight(style, true);
        double[] xr = range(true);
        double[] yr = range(false);
        double plotH = Math.max(fs, bottom - top);
        Ticks yTicks = Ticks.nice(yr[0], yr[1], (int) Math.max(2, Math.min(8, plotH / (Text.height(style.tickFont()) * 2.2))));
        double left = pad + Text.height(style.labelFont()) + fs * 0.35 + Drawing.yTicksWidth(style, yTicks);
        double right = width - pad - fs * 0.8;
        double plotW = Math.max(fs, right - left);
        double sample = Math.max(Text.width(style.tickFont(), Ticks.format(xr[1], 1)),
                Text.width(style.tickFont(), Ticks.format(xr[0], 1))) + fs * 1.6;
        Ticks xTicks = Ticks.nice(xr[0], xr[1], (int) Math.max(2, Math.min(10, plotW / sample)));
        return new Geometry(pad, titleLines, new Rectangle2D.Double(left, top, plotW, plotH), xTicks, yTicks, xr, yr,
                legend, legendTop);
    }

    private double[] range(boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (ScoreVsGapData.Point p : data.points()) {
            double v = x ? p.gap() : p.score();
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (lo == hi) {
            double p = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new double[] {lo - p, hi + p};
        }
        double p = (hi - lo) * (x ? 0.08 : 0.12);
        return new double[] {lo - p, hi + p};
    }

    private List<Legend.Entry> legendEntries(FigureStyle style) {
        List<Legend.Entry> entries = new ArrayList<>();
        if (groups.size() > 1 || !groups.keySet().iterator().next().isEmpty()) {
            for (Map.Entry<String, Integer> e : groups.entrySet()) {
                String label = e.getKey().isEmpty() ? "other" : e.getKey();
                entries.add(new Legend.Entry(label, style.theme().series(e.getValue()), false, false,
                        e.getValue() % 4, false, false, false));
            }
        }
        if (data.fit() != null) {
            entries.add(new Legend.Entry("least-squares fit", style.theme().foreground(), true, true, -1, false, false,
                    false));
        }
        return entries;
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        Geometry probe = geometry(width, width, style);
        double fixed = width - probe.plot.getHeight();
        return Math.ceil(fixed + Math.max(style.fontSize() * 8, probe.plot.getWidth() * 0.72));
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Geometry geo = geometry(width, height, style);
            Drawing.title(g, style, geo.titleLines, geo.pad, width);
            Rectangle2D plot = geo.plot;
            Scale sx = new Scale(geo.xRange[0], geo.xRange[1], plot.getMinX(), plot.getMaxX());
            Scale sy = new Scale(geo.yRange[0], geo.yRange[1], plot.getMaxY(), plot.getMinY());
            Drawing.xGrid(g, style, plot, sx, geo.xTicks);
            Drawing.yAxis(g, style, plot, sy, geo.yTicks, true);
            Drawing.xAxis(g, style, plot, sx, geo.xTicks, data.xLabel());
            double yLabelX = plot.getMinX() - Drawing.yTicksWidth(style, geo.yTicks) - style.fontSize() * 0.2
                    - Text.height(style.labelFont()) / 2;
            g.setColor(style.theme().foreground());
            Text.drawVertical(g, style.labelFont(), Text.elide(style.labelFont(), data.yLabel(), plot.getHeight()),
                    yLabelX, plot.getCenterY());

            Shape oldClip = g.getClip();
            g.clip(plot);
            if (data.fit() != null) {
                ScoreVsGapData.Fit f = data.fit();
                g.setColor(style.theme().foreground());
                g.setStroke(style.dashed(style.lineWidth()));
                Drawing.line(g, sx.map(geo.xRange[0]), sy.map(f.intercept() + f.slope() * geo.xRange[0]),
                        sx.map(geo.xRange[1]), sy.map(f.intercept() + f.slope() * geo.xRange[1]));
            }
            g.setClip(oldClip);

            List<Rectangle2D> occupied = new ArrayList<>();
            double size = style.fontSize() * 0.7;
            for (ScoreVsGapData.Point p : data.points()) {
                int gi = groups.get(p.group());
                double x = sx.map(p.gap());
                double y = sy.map(p.score());
                Shape m = Drawing.marker(gi % 4, x, y, size);
                g.setColor(style.theme().series(gi));
                g.fill(m);
                g.setColor(style.theme().background());
                g.setStroke(style.solid(style.axisWidth()));
                g.draw(m);
                occupied.add(m.getBounds2D());
            }
            Rectangle2D note = drawFitNote(g, style, plot, sx, sy);
            if (note != null) {
                occupied.add(note);
            }
            if (data.points().size() <= MAX_LABELLED) {
                drawPointLabels(g, style, plot, sx, sy, occupied, size);
            }
            Drawing.spines(g, style, plot);
            geo.legend.draw(g, width / 2, geo.legendTop);
        } finally {
            g.dispose();
        }
    }

    /** R², slope and n in the corner of the plot with the fewest points; returns its box. */
    private Rectangle2D drawFitNote(Graphics2D g, FigureStyle style, Rectangle2D plot, Scale sx, Scale sy) {
        ScoreVsGapData.Fit f = data.fit();
        if (f == null) {
            return null;
        }
        Font font = style.tickFont();
        List<String> lines = List.of("R\u00b2 = " + Ticks.format(f.r2(), 2) + ", n = " + data.points().size(),
                "slope " + Ticks.significant(f.slope()));
        double w = Text.maxWidth(font, lines);
        double lh = Text.height(font);
        double h = lines.size() * lh;
        double m = style.fontSize() * 0.5;
        Rectangle2D best = null;
        int bestCount = Integer.MAX_VALUE;
        double[][] corners = {
            {plot.getMinX() + m, plot.getMinY() + m}, {plot.getMaxX() - m - w, plot.getMinY() + m},
            {plot.getMinX() + m, plot.getMaxY() - m - h}, {plot.getMaxX() - m - w, plot.getMaxY() - m - h}};
        for (double[] c : corners) {
            Rectangle2D box = new Rectangle2D.Double(c[0] - m / 2, c[1] - m / 2, w + m, h + m);
            int count = 0;
            for (ScoreVsGapData.Point p : data.points()) {
                if (box.contains(sx.map(p.gap()), sy.map(p.score()))) {
                    count++;
                }
            }
            double y0 = sy.map(f.intercept() + f.slope() * sx.invert(box.getMinX()));
            double y1 = sy.map(f.intercept() + f.slope() * sx.invert(box.getMaxX()));
            if (box.intersectsLine(box.getMinX(), y0, box.getMaxX(), y1)) {
                count++;
            }
            if (count < bestCount) {
                bestCount = count;
                best = box;
            }
        }
        g.setColor(Drawing.alpha(style.theme().background(), 0.85));
        g.fill(best);
        g.setColor(style.theme().foreground());
        double y = best.getY() + m / 2;
        for (String line : lines) {
            y += Text.ascent(font);
            Text.draw(g, font, line, best.getX() + m / 2, y, Text.Align.LEFT);
            y += Text.descent(font);
        }
        return best;
    }

    /** Each point's label beside it (right, left, above or below), skipped when it would overlap anything. */
    private void drawPointLabels(Graphics2D g, FigureStyle style, Rectangle2D plot, Scale sx, Scale sy,
            List<Rectangle2D> occupied, double markerSize) {
        Font font = style.tickFont();
        double asc = Text.ascent(font);
        double h = Text.height(font);
        double gap = markerSize * 0.5 + style.fontSize() * 0.2;
        for (ScoreVsGapData.Point p : data.points()) {
            if (p.label().isEmpty()) {
                continue;
            }
            String label = Text.elide(font, p.label(), plot.getWidth() * 0.45);
            double w = Text.width(font, label);
            double x = sx.map(p.gap());
            double y = sy.map(p.score());
            double[][] candidates = {
                {x + gap, y - h / 2}, {x - gap - w, y - h / 2}, {x - w / 2, y - gap - h}, {x - w / 2, y + gap}};
            Rectangle2D chosen = null;
            boolean crossesLine = false;
            for (int pass = 0; pass < 2 && chosen == null; pass++) {
                for (double[] c : candidates) {
                    Rectangle2D box = new Rectangle2D.Double(c[0], c[1], w, h);
                    if (!plot.contains(box) || overlaps(box, occupied)) {
                        continue;
                    }
                    boolean onLine = crossesFit(box, sx, sy);
                    if (pass == 0 && onLine) {
                        continue;
                    }
                    chosen = box;
                    crossesLine = onLine;
                    break;
                }
            }
            if (chosen != null) {
                if (crossesLine) {
                    g.setColor(Drawing.alpha(style.theme().background(), 0.85));
                    g.fill(chosen);
                }
                g.setColor(style.theme().foreground());
                Text.draw(g, font, label, chosen.getX(), chosen.getY() + asc, Text.Align.LEFT);
                occupied.add(chosen);
            }
        }
    }

    private static boolean overlaps(Rectangle2D box, List<Rectangle2D> occupied) {
        for (Rectangle2D o : occupied) {
            if (o.intersects(box)) {
                return true;
            }
        }
        return false;
    }

    private boolean crossesFit(Rectangle2D box, Scale sx, Scale sy) {
        ScoreVsGapData.Fit f = data.fit();
        if (f == null) {
            return false;
        }
        double y0 = sy.map(f.intercept() + f.slope() * sx.invert(box.getMinX()));
        double y1 = sy.map(f.intercept() + f.slope() * sx.invert(box.getMaxX()));
        return box.intersectsLine(box.getMinX(), y0, box.getMaxX(), y1);
    }
}
