package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws the alignment heatmap: speech time (seconds) across, text tokens down, one layer's
 * similarity or distance as colour with a labelled colour bar, the alignment path in a contrasting
 * colour, the DTW path (GapScope's extension) dashed, and layer, APS, monotonicity and consistency
 * in the title. Optionally the clip's waveform and spectrogram above, on the same time axis.
 *
 * <p>The matrix is drawn as one raster image (one pixel per cell), so 1,500 speech positions cost
 * no more than 15; token labels are thinned when rows are shorter than a line of text.
 */
public final class HeatmapRenderer implements FigureRenderer {

    private static final Color NAN_COLOR = new Color(0xBFBFBF);
    private static final Color DTW_COLOR = Color.BLACK;
    private static final String Y_LABEL = "text token";
    private static final String X_LABEL = "speech time (s)";
    private static final String X_LABEL_POSITIONS = "speech position";

    private final HeatmapData data;
    private final AudioStripData audio;
    private final ProsodyStripData prosody;
    private final String[] labels;
    private final double[] sequentialRange;
    private final double[] symmetricRange;
    private final Object cacheLock = new Object();
    private ColorMap cachedMap;
    private BufferedImage cachedImage;

    /** A renderer for {@code data} without an audio strip. */
    public HeatmapRenderer(HeatmapData data) {
        this(data, null);
    }

    /** A renderer for {@code data} with {@code audio}'s waveform and spectrogram above it (audio may be null). */
    public HeatmapRenderer(HeatmapData data, AudioStripData audio) {
        this(data, audio, null);
    }

    /**
     * A renderer for {@code data} with {@code audio}'s waveform and spectrogram and {@code prosody}'s F0
     * and level strips above it, on the speech time axis (either may be null).
     */
    public HeatmapRenderer(HeatmapData data, AudioStripData audio, ProsodyStripData prosody) {
        if (data == null) {
            throw new IllegalArgumentException("heatmap renderer: data is required");
        }
        if ((audio != null || prosody != null) && !data.timesInSeconds()) {
            throw new IllegalArgumentException("heatmap renderer: an audio strip needs speech times in seconds");
        }
        this.data = data;
        this.audio = audio;
        this.prosody = prosody;
        this.labels = data.tokens().stream().map(Text::printable).toArray(String[]::new);
        float[][] values = data.values();
        this.sequentialRange = data.colorRange().resolve(values, false);
        this.symmetricRange = data.colorRange().resolve(values, true);
    }

    @Override
    public HeatmapData data() {
        return data;
    }

    @Override
    public String description() {
        List<String> parts = new ArrayList<>(titleParts());
        parts.addAll(captionParts());
        return "Speech-text alignment heatmap: " + String.join("; ", parts);
    }

    /** The audio strip drawn above the heatmap, or null. */
    public AudioStripData audio() {
        return audio;
    }

    /** Where the matrix lands when drawn at this size and style (for hit-testing in the explorer). */
    public HeatmapLayout layout(double width, double height, FigureStyle style) {
        Geometry geo = geometry(width, height, style);
        return new HeatmapLayout(geo.plot, geo.t0, geo.t1, data);
    }

    /** The colour bar's resolved range {low, high}. */
    public double[] colorRange(FigureStyle style) {
        return (style.colorMap().diverging() ? symmetricRange : sequentialRange).clone();
    }

    /** The layout of everything, computed from sizes and text metrics only. */
    private record Geometry(double pad, List<String> titleLines, List<String> captionLines, Legend legend,
            double legendTop, Rectangle2D plot, Rectangle2D wave, Rectangle2D spec, Rectangle2D bar, Ticks barTicks,
            double[] range, Ticks timeTicks, double t0, double t1, double tokenLabelWidth, double yLabelX,
            int labelStep, ProsodyStrips strips) {
    }

    private Geometry geometry(double width, double height, FigureStyle style) {
        double fs = style.fontSize();
        double pad = fs * 0.6;
        double contentW = Math.max(fs, width - 2 * pad);
        Font tf = style.tickFont();
        Font lf = style.labelFont();

        List<String> titleLines = Text.joinWrapped(style.titleFont(), titleParts(), " \u00b7 ", contentW);
        List<String> captionLines = Text.joinWrapped(tf, captionParts(), " \u00b7 ", contentW);
        Legend legend = new Legend(legendEntries(style), style, contentW);

        double top = pad;
        top += Drawing.linesHeight(style, titleLines, style.titleFont());
        top += Drawing.linesHeight(style, captionLines, tf);
        double legendTop = top + fs * 0.1;
        top = legendTop + legend.height() + fs * 0.5;

        double bottom = height - pad - Drawing.xAxisHeight(style, true);

        List<String> columnLabels = new ArrayList<>(Arrays.asList(labels));
        if (audio != null) {
            columnLabels.add("audio");
            columnLabels.add("mel");
        }
        if (prosody != null) {
            columnLabels.addAll(ProsodyStrips.labels(prosody));
        }
        double tokenLabelWidth = Math.min(Text.maxWidth(tf, columnLabels), contentW * 0.3);
        double yLabelW = Text.height(lf) + fs * 0.3;
        double plotLeft = pad + yLabelW + tokenLabelWidth + style.tickLength() + fs * 0.3;

        Rectangle2D wave = null;
        Rectangle2D spec = null;
        double plotTop = top;
        if (audio != null) {
            double body = Math.max(0, bottom - top);
            double gap = fs * 0.4;
            double waveH = Math.max(fs * 1.8, body * 0.11);
            double specH = audio.hasSpectrogram() ? Math.max(fs * 2.8, body * 0.2) : 0;
            wave = new Rectangle2D.Double(plotLeft, top, 0, waveH);
            plotTop = top + waveH + gap;
            if (specH > 0) {
                spec = new Rectangle2D.Double(plotLeft, plotTop, 0, specH);
                plotTop += specH + gap;
            }
        }
        ProsodyStrips strips = null;
        if (prosody != null) {
            strips = ProsodyStrips.place(prosody, style, plotLeft, plotTop, Math.max(0, bottom - top));
            plotTop = strips.bottom() + fs * 0.4;
        }
        double plotH = Math.max(fs, bottom - plotTop);

        double[] range = colorRange(style);
        Ticks barTicks = Ticks.nice(range[0], range[1], (int) Math.max(2, Math.min(7, plotH / (Text.height(tf) * 2.2))));
        double barGap = fs * 0.8;
        double plotRight = width - pad - Drawing.colorBarWidth(style, barTicks) - barGap;
        double plotW = Math.max(fs, plotRight - plotLeft);
        Rectangle2D plot = new Rectangle2D.Double(plotLeft, plotTop, plotW, plotH);
        Rectangle2D bar = new Rectangle2D.Double(plotLeft + plotW + barGap, plotTop, fs * 0.9, plotH);
        if (wave != null) {
            wave.setRect(plotLeft, wave.getY(), plotW, wave.getHeight());
        }
        if (spec != null) {
            spec.setRect(plotLeft, spec.getY(), plotW, spec.getHeight());
        }
        if (strips != null) {
            strips = strips.withWidth(plotW);
        }

        double t0 = data.time(0);
        double t1 = data.endTime();
        if (audio != null) {
            t0 = Math.min(t0, 0);
            t1 = Math.max(t1, Math.max(audio.duration(), audio.spectrogramEnd()));
        }
        if (prosody != null) {
            t0 = Math.min(t0, 0);
            t1 = Math.max(t1, prosody.duration());
        }
        double sample = Math.max(Text.width(tf, Ticks.format(t1, 1)), Text.width(tf, "0.00")) + fs * 1.6;
        Ticks timeTicks = Ticks.nice(t0, t1, (int) Math.max(2, Math.min(10, plotW / sample)));

        double rowH = plotH / data.tokenCount();
        double lineH = Text.height(tf);
        int step = rowH >= lineH * 0.95 ? 1 : (int) Math.ceil(lineH * 1.1 / rowH);

        return new Geometry(pad, titleLines, captionLines, legend, legendTop, plot, wave, spec, bar, barTicks, range,
                timeTicks, t0, t1, tokenLabelWidth, pad + Text.height(lf) / 2, step, strips);
    }

    private List<String> titleParts() {
        List<String> parts = new ArrayList<>();
        if (!data.title().isBlank()) {
            parts.add(data.title());
        }
        parts.add("layer " + data.layer() + ", " + data.metric().label());
        return parts;
    }

    private List<String> captionParts() {
        List<String> parts = new ArrayList<>();
        HeatmapData.Scores s = data.scores();
        if (s == null) {
            return parts;
        }
        if (!Double.isNaN(s.aps())) {
            parts.add("APS " + Ticks.number(s.aps()));
        }
        if (!Double.isNaN(s.monotonicity())) {
            parts.add("monotonicity (Spearman \u03c1) " + Ticks.format(s.monotonicity(), 2));
        }
        if (!Double.isNaN(s.consistency())) {
            parts.add("consistency " + Ticks.format(s.consistency(), 2));
        }
        if (!parts.isEmpty() && !s.scope().isBlank()) {
            int last = parts.size() - 1;
            parts.set(last, parts.get(last) + " (" + s.scope() + ")");
        }
        return parts;
    }

    private List<Legend.Entry> legendEntries(FigureStyle style) {
        List<Legend.Entry> entries = new ArrayList<>();
        Color pc = style.colorMap().pathColor();
        if (data.hasPath()) {
            String how = data.metric() == HeatmapData.Metric.COSINE ? "argmax" : "argmin";
            entries.add(new Legend.Entry("alignment path (" + how + " per token)", pc, true, false, 0, false, false,
                    true));
        }
        if (data.dtwLength() > 0) {
            entries.add(new Legend.Entry("DTW path (GapScope extension)", DTW_COLOR, true, true, -1, false, false,
                    true));
        }
        return entries;
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        double fs = style.fontSize();
        // measure everything around the plot with a provisional height, then size the plot to the tokens
        Geometry probe = geometry(width, width, style);
        double around = width - probe.plot.getHeight()
                - (probe.wave == null ? 0 : probe.plot.getY() - probe.wave.getY())
                - (probe.strips == null || probe.wave != null ? 0 : probe.plot.getY() - probe.strips.top());
        double plotW = probe.plot.getWidth();
        double rowTarget = Text.height(style.tickFont()) * 1.25;
        double plotH = Math.max(plotW * 0.45, Math.min(plotW * 1.0, data.tokenCount() * rowTarget));
        plotH = Math.max(plotH, fs * 6);
        double strips = 0;
        if (audio != null) {
            double body = plotH / (audio.hasSpectrogram() ? 0.69 : 0.89);
            strips = Math.max(fs * 1.8, body * 0.11) + fs * 0.4
                    + (audio.hasSpectrogram() ? Math.max(fs * 2.8, body * 0.2) + fs * 0.4 : 0);
        }
        if (prosody == null) {
            return Math.ceil(around + strips + plotH);
        }
        // the strips take a share of the body: find the height whose matrix is plotH high (piecewise linear)
        double h = around + strips + ProsodyStrips.preferredHeight(prosody, style, plotH) + fs * 0.4 + plotH;
        for (int step = 0; step < 3; step++) {
            double now = geometry(width, h, style).plot.getHeight();
            double slope = (geometry(width, h + fs * 10, style).plot.getHeight() - now) / (fs * 10);
            h += (plotH - now) / Math.max(0.05, slope);
        }
        return Math.ceil(h);
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Geometry geo = geometry(width, height, style);
            drawTitle(g, style, geo, width);
            Scale sx = new Scale(geo.t0, geo.t1, geo.plot.getMinX(), geo.plot.getMaxX());
            drawMatrix(g, style, geo, sx);
            Drawing.frame(g, style, geo.plot);
            drawPaths(g, style, geo, sx);
            drawTokenAxis(g, style, geo);
            Drawing.xAxis(g, style, geo.plot, sx, geo.timeTicks, data.timesInSeconds() ? X_LABEL : X_LABEL_POSITIONS);
            Drawing.colorBar(g, style, geo.bar, style.colorMap(), geo.range[0], geo.range[1], geo.barTicks,
                    data.metric().label());
            if (audio != null) {
                drawAudio(g, style, geo, sx);
            }
            if (geo.strips != null) {
                geo.strips.draw(g, style, sx, geo.plot.getMinX() - style.tickLength() - style.fontSize() * 0.3);
            }
        } finally {
            g.dispose();
        }
    }

    private void drawTitle(Graphics2D g, FigureStyle style, Geometry geo, double width) {
        double y = Drawing.title(g, style, geo.titleLines, geo.pad, width);
        Drawing.titleLines(g, style, geo.captionLines, style.tickFont(), y, width / 2, style.theme().muted());
        geo.legend.draw(g, width / 2, geo.legendTop);
    }

    private void drawMatrix(Graphics2D g, FigureStyle style, Geometry geo, Scale sx) {
        BufferedImage img = matrixImage(style.colorMap(), geo.range);
        double xa = sx.map(data.time(0));
        double xb = sx.map(data.endTime());
        Drawing.image(g, img, new Rectangle2D.Double(xa, geo.plot.getY(), xb - xa, geo.plot.getHeight()));
    }

    /** The matrix as an image, tokens down and time across, evenly resampled when the speech times are uneven. */
    private BufferedImage matrixImage(ColorMap map, double[] range) {
        synchronized (cacheLock) {
            if (cachedImage != null && cachedMap == map) {
                return cachedImage;
            }
        }
        int ts = data.speechCount();
        int tt = data.tokenCount();
        double t0 = data.time(0);
        double t1 = data.endTime();
        boolean uniform = true;
        double step = (t1 - t0) / ts;
        for (int i = 0; i < ts && uniform; i++) {
            uniform = Math.abs(data.time(i) - (t0 + i * step)) <= step * 0.01;
        }
        int columns = uniform ? ts : Math.min(8000, ts * 4);
        int[] source = new int[columns];
        double[] times = data.times();
        for (int c = 0; c < columns; c++) {
            if (uniform) {
                source[c] = c;
            } else {
                double t = t0 + (c + 0.5) * (t1 - t0) / columns;
                int k = Arrays.binarySearch(times, t);
                source[c] = Math.max(0, Math.min(ts - 1, k >= 0 ? k : -k - 2));
            }
        }
        double lo = range[0];
        double span = range[1] - range[0];
        BufferedImage img = new BufferedImage(columns, tt, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[columns];
        for (int j = 0; j < tt; j++) {
            for (int c = 0; c < columns; c++) {
                float v = data.value(source[c], j);
                row[c] = Float.isFinite(v) ? map.rgb((v - lo) / span) : NAN_COLOR.getRGB() & 0xFFFFFF;
            }
            img.setRGB(0, j, columns, 1, row, 0, columns);
        }
        synchronized (cacheLock) {
            cachedMap = map;
            cachedImage = img;
        }
        return img;
    }

    private void drawPaths(Graphics2D g, FigureStyle style, Geometry geo, Scale sx) {
        int tt = data.tokenCount();
        double rowH = geo.plot.getHeight() / tt;
        // no clip: every mark sits at a cell centre inside the plot (and some SVG viewers ignore clip paths)
        double lw = style.lineWidth();
        Color halo = new Color(255, 255, 255, 210);
        if (data.dtwLength() > 0) {
            Path2D.Double p = new Path2D.Double();
            for (int k = 0; k < data.dtwLength(); k++) {
                int[] s = data.dtwStep(k);
                double x = sx.map((data.time(s[0]) + data.timeEnd(s[0])) / 2);
                double y = geo.plot.getY() + (s[1] + 0.5) * rowH;
                if (k == 0) {
                    p.moveTo(x, y);
                } else {
                    p.lineTo(x, y);
                }
            }
            g.setColor(halo);
            g.setStroke(style.solid(lw * 0.9 + style.fontSize() * 0.12));
            g.draw(p);
            g.setColor(DTW_COLOR);
            g.setStroke(style.dashed(lw * 0.9));
            g.draw(p);
        }
        if (data.hasPath()) {
            Color pc = style.colorMap().pathColor();
            double[] xs = new double[tt];
            double[] ys = new double[tt];
            Path2D.Double line = new Path2D.Double();
            for (int j = 0; j < tt; j++) {
                int i = data.pathAt(j);
                xs[j] = sx.map((data.time(i) + data.timeEnd(i)) / 2);
                ys[j] = geo.plot.getY() + (j + 0.5) * rowH;
                if (j == 0) {
                    line.moveTo(xs[j], ys[j]);
                } else {
                    line.lineTo(xs[j], ys[j]);
                }
            }
            g.setColor(halo);
            g.setStroke(style.solid(lw * 0.6 + style.fontSize() * 0.12));
            g.draw(line);
            g.setColor(pc);
            g.setStroke(style.solid(lw * 0.6));
            g.draw(line);
            double size = Math.max(style.fontSize() * 0.22, Math.min(style.fontSize() * 0.55, rowH * 0.7));
            if (rowH >= style.fontSize() * 0.2) {
                for (int j = 0; j < tt; j++) {
                    Shape m = Drawing.marker(0, xs[j], ys[j], size);
                    g.setColor(pc);
                    g.fill(m);
                    g.setColor(Color.WHITE);
                    g.setStroke(new BasicStroke((float) Math.max(0.3, style.axisWidth() * 0.8)));
                    g.draw(m);
                }
            }
        }
    }

    private void drawTokenAxis(Graphics2D g, FigureStyle style, Geometry geo) {
        Font tf = style.tickFont();
        int tt = data.tokenCount();
        double rowH = geo.plot.getHeight() / tt;
        double x = geo.plot.getMinX();
        double tl = style.tickLength();
        g.setStroke(new BasicStroke((float) style.axisWidth()));
        for (int j = 0; j < tt; j += geo.labelStep) {
            double y = geo.plot.getY() + (j + 0.5) * rowH;
            g.setColor(style.theme().axis());
            Drawing.line(g, x - tl, y, x, y);
            g.setColor(style.theme().foreground());
            String label = Text.elide(tf, labels[j], geo.tokenLabelWidth);
            Text.drawMiddle(g, tf, label, x - tl - style.fontSize() * 0.3, y, Text.Align.RIGHT);
        }
        String yLabel = geo.labelStep > 1 ? Y_LABEL + " (every " + geo.labelStep + ")" : Y_LABEL;
        g.setColor(style.theme().foreground());
        Font lf = style.labelFont();
        Text.drawVertical(g, lf, Text.elide(lf, yLabel, geo.plot.getHeight() + style.fontSize()), geo.yLabelX,
                geo.plot.getCenterY());
    }

    private void drawAudio(Graphics2D g, FigureStyle style, Geometry geo, Scale sx) {
        Font tf = style.tickFont();
        double labelX = geo.plot.getMinX() - style.tickLength() - style.fontSize() * 0.3;
        AudioStripPainter.waveform(g, style, geo.wave, sx, audio);
        Drawing.frame(g, style, geo.wave);
        g.setColor(style.theme().foreground());
        Text.drawMiddle(g, tf, "audio", labelX, geo.wave.getCenterY(), Text.Align.RIGHT);
        if (geo.spec != null) {
            AudioStripPainter.spectrogram(g, style, geo.spec, sx, audio);
            Drawing.frame(g, style, geo.spec);
            g.setColor(style.theme().foreground());
            Text.drawMiddle(g, tf, "mel", labelX, geo.spec.getCenterY(), Text.Align.RIGHT);
        }
        g.setColor(style.theme().grid());
        g.setStroke(new BasicStroke((float) style.axisWidth()));
        for (double v : geo.timeTicks.values()) {
            double x = sx.map(v);
            if (x > geo.wave.getMinX() + 0.5 && x < geo.wave.getMaxX() - 0.5) {
                g.setColor(style.theme().axis());
                Drawing.line(g, x, geo.wave.getMaxY(), x, geo.wave.getMaxY() - style.tickLength() * 0.6);
                if (geo.spec != null) {
                    Drawing.line(g, x, geo.spec.getMaxY(), x, geo.spec.getMaxY() - style.tickLength() * 0.6);
                }
            }
        }
    }
}
