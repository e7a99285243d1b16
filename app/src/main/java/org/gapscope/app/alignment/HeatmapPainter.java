package org.gapscope.app.alignment;

import java.util.Locale;

import org.gapscope.figure.Ticks;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * Draws what lies around and on the heatmap's matrix with canvas commands: token labels down the left,
 * the speech axis (time, or positions), the colour bar on the right, and the cells framed by an intervention
 * or picked for one. The paths are drawn by the exported figure's routine ({@code figure.HeatmapPaths}).
 */
final class HeatmapPainter {

    private HeatmapPainter() {
    }

    /** The token labels, thinned to what fits. */
    static void tokenLabels(GraphicsContext g, HeatmapPicture p, HeatmapGeometry at, double fontSize, Color ink) {
        double row = at.row();
        g.setFont(Font.font(fontSize));
        g.setFill(ink);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        int every = Math.max(1, (int) Math.ceil(fontSize * 1.2 / Math.max(row, 1e-6)));
        for (int j = 0; j < p.textCount(); j += every) {
            g.fillText(p.tokens().get(j), at.x0() - 5, at.yOf(j), at.x0() - 8);
        }
    }

    /** The speech axis: a line, round ticks in seconds (or positions), and its title. */
    static void speechAxis(GraphicsContext g, HeatmapPicture p, HeatmapGeometry at, double fontSize, Color ink) {
        double x0 = at.x0();
        double x1 = at.x1();
        double y1 = at.y1();
        g.setStroke(ink);
        g.setLineWidth(1);
        g.strokeLine(x0, y1 + 0.5, x1, y1 + 0.5);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        int count = (int) Math.max(1, (x1 - x0) / 70);
        int first = (int) Math.floor(at.from());
        int last = Math.min(p.speechCount() - 1, (int) Math.ceil(at.to()) - 1);
        if (p.hasTimes()) {
            float[] t = p.times();
            Ticks ticks = Ticks.nice(t[first], Math.max(t[last], t[first] + 1e-3), count);
            for (int k = 0; k < ticks.values().length; k++) {
                double x = at.xOf(indexOfTime(t, ticks.values()[k]));
                g.strokeLine(x, y1, x, y1 + 4);
                g.fillText(ticks.labels()[k], x, y1 + 4);
            }
        } else {
            Ticks ticks = Ticks.integers((int) Math.ceil(at.from()), (int) Math.floor(at.to()), count);
            for (int k = 0; k < ticks.values().length; k++) {
                double x = at.xOf(ticks.values()[k]);
                g.strokeLine(x, y1, x, y1 + 4);
                g.fillText(ticks.labels()[k], x, y1 + 4);
            }
        }
        g.fillText(p.hasTimes() ? "speech time (s)" : "speech position", (x0 + x1) / 2, y1 + 6 + fontSize * 1.1);
    }

    /** The fractional position whose start time is {@code seconds} (times increase). */
    static double indexOfTime(float[] times, double seconds) {
        int lo = 0;
        int hi = times.length - 1;
        if (seconds <= times[0]) {
            return 0;
        }
        if (seconds >= times[hi]) {
            return hi;
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= seconds) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo + (seconds - times[lo]) / Math.max(1e-9, times[hi] - times[lo]);
    }

    /** The colour bar right of the matrix, with its two ends and middle labelled. */
    static void colourBar(GraphicsContext g, HeatmapPicture p, HeatmapGeometry at, int[] lut, double fontSize,
            Color ink) {
        double y0 = at.y0();
        double y1 = at.y1();
        double bx = at.x1() + 10;
        double bw = 12;
        for (int k = 0; k < 128; k++) {
            double t = k / 127.0;
            int argb = lut[(int) Math.round(t * (lut.length - 1))];
            g.setFill(Color.rgb((argb >> 16) & 255, (argb >> 8) & 255, argb & 255));
            double yy = y1 - (k + 1) * (y1 - y0) / 128;
            g.fillRect(bx, yy, bw, (y1 - y0) / 128 + 0.6);
        }
        g.setFill(ink);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.setFont(Font.font(fontSize * 0.9));
        g.fillText(format(p.hi()), bx + bw + 3, y0 + 5);
        g.fillText(format(p.lo()), bx + bw + 3, y1 - 5);
        g.fillText(format((p.lo() + p.hi()) / 2), bx + bw + 3, (y0 + y1) / 2);
        // what the colours mean, read upwards beside the numbers, as the exported figure's bar label
        Text probe = new Text();
        probe.setFont(g.getFont());
        double numbers = 0;
        for (double v : new double[] {p.lo(), p.hi(), (p.lo() + p.hi()) / 2}) {
            probe.setText(format(v));
            numbers = Math.max(numbers, probe.getLayoutBounds().getWidth());
        }
        g.save();
        g.translate(bx + bw + 3 + numbers + fontSize * 0.75, (y0 + y1) / 2);
        g.rotate(-90);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText(p.scaleLabel(), 0, 0, Math.max(10, y1 - y0));
        g.restore();
    }

    /**
     * The path cells of the tokens the last intervention rewrote (a yellow frame) and of the tokens
     * picked for one (a white ring wider than the dot, so it reads on any colour map).
     */
    static void marks(GraphicsContext g, HeatmapPicture p, HeatmapGeometry at) {
        if (p.path() == null) {
            return;
        }
        double row = at.row();
        if (p.marked().length > 0) {
            g.setStroke(Color.web("#ffcc00"));
            g.setLineWidth(2);
            for (int j : p.marked()) {
                double x = at.xOf(p.path()[j]);
                g.strokeRect(x - 1, at.y0() + j * row, Math.max(4, at.xOf(p.path()[j] + 1) - x) + 2, row);
            }
        }
        double r = at.dotRadius() + 3;
        g.setLineWidth(2.5);
        for (int j : p.picked()) {
            if (j < 0 || j >= p.textCount()) {
                continue;
            }
            double x = at.xOf(p.path()[j] + 0.5);
            double y = at.yOf(j);
            g.setStroke(Color.BLACK);
            g.strokeOval(x - r - 1, y - r - 1, 2 * r + 2, 2 * r + 2);
            g.setStroke(Color.WHITE);
            g.strokeOval(x - r, y - r, 2 * r, 2 * r);
        }
    }

    private static String format(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
