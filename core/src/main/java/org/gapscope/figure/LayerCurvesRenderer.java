package org.gapscope.figure;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws the layer curves: cosine similarity and Euclidean distance of the mean-pooled speech and
 * text states against layer, as two panels (side by side when wide, stacked when narrow), one
 * series per example, model or checkpoint, means with ± 1 sd bands, controls dashed, and a legend.
 */
public final class LayerCurvesRenderer implements FigureRenderer {

    private final LayerCurvesData data;
    private final int[] colorIndex;
    private final int individuals;
    private final int minLayer;
    private final int maxLayer;

    /** A renderer for {@code data}. */
    public LayerCurvesRenderer(LayerCurvesData data) {
        if (data == null) {
            throw new IllegalArgumentException("layer curves renderer: data is required");
        }
        this.data = data;
        List<LayerCurvesData.Series> series = data.series();
        colorIndex = new int[series.size()];
        Map<String, Integer> groups = new HashMap<>();
        int next = 0;
        int ind = 0;
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int s = 0; s < series.size(); s++) {
            LayerCurvesData.Series se = series.get(s);
            lo = Math.min(lo, se.firstLayer());
            hi = Math.max(hi, se.firstLayer() + se.layers() - 1);
            if (se.kind() == LayerCurvesData.Kind.INDIVIDUAL) {
                colorIndex[s] = -1;
                ind++;
                continue;
            }
            String key = se.colorGroup() != null ? "g:" + se.colorGroup() : "s:" + s;
            Integer c = groups.get(key);
            if (c == null) {
                c = next++;
                groups.put(key, c);
            }
            colorIndex[s] = c;
        }
        individuals = ind;
        minLayer = lo;
        maxLayer = hi;
    }

    @Override
    public LayerCurvesData data() {
        return data;
    }

    @Override
    public String description() {
        String t = data.title().isBlank() ? "" : data.title() + ": ";
        return "Layer curves: " + t + "cosine similarity and Euclidean distance of mean-pooled speech and text"
                + " states against layer, " + data.series().size() + " series";
    }

    private boolean sideBySide(double width, FigureStyle style) {
        return width >= style.fontSize() * 38;
    }

    private record Geometry(double pad, List<String> titleLines, Rectangle2D cosPlot, Rectangle2D eucPlot,
            Ticks cosTicks, Ticks eucTicks, double[] cosRange, double[] eucRange, Ticks layerTicks, Legend legend,
            double legendTop, List<String> notes, double notesTop, boolean side) {
    }

    private Geometry geometry(double width, double height, FigureStyle style) {
        double fs = style.fontSize();
        double pad = fs * 0.6;
        double contentW = Math.max(fs, width - 2 * pad);
        List<String> titleLines = Drawing.wrapTitle(style, data.title(), contentW);
        double top = pad + Drawing.linesHeight(style, titleLines, style.titleFont());
        if (!titleLines.isEmpty()) {
            top += fs * 0.4;
        }
        Legend legend = new Legend(legendEntries(style), style, contentW);
        List<String> notes = Text.joinWrapped(style.tickFont(), noteParts(), " \u00b7 ", contentW);
        double notesH = notes.size() * (Text.height(style.tickFont()) + fs * 0.1);
        double bottomBlock = legend.height() + notesH + fs * 0.4;
        double notesTop = height - pad - notesH;
        double legendTop = notesTop - legend.height();
        double axisH = Drawing.xAxisHeight(style, true);
        double[] cosRange = range(true);
        double[] eucRange = range(false);
        boolean side = sideBySide(width, style);
        double yLabelW = Text.height(style.labelFont()) + fs * 0.35;
        Rectangle2D cosPlot;
        Rectangle2D eucPlot;
        Ticks cosTicks;
        Ticks eucTicks;
        if (side) {
            double plotTop = top;
            double plotBottom = height - pad - bottomBlock - axisH;
            double plotH = Math.max(fs, plotBottom - plotTop);
            int maxY = (int) Math.max(2, Math.min(8, plotH / (Text.height(style.tickFont()) * 2.2)));
            cosTicks = Ticks.nice(cosRange[0], cosRange[1], maxY);
            eucTicks = Ticks.nice(eucRange[0], eucRange[1], maxY);
            double gap = fs * 1.6;
            double cosLeft = pad + yLabelW + Drawing.yTicksWidth(style, cosTicks);
            double eucExtra = yLabelW + Drawing.yTicksWidth(style, eucTicks);
            double avail = width - pad - cosLeft - gap - eucExtra - fs * 0.4;
            double plotW = Math.max(fs, avail / 2);
            cosPlot = new Rectangle2D.Double(cosLeft, plotTop, plotW, plotH);
            eucPlot = new Rectangle2D.Double(cosLeft + plotW + gap + eucExtra, plotTop, plotW, plotH);
        } else {
            double gap = fs * 0.9;
            double plotsBottom = height - pad - bottomBlock - axisH;
            double tickAxisH = Drawing.xAxisHeight(style, false);
            double plotH = Math.max(fs, (plotsBottom - top - tickAxisH - gap) / 2);
            int maxY = (int) Math.max(2, Math.min(8, plotH / (Text.height(style.tickFont()) * 2.2)));
            cosTicks = Ticks.nice(cosRange[0], cosRange[1], maxY);
            eucTicks = Ticks.nice(eucRange[0], eucRange[1], maxY);
            double left = pad + yLabelW + Math.max(Drawing.yTicksWidth(style, cosTicks),
                    Drawing.yTicksWidth(style, eucTicks));
            double plotW = Math.max(fs, width - pad - fs * 0.4 - left);
            cosPlot = new Rectangle2D.Double(left, top, plotW, plotH);
            eucPlot = new Rectangle2D.Double(left, top + plotH + tickAxisH + gap, plotW, plotH);
        }
        double sample = Text.width(style.tickFont(), Integer.toString(maxLayer)) + fs * 1.4;
        Ticks layerTicks = Ticks.integers(minLayer, maxLayer, (int) Math.max(2, cosPlot.getWidth() / sample));
        return new Geometry(pad, titleLines, cosPlot, eucPlot, cosTicks, eucTicks, cosRange, eucRange, layerTicks,
                legend, legendTop, notes, notesTop, side);
    }

    private double[] range(boolean cos) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (LayerCurvesData.Series s : data.series()) {
            for (int k = 0; k < s.layers(); k++) {
                double v = s.value(cos, k);
                if (Double.isNaN(v)) {
                    continue;
                }
                double sd = s.sd(cos, k);
                double a = Double.isNaN(sd) ? v : v - sd;
                double b = Double.isNaN(sd) ? v : v + sd;
                lo = Math.min(lo, a);
                hi = Math.max(hi, b);
            }
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        if (lo == hi) {
            double p = lo == 0 ? 1 : Math.abs(lo) * 0.05;
            return new double[] {lo - p, hi + p};
        }
        double p = (hi - lo) * 0.06;
        return new double[] {lo - p, hi + p};
    }

    private List<Legend.Entry> legendEntries(FigureStyle style) {
        List<Legend.Entry> entries = new ArrayList<>();
        boolean individualAdded = false;
        List<LayerCurvesData.Series> series = data.series();
        for (int s = 0; s < series.size(); s++) {
            LayerCurvesData.Series se = series.get(s);
            switch (se.kind()) {
                case INDIVIDUAL -> {
                    if (!individualAdded) {
                        entries.add(new Legend.Entry("individual examples (n = " + individuals + ")",
                                individualColor(style), true, false, -1, false, false, false));
                        individualAdded = true;
                    }
                }
                case MEAN -> entries.add(new Legend.Entry(se.label(), color(style, s), true, false, marker(s), false,
                        se.hasBand(true) || se.hasBand(false), false));
                case CONTROL -> entries.add(new Legend.Entry(se.label(), color(style, s), true, true, marker(s), true,
                        se.hasBand(true) || se.hasBand(false), false));
                default -> entries.add(new Legend.Entry(se.label(), color(style, s), true, false, marker(s), false,
                        se.hasBand(true) || se.hasBand(false), false));
            }
        }
        return entries;
    }

    private List<String> noteParts() {
        List<String> notes = new ArrayList<>();
        boolean band = false;
        boolean control = false;
        for (LayerCurvesData.Series s : data.series()) {
            band |= s.hasBand(true) || s.hasBand(false);
            control |= s.kind() == LayerCurvesData.Kind.CONTROL;
        }
        if (band) {
            notes.add("bands: \u00b1 1 sd");
        }
        if (control) {
            notes.add("dashed: mismatched-pair control (GapScope's addition, not in the paper)");
        }
        return notes;
    }

    private Color color(FigureStyle style, int s) {
        return colorIndex[s] < 0 ? individualColor(style) : style.theme().series(colorIndex[s]);
    }

    private int marker(int s) {
        return colorIndex[s] < 0 ? -1 : colorIndex[s] % 4;
    }

    private static Color individualColor(FigureStyle style) {
        return Drawing.alpha(style.theme().muted(), 0.45);
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        double fs = style.fontSize();
        Geometry probe = geometry(width, width, style);
        double fixed = width - (sideBySide(width, style) ? probe.cosPlot.getHeight()
                : 2 * probe.cosPlot.getHeight());
        double plotH;
        if (sideBySide(width, style)) {
            plotH = Math.max(fs * 8, probe.cosPlot.getWidth() * 0.72);
            return Math.ceil(fixed + plotH);
        }
        plotH = Math.max(fs * 7, probe.cosPlot.getWidth() * 0.5);
        return Math.ceil(fixed + 2 * plotH);
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Geometry geo = geometry(width, height, style);
            Drawing.title(g, style, geo.titleLines, geo.pad, width);
            panel(g, style, geo, true, geo.cosPlot, geo.cosTicks, geo.cosRange, "cosine similarity", true);
            panel(g, style, geo, false, geo.eucPlot, geo.eucTicks, geo.eucRange, "Euclidean distance", true);
            geo.legend.draw(g, width / 2, geo.legendTop);
            Drawing.titleLines(g, style, geo.notes, style.tickFont(), geo.notesTop, width / 2, style.theme().muted());
        } finally {
            g.dispose();
        }
    }

    private void panel(Graphics2D g, FigureStyle style, Geometry geo, boolean cos, Rectangle2D plot, Ticks yTicks,
            double[] yRange, String yLabel, boolean xLabel) {
        Scale sx = new Scale(minLayer - 0.4, maxLayer + 0.4, plot.getMinX(), plot.getMaxX());
        if (maxLayer == minLayer) {
            sx = new Scale(minLayer - 1, maxLayer + 1, plot.getMinX(), plot.getMaxX());
        }
        Scale sy = new Scale(yRange[0], yRange[1], plot.getMaxY(), plot.getMinY());
        Drawing.xGrid(g, style, plot, sx, geo.layerTicks);
        Drawing.yAxis(g, style, plot, sy, yTicks, true);
        boolean showXLabel = geo.side || !cos;
        Drawing.xAxis(g, style, plot, sx, geo.layerTicks, showXLabel ? "layer" : null);
        double yLabelX = plot.getMinX() - Drawing.yTicksWidth(style, yTicks) - style.fontSize() * 0.2
                - Text.height(style.labelFont()) / 2;
        g.setColor(style.theme().foreground());
        Text.drawVertical(g, style.labelFont(), Text.elide(style.labelFont(), yLabel, plot.getHeight()), yLabelX,
                plot.getCenterY());

        Shape oldClip = g.getClip();
        g.clip(new Rectangle2D.Double(plot.getX() - style.fontSize(), plot.getY() - style.fontSize() * 0.5,
                plot.getWidth() + style.fontSize() * 2, plot.getHeight() + style.fontSize()));
        List<LayerCurvesData.Series> series = data.series();
        double lw = style.lineWidth();
        // individual examples underneath
        for (int s = 0; s < series.size(); s++) {
            if (series.get(s).kind() == LayerCurvesData.Kind.INDIVIDUAL) {
                g.setColor(individualColor(style));
                g.setStroke(style.solid(lw * 0.6));
                g.draw(polyline(series.get(s), cos, sx, sy));
            }
        }
        for (int s = 0; s < series.size(); s++) {
            LayerCurvesData.Series se = series.get(s);
            if (se.hasBand(cos) && se.kind() != LayerCurvesData.Kind.INDIVIDUAL) {
                g.setColor(Drawing.alpha(color(style, s), 0.2));
                g.fill(band(se, cos, sx, sy));
            }
        }
        boolean markers = maxLayer - minLayer <= 40;
        for (LayerCurvesData.Kind pass : new LayerCurvesData.Kind[] {LayerCurvesData.Kind.CONTROL,
            LayerCurvesData.Kind.SERIES, LayerCurvesData.Kind.MEAN}) {
            for (int s = 0; s < series.size(); s++) {
                LayerCurvesData.Series se = series.get(s);
                if (se.kind() != pass) {
                    continue;
                }
                Color c = color(style, s);
                double w = pass == LayerCurvesData.Kind.MEAN ? lw * 1.5 : lw;
                g.setColor(c);
                g.setStroke(pass == LayerCurvesData.Kind.CONTROL ? style.dashed(w) : style.solid(w));
                g.draw(polyline(se, cos, sx, sy));
                if (markers) {
                    double size = style.fontSize() * (pass == LayerCurvesData.Kind.MEAN ? 0.55 : 0.45);
                    for (int k = 0; k < se.layers(); k++) {
                        double v = se.value(cos, k);
                        if (Double.isNaN(v)) {
                            continue;
                        }
                        Shape m = Drawing.marker(marker(s), sx.map(se.firstLayer() + k), sy.map(v), size);
                        if (pass == LayerCurvesData.Kind.CONTROL) {
                            g.setColor(style.theme().background());
                            g.fill(m);
                            g.setColor(c);
                            g.setStroke(style.solid(lw * 0.8));
                            g.draw(m);
                        } else {
                            g.setColor(c);
                            g.fill(m);
                        }
                    }
                }
            }
        }
        g.setClip(oldClip);
        Drawing.spines(g, style, plot);
    }

    private static Path2D polyline(LayerCurvesData.Series s, boolean cos, Scale sx, Scale sy) {
        Path2D.Double p = new Path2D.Double();
        boolean pen = false;
        for (int k = 0; k < s.layers(); k++) {
            double v = s.value(cos, k);
            if (Double.isNaN(v)) {
                pen = false;
                continue;
            }
            double x = sx.map(s.firstLayer() + k);
            double y = sy.map(v);
            if (pen) {
                p.lineTo(x, y);
            } else {
                p.moveTo(x, y);
                pen = true;
            }
        }
        return p;
    }

    private static Path2D band(LayerCurvesData.Series s, boolean cos, Scale sx, Scale sy) {
        Path2D.Double p = new Path2D.Double();
        int start = 0;
        while (start < s.layers()) {
            while (start < s.layers() && (Double.isNaN(s.value(cos, start)) || Double.isNaN(s.sd(cos, start)))) {
                start++;
            }
            int end = start;
            while (end < s.layers() && !Double.isNaN(s.value(cos, end)) && !Double.isNaN(s.sd(cos, end))) {
                end++;
            }
            if (end > start) {
                for (int k = start; k < end; k++) {
                    double x = sx.map(s.firstLayer() + k);
                    double y = sy.map(s.value(cos, k) + s.sd(cos, k));
                    if (k == start) {
                        p.moveTo(x, y);
                    } else {
                        p.lineTo(x, y);
                    }
                }
                for (int k = end - 1; k >= start; k--) {
                    p.lineTo(sx.map(s.firstLayer() + k), sy.map(s.value(cos, k) - s.sd(cos, k)));
                }
                p.closePath();
            }
            start = end;
        }
        return p;
    }
}
