package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/** Paints the waveform and spectrogram strips on a given time scale (shared by the audio strip and heatmap figures). */
final class AudioStripPainter {

    private AudioStripPainter() {
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

    /** The spectrogram as an image over {@code [0, spectrogramEnd]} on {@code sx}, low bands at the bottom, clipped to {@code rect}. */
    static void spectrogram(Graphics2D g, FigureStyle style, Rectangle2D rect, Scale sx, AudioStripData a) {
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
        g.setClip(oldClip);
    }
}
