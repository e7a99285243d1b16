package org.gapscope.app.audio;

import org.gapscope.figure.ColorMap;
import org.gapscope.figure.Ticks;

import javafx.animation.AnimationTimer;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * The audio pane's picture: the waveform above the log-mel spectrogram the model hears, a time axis,
 * the selection and the playback cursor (on an overlay, so they redraw without the picture). Dragging
 * selects, the wheel zooms around the pointer, Shift+wheel pans, a double click shows the whole clip.
 */
final class AudioCanvas extends Pane {

    private final AudioViewModel viewModel;
    private final ObservableBooleanValue dark;
    private final Canvas base = new Canvas();
    private final Canvas overlay = new Canvas();
    private double dragStart = Double.NaN;
    private double axisFont = 10;
    private float[] mins = new float[0];
    private float[] maxs = new float[0];
    private float[] spectrum = new float[0];

    AudioCanvas(AudioViewModel viewModel, ObservableBooleanValue dark) {
        this.viewModel = viewModel;
        this.dark = dark;
        getChildren().addAll(base, overlay);
        setMinHeight(90);
        setPrefHeight(150);
        base.widthProperty().bind(widthProperty());
        base.heightProperty().bind(heightProperty());
        overlay.widthProperty().bind(widthProperty());
        overlay.heightProperty().bind(heightProperty());
        base.widthProperty().addListener(o -> redraw());
        base.heightProperty().addListener(o -> redraw());
        viewModel.displayProperty().addListener(o -> redraw());
        viewModel.viewRangeProperty().addListener(o -> redraw());
        dark.addListener(o -> redraw());
        viewModel.selectionProperty().addListener(o -> drawOverlay());
        installMouse(this);

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

    /** The time axis' text size in pixels (presentation mode enlarges it). */
    void setAxisFont(double pixels) {
        axisFont = pixels;
        redraw();
    }

    private void installMouse(Pane pane) {
        pane.setOnMousePressed(e -> {
            if (e.getButton() == MouseButton.PRIMARY && viewModel.viewRangeProperty().get() != null) {
                dragStart = timeAt(e.getX());
            }
        });
        pane.setOnMouseDragged(e -> {
            if (!Double.isNaN(dragStart)) {
                viewModel.selectionProperty().set(clampedRange(dragStart, timeAt(e.getX())));
            }
        });
        pane.setOnMouseReleased(e -> {
            if (!Double.isNaN(dragStart)) {
                viewModel.selectionProperty().set(clampedRange(dragStart, timeAt(e.getX())));
                dragStart = Double.NaN;
            }
        });
        pane.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                viewModel.zoomToFit();
            }
        });
        pane.setOnScroll(e -> {
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

    /** Redraws waveform, spectrogram and axis for the current range and size. */
    void redraw() {
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
        double waveH = Math.round(plotH * 0.4);
        double specTop = waveH + 2;
        double specH = plotH - specTop;

        if (mins.length < columns) {
            mins = new float[columns];
            maxs = new float[columns];
        }
        d.envelope().columns(range.from(), range.to(), columns, mins, maxs);
        double peak = 1e-6;
        for (int c = 0; c < columns; c++) {
            if (!Float.isNaN(mins[c])) {
                peak = Math.max(peak, Math.max(Math.abs(mins[c]), Math.abs(maxs[c])));
            }
        }
        double mid = waveH / 2;
        double scale = (waveH / 2 - 2) / peak;
        g.setStroke(isDark ? Color.web("#7fb3e6") : Color.web("#2f6fad"));
        g.setLineWidth(1);
        for (int c = 0; c < columns; c++) {
            if (Float.isNaN(mins[c])) {
                continue;
            }
            double y0 = mid - maxs[c] * scale;
            double y1 = mid - mins[c] * scale;
            g.strokeLine(c + 0.5, y0, c + 0.5, Math.max(y1, y0 + 1));
        }

        int bins = d.spectrogram().bins();
        if (spectrum.length < columns * bins) {
            spectrum = new float[columns * bins];
        }
        d.spectrogram().render(range.from(), range.to(), columns, spectrum);
        WritableImage image = new WritableImage(columns, bins);
        PixelWriter pixels = image.getPixelWriter();
        float lo = d.spectrogram().minValue();
        float hi = d.spectrogram().maxValue();
        double span = Math.max(1e-6, hi - lo);
        int background = isDark ? 0xff1e1e20 : 0xfffafafa;
        for (int m = 0; m < bins; m++) {
            int y = bins - 1 - m;
            for (int c = 0; c < columns; c++) {
                float v = spectrum[m * columns + c];
                pixels.setArgb(c, y, Float.isNaN(v) ? background : 0xff000000 | ColorMap.VIRIDIS.rgb((v - lo) / span));
            }
        }
        g.setImageSmoothing(true);
        g.drawImage(image, 0, specTop, columns, specH);

        g.setFill(isDark ? Color.web("#bbbbbb") : Color.web("#444444"));
        g.setStroke(g.getFill());
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
            g.strokeLine(x0, 0, x0, plotH);
            g.strokeLine(x1, 0, x1, plotH);
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
