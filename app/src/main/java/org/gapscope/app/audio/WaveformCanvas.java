package org.gapscope.app.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gapscope.figure.ProsodyStripData;
import org.gapscope.figure.Ticks;

import javafx.animation.AnimationTimer;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * The audio pane's picture: the waveform, under it the pitch (F0) and level strips when they are
 * switched on, then the log-mel spectrogram, on one time axis. Drag selects, the wheel zooms,
 * Shift+wheel pans, a double click shows the whole clip; the pointer's time, F0 and level go to the
 * pane's read-out. A second canvas on top carries the selection, the play cursor and the pointer line.
 */
final class WaveformCanvas extends Pane {

    private static final Color PITCH_LIGHT = Color.web("#D55E00");
    private static final Color PITCH_DARK = Color.web("#E69F00");
    private static final Color LEVEL_LIGHT = Color.web("#009E73");
    private static final Color LEVEL_DARK = Color.web("#2BC79A");

    private final AudioViewModel viewModel;
    private final ObservableBooleanValue dark;
    private final Canvas base = new Canvas();
    private final Canvas overlay = new Canvas();
    private double dragStart = Double.NaN;
    private double pointer = Double.NaN;
    private double axisFont = 10;
    private final ClipStrips clipStrips = new ClipStrips();
    private final List<StripName> names = new ArrayList<>();

    /** A strip's name and the top of its strip, drawn after the tracks. */
    private record StripName(double top, String text) {
    }

    WaveformCanvas(AudioViewModel viewModel, ObservableBooleanValue dark) {
        this.viewModel = viewModel;
        this.dark = dark;
        getChildren().setAll(base, overlay);
        base.widthProperty().bind(widthProperty());
        base.heightProperty().bind(heightProperty());
        overlay.widthProperty().bind(widthProperty());
        overlay.heightProperty().bind(heightProperty());
        base.widthProperty().addListener(o -> redraw());
        base.heightProperty().addListener(o -> redraw());
        viewModel.displayProperty().addListener(o -> redraw());
        viewModel.viewRangeProperty().addListener(o -> redraw());
        ProsodyViewModel prosody = viewModel.prosody();
        prosody.trackProperty().addListener(o -> redraw());
        prosody.showPitchProperty().addListener(o -> redraw());
        prosody.showLevelProperty().addListener(o -> redraw());
        dark.addListener(o -> redraw());
        viewModel.selectionProperty().addListener(o -> drawOverlay());
        installMouse();
        AnimationTimer cursor = new AnimationTimer() {
            @Override
            public void handle(long now) {
                drawOverlay();
            }
        };
        viewModel.playingProperty().addListener((obs, old, on) -> {
            if (on) {
                cursor.start();
            } else {
                cursor.stop();
                drawOverlay();
            }
        });
    }

    /** The time axis's font size (larger in presentation mode). */
    void setAxisFont(double size) {
        axisFont = size;
        redraw();
    }

