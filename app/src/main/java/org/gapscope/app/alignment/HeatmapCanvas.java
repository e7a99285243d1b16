package org.gapscope.app.alignment;

import java.nio.IntBuffer;
import java.util.Locale;
import java.util.function.BiConsumer;

import org.gapscope.figure.ColorMap;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * The interactive heatmap: the matrix as one image with one pixel per cell, drawn with sharp cells
 * through a pixel buffer that a layer change rewrites in place (no new image, no smoothing), so
 * scrubbing through layers redraws at screen rate; token labels down the left, speech time across,
 * colour bar on the right, the alignment path as dots and the DTW path dashed. The wheel zooms the
 * speech axis around the pointer, dragging pans, a click reports the cell under the pointer.
 */
public final class HeatmapCanvas extends Pane {

    private static final double TOP = 8;
    private static final double AXIS_LINES = 3.1;
    private static final double BAR_CHARS = 5.8;

    private final Canvas base = new Canvas();
    private final Canvas overlay = new Canvas();
    private HeatmapPicture picture;
    private int[] lut = MatrixRaster.table(ColorMap.VIRIDIS::rgb);
    private int[] pixels = new int[0];
    private PixelBuffer<IntBuffer> buffer;
    private WritableImage image;
    private double viewFrom;
    private double viewTo;
    private double left = 80;
    private boolean dark;
    private double fontSize = 11;
    private Color pathColor = Color.web("#ff3b30");
    private int hoverSpeech = -1;
    private int hoverToken = -1;
    private BiConsumer<Integer, Integer> onHover = (i, j) -> { };
    private CellClickListener onClick = (i, j, shortcut) -> { };
    private java.util.function.Consumer<double[]> onViewWindow = w -> { };
    private double reportedFrom = Double.NaN;
    private double reportedTo = Double.NaN;
    private double pressX = Double.NaN;
    private double pressFrom;
    private boolean dragged;
    private long redraws;
    private long redrawNanos;

    /** An empty heatmap. */
    public HeatmapCanvas() {
        getChildren().addAll(base, overlay);
        base.widthProperty().bind(widthProperty());
        base.heightProperty().bind(heightProperty());
        overlay.widthProperty().bind(widthProperty());
        overlay.heightProperty().bind(heightProperty());
        base.widthProperty().addListener(o -> redraw());
        base.heightProperty().addListener(o -> redraw());
        setMinSize(200, 120);
        installMouse();
    }

    /** Shows {@code next} (a new layer or metric); keeps the zoom when the speech length is unchanged. */
    public void show(HeatmapPicture next) {
        boolean sameShape = picture != null && next != null && picture.speechCount() == next.speechCount()
                && picture.textCount() == next.textCount();
        boolean sameLength = picture != null && next != null && picture.speechCount() == next.speechCount();
        picture = next;
        if (next == null) {
            image = null;
            redraw();
            return;
        }
        if (!sameLength) {
            viewFrom = 0;
            viewTo = next.speechCount();
        }
        int cells = next.speechCount() * next.textCount();
        if (!sameShape || image == null) {
            pixels = new int[cells];
            buffer = new PixelBuffer<>(next.speechCount(), next.textCount(), IntBuffer.wrap(pixels),
                    PixelFormat.getIntArgbPreInstance());
            image = new WritableImage(buffer);
            left = labelWidth(next, fontSize);
        }
        MatrixRaster.fill(next.values(), next.speechCount(), next.textCount(), next.lo(), next.hi(), lut, pixels);
        buffer.updateBuffer(b -> null);
        redraw();
    }

    /** Uses another colour table (256 ARGB entries) and path colour. */
    public void setColors(int[] table, Color path) {
        lut = table.clone();
        pathColor = path;
        show(picture);
    }

    /** Dark or light surroundings (axes, labels). */
    public void setDark(boolean on) {
        dark = on;
        redraw();
    }

    /** The label text size in pixels (presentation mode enlarges it). */
    public void setFontSize(double pixels) {
        fontSize = pixels;
        if (picture != null) {
            left = labelWidth(picture, fontSize);
        }
        redraw();
    }

    /** Receives the speech position and token under the pointer ((-1, -1) when it leaves the matrix). */
    public void setOnHover(BiConsumer<Integer, Integer> listener) {
        onHover = listener;
    }

    /** Receives a click on a cell of the matrix. */
    @FunctionalInterface
    public interface CellClickListener {
        /**
         * The cell at speech position {@code speech} and token {@code token} was clicked; a click
         * close to a path dot reports the path's cell; {@code shortcut} whether Ctrl (or Cmd) was held.
         */
        void clicked(int speech, int token, boolean shortcut);
    }

