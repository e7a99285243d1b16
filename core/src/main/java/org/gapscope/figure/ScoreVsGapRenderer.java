package org.gapscope.figure;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the score-vs-GAP scatter: one point per model or checkpoint, coloured and shaped by group
 * (the group's place in {@link ScoreVsGapData#groups()}, so a figure of one group keeps its colour),
 * labelled where a label reads as its own point's, with the least-squares line of the score on GAP and,
 * where the data has them, each group's own line in its colour; R² and n are in the lines' legend
 * entries, not in a box over the data.
 */
public final class ScoreVsGapRenderer implements FigureRenderer {

    private static final int MAX_LABELLED = 30;

    private final ScoreVsGapData data;

    /** A renderer for {@code data}. */
    public ScoreVsGapRenderer(ScoreVsGapData data) {
        if (data == null) {
            throw new IllegalArgumentException("score vs GAP renderer: data is required");
        }
        this.data = data;
    }

    @Override
    public ScoreVsGapData data() {
        return data;
    }

    @Override
    public String description() {
        ScoreVsGapData.Fit f = data.fit();
        String fit = f == null ? "" : "; least-squares line of the score on GAP: R\u00b2 = " + Ticks.format(f.r2(), 2)
                + ", slope " + Ticks.significant(f.slope()) + " score units per GAP point (GAP on score: "
                + Ticks.significant(f.gapOnScoreSlope()) + " points per score unit)";
        for (ScoreVsGapData.GroupFit own : data.groupFits()) {
            fit += "; " + own.group() + " alone: R\u00b2 = " + Ticks.format(own.fit().r2(), 2) + ", slope "
                    + Ticks.significant(own.fit().slope()) + " (n = " + own.n() + ")";
        }
        return "Score vs GAP: " + (data.title().isBlank() ? "" : data.title() + ": ") + data.yLabel() + " against "
                + data.xLabel() + ", " + data.points().size() + " points" + fit;
    }

    private record Geometry(double pad, Header header, int headerLevel, Rectangle2D plot, Ticks xTicks, Ticks yTicks,
            double[] xRange, double[] yRange, List<String> yLabel, Legend legend, double legendTop) {
    }

    private Header header(FigureStyle style, double contentW) {
        return Header.of(style, contentW, data.title().isBlank() ? List.of() : List.of(data.title()), List.of(), null,
                true);
    }

    private double plotMin(FigureStyle style) {
        double[] yr = range(false);
        return Math.max(Math.max(Drawing.yTicksNeed(style, yr[0], yr[1]), style.fontSize() * 6),
                Drawing.axisLabelNeed(style, data.yLabel()));
    }

    /** Everything but the plot at header {@code level}. */
    private double outside(double width, FigureStyle style, int level) {
        double fs = style.fontSize();
        double contentW = Math.max(fs, width - 1.2 * fs);
        Legend legend = new Legend(legendEntries(style), style, contentW);
        return 1.2 * fs + header(style, contentW).height(level) + legend.height() + (legend.isEmpty() ? 0 : fs * 0.4)
                + Drawing.xAxisHeight(style, true);
    }

    private Geometry geometry(double width, double height, FigureStyle style) {
        double fs = style.fontSize();
        double pad = fs * 0.6;
        double contentW = Math.max(fs, width - 2 * pad);
        Header header = header(style, contentW);
        Legend legend = new Legend(legendEntries(style), style, contentW);
        int level = header.fit(height - outside(width, style, header.lastLevel()) - plotMin(style));
        double top = pad + header.height(level);
        double legendTop = height - pad - legend.height();
        double bottom = legendTop - (legend.isEmpty() ? 0 : fs * 0.4) - Drawing.xAxisHeight(style, true);
        double[] xr = range(true);
        double[] yr = range(false);
        double plotH = Math.max(fs, bottom - top);
        Ticks yTicks = Ticks.nice(yr[0], yr[1], Ticks.MIN_COUNT, Drawing.yTickRoom(style, plotH));
        List<String> yLabel = Drawing.axisLabel(style, data.yLabel(), plotH);
        double left = pad + Drawing.axisLabelThickness(style, yLabel.size()) + fs * 0.35
                + Drawing.yTicksWidth(style, yTicks);
        double right = width - pad - fs * 0.8;
        double plotW = Math.max(fs, right - left);
        Ticks xTicks = Ticks.nice(xr[0], xr[1], Ticks.MIN_COUNT, xTickRoom(style, plotW, xr));
        return new Geometry(pad, header, level, new Rectangle2D.Double(left, top, plotW, plotH), xTicks, yTicks, xr,
                yr, yLabel, legend, legendTop);
    }

    private static int xTickRoom(FigureStyle style, double plotW, double[] xr) {
        Font tf = style.tickFont();
        double sample = Math.max(Text.width(tf, Ticks.format(xr[1], 1)), Text.width(tf, Ticks.format(xr[0], 1)))
                + style.fontSize() * 1.6;
        return (int) Math.max(2, Math.min(10, plotW / sample));
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

    private int groupIndex(String group) {
        return data.groups().indexOf(group);
    }

    private List<Legend.Entry> legendEntries(FigureStyle style) {
        List<Legend.Entry> entries = new ArrayList<>();
        if (data.grouped()) {
            List<String> present = data.points().stream().map(ScoreVsGapData.Point::group).distinct().toList();
            for (String group : data.groups()) {
                if (!present.contains(group)) {
                    continue;
                }
                int gi = groupIndex(group);
                String name = group.isEmpty() ? "other" : group;
                ScoreVsGapData.GroupFit own = data.groupFit(group).orElse(null);
                entries.add(new Legend.Entry(own == null ? name : name + " (R\u00b2 = " + Ticks.format(own.fit().r2(), 2)
                        + ", n = " + own.n() + ")", style.theme().series(gi), own != null, false, gi % 4, false, false,
                        null));
            }
        }
        ScoreVsGapData.Fit f = data.fit();
        if (f != null) {
            entries.add(new Legend.Entry((data.groupFits().isEmpty() ? "least-squares fit" : "all together")
                    + " (R\u00b2 = " + Ticks.format(f.r2(), 2) + ", n = " + data.points().size() + ")",
                    style.theme().foreground(), true, true, -1, false, false, null));
        }
        return entries;
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        double fs = style.fontSize();
        Geometry probe = geometry(width, width * 2, style);
        double plotH = Math.max(fs * 8, Math.min(fs * 20, probe.plot.getWidth() * 0.62));
        return Math.max(minimumHeight(width, style), Math.ceil(outside(width, style, 0) + plotH));
    }

    @Override
    public double minimumHeight(double width, FigureStyle style) {
        return Math.ceil(outside(width, style, header(style, width).lastLevel()) + plotMin(style));
    }

    @Override
    public double minimumWidth(FigureStyle style) {
        double fs = style.fontSize();
        double[] xr = range(true);
        double[] yr = range(false);
        Ticks y = Ticks.nice(yr[0], yr[1], Ticks.MIN_COUNT, 9);
        double plot = Math.max(Text.width(style.labelFont(), data.xLabel()),
                Ticks.MIN_COUNT * (Text.width(style.tickFont(), Ticks.format(xr[1], 1)) + fs * 1.6));
        double w = 1.2 * fs + Drawing.axisLabelThickness(style, 2) + fs * 0.35 + Drawing.yTicksWidth(style, y) + plot
                + fs * 0.8;
        Legend legend = new Legend(legendEntries(style), style, 1e9);
        return Math.ceil(Math.max(w, legend.widestEntry() + 1.2 * fs));
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Geometry geo = geometry(width, height, style);
            geo.header.draw(g, geo.headerLevel, geo.pad, width / 2);
            Rectangle2D plot = geo.plot;
            Scale sx = new Scale(geo.xRange[0], geo.xRange[1], plot.getMinX(), plot.getMaxX());
            Scale sy = new Scale(geo.yRange[0], geo.yRange[1], plot.getMaxY(), plot.getMinY());
            Drawing.xGrid(g, style, plot, sx, geo.xTicks);
            Drawing.yAxis(g, style, plot, sy, geo.yTicks, true);
            Drawing.xAxis(g, style, plot, sx, geo.xTicks, data.xLabel());
            double thickness = Drawing.axisLabelThickness(style, geo.yLabel.size());
            Drawing.verticalLabel(g, style, geo.yLabel, plot.getMinX() - Drawing.yTicksWidth(style, geo.yTicks)
                    - style.fontSize() * 0.2 - thickness / 2, plot.getCenterY());

            Shape oldClip = g.getClip();
            g.clip(plot);
            if (data.fit() != null) {
                ScoreVsGapData.Fit f = data.fit();
                g.setColor(style.theme().foreground());
                g.setStroke(style.dashed(style.lineWidth()));
                Drawing.line(g, sx.map(geo.xRange[0]), sy.map(f.intercept() + f.slope() * geo.xRange[0]),
                        sx.map(geo.xRange[1]), sy.map(f.intercept() + f.slope() * geo.xRange[1]));
            }
            // each group's own line, solid in its colour, over the GAPs of its points
            for (ScoreVsGapData.GroupFit own : data.groupFits()) {
                ScoreVsGapData.Fit line = own.fit();
                g.setColor(style.theme().series(groupIndex(own.group())));
                g.setStroke(style.solid(style.lineWidth()));
                Drawing.line(g, sx.map(own.minGap()), sy.map(line.intercept() + line.slope() * own.minGap()),
                        sx.map(own.maxGap()), sy.map(line.intercept() + line.slope() * own.maxGap()));
            }
            g.setClip(oldClip);

            double size = style.fontSize() * 0.8;
            List<Rectangle2D> occupied = new ArrayList<>();
            for (ScoreVsGapData.Point p : data.points()) {
                int gi = groupIndex(p.group());
                Shape m = Drawing.marker(gi % 4, sx.map(p.gap()), sy.map(p.score()), size);
                g.setColor(style.theme().series(gi));
                g.fill(m);
                g.setColor(style.theme().background());
                g.setStroke(style.solid(style.axisWidth()));
                g.draw(m);
                occupied.add(m.getBounds2D());
            }
            if (data.points().size() <= MAX_LABELLED) {
                PointLabels.draw(g, style, data, plot, sx, sy, occupied, size);
            }
            Drawing.spines(g, style, plot);
            geo.legend.draw(g, width / 2, geo.legendTop);
        } finally {
            g.dispose();
        }
    }
}
