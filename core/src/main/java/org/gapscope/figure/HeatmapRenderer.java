package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Draws the alignment heatmap: speech time (seconds) across, text tokens down, one layer's
 * similarity or distance as colour with a colour bar labelled with the metric and the layer, the
 * alignment path as white marks outlined in black (the same look on every colour map, for every
 * reader), the DTW path (GapScope's extension) dashed, and model, example, APS, monotonicity and
 * consistency above (left out in paper style, kept in the file's metadata). When given, the reference
 * word spans (ALAS-style) as framed boxes under the paths ({@link HeatmapSpans}), with a legend entry and
 * the hit rate in the caption. Optionally the clip's audio strips above, on the same time axis.
 *
 * <p>The matrix is drawn as one raster image (one pixel per cell), so 1,500 speech positions cost
 * no more than 15. Every token gets its label: the figure grows to one line per token (an export
 * that fixes a smaller height is refused); only a small screen canvas thins them.
 */
public final class HeatmapRenderer implements FigureRenderer {

    private static final Color NAN_COLOR = new Color(0xBFBFBF);

    private final HeatmapData data;
    private final AudioStripData audio;
    private final ProsodyStripData prosody;
    private final String[] labels;
    private final double[] sequentialRange;
    private final double[] symmetricRange;
    private final double dataMin;
    private final double dataMax;
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
        double[] finite = ColorRange.finiteRange(values);
        this.dataMin = finite[0];
        this.dataMax = finite[1];
    }

    @Override
    public HeatmapData data() {
        return data;
    }

    @Override
    public String description() {
        List<String> parts = new ArrayList<>();
        if (!data.title().isBlank()) {
            parts.add(data.title());
        }
        parts.add(barLabel());
        parts.addAll(captionParts());
        if (data.hasPath()) {
            parts.add("alignment path: " + pathHow() + " per token (white marks)");
        }
        if (data.dtwLength() > 0) {
            parts.add("dashed: monotonic DTW path (GapScope extension, not in the paper)");
        }
        if (data.spans() != null) {
            parts.add("boxes with a dotted frame: reference word spans (" + WordSpans.SOURCE + ")");
        }
        if (prosody != null) {
            parts.add(String.join(" and ", ProsodyStrips.labels(prosody)) + " above (" + prosody.settings() + ")");
        }
        return "Speech-text alignment heatmap: " + String.join("; ", parts);
    }

    /** The audio strip drawn above the heatmap, or null. */
    public AudioStripData audio() {
        return audio;
    }

    /** The pitch and level strips drawn above the heatmap, or null. */
    public ProsodyStripData prosody() {
        return prosody;
    }

    /** Where the matrix lands when drawn at this size and style (for hit-testing in the explorer). */
    public HeatmapLayout layout(double width, double height, FigureStyle style) {
        HeatmapGeometry geo = geometry(width, height, style);
        return new HeatmapLayout(geo.plot(), geo.t0(), geo.t1(), data);
    }

    /** The colour bar's resolved range {low, high}. */
    public double[] colorRange(FigureStyle style) {
        return (style.colorMap().diverging() ? symmetricRange : sequentialRange).clone();
    }

    private String pathHow() {
        return data.metric() == HeatmapData.Metric.COSINE ? "argmax" : "argmin";
    }

    private String barLabel() {
        return data.metric().label() + " (layer " + data.layer() + (reversed() ? ", brighter = closer)" : ")");
    }

    /**
     * Whether the colours run backwards: a distance is small where speech and text are aligned, so its map is
     * reversed and the aligned end is the bright one, as for the cosine.
     */
    private boolean reversed() {
        return data.metric() == HeatmapData.Metric.EUCLIDEAN;
    }

    private HeatmapGeometry.Content content(FigureStyle style) {
        double[] range = colorRange(style);
        boolean clippedLow = dataMin < range[0] - 1e-12 * Math.abs(range[0]);
        boolean clippedHigh = dataMax > range[1] + 1e-12 * Math.abs(range[1]);
        List<String> title = data.title().isBlank() ? List.of() : List.of(data.title());
        return new HeatmapGeometry.Content(data, audio, audio == null ? List.of() : AudioStripPainter.strips(audio),
                prosody, labels, range, clippedLow, clippedHigh, barLabel(), title, captionParts(),
                legendEntries().toArray(Legend.Entry[]::new), data.dtwLength() == 0 && data.spans() == null);
    }

    private HeatmapGeometry geometry(double width, double height, FigureStyle style) {
        return HeatmapGeometry.of(content(style), width, height, style);
    }

    private List<String> captionParts() {
        List<String> parts = new ArrayList<>();
        HeatmapData.Scores s = data.scores();
        if (s == null) {
            s = new HeatmapData.Scores(Double.NaN, Double.NaN, Double.NaN, "");
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
        if (data.spans() != null && !data.spans().hitCaption().isEmpty()) {
            parts.add(data.spans().hitCaption());
        }
        return parts;
    }

    private List<Legend.Entry> legendEntries() {
        List<Legend.Entry> entries = new ArrayList<>();
        ColorMap any = ColorMap.VIRIDIS;
        if (data.hasPath()) {
            entries.add(new Legend.Entry("alignment path (" + pathHow() + " per token)", any.pathColor(), true, false,
                    0, false, false, any.pathOutline()));
        }
        if (data.dtwLength() > 0) {
            entries.add(new Legend.Entry("DTW path (GapScope extension)", any.pathColor(), true, true, -1, false,
                    false, any.pathOutline()));
        }
        if (data.spans() != null) {
            entries.add(new Legend.Entry("reference word spans (" + WordSpans.SOURCE + ")", any.pathColor(), false,
                    false, -1, false, false, any.pathOutline(), true));
        }
        return entries;
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        HeatmapGeometry.Content c = content(style);
        double plotH = c.plotPreferred(width, style);
        return Math.max(minimumHeight(width, style),
                Math.ceil(HeatmapGeometry.around(c, width, style, 0) + c.stripsPreferred(plotH, style) + plotH));
    }

    @Override
    public double minimumHeight(double width, FigureStyle style) {
        HeatmapGeometry.Content c = content(style);
        Header h = c.header(style, width);
        return Math.ceil(HeatmapGeometry.around(c, width, style, h.lastLevel()) + c.stripsMin(style)
                + c.plotMin(style));
    }

    @Override
    public double minimumWidth(FigureStyle style) {
        return HeatmapGeometry.minimumWidth(content(style), style);
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            HeatmapGeometry.Content c = content(style);
            HeatmapGeometry geo = HeatmapGeometry.of(c, width, height, style);
            geo.header().draw(g, geo.headerLevel(), geo.pad(), width / 2);
            Scale sx = new Scale(geo.t0(), geo.t1(), geo.plot().getMinX(), geo.plot().getMaxX());
            drawMatrix(g, style, geo, sx);
            Drawing.frame(g, style, geo.plot());
            drawSpans(g, style, geo, sx);
            drawPaths(g, style, geo, sx);
            drawTokenAxis(g, style, geo);
            Drawing.xAxis(g, style, geo.plot(), sx, geo.timeTicks(),
                    data.timesInSeconds() ? HeatmapGeometry.X_LABEL : HeatmapGeometry.X_LABEL_POSITIONS);
            Drawing.colorBar(g, style, geo.bar(), style.colorMap(), reversed(), c.range()[0], c.range()[1],
                    geo.barTicks(), geo.barLabel(), c.clippedLow(), c.clippedHigh());
            drawStrips(g, style, geo, c.strips(), sx);
            if (geo.prosody() != null) {
                geo.prosody().draw(g, style, sx, geo.plot().getMinX() - style.tickLength() - style.fontSize() * 0.3);
            }
        } finally {
            g.dispose();
        }
    }

    private void drawMatrix(Graphics2D g, FigureStyle style, HeatmapGeometry geo, Scale sx) {
        BufferedImage img = matrixImage(style.colorMap(), colorRange(style));
        double xa = sx.map(data.time(0));
        double xb = sx.map(data.endTime());
        Drawing.image(g, img, new Rectangle2D.Double(xa, geo.plot().getY(), xb - xa, geo.plot().getHeight()));
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
        boolean backwards = reversed();
        BufferedImage img = new BufferedImage(columns, tt, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[columns];
        for (int j = 0; j < tt; j++) {
            for (int c = 0; c < columns; c++) {
                float v = data.value(source[c], j);
                double t = (v - lo) / span;
                row[c] = Float.isFinite(v) ? map.rgb(backwards ? 1 - t : t) : NAN_COLOR.getRGB() & 0xFFFFFF;
            }
            img.setRGB(0, j, columns, 1, row, 0, columns);
        }
        synchronized (cacheLock) {
            cachedMap = map;
            cachedImage = img;
        }
        return img;
    }

    /** The x of the centre of speech position i. */
    private double cellCentre(Scale sx, int i) {
        return sx.map((data.time(i) + data.timeEnd(i)) / 2);
    }

    private void drawSpans(Graphics2D g, FigureStyle style, HeatmapGeometry geo, Scale sx) {
        Rectangle2D plot = geo.plot();
        double rowH = plot.getHeight() / data.tokenCount();
        HeatmapSpans.draw(g, style, new HeatmapSpans.Edges() {
            @Override
            public double left(int speech) {
                return sx.map(data.time(speech));
            }

            @Override
            public double right(int speech) {
                return sx.map(data.timeEnd(speech));
            }

            @Override
            public double top(int token) {
                return plot.getY() + token * rowH;
            }

            @Override
            public double bottom(int token) {
                return plot.getY() + (token + 1) * rowH;
            }
        }, data.spans());
    }

    private void drawPaths(Graphics2D g, FigureStyle style, HeatmapGeometry geo, Scale sx) {
        Rectangle2D plot = geo.plot();
        double rowH = plot.getHeight() / data.tokenCount();
        // no clip: every mark sits at a cell centre inside the plot (and some SVG viewers ignore clip paths)
        HeatmapPaths.draw(g, style, new HeatmapPaths.Cells() {
            @Override
            public double x(int speech) {
                return cellCentre(sx, speech);
            }

            @Override
            public double y(int token) {
                return plot.getY() + (token + 0.5) * rowH;
            }
        }, rowH, data.path(), data.dtwPath());
    }

    private void drawTokenAxis(Graphics2D g, FigureStyle style, HeatmapGeometry geo) {
        Font tf = style.tickFont();
        int tt = data.tokenCount();
        Rectangle2D plot = geo.plot();
        double rowH = plot.getHeight() / tt;
        double x = plot.getMinX();
        double tl = style.tickLength();
        g.setStroke(new BasicStroke((float) style.axisWidth()));
        for (int j = 0; j < tt; j += geo.labelStep()) {
            double y = plot.getY() + (j + 0.5) * rowH;
            g.setColor(style.theme().axis());
            Drawing.line(g, x - tl, y, x, y);
            g.setColor(style.theme().foreground());
            String label = Text.elide(tf, labels[j], geo.tokenLabelWidth());
            Text.drawMiddle(g, tf, label, x - tl - style.fontSize() * 0.3, y, Text.Align.RIGHT);
        }
        Drawing.verticalLabel(g, style, geo.yLabel(), geo.yLabelX(), plot.getCenterY());
    }

    private void drawStrips(Graphics2D g, FigureStyle style, HeatmapGeometry geo, List<AudioStripPainter.Strip> strips,
            Scale sx) {
        Font tf = style.tickFont();
        double labelX = geo.plot().getMinX() - style.tickLength() - style.fontSize() * 0.3;
        for (int k = 0; k < strips.size(); k++) {
            Rectangle2D r = geo.strips().get(k);
            AudioStripPainter.paint(strips.get(k), g, style, r, sx, audio, geo.t1());
            Drawing.frame(g, style, r);
            g.setColor(style.theme().foreground());
            Text.drawMiddle(g, tf, strips.get(k).label(), labelX, r.getCenterY(), Text.Align.RIGHT);
            AudioStripRenderer.innerTicks(g, style, r, sx, geo.timeTicks());
        }
    }
}