    /** Receives the cell clicked. */
    public void setOnCellClicked(CellClickListener listener) {
        onClick = listener;
    }

    /** The picture shown (null: none). */
    public HeatmapPicture picture() {
        return picture;
    }

    /** The visible speech range {from, to} in positions. */
    public double[] viewWindow() {
        return new double[] {viewFrom, viewTo};
    }

    /** Receives the visible speech range {from, to} whenever zooming, panning or a new clip changes it. */
    public void setOnViewWindowChanged(java.util.function.Consumer<double[]> listener) {
        onViewWindow = listener;
    }

    /** Shows speech positions {@code from} to {@code to} (clamped to the clip; at least 4 positions where the clip has them). */
    public void setViewWindow(double from, double to) {
        if (picture == null) {
            return;
        }
        int n = picture.speechCount();
        double length = Math.max(Math.min(4, n), Math.min(n, to - from));
        viewFrom = Math.max(0, Math.min(n - length, from));
        viewTo = viewFrom + length;
        redraw();
    }

    /** Shows all speech positions. */
    public void resetZoom() {
        if (picture != null) {
            viewFrom = 0;
            viewTo = picture.speechCount();
            redraw();
        }
    }

    /** Zooms the speech axis by {@code factor} (below 1: in) around position {@code centre}. */
    public void zoom(double factor, double centre) {
        if (picture == null) {
            return;
        }
        int n = picture.speechCount();
        double length = Math.max(Math.min(4, n), Math.min(n, (viewTo - viewFrom) * factor));
        double from = centre - (centre - viewFrom) * length / (viewTo - viewFrom);
        viewFrom = Math.max(0, Math.min(n - length, from));
        viewTo = viewFrom + length;
        redraw();
    }

    /** Redraws so far and their total time in the FX thread, for the benchmark. */
    public long[] redrawStatistics() {
        return new long[] {redraws, redrawNanos};
    }

    private double plotLeft() {
        return left;
    }

    private double plotRight() {
        return Math.max(plotLeft() + 10, getWidth() - BAR_CHARS * fontSize);
    }

    private double plotBottom() {
        return Math.max(TOP + 10, getHeight() - AXIS_LINES * fontSize);
    }

    private double xOf(double position) {
        return plotLeft() + (position - viewFrom) / (viewTo - viewFrom) * (plotRight() - plotLeft());
    }

    private double positionAt(double x) {
        return viewFrom + (x - plotLeft()) / (plotRight() - plotLeft()) * (viewTo - viewFrom);
    }

    private double rowHeight() {
        return (plotBottom() - TOP) / picture.textCount();
    }

    private int tokenAt(double y) {
        if (picture == null || y < TOP || y >= plotBottom()) {
            return -1;
        }
        return Math.min(picture.textCount() - 1, (int) ((y - TOP) / rowHeight()));
    }

    /** The centre of the cell at speech position {@code speech} and token {@code token}, in this node's coordinates (for tests). */
    public javafx.geometry.Point2D cellCentre(int speech, int token) {
        if (picture == null) {
            throw new IllegalStateException("no heatmap shown");
        }
        return new javafx.geometry.Point2D(xOf(speech + 0.5), TOP + (token + 0.5) * rowHeight());
    }

    /** The path's speech position for row {@code j} when {@code x} is on or near its dot (cells can be thinner than a pixel), else {@code i}. */
    private int snapToPath(double x, int i, int j) {
        int[] path = picture == null ? null : picture.path();
        if (path == null || j >= path.length) {
            return i;
        }
        double radius = Math.max(2.5, Math.min(5, rowHeight() * 0.35));
        return Math.abs(x - xOf(path[j] + 0.5)) <= radius + 2 ? path[j] : i;
    }

    private int speechAt(double x) {
        if (picture == null || x < plotLeft() || x >= plotRight()) {
            return -1;
        }
        return Math.max(0, Math.min(picture.speechCount() - 1, (int) Math.floor(positionAt(x))));
    }

    private static double labelWidth(HeatmapPicture p, double size) {
        Text probe = new Text();
        probe.setFont(Font.font(size));
        double widest = 0;
        for (String t : p.tokens()) {
            probe.setText(t);
            widest = Math.max(widest, probe.getLayoutBounds().getWidth());
        }
        return Math.min(14 * size, Math.max(36, widest + 14));
    }

