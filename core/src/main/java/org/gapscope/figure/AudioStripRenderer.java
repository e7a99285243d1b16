package org.gapscope.figure;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Draws the audio strip: the waveform envelope above the log-mel spectrogram, on one time axis in
 * seconds. {@link #drawAligned} lines its time axis up with a heatmap's speech axis (give it
 * {@link HeatmapLayout}'s plot edges and time range); {@link HeatmapRenderer} can also draw the
 * strip itself above the matrix.
 */
public final class AudioStripRenderer implements FigureRenderer {

    private final AudioStripData data;

    /** A renderer for {@code data}. */
    public AudioStripRenderer(AudioStripData data) {
        if (data == null) {
            throw new IllegalArgumentException("audio strip renderer: data is required");
        }
        this.data = data;
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

    private record Geometry(double pad, List<String> titleLines, Rectangle2D wave, Rectangle2D spec, Ticks timeTicks,
            Ticks bandTicks, double t0, double t1) {
    }

    private Geometry geometry(double width, double height, FigureStyle style, double left, double right, double t0,
            double t1) {
        double fs = style.fontSize();
        double pad = fs * 0.6;
        double contentW = Math.max(fs, width - 2 * pad);
        List<String> titleLines = Drawing.wrapTitle(style, data.title(), contentW);
        double top = pad + Drawing.linesHeight(style, titleLines, style.titleFont())
                + (titleLines.isEmpty() ? 0 : fs * 0.3);
        double bottom = height - pad - Drawing.xAxisHeight(style, true);
        double body = Math.max(fs, bottom - top);
        Ticks bandTicks = data.hasSpectrogram()
                ? Ticks.integers(0, data.bands() - 1, (int) Math.max(2, body * 0.6 / (Text.height(style.tickFont()) * 1.6)))
                : null;
        double plotLeft = left;
        if (Double.isNaN(plotLeft)) {
            double tickW = bandTicks == null ? 0 : Drawing.yTicksWidth(style, bandTicks);
            plotLeft = pad + Text.height(style.labelFont()) + fs * 0.35 + tickW;
        }
        double plotRight = Double.isNaN(right) ? width - pad - fs * 0.8 : right;
        double w = Math.max(fs, plotRight - plotLeft);
        double gap = fs * 0.4;
        Rectangle2D wave;
        Rectangle2D spec = null;
        if (data.hasSpectrogram()) {
            double waveH = Math.max(fs * 1.5, (body - gap) * 0.35);
            wave = new Rectangle2D.Double(plotLeft, top, w, waveH);
            spec = new Rectangle2D.Double(plotLeft, top + waveH + gap, w, Math.max(fs, body - waveH - gap));
        } else {
            wave = new Rectangle2D.Double(plotLeft, top, w, body);
        }
        double sample = Math.max(Text.width(style.tickFont(), Ticks.format(t1, 1)),
                Text.width(style.tickFont(), "0.00")) + fs * 1.6;
        Ticks timeTicks = Ticks.nice(t0, t1, (int) Math.max(2, Math.min(10, w / sample)));
        return new Geometry(pad, titleLines, wave, spec, timeTicks, bandTicks, t0, t1);
    }

    private double end() {
        return Math.max(data.duration(), data.spectrogramEnd());
    }

    @Override
    public double preferredHeight(double width, FigureStyle style) {
        double fs = style.fontSize();
        Geometry probe = geometry(width, width, style, Double.NaN, Double.NaN, 0, end());
        double body = probe.spec == null ? probe.wave.getHeight() : probe.spec.getMaxY() - probe.wave.getY();
        double fixed = width - body;
        return Math.ceil(fixed + Math.max(fs * 6, Math.min(width * 0.35, fs * 14)));
    }

    @Override
    public void draw(Graphics2D g, double width, double height, FigureStyle style) {
        drawAligned(g, width, height, style, Double.NaN, Double.NaN, 0, end());
    }

    /**
     * Draws the strip with its plot between x = {@code plotLeft} and {@code plotRight} (NaN for the
     * strip's own margins) and its time axis from {@code t0} to {@code t1} seconds, so that it lines
     * up with a heatmap drawn beside it.
     */
    public void drawAligned(Graphics2D graphics, double width, double height, FigureStyle style, double plotLeft,
            double plotRight, double t0, double t1) {
        if (!(t1 > t0)) {
            throw new IllegalArgumentException("audio strip: time axis needs t0 < t1, got " + t0 + ", " + t1);
        }
        Graphics2D g = Drawing.begin(graphics, width, height, style);
        try {
            Geometry geo = geometry(width, height, style, plotLeft, plotRight, t0, t1);
            Drawing.title(g, style, geo.titleLines, geo.pad, width);
            Rectangle2D lowest = geo.spec != null ? geo.spec : geo.wave;
            Scale sx = new Scale(geo.t0, geo.t1, lowest.getMinX(), lowest.getMaxX());
            AudioStripPainter.waveform(g, style, geo.wave, sx, data);
            Drawing.frame(g, style, geo.wave);
            double labelX = geo.pad + Text.height(style.labelFont()) / 2;
            g.setColor(style.theme().foreground());
            if (geo.spec != null) {
                AudioStripPainter.spectrogram(g, style, geo.spec, sx, data);
                Drawing.frame(g, style, geo.spec);
                Scale sy = new Scale(-0.5, data.bands() - 0.5, geo.spec.getMaxY(), geo.spec.getMinY());
                Drawing.yAxis(g, style, geo.spec, sy, geo.bandTicks, false);
                g.setColor(style.theme().foreground());
                Text.drawVertical(g, style.labelFont(), Text.elide(style.labelFont(), "mel band",
                        geo.spec.getHeight() + style.fontSize()), labelX, geo.spec.getCenterY());
            }
            g.setColor(style.theme().foreground());
            Text.drawVertical(g, style.labelFont(), Text.elide(style.labelFont(), "wave",
                    geo.wave.getHeight() + style.fontSize()), labelX, geo.wave.getCenterY());
            Drawing.xAxis(g, style, lowest, sx, geo.timeTicks, "time (s)");
        } finally {
            g.dispose();
        }
    }
}
