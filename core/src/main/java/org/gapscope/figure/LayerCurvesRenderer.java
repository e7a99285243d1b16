package org.gapscope.figure;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
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
        List<String> labels = new ArrayList<>();
        for (Legend.Entry e : legendEntries(FigureStyle.light(8))) {
            labels.add(e.label());
        }
        return "Layer curves: " + t + "cosine similarity and Euclidean distance of mean-pooled speech and text"
                + " states against layer; " + String.join("; ", labels);
    }

    private boolean sideBySide(double width, FigureStyle style) {
        return width >= style.fontSize() * 38;
    }

    private record Geometry(double pad, Header header, int headerLevel, Rectangle2D cosPlot, Rectangle2D eucPlot,
            Ticks cosTicks, Ticks eucTicks, double[] cosRange, double[] eucRange, Ticks layerTicks, Legend legend,
            double legendTop, List<String> cosLabel, List<String> eucLabel, boolean side) {
    }

    private static final String COS_LABEL = "cosine similarity";
    private static final String EUC_LABEL = "Euclidean distance";
    private static final String X_LABEL = "layer";

    private Header header(FigureStyle style, double contentW) {
        return Header.of(style, contentW, data.title().isBlank() ? List.of() : List.of(data.title()), List.of(), null,
                true);
    }

    /** The least height of one panel: four y ticks and its axis label whole. */
    private double panelMin(FigureStyle style) {
        double[] cos = range(true);
        double[] euc = range(false);
        double ticks = Math.max(Drawing.yTicksNeed(style, cos[0], cos[1]), Drawing.yTicksNeed(style, euc[0], euc[1]));
        return Math.max(Math.max(ticks, style.fontSize() * 4),
                Math.max(Drawing.axisLabelNeed(style, COS_LABEL), Drawing.axisLabelNeed(style, EUC_LABEL)));
    }

    /** Height of the panels' fixed parts: both panels at {@code panelH}, axes and the gap between stacked panels. */
    private double plotsHeight(double width, FigureStyle style, double panelH) {
        double axisH = Drawing.xAxisHeight(style, true);
        return sideBySide(width, style) ? panelH + axisH
                : 2 * panelH + style.tickLength() + style.fontSize() * 0.9 + axisH;
    }

    private Geometry geometry(double width, double height, FigureStyle style) {
        double fs = style.fontSize();
        double pad = fs * 0.6;
        double contentW = Math.max(fs, width - 2 * pad);
        Header header = header(style, contentW);
        Legend legend = new Legend(legendEntries(style), style, contentW);
        double bottomBlock = legend.height() + fs * 0.4;
        double legendTop = height - pad - legend.height();
        boolean side = sideBySide(width, style);
        int level = header.fit(height - 2 * pad - bottomBlock - plotsHeight(width, style, panelMin(style)));
        double top = pad + header.height(level);
        double axisH = Drawing.xAxisHeight(style, true);
        double plotsBottom = height - pad - bottomBlock - axisH;
        double gap = fs * 0.9;
        double plotH = side ? Math.max(fs, plotsBottom - top)
                : Math.max(fs, (plotsBottom - top - style.tickLength() - gap) / 2);
        double[] cosRange = range(true);
        double[] eucRange = range(false);
        int room = Drawing.yTickRoom(style, plotH);
        Ticks cosTicks = Ticks.nice(cosRange[0], cosRange[1], Ticks.MIN_COUNT, room);
        Ticks eucTicks = Ticks.nice(eucRange[0], eucRange[1], Ticks.MIN_COUNT, room);
        List<String> cosLabel = Drawing.axisLabel(style, COS_LABEL, plotH);
        List<String> eucLabel = Drawing.axisLabel(style, EUC_LABEL, plotH);
        double cosExtra = Drawing.axisLabelThickness(style, cosLabel.size()) + fs * 0.35
                + Drawing.yTicksWidth(style, cosTicks);
        double eucExtra = Drawing.axisLabelThickness(style, eucLabel.size()) + fs * 0.35
                + Drawing.yTicksWidth(style, eucTicks);
        Rectangle2D cosPlot;
        Rectangle2D eucPlot;
        if (side) {
            double between = fs * 1.6;
            double plotW = Math.max(fs, (width - pad - fs * 0.4 - pad - cosExtra - between - eucExtra) / 2);
            cosPlot = new Rectangle2D.Double(pad + cosExtra, top, plotW, plotH);
            eucPlot = new Rectangle2D.Double(pad + cosExtra + plotW + between + eucExtra, top, plotW, plotH);
        } else {
            double left = pad + Math.max(cosExtra, eucExtra);
            double plotW = Math.max(fs, width - pad - fs * 0.4 - left);
            cosPlot = new Rectangle2D.Double(left, top, plotW, plotH);
            eucPlot = new Rectangle2D.Double(left, top + plotH + style.tickLength() + gap, plotW, plotH);
        }
        double sample = Text.width(style.tickFont(), Integer.toString(maxLayer)) + fs * 1.4;
        Ticks layerTicks = Ticks.integers(minLayer, maxLayer, Ticks.MIN_COUNT,
                (int) Math.max(2, cosPlot.getWidth() / sample));
        return new Geometry(pad, header, level, cosPlot, eucPlot, cosTicks, eucTicks, cosRange, eucRange, layerTicks,
                legend, legendTop, cosLabel, eucLabel, side);
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
                                individualColor(style), true, false, -1, false, false, null));
                        individualAdded = true;
                    }
                }
                case MEAN -> entries.add(new Legend.Entry(legendLabel(se), color(style, s), true, false, marker(s),
                        false, hasBand(se), null));
                case CONTROL -> entries.add(new Legend.Entry(legendLabel(se), color(style, s), true, true, marker(s),
                        true, hasBand(se), null));
                default -> entries.add(new Legend.Entry(legendLabel(se), color(style, s), true, false, marker(s),
                        false, hasBand(se), null));
            }
        }
        return entries;
    }

    private static boolean hasBand(LayerCurvesData.Series s) {
        return s.hasBand(true) || s.hasBand(false);
    }

    /**
     * A series' legend text: its label, saying what a band is ("± 1 sd") and that a control is
     * GapScope's, not the paper's, when the label does not say so already. (The legend carries what
     * a note under the figure used to.)
     */
    static String legendLabel(LayerCurvesData.Series s) {
        String label = s.label();
        if (hasBand(s) && !label.contains("sd")) {
            label += " \u00b1 1 sd";
        }
        if (s.kind() == LayerCurvesData.Kind.CONTROL && !label.contains("GapScope")) {
            label += " (GapScope's addition)";
        }
        return label;
    }

    private Color color(FigureStyle style, int s) {
        return colorIndex[s] < 0 ? individualColor(style)
                : data.series().get(s).shaded(style.theme().series(colorIndex[s]), style.theme().background());
    }

    private int marker(int s) {
        return colorIndex[s] < 0 ? -1 : colorIndex[s] % 4;
    }

    private static Color individualColor(FigureStyle style) {
        return Drawing.alpha(style.theme().muted(), 0.45);
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        Geometry probe = geometry(width, width * 2, style);
        double outside = width * 2 - plotsHeight(width, style, probe.cosPlot.getHeight());
        outside -= probe.header.height(probe.headerLevel) - probe.header.height(0);
        double panel = probe.cosPlot.getWidth() * (sideBySide(width, style) ? 0.62 : 0.42);
        return Math.max(minimumHeight(width, style),
                Math.ceil(outside + plotsHeight(width, style, Math.max(panelMin(style), panel))));
    }

    @Override
    public double minimumHeight(double width, FigureStyle style) {
        double fs = style.fontSize();
        double contentW = Math.max(fs, width - 1.2 * fs);
        Header header = header(style, contentW);
        Legend legend = new Legend(legendEntries(style), style, contentW);
        return Math.ceil(1.2 * fs + header.height(header.lastLevel()) + legend.height() + fs * 0.4
                + plotsHeight(width, style, panelMin(style)));
    }

    @Override
    public double minimumWidth(FigureStyle style) {
        double fs = style.fontSize();
        Legend legend = new Legend(legendEntries(style), style, 1e9);
        double[] cos = range(true);
        double[] euc = range(false);
        double ticks = Math.max(Drawing.yTicksWidth(style, Ticks.nice(cos[0], cos[1], Ticks.MIN_COUNT, 9)),
                Drawing.yTicksWidth(style, Ticks.nice(euc[0], euc[1], Ticks.MIN_COUNT, 9)));
        double plot = Math.max(Text.width(style.labelFont(), X_LABEL), Ticks.MIN_COUNT
                * (Text.width(style.tickFont(), Integer.toString(maxLayer)) + fs * 1.4));
        double panels = 1.2 * fs + Drawing.axisLabelThickness(style, 2) + fs * 0.35 + ticks + plot + fs * 0.4;
        return Math.ceil(Math.max(panels, legend.widestEntry() + 1.2 * fs));
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Geometry geo = geometry(width, height, style);
            geo.header.draw(g, geo.headerLevel, geo.pad, width / 2);
            panel(g, style, geo, true, geo.cosPlot, geo.cosTicks, geo.cosRange, geo.cosLabel);
            panel(g, style, geo, false, geo.eucPlot, geo.eucTicks, geo.eucRange, geo.eucLabel);
            geo.legend.draw(g, width / 2, geo.legendTop);
        } finally {
            g.dispose();
        }
    }

    private void panel(Graphics2D g, FigureStyle style, Geometry geo, boolean cos, Rectangle2D plot, Ticks yTicks,
            double[] yRange, List<String> yLabel) {
        Scale sx = new Scale(minLayer - 0.4, maxLayer + 0.4, plot.getMinX(), plot.getMaxX());
        if (maxLayer == minLayer) {
            sx = new Scale(minLayer - 1, maxLayer + 1, plot.getMinX(), plot.getMaxX());
        }
        Scale sy = new Scale(yRange[0], yRange[1], plot.getMaxY(), plot.getMinY());
        Drawing.xGrid(g, style, plot, sx, geo.layerTicks);
        Drawing.yAxis(g, style, plot, sy, yTicks, true);
        boolean lower = geo.side || !cos;
        Drawing.xAxis(g, style, plot, sx, geo.layerTicks, lower ? X_LABEL : null, lower);
        double thickness = Drawing.axisLabelThickness(style, yLabel.size());
        double yLabelX = plot.getMinX() - Drawing.yTicksWidth(style, yTicks) - style.fontSize() * 0.2 - thickness / 2;
        Drawing.verticalLabel(g, style, yLabel, yLabelX, plot.getCenterY());

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
                g.draw(CurveShapes.polyline(series.get(s), cos, sx, sy));
            }
        }
        for (int s = 0; s < series.size(); s++) {
            LayerCurvesData.Series se = series.get(s);
            if (se.hasBand(cos) && se.kind() != LayerCurvesData.Kind.INDIVIDUAL) {
                g.setColor(Drawing.alpha(color(style, s), 0.2));
                g.fill(CurveShapes.band(se, cos, sx, sy));
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
                g.draw(CurveShapes.polyline(se, cos, sx, sy));
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
}