    private void redraw() {
        long start = System.nanoTime();
        if (picture != null && (viewFrom != reportedFrom || viewTo != reportedTo)) {
            reportedFrom = viewFrom;
            reportedTo = viewTo;
            onViewWindow.accept(new double[] {viewFrom, viewTo});
        }
        GraphicsContext g = base.getGraphicsContext2D();
        double w = getWidth();
        double h = getHeight();
        Color background = dark ? Color.web("#1e1e20") : Color.web("#fafafa");
        Color ink = dark ? Color.web("#d8d8d8") : Color.web("#222222");
        g.setFill(background);
        g.fillRect(0, 0, w, h);
        HeatmapPicture p = picture;
        if (p == null || image == null || w < 120 || h < 60) {
            drawOverlay();
            return;
        }
        double x0 = plotLeft();
        double x1 = plotRight();
        double y0 = TOP;
        double y1 = plotBottom();
        g.setImageSmoothing(false);
        g.drawImage(image, viewFrom, 0, viewTo - viewFrom, p.textCount(), x0, y0, x1 - x0, y1 - y0);

        // token labels, thinned to what fits
        double row = rowHeight();
        g.setFont(Font.font(fontSize));
        g.setFill(ink);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        int every = Math.max(1, (int) Math.ceil(fontSize * 1.2 / Math.max(row, 1e-6)));
        for (int j = 0; j < p.textCount(); j += every) {
            g.fillText(p.tokens().get(j), x0 - 5, y0 + (j + 0.5) * row, x0 - 8);
        }

        // speech axis
        g.setStroke(ink);
        g.setLineWidth(1);
        g.strokeLine(x0, y1 + 0.5, x1, y1 + 0.5);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        drawSpeechTicks(g, p, x0, x1, y1);
        g.fillText(p.hasTimes() ? "speech time (s)" : "speech position", (x0 + x1) / 2, y1 + 6 + fontSize * 1.1);

        // colour bar
        double bx = x1 + 10;
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

        // paths
        if (p.dtwPath() != null) {
            g.setStroke(dark ? Color.web("#ffffff") : Color.web("#ffffff"));
            g.setLineWidth(1.6);
            g.setLineDashes(5, 4);
            g.setLineCap(StrokeLineCap.BUTT);
            g.beginPath();
            for (int j = 0; j < p.textCount(); j++) {
                double x = xOf(p.dtwPath()[j] + 0.5);
                double y = y0 + (j + 0.5) * row;
                if (j == 0) {
                    g.moveTo(x, y);
                } else {
                    g.lineTo(x, y);
                }
            }
            g.stroke();
            g.setLineDashes();
        }
        if (p.path() != null) {
            double r = Math.max(2.5, Math.min(5, row * 0.35));
            g.setFill(pathColor);
            g.setStroke(Color.BLACK);
            g.setLineWidth(0.8);
            for (int j = 0; j < p.textCount(); j++) {
                double x = xOf(p.path()[j] + 0.5);
                if (x < x0 - r || x > x1 + r) {
                    continue;
                }
                double y = y0 + (j + 0.5) * row;
                g.fillOval(x - r, y - r, 2 * r, 2 * r);
                g.strokeOval(x - r, y - r, 2 * r, 2 * r);
            }
        }
        if (p.marked().length > 0 && p.path() != null) {
            g.setStroke(Color.web("#ffcc00"));
            g.setLineWidth(2);
            for (int j : p.marked()) {
                double x = xOf(p.path()[j]);
                double y = y0 + j * row;
                g.strokeRect(x - 1, y, Math.max(4, xOf(p.path()[j] + 1) - x) + 2, row);
            }
        }
        if (p.picked().length > 0 && p.path() != null) {
            // picked path cells: a white ring around the dot, wider than the dot, so it reads on any colour map
            double r = Math.max(2.5, Math.min(5, row * 0.35)) + 3;
            g.setLineWidth(2.5);
            for (int j : p.picked()) {
                if (j < 0 || j >= p.textCount()) {
                    continue;
                }
                double x = xOf(p.path()[j] + 0.5);
                double y = y0 + (j + 0.5) * row;
                g.setStroke(Color.BLACK);
                g.strokeOval(x - r - 1, y - r - 1, 2 * r + 2, 2 * r + 2);
                g.setStroke(Color.WHITE);
                g.strokeOval(x - r, y - r, 2 * r, 2 * r);
            }
        }
        g.setStroke(ink);
        g.setLineWidth(1);
        g.strokeRect(x0 - 0.5, y0 - 0.5, x1 - x0 + 1, y1 - y0 + 1);
        drawOverlay();
        redraws++;
        redrawNanos += System.nanoTime() - start;
    }