    private void installMouse() {
        setOnMousePressed(e -> {
            if (e.getButton() == MouseButton.PRIMARY && viewModel.viewRangeProperty().get() != null) {
                dragStart = timeAt(e.getX());
            }
        });
        setOnMouseDragged(e -> {
            if (!Double.isNaN(dragStart)) {
                viewModel.selectionProperty().set(clampedRange(dragStart, timeAt(e.getX())));
            }
        });
        setOnMouseReleased(e -> {
            if (!Double.isNaN(dragStart)) {
                viewModel.selectionProperty().set(clampedRange(dragStart, timeAt(e.getX())));
                dragStart = Double.NaN;
            }
        });
        setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                viewModel.zoomToFit();
            }
        });
        setOnMouseMoved(e -> point(viewModel.viewRangeProperty().get() == null ? Double.NaN : timeAt(e.getX())));
        setOnMouseExited(e -> point(Double.NaN));
        setOnScroll(e -> {
            TimeRange range = viewModel.viewRangeProperty().get();
            if (range == null) {
                return;
            }
            double delta = e.isShiftDown() ? (e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY()) : e.getDeltaY();
            if (delta == 0) {
                return;
            }
            if (e.isShiftDown()) {
                viewModel.pan(-delta / Math.max(1, base.getWidth()) * range.length());
            } else {
                viewModel.zoom(delta > 0 ? 0.8 : 1.25, timeAt(e.getX()));
            }
            e.consume();
        });
    }

    /** The pointer is at {@code seconds} (NaN: outside): the read-out and the pointer line follow. */
    void point(double seconds) {
        pointer = seconds;
        viewModel.prosody().pointAt(seconds);
        drawOverlay();
    }

    private TimeRange clampedRange(double a, double b) {
        AudioDisplay d = viewModel.displayProperty().get();
        TimeRange r = TimeRange.between(a, b);
        return r == null || d == null ? null : r.clamp(d.duration());
    }

    private double axisHeight() {
        return axisFont + 6;
    }

    private double timeAt(double x) {
        TimeRange range = viewModel.viewRangeProperty().get();
        return range.from() + Math.max(0, Math.min(1, x / Math.max(1, base.getWidth()))) * range.length();
    }

    private double xAt(double seconds) {
        TimeRange range = viewModel.viewRangeProperty().get();
        return (seconds - range.from()) / range.length() * base.getWidth();
    }

    /** Where the strips go: {top, height} of wave, pitch, level and spectrogram (a zero height: not shown). */
    private double[][] layout(double plotH) {
        boolean pitch = viewModel.prosody().showPitchProperty().get();
        boolean level = viewModel.prosody().showLevelProperty().get();
        double wave = Math.round(plotH * (pitch || level ? 0.3 : 0.4));
        double pitchH = pitch ? Math.round(plotH * (level ? 0.2 : 0.25)) : 0;
        double levelH = level ? Math.round(plotH * (pitch ? 0.15 : 0.2)) : 0;
        double y = wave + 2;
        double[] p = {y, pitchH};
        y += pitchH + (pitch ? 2 : 0);
        double[] l = {y, levelH};
        y += levelH + (level ? 2 : 0);
        return new double[][] {{0, wave}, p, l, {y, plotH - y}};
    }

    /** Redraws waveform, strips, spectrogram and axis for the current range and size. */
    private void redraw() {
        GraphicsContext g = base.getGraphicsContext2D();
        double w = base.getWidth();
        double h = base.getHeight();
        boolean isDark = dark.get();
        g.setFill(isDark ? Color.web("#1e1e20") : Color.web("#fafafa"));
        g.fillRect(0, 0, w, h);
        AudioDisplay d = viewModel.displayProperty().get();
        TimeRange range = viewModel.viewRangeProperty().get();
        int columns = (int) Math.floor(w);
        if (d == null || range == null || columns < 2 || h < axisHeight() + 20) {
            drawOverlay();
            return;
        }
        double plotH = h - axisHeight();
        double[][] rows = layout(plotH);
        clipStrips.wave(g, d, range, 0, 0, columns, rows[0][1], isDark);
        ProsodyStripData strips = viewModel.prosody().strips();
        if (rows[1][1] > 0) {
            drawPitch(g, strips, rows[1], w, isDark);
        }
        if (rows[2][1] > 0) {
            drawLevel(g, strips, rows[2], w, isDark);
        }
        drawLabels(g, isDark);
        clipStrips.spectrogram(g, d, range, 0, rows[3][0], columns, rows[3][1], isDark);

        g.setFill(isDark ? Color.web("#bbbbbb") : Color.web("#444444"));
        g.setStroke(g.getFill());
        g.setLineWidth(1);
        g.setFont(Font.font(axisFont));
        Ticks ticks = Ticks.nice(range.from(), range.to(), (int) Math.max(1, w / 80));
        for (int i = 0; i < ticks.values().length; i++) {
            double x = xAt(ticks.values()[i]);
            String label = ticks.labels()[i];
            g.strokeLine(x, plotH, x, plotH + 3);
            // whole seconds carry the unit, as the axis has no title
            g.fillText(label.contains(".") ? label : label + " s", Math.min(w - 28, Math.max(0, x - 10)), h - 3);
        }
        drawOverlay();
    }

    private void stripBackground(GraphicsContext g, double[] row, double w, boolean isDark, String label) {
        g.setFill(isDark ? Color.web("#26272b") : Color.web("#f0f0f0"));
        g.fillRect(0, row[0], w, row[1]);
        names.add(new StripName(row[0], label));
    }

    /** The strips' names, over their tracks on a backing so that a line running through them stays readable. */
    private void drawLabels(GraphicsContext g, boolean isDark) {
        double size = Math.max(9, axisFont - 1);
        g.setFont(Font.font(size));
        for (StripName name : names) {
            Text probe = new Text(name.text());
            probe.setFont(g.getFont());
            double width = probe.getLayoutBounds().getWidth();
            g.setFill(isDark ? Color.color(0.15, 0.15, 0.17, 0.8) : Color.color(0.97, 0.97, 0.97, 0.85));
            g.fillRect(2, name.top() + 1, width + 4, size + 3);
            g.setFill(isDark ? Color.web("#b0b0b0") : Color.web("#555555"));
            g.fillText(name.text(), 4, name.top() + size + 1);
        }
        names.clear();
    }

    private void drawPitch(GraphicsContext g, ProsodyStripData p, double[] row, double w, boolean isDark) {
        if (p == null) {
            stripBackground(g, row, w, isDark, "F0 …");
            return;
        }
        double[] r = p.pitchRange();
        stripBackground(g, row, w, isDark, String.format(Locale.ROOT, "F0 %.0f–%.0f Hz", r[0], r[1]));
        g.setStroke(isDark ? PITCH_DARK : PITCH_LIGHT);
        g.setFill(g.getStroke());
        g.setLineWidth(1.5);
        double top = row[0] + 2;
        double height = row[1] - 4;
        for (int k = 0; k < p.frames(); k++) {
            if (Float.isNaN(p.f0(k))) {
                continue;
            }
            double x = xAt(p.time(k));
            double y = top + height * (1 - (p.f0(k) - r[0]) / (r[1] - r[0]));
            boolean next = k + 1 < p.frames() && !Float.isNaN(p.f0(k + 1));
            boolean previous = k > 0 && !Float.isNaN(p.f0(k - 1));
            if (next) {
                double y1 = top + height * (1 - (p.f0(k + 1) - r[0]) / (r[1] - r[0]));
                g.strokeLine(x, y, xAt(p.time(k + 1)), y1);
            } else if (!previous) {
                g.fillOval(x - 1.5, y - 1.5, 3, 3);
            }
        }
    }

    private void drawLevel(GraphicsContext g, ProsodyStripData p, double[] row, double w, boolean isDark) {
        if (p == null) {
            stripBackground(g, row, w, isDark, "level …");
            return;
        }
        double[] r = p.levelRange();
        stripBackground(g, row, w, isDark, String.format(Locale.ROOT, "level %.0f…%.0f dB", r[0], r[1]));
        g.setStroke(isDark ? LEVEL_DARK : LEVEL_LIGHT);
        g.setLineWidth(1.2);
        double top = row[0] + 2;
        double height = row[1] - 4;
        double[] xs = new double[p.frames()];
        double[] ys = new double[p.frames()];
        for (int k = 0; k < p.frames(); k++) {
            xs[k] = xAt(p.time(k));
            ys[k] = top + height * (1 - (Math.max(r[0], p.levelAt(k)) - r[0]) / (r[1] - r[0]));
        }
        g.strokePolyline(xs, ys, xs.length);
    }

    private void drawOverlay() {
        GraphicsContext g = overlay.getGraphicsContext2D();
        double w = overlay.getWidth();
        double h = overlay.getHeight();
        g.clearRect(0, 0, w, h);
        TimeRange range = viewModel.viewRangeProperty().get();
        if (range == null) {
            return;
        }
        double plotH = h - axisHeight();
        TimeRange selected = viewModel.selectionProperty().get();
        if (selected != null) {
            double x0 = xAt(selected.from());
            double x1 = xAt(selected.to());
            g.setFill(Color.color(1, 0.85, 0.2, 0.28));
            g.fillRect(x0, 0, Math.max(1, x1 - x0), plotH);
            g.setStroke(Color.color(0.95, 0.6, 0.0, 0.9));
            g.setLineWidth(1);
            g.strokeLine(x0, 0, x0, plotH);
            g.strokeLine(x1, 0, x1, plotH);
        }
        if (!Double.isNaN(pointer) && viewModel.prosody().ready()) {
            double x = Math.round(xAt(pointer)) + 0.5;
            g.setStroke(dark.get() ? Color.color(1, 1, 1, 0.45) : Color.color(0, 0, 0, 0.35));
            g.setLineWidth(1);
            g.strokeLine(x, 0, x, plotH);
        }
        double position = viewModel.playPosition();
        if (!Double.isNaN(position)) {
            double x = xAt(position);
            g.setStroke(Color.web("#e8453c"));
            g.setLineWidth(1.5);
            g.strokeLine(x, 0, x, plotH);
        }
    }
}
