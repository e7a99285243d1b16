package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the audio strip figure: the strips of {@link AudioStripPainter} (waveform above the log-mel
 * spectrogram) on one time axis in seconds, each named on its left as the heatmap names the same
 * strips above its matrix, the spectrogram with its mel band ticks.
 */
public final class AudioStripRenderer implements FigureRenderer {

    private static final String X_LABEL = "time (s)";

    private final AudioStripData data;
    private final List<AudioStripPainter.Strip> strips;

    /** A renderer for {@code data}. */
    public AudioStripRenderer(AudioStripData data) {
        if (data == null) {
            throw new IllegalArgumentException("audio strip renderer: data is required");
        }
        this.data = data;
        this.strips = AudioStripPainter.strips(data);
    }

    @Override
    public AudioStripData data() {
        return data;
    }

    @Override
    public String description() {
        return "Audio strip: " + (data.title().isBlank() ? "" : data.title() + ": ") + "waveform"
                + (data.hasSpectrogram() ? " and log-mel spectrogram (" + data.bands() + " bands)" : "") + ", "
                + Ticks.format(data.duration(), 2) + " s";
    }

    private record Geometry(Header header, int headerLevel, double pad, List<Rectangle2D> rects, Ticks timeTicks,
            Ticks bandTicks, double end) {
    }

    private Header header(FigureStyle style, double contentW) {
        List<String> title = data.title().isBlank() ? List.of() : List.of(data.title());
        return Header.of(style, contentW, title, List.of(), null, true);
    }

    private double labelColumn(FigureStyle style) {
        double w = 0;
        for (AudioStripPainter.Strip s : strips) {
            w = Math.max(w, Text.width(style.tickFont(), s.label()));
        }
        return w;
    }

    private Ticks bandTicks(FigureStyle style, double height) {
        return Ticks.integers(0, data.bands() - 1, Ticks.MIN_COUNT, Drawing.yTickRoom(style, height));
    }

    private double plotLeft(FigureStyle style, Ticks bandTicks) {
        double fs = style.fontSize();
        double ticks = bandTicks == null ? style.tickLength() + fs * 0.3 : Drawing.yTicksWidth(style, bandTicks);
        return fs * 0.6 + labelColumn(style) + fs * 0.4 + ticks;
    }

    /** The least height of one strip here: the spectrogram needs room for four band ticks. */
    private static double stripMin(AudioStripPainter.Strip s, FigureStyle style) {
        return s == AudioStripPainter.Strip.SPECTROGRAM ? Math.max(s.minHeight(style), Drawing.yTicksNeed(style))
                : s.minHeight(style);
    }

    /** The least height of the strips together. */
    private double stripsMin(FigureStyle style) {
        return AudioStripPainter.minHeight(strips, style.fontSize() * 0.4, s -> stripMin(s, style));
    }

    private Geometry geometry(double width, double height, FigureStyle style) {
        double fs = style.fontSize();
        double pad = fs * 0.6;
        Header header = header(style, Math.max(fs, width - 2 * pad));
        double fixed = 2 * pad + Drawing.xAxisHeight(style, true);
        int level = header.fit(height - fixed - stripsMin(style));
        double top = pad + header.height(level);
        double bottom = height - pad - Drawing.xAxisHeight(style, true);
        double gap = fs * 0.4;
        double body = Math.max(fs, bottom - top - gap * (strips.size() - 1));
        double[] heights = AudioStripPainter.heights(strips, body, s -> stripMin(s, style));
        int spec = strips.indexOf(AudioStripPainter.Strip.SPECTROGRAM);
        Ticks bandTicks = spec >= 0 ? bandTicks(style, heights[spec]) : null;
        double left = plotLeft(style, bandTicks);
        double right = width - pad - fs * 0.8;
        List<Rectangle2D> rects = new ArrayList<>();
        double y = top;
        for (double h : heights) {
            rects.add(new Rectangle2D.Double(left, y, Math.max(fs, right - left), h));
            y += h + gap;
        }
        double end = AudioStripPainter.end(data);
        double w = Math.max(fs, right - left);
        Ticks timeTicks = Ticks.seconds(0, end, Ticks.MIN_COUNT, timeTickRoom(style, w, end));
        return new Geometry(header, level, pad, rects, timeTicks, bandTicks, end);
    }