    private void drawSpeechTicks(GraphicsContext g, HeatmapPicture p, double x0, double x1, double y1) {
        int first = (int) Math.floor(viewFrom);
        int last = Math.min(p.speechCount() - 1, (int) Math.ceil(viewTo) - 1);
        if (p.hasTimes()) {
            float[] t = p.times();
            double span = t[last] - t[first];
            double step = niceStep(Math.max(1e-3, span) / Math.max(1, (x1 - x0) / 70));
            for (double s = Math.ceil(t[first] / step) * step; s <= t[last] + 1e-9; s += step) {
                double x = xOf(indexOfTime(t, s));
                g.strokeLine(x, y1, x, y1 + 4);
                g.fillText(formatSeconds(s, step), x, y1 + 4);
            }
        } else {
            double step = niceStep((viewTo - viewFrom) / Math.max(1, (x1 - x0) / 70));
            for (double s = Math.ceil(viewFrom / step) * step; s <= viewTo; s += step) {
                double x = xOf(s);
                g.strokeLine(x, y1, x, y1 + 4);
                g.fillText(String.format(Locale.ROOT, "%.0f", s), x, y1 + 4);
            }
        }
    }

    /** The fractional position whose start time is {@code seconds} (times increase). */
    private static double indexOfTime(float[] times, double seconds) {
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

    private void drawOverlay() {
        GraphicsContext g = overlay.getGraphicsContext2D();
        g.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
        if (picture == null || hoverSpeech < 0 || hoverToken < 0) {
            return;
        }
        double row = rowHeight();
        double x = xOf(hoverSpeech);
        double cw = Math.max(1, xOf(hoverSpeech + 1) - x);
        g.setStroke(Color.WHITE);
        g.setLineWidth(1.5);
        g.strokeRect(x, TOP + hoverToken * row, cw, row);
        g.setStroke(Color.color(1, 1, 1, 0.35));
        g.setLineWidth(1);
        g.strokeLine(x + cw / 2, TOP, x + cw / 2, plotBottom());
        g.strokeLine(plotLeft(), TOP + (hoverToken + 0.5) * row, plotRight(), TOP + (hoverToken + 0.5) * row);
    }

    private void installMouse() {
        setOnMouseMoved(e -> hover(speechAt(e.getX()), tokenAt(e.getY())));
        setOnMouseExited(e -> hover(-1, -1));
        setOnMousePressed(e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                pressX = e.getX();
                pressFrom = viewFrom;
                dragged = false;
            }
        });
        setOnMouseDragged(e -> {
            if (Double.isNaN(pressX) || picture == null) {
                return;
            }
            double dx = e.getX() - pressX;
            if (Math.abs(dx) > 3) {
                dragged = true;
            }
            if (dragged) {
                double perPixel = (viewTo - viewFrom) / (plotRight() - plotLeft());
                double length = viewTo - viewFrom;
                viewFrom = Math.max(0, Math.min(picture.speechCount() - length, pressFrom - dx * perPixel));
                viewTo = viewFrom + length;
                redraw();
            }
        });
        setOnMouseReleased(e -> {
            if (!Double.isNaN(pressX) && !dragged && e.getButton() == MouseButton.PRIMARY) {
                int i = speechAt(e.getX());
                int j = tokenAt(e.getY());
                if (i >= 0 && j >= 0) {
                    onClick.clicked(snapToPath(e.getX(), i, j), j, e.isShortcutDown() || e.isControlDown());
                }
            }
            pressX = Double.NaN;
        });
        setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                resetZoom();
            }
        });
        setOnScroll(e -> {
            if (picture == null || e.getDeltaY() == 0) {
                return;
            }
            if (e.isShiftDown()) {
                double length = viewTo - viewFrom;
                double shift = -Math.signum(e.getDeltaY()) * length * 0.1;
                viewFrom = Math.max(0, Math.min(picture.speechCount() - length, viewFrom + shift));
                viewTo = viewFrom + length;
                redraw();
            } else {
                zoom(e.getDeltaY() > 0 ? 0.8 : 1.25, positionAt(e.getX()));
            }
            e.consume();
        });
    }

    private void hover(int i, int j) {
        if (i < 0 || j < 0) {
            i = -1;
            j = -1;
        }
        if (i != hoverSpeech || j != hoverToken) {
            hoverSpeech = i;
            hoverToken = j;
            drawOverlay();
            onHover.accept(i, j);
        }
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-6))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String formatSeconds(double s, double step) {
        return step >= 1 ? String.format(Locale.ROOT, "%.0f", s)
                : step >= 0.1 ? String.format(Locale.ROOT, "%.1f", s) : String.format(Locale.ROOT, "%.2f", s);
    }

    private static String format(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
