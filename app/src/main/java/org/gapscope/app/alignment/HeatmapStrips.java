package org.gapscope.app.alignment;

import org.gapscope.app.audio.AudioDisplay;
import org.gapscope.app.audio.ClipStrips;
import org.gapscope.app.audio.TimeRange;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * The clip's waveform and mel band strips above the on-screen heatmap, as the exported heatmap figure
 * has them: as wide as the matrix, over the speech time its visible window covers, so they follow the
 * heatmap's zoom and pan. Drawn by the audio pane's painter ({@link ClipStrips}) from the clip's
 * display pyramids; a layer change keeps the window, so it repaints the kept strip image.
 */
final class HeatmapStrips {

    private static final double GAP = 3;
    private static final double BELOW = 6;

    private final ClipStrips painter = new ClipStrips();
    private AudioDisplay audio;
    private TimeRange drawnRange;
    private double drawnX0 = Double.NaN;
    private int drawnColumns;
    private double labelFont = Double.NaN;
    private double labelRoom;

    /** Draws the strips of {@code display} (null: none). */
    void setAudio(AudioDisplay display) {
        audio = display;
    }

    /** The clip whose strips are drawn (null: none). */
    AudioDisplay audio() {
        return audio;
    }

    /**
     * The heights {wave, mel} of the strips above a heatmap of {@code p} when strips, matrix and nothing
     * else share {@code plotHeight}, or null when there are none: no clip, a speech axis without times,
     * or too little room. They take 30 % of it (the matrix keeps the rest), at least a label's height each.
     */
    double[] heights(HeatmapPicture p, double plotHeight, double fontSize) {
        if (audio == null || p == null || !p.hasTimes()) {
            return null;
        }
        double share = plotHeight * 0.3 - GAP - BELOW;
        double wave = share * 0.36;
        double mel = share - wave;
        return wave < Math.max(16, fontSize + 4) || mel < Math.max(24, fontSize + 4) ? null : new double[] {wave, mel};
    }

    /** The room their names need left of the strips at {@code fontSize}. */
    double labelWidth(double fontSize) {
        if (fontSize != labelFont) {
            Text probe = new Text("waveform");
            probe.setFont(Font.font(fontSize));
            labelRoom = probe.getLayoutBounds().getWidth() + 14;
            labelFont = fontSize;
        }
        return labelRoom;
    }

    /** The room the strips take above the matrix out of {@code plotHeight} (0: none). */
    double room(HeatmapPicture p, double plotHeight, double fontSize) {
        double[] h = heights(p, plotHeight, fontSize);
        return h == null ? 0 : h[0] + GAP + h[1] + BELOW;
    }

    /**
     * The speech time the matrix's visible window covers: from the start of its first (fractional)
     * position to the end of its last, the times between positions taken as linear.
     */
    static TimeRange range(float[] times, double from, double to) {
        return new TimeRange(timeOf(times, from), Math.max(timeOf(times, to), timeOf(times, from) + 1e-3));
    }

    /** The time of fractional position {@code position}; past the last start, one more position step. */
    static double timeOf(float[] times, double position) {
        int n = times.length;
        double step = n > 1 ? (times[n - 1] - times[0]) / (double) (n - 1) : 0.02;
        int k = (int) Math.floor(position);
        if (k < 0) {
            return times[0] + position * step;
        }
        if (k >= n - 1) {
            return times[n - 1] + (position - (n - 1)) * step;
        }
        return times[k] + (position - k) * (times[k + 1] - times[k]);
    }

    /** Draws the strips from {@code top} over the matrix's columns, with their names left of them. */
    void draw(GraphicsContext g, HeatmapPicture p, HeatmapGeometry at, double top, double plotHeight,
            double fontSize, Color ink, boolean dark) {
        double[] h = heights(p, plotHeight, fontSize);
        drawnRange = null;
        int columns = (int) Math.round(at.x1() - at.x0());
        if (h == null || columns < 2) {
            return;
        }
        TimeRange range = range(p.times(), at.from(), at.to());
        double melTop = top + h[0] + GAP;
        g.setFill(dark ? Color.web("#26272b") : Color.web("#f0f0f0"));
        g.fillRect(at.x0(), top, columns, h[0]);
        painter.wave(g, audio, range, at.x0(), top, columns, h[0], dark);
        painter.spectrogram(g, audio, range, at.x0(), melTop, columns, h[1], dark);
        g.setStroke(ink);
        g.setLineWidth(1);
        g.strokeRect(at.x0() - 0.5, top - 0.5, columns + 1, h[0] + 1);
        g.strokeRect(at.x0() - 0.5, melTop - 0.5, columns + 1, h[1] + 1);
        g.setFill(ink);
        g.setFont(Font.font(fontSize));
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText("waveform", at.x0() - 5, top + h[0] / 2, at.x0() - 8);
        g.fillText("mel band", at.x0() - 5, melTop + h[1] / 2, at.x0() - 8);
        drawnRange = range;
        drawnX0 = at.x0();
        drawnColumns = columns;
    }

    /** Whether the last redraw drew the strips. */
    boolean drawn() {
        return drawnRange != null;
    }

    /** The x at which the strips drew time {@code seconds} in the last redraw (NaN: none drawn). */
    double xOf(double seconds) {
        if (drawnRange == null) {
            return Double.NaN;
        }
        return drawnX0 + (seconds - drawnRange.from()) / drawnRange.length() * drawnColumns;
    }

    /** The spectrogram images built so far (a layer change builds none). */
    int imagesBuilt() {
        return painter.imagesBuilt();
    }
}