    static int timeTickRoom(FigureStyle style, double width, double end) {
        Font tf = style.tickFont();
        double sample = Math.max(Text.width(tf, Ticks.format(end, 1)), Text.width(tf, "0.00")) + style.fontSize() * 1.2;
        return (int) Math.max(2, Math.min(12, width / sample));
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        double fs = style.fontSize();
        double body = Math.max(fs * 6, Math.min(width * 0.35, fs * 14));
        return Math.max(minimumHeight(width, style), Math.ceil(outside(width, style, 0) + Math.max(body,
                stripsMin(style))));
    }

    /** Everything but the strips: pads, the header at {@code level}, the time axis. */
    private double outside(double width, FigureStyle style, int level) {
        double fs = style.fontSize();
        Header header = header(style, Math.max(fs, width - 1.2 * fs));
        return 1.2 * fs + header.height(level) + Drawing.xAxisHeight(style, true);
    }

    @Override
    public double minimumHeight(double width, FigureStyle style) {
        return Math.ceil(outside(width, style, header(style, width).lastLevel()) + stripsMin(style));
    }

    @Override
    public double minimumWidth(FigureStyle style) {
        double fs = style.fontSize();
        Ticks ticks = Ticks.seconds(0, AudioStripPainter.end(data), Ticks.MIN_COUNT, Ticks.MIN_COUNT);
        double plot = Math.max(Text.width(style.labelFont(), X_LABEL),
                Ticks.MIN_COUNT * (Text.width(style.tickFont(), ticks.labels()[ticks.labels().length - 1]) + fs));
        return Math.ceil(plotLeft(style, data.hasSpectrogram() ? bandTicks(style, 1e6) : null) + plot + fs * 1.4);
    }

    @Override
    public void draw(Graphics2D graphics, double width, double height, FigureStyle style) {
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Geometry geo = geometry(width, height, style);
            geo.header.draw(g, geo.headerLevel, geo.pad, width / 2);
            Rectangle2D lowest = geo.rects.get(geo.rects.size() - 1);
            Scale sx = new Scale(0, geo.end, lowest.getMinX(), lowest.getMaxX());
            Font tf = style.tickFont();
            for (int k = 0; k < strips.size(); k++) {
                AudioStripPainter.Strip strip = strips.get(k);
                Rectangle2D r = geo.rects.get(k);
                AudioStripPainter.paint(strip, g, style, r, sx, data, geo.end);
                Drawing.frame(g, style, r);
                if (strip == AudioStripPainter.Strip.SPECTROGRAM) {
                    Scale sy = new Scale(-0.5, data.bands() - 0.5, r.getMaxY(), r.getMinY());
                    Drawing.yAxis(g, style, r, sy, geo.bandTicks, false);
                }
                g.setColor(style.theme().foreground());
                Text.drawMiddle(g, tf, strip.label(), geo.pad + labelColumn(style), r.getCenterY(), Text.Align.RIGHT);
                if (k < strips.size() - 1) {
                    innerTicks(g, style, r, sx, geo.timeTicks);
                }
            }
            Drawing.xAxis(g, style, lowest, sx, geo.timeTicks, X_LABEL);
        } finally {
            g.dispose();
        }
    }

    /** Short time ticks inside the bottom edge of an upper strip, so every strip reads against the axis. */
    static void innerTicks(Graphics2D g, FigureStyle style, Rectangle2D r, Scale sx, Ticks ticks) {
        g.setColor(style.theme().axis());
        g.setStroke(new BasicStroke((float) style.axisWidth()));
        for (double v : ticks.values()) {
            double x = sx.map(v);
            if (x > r.getMinX() + 0.5 && x < r.getMaxX() - 0.5) {
                Drawing.line(g, x, r.getMaxY(), x, r.getMaxY() - style.tickLength() * 0.6);
            }
        }
    }
}
