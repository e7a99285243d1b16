package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Paints the strips of an audio figure on a given time scale, shared by the audio strip figure and
 * the heatmap's strips above the matrix. Each {@link Strip} knows its label (the same words in both
 * figures), the least height it reads at and its share of the room; a new kind of strip (pitch,
 * level) is one more constant and one more case in {@link #paint}.
 */
final class AudioStripPainter {

    /** One strip, top to bottom in this order. */
    enum Strip {
        /** The waveform envelope. */
        WAVEFORM("waveform", 1.8, 0.35),
        /** The log-mel spectrogram, low bands at the bottom. */
        SPECTROGRAM("mel band", 2.8, 0.65);

        private final String label;
        private final double minFontSizes;
        private final double weight;

        Strip(String label, double minFontSizes, double weight) {
            this.label = label;
            this.minFontSizes = minFontSizes;
            this.weight = weight;
        }

        /** The strip's name: a row label beside the heatmap, the axis label of the audio figure. */
        String label() {
            return label;
        }

        /** The least height the strip reads at. */
        double minHeight(FigureStyle style) {
            return style.fontSize() * minFontSizes;
        }

        /** Its share of the height the strips get together. */
        double weight() {
            return weight;
        }
    }

    private AudioStripPainter() {
    }

    /** The strips {@code a} has data for, top to bottom. */
    static List<Strip> strips(AudioStripData a) {
        List<Strip> strips = new ArrayList<>();
        strips.add(Strip.WAVEFORM);
        if (a.hasSpectrogram()) {
            strips.add(Strip.SPECTROGRAM);
        }
        return strips;
    }

    /**
     * Each strip's height when they share {@code body} by weight, each at least {@code min} of it; the
     * largest strip gives back what the minimums took, never going below its own minimum.
     */
    static double[] heights(List<Strip> strips, double body, ToDoubleFunction<Strip> min) {
        double[] h = new double[strips.size()];
        double weights = 0;
        for (Strip s : strips) {
            weights += s.weight();
        }
        double total = 0;
        for (int k = 0; k < h.length; k++) {
            h[k] = Math.max(min.applyAsDouble(strips.get(k)), body * strips.get(k).weight() / weights);
            total += h[k];
        }
        if (total > body && h.length > 0) {
            int largest = 0;
            for (int k = 1; k < h.length; k++) {
                largest = h[k] > h[largest] ? k : largest;
            }
            h[largest] = Math.max(min.applyAsDouble(strips.get(largest)), h[largest] - (total - body));
        }
        return h;
    }

    /** The least height of {@code strips} stacked with gaps of {@code gap}, each at least {@code min}. */
    static double minHeight(List<Strip> strips, double gap, ToDoubleFunction<Strip> min) {
        double h = gap * Math.max(0, strips.size() - 1);
        for (Strip s : strips) {
            h += min.applyAsDouble(s);
        }
        return h;
    }

    /** Paints {@code strip} into {@code rect} on time scale {@code sx}, up to the axis end {@code axisEnd} (seconds). */
    static void paint(Strip strip, Graphics2D g, FigureStyle style, Rectangle2D rect, Scale sx, AudioStripData a,
            double axisEnd) {
        switch (strip) {
            case WAVEFORM -> waveform(g, style, rect, sx, a);
            case SPECTROGRAM -> spectrogram(g, style, rect, sx, a, axisEnd);
            default -> throw new IllegalStateException("no painter for strip " + strip);
        }
    }

    /**
     * The end of the time axis for these strips alone: the longer of the clip and its spectrogram.
     * (A spectrogram ending less than two frames before it is held to it: the difference is frame
     * rounding, and a sliver of background there reads as missing data.)
     */
    static double end(AudioStripData a) {
        return Math.max(a.duration(), a.spectrogramEnd());
    }

    /** The waveform envelope filling {@code rect} vertically (scaled to its peak), on time scale {@code sx}. */
    static void waveform(Graphics2D g, FigureStyle style, Rectangle2D rect, Scale sx, AudioStripData a) {
        double peak = 1e-9;
        for (int b = 0; b < a.bins(); b++) {
            peak = Math.max(peak, Math.max(Math.abs(a.min(b)), Math.abs(a.max(b))));
        }
        Scale sy = new Scale(-peak, peak, rect.getMaxY(), rect.getMinY());
        Shape oldClip = g.getClip();
        g.clip(rect);
        g.setColor(style.theme().grid());
        g.setStroke(new BasicStroke((float) style.axisWidth()));
        Drawing.line(g, rect.getMinX(), sy.map(0), rect.getMaxX(), sy.map(0));

        // at most two envelope points per unit of width: merge bins
        int bins = a.bins();
        double x0 = sx.map(0);
        double x1 = sx.map(a.duration());
        int points = (int) Math.max(2, Math.min(bins, Math.ceil(Math.abs(x1 - x0) * 2)));
        double[] lo = new double[points];
        double[] hi = new double[points];
        for (int p = 0; p < points; p++) {
            int from = (int) ((long) p * bins / points);
            int to = Math.max(from + 1, (int) ((long) (p + 1) * bins / points));
            double mn = Double.POSITIVE_INFINITY;
            double mx = Double.NEGATIVE_INFINITY;
            for (int b = from; b < to && b < bins; b++) {
                mn = Math.min(mn, a.min(b));
                mx = Math.max(mx, a.max(b));
            }
            lo[p] = mn;
            hi[p] = mx;
        }
        Path2D.Double env = new Path2D.Double();
        double minHalf = style.axisWidth() * 0.5;
        for (int p = 0; p < points; p++) {
            double x = sx.map((p + 0.5) * a.duration() / points);
            double y = Math.min(sy.map(hi[p]), sy.map(0) - minHalf);
            if (p == 0) {
                env.moveTo(sx.map(0), y);
            }
            env.lineTo(x, y);
        }
        env.lineTo(sx.map(a.duration()), Math.min(sy.map(hi[points - 1]), sy.map(0) - minHalf));
        env.lineTo(sx.map(a.duration()), Math.max(sy.map(lo[points - 1]), sy.map(0) + minHalf));
        for (int p = points - 1; p >= 0; p--) {
            double x = sx.map((p + 0.5) * a.duration() / points);
            env.lineTo(x, Math.max(sy.map(lo[p]), sy.map(0) + minHalf));
        }
        env.lineTo(sx.map(0), Math.max(sy.map(lo[0]), sy.map(0) + minHalf));
        env.closePath();
        g.setColor(style.theme().series(0));
        g.fill(env);
        g.setClip(oldClip);
    }

    /**
     * The spectrogram as an image over {@code [0, spectrogramEnd]} on {@code sx}, low bands at the
     * bottom, clipped to {@code rect}; its last frame is held to {@code axisEnd} when that lies less
     * than two frames beyond.
     */
    static void spectrogram(Graphics2D g, FigureStyle style, Rectangle2D rect, Scale sx, AudioStripData a,
            double axisEnd) {
        if (!a.hasSpectrogram()) {
            return;
        }
        int frames = a.frames();
        int bands = a.bands();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < frames; k++) {
            for (int m = 0; m < bands; m++) {
                float v = a.spectrogramValue(k, m);
                if (Float.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        BufferedImage img = new BufferedImage(frames, bands, BufferedImage.TYPE_INT_RGB);
        ColorMap map = style.colorMap().diverging() ? ColorMap.VIRIDIS : style.colorMap();
        for (int k = 0; k < frames; k++) {
            for (int m = 0; m < bands; m++) {
                img.setRGB(k, bands - 1 - m, map.rgb((a.spectrogramValue(k, m) - lo) / (hi - lo)));
            }
        }
        double xa = sx.map(0);
        double xb = sx.map(a.spectrogramEnd());
        Shape oldClip = g.getClip();
        g.clip(rect);
        Drawing.image(g, img, new Rectangle2D.Double(xa, rect.getY(), xb - xa, rect.getHeight()));
        double gap = axisEnd - a.spectrogramEnd();
        if (gap > 0 && gap < 2 * a.frameSeconds()) {
            Drawing.image(g, img.getSubimage(frames - 1, 0, 1, bands),
                    new Rectangle2D.Double(xb, rect.getY(), sx.map(axisEnd) - xb, rect.getHeight()));
        }
        g.setClip(oldClip);
    }
}
