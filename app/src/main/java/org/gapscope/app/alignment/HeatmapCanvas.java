package org.gapscope.app.alignment;

import java.awt.geom.Rectangle2D;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.gapscope.app.audio.AudioDisplay;
import org.gapscope.figure.ColorMap;
import org.gapscope.figure.FigureStyle;
import org.gapscope.figure.FigureTheme;
import org.gapscope.figure.HeatmapPaths;
import org.gapscope.figure.HeatmapSpans;
import org.jfree.fx.FXGraphics2D;

import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * The interactive heatmap: the matrix as one sharp image ({@link HeatmapRaster}) that a layer change
 * rewrites in place, so scrubbing through layers redraws at screen rate; around and on it the axes,
 * colour bar, reference word spans, paths and marks ({@link HeatmapPainter}); the hovered cell on an overlay. The wheel zooms
 * the speech axis around the pointer ({@link SpeechWindow}), dragging pans, a click reports the cell
 * under the pointer.
 */
public final class HeatmapCanvas extends Pane {

    private static final double TOP = 8;
    private static final double AXIS_LINES = 3.1;
    private static final double BAR_CHARS = 7.2; // the bar, its numbers and its label

    /** Receives a click on a cell of the matrix. */
    @FunctionalInterface
    public interface CellClickListener {
        /**
         * The cell at speech position {@code speech} and token {@code token} was clicked; a click
         * close to a path dot reports the path's cell; {@code shortcut} whether Ctrl (or Cmd) was held,
         * {@code slowed} whether Shift was (play the stretch slowed down).
         */
        void clicked(int speech, int token, boolean shortcut, boolean slowed);
    }

    private final Canvas base = new Canvas();
    private final Canvas overlay = new Canvas();
    private final HeatmapRaster raster = new HeatmapRaster();
    private final SpeechWindow window = new SpeechWindow();
    private final RedrawTimer timer = new RedrawTimer();
    private final HeatmapStrips strips = new HeatmapStrips();
    private HeatmapPicture picture;
    private int[] lut = MatrixRaster.table(ColorMap.VIRIDIS::rgb);
    private double left = 80;
    private boolean dark;
    private double fontSize = 11;
    private ColorMap colorMap = ColorMap.VIRIDIS;
    private final FXGraphics2D paths = new FXGraphics2D(base.getGraphicsContext2D());
    private int hoverSpeech = -1;
    private int hoverToken = -1;
    private BiConsumer<Integer, Integer> onHover = (i, j) -> { };
    private CellClickListener onClick = (i, j, shortcut, slowed) -> { };
    private Consumer<double[]> onViewWindow = w -> { };
    private double reportedFrom = Double.NaN;
    private double reportedTo = Double.NaN;
    private double pressX = Double.NaN;
    private double pressFrom;
    private boolean dragged;

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
        if (next != null && !sameLength) {
            window.showAll(next.speechCount());
        }
        if (next != null && (!sameShape || raster.image() == null)) {
            left = labelWidth(next, fontSize);
        }
        raster.paint(next, lut);
        redraw();
    }

    /** Uses another colour table (256 ARGB entries) of {@code map} (whose path colours the paths take). */
    public void setColors(int[] table, ColorMap map) {
        lut = table.clone();
        colorMap = map;
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
        return new double[] {window.from(), window.to()};
    }

    /** Receives the visible speech range {from, to} whenever zooming, panning or a new clip changes it. */
    public void setOnViewWindowChanged(Consumer<double[]> listener) {
        onViewWindow = listener;
    }

    /** Shows speech positions {@code from} to {@code to} (clamped to the clip; at least 4 positions where the clip has them). */
    public void setViewWindow(double from, double to) {
        if (picture != null) {
            window.set(from, to, picture.speechCount());
            redraw();
        }
    }

    /** Shows all speech positions. */
    public void resetZoom() {
        if (picture != null) {
            window.showAll(picture.speechCount());
            redraw();
        }
    }

    /** Zooms the speech axis by {@code factor} (below 1: in) around position {@code centre}. */
    public void zoom(double factor, double centre) {
        if (picture != null) {
            window.zoom(factor, centre, picture.speechCount());
            redraw();
        }
    }

    /**
     * Draws the waveform and mel band strips of {@code display} above the matrix, on its speech time axis
     * (null: none; they need a speech axis in seconds and room).
     */
    public void setStrips(AudioDisplay display) {
        if (display != strips.audio()) {
            strips.setAudio(display);
            redraw();
        }
    }

    /** Whether the last redraw drew the audio strips. */
    public boolean stripsDrawn() {
        return strips.drawn();
    }

    /** The x at which the audio strips drew time {@code seconds} in the last redraw (NaN: none drawn). */
    public double stripX(double seconds) {
        return strips.xOf(seconds);
    }

    /** The x at which the matrix shows speech time {@code seconds} (needs a picture with times). */
    public double heatmapX(double seconds) {
        if (picture == null || !picture.hasTimes()) {
            throw new IllegalStateException("no heatmap with speech times shown");
        }
        return geometry().xOf(HeatmapPainter.indexOfTime(picture.times(), seconds));
    }

    /** The spectrogram strip images built so far (for tests: scrubbing layers builds none). */
    public int stripImagesBuilt() {
        return strips.imagesBuilt();
    }

    /** Redraws so far and their total time in the FX thread, for the benchmark. */
    public long[] redrawStatistics() {
        return timer.statistics();
    }

    /** The height the strips and the matrix share: all but the top margin and the speech axis. */
    private double plotHeight() {
        return getHeight() - TOP - AXIS_LINES * fontSize;
    }

    /** Where the matrix lies now (needs a picture). */
    private HeatmapGeometry geometry() {
        double room = strips.room(picture, plotHeight(), fontSize);
        double x0 = room > 0 ? Math.max(left, strips.labelWidth(fontSize)) : left;
        double x1 = Math.max(x0 + 10, getWidth() - BAR_CHARS * fontSize);
        double y1 = Math.max(TOP + room + 10, getHeight() - AXIS_LINES * fontSize);
        return new HeatmapGeometry(x0, x1, TOP + room, y1, window.from(), window.to(), picture.textCount());
    }

    private int tokenAt(double y) {
        if (picture == null) {
            return -1;
        }
        HeatmapGeometry at = geometry();
        return y < at.y0() || y >= at.y1() ? -1 : Math.min(picture.textCount() - 1, (int) ((y - at.y0()) / at.row()));
    }

    private int speechAt(double x) {
        if (picture == null) {
            return -1;
        }
        HeatmapGeometry at = geometry();
        return x < at.x0() || x >= at.x1() ? -1
                : Math.max(0, Math.min(picture.speechCount() - 1, (int) Math.floor(at.positionAt(x))));
    }

    /** The centre of the cell at speech position {@code speech} and token {@code token}, in this node's coordinates (for tests). */
    public Point2D cellCentre(int speech, int token) {
        if (picture == null) {
            throw new IllegalStateException("no heatmap shown");
        }
        HeatmapGeometry at = geometry();
        return new Point2D(at.xOf(speech + 0.5), at.yOf(token));
    }

    /** The path's speech position for row {@code j} when {@code x} is on or near its dot (cells can be thinner than a pixel), else {@code i}. */
    private int snapToPath(double x, int i, int j) {
        int[] path = picture == null ? null : picture.path();
        if (path == null || j >= path.length) {
            return i;
        }
        HeatmapGeometry at = geometry();
        return Math.abs(x - at.xOf(path[j] + 0.5)) <= at.dotRadius() + 2 ? path[j] : i;
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
        long start = timer.start();
        if (picture != null && (window.from() != reportedFrom || window.to() != reportedTo)) {
            reportedFrom = window.from();
            reportedTo = window.to();
            onViewWindow.accept(viewWindow());
        }
        GraphicsContext g = base.getGraphicsContext2D();
        double w = getWidth();
        double h = getHeight();
        Color ink = dark ? Color.web("#d8d8d8") : Color.web("#222222");
        g.setFill(dark ? Color.web("#1e1e20") : Color.web("#fafafa"));
        g.fillRect(0, 0, w, h);
        HeatmapPicture p = picture;
        WritableImage image = raster.image();
        if (p == null || image == null || w < 120 || h < 60) {
            drawOverlay();
            return;
        }
        HeatmapGeometry at = geometry();
        g.setImageSmoothing(false);
        g.drawImage(image, at.from(), 0, at.to() - at.from(), p.textCount(), at.x0(), at.y0(), at.x1() - at.x0(),
                at.y1() - at.y0());
        HeatmapPainter.tokenLabels(g, p, at, fontSize, ink);
        HeatmapPainter.speechAxis(g, p, at, fontSize, ink);
        HeatmapPainter.colourBar(g, p, at, lut, fontSize, ink);
        strips.draw(g, p, at, TOP, plotHeight(), fontSize, ink, dark);
        // zoomed in, paths and marks are clipped to the matrix; showing every position they lie inside it
        // anyway (cell centres), and a clip costs the software pipeline a mask per redraw
        boolean clip = at.from() > 0 || at.to() < p.speechCount();
        drawPaths(p, at, clip);
        if (clip) {
            g.save();
            g.beginPath();
            g.rect(at.x0(), at.y0(), at.x1() - at.x0(), at.y1() - at.y0());
            g.clip();
        }
        HeatmapPainter.marks(g, p, at);
        if (clip) {
            g.restore();
        }
        g.setStroke(ink);
        g.setLineWidth(1);
        g.strokeRect(at.x0() - 0.5, at.y0() - 0.5, at.x1() - at.x0() + 1, at.y1() - at.y0() + 1);
        drawOverlay();
        timer.done(start);
    }

    /**
     * The reference word spans ({@link HeatmapSpans}) and over them the alignment path and the DTW path
     * ({@link HeatmapPaths}), by the exported figure's routines, through FXGraphics2D, clipped to the matrix
     * when zoomed in: nothing runs over the token labels or the colour bar.
     */
    private void drawPaths(HeatmapPicture p, HeatmapGeometry at, boolean clip) {
        FigureStyle style = FigureStyle.screen(dark ? FigureTheme.DARK : FigureTheme.LIGHT, fontSize)
                .withColorMap(colorMap);
        if (clip) {
            paths.setClip(new Rectangle2D.Double(at.x0(), at.y0(), at.x1() - at.x0(), at.y1() - at.y0()));
        }
        HeatmapSpans.draw(paths, style, new HeatmapSpans.Edges() {
            @Override
            public double left(int speech) {
                return at.xOf(speech);
            }

            @Override
            public double right(int speech) {
                return at.xOf(speech + 1);
            }

            @Override
            public double top(int token) {
                return at.y0() + token * at.row();
            }

            @Override
            public double bottom(int token) {
                return at.y0() + (token + 1) * at.row();
            }
        }, p.spans());
        HeatmapPaths.draw(paths, style, new HeatmapPaths.Cells() {
            @Override
            public double x(int speech) {
                return at.xOf(speech + 0.5);
            }

            @Override
            public double y(int token) {
                return at.yOf(token);
            }
        }, at.row(), p.path(), p.dtwPath());
        if (clip) {
            paths.setClip(null);
        }
        base.getGraphicsContext2D().setLineDashes();
    }

    /** The hovered cell framed, with a faint cross through it. */
    private void drawOverlay() {
        GraphicsContext g = overlay.getGraphicsContext2D();
        g.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
        if (picture == null || hoverSpeech < 0 || hoverToken < 0) {
            return;
        }
        HeatmapGeometry at = geometry();
        double row = at.row();
        double x = at.xOf(hoverSpeech);
        double cw = Math.max(1, at.xOf(hoverSpeech + 1) - x);
        g.setStroke(Color.WHITE);
        g.setLineWidth(1.5);
        g.strokeRect(x, at.y0() + hoverToken * row, cw, row);
        g.setStroke(Color.color(1, 1, 1, 0.35));
        g.setLineWidth(1);
        g.strokeLine(x + cw / 2, strips.drawn() ? TOP : at.y0(), x + cw / 2, at.y1()); // through the strips too
        g.strokeLine(at.x0(), at.yOf(hoverToken), at.x1(), at.yOf(hoverToken));
    }

    private void installMouse() {
        setOnMouseMoved(e -> hover(speechAt(e.getX()), tokenAt(e.getY())));
        setOnMouseExited(e -> hover(-1, -1));
        setOnMousePressed(e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                pressX = e.getX();
                pressFrom = window.from();
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
                HeatmapGeometry at = geometry();
                double perPixel = window.length() / (at.x1() - at.x0());
                window.moveTo(pressFrom - dx * perPixel, picture.speechCount());
                redraw();
            }
        });
        setOnMouseReleased(e -> {
            if (!Double.isNaN(pressX) && !dragged && e.getButton() == MouseButton.PRIMARY) {
                int i = speechAt(e.getX());
                int j = tokenAt(e.getY());
                if (i >= 0 && j >= 0) {
                    onClick.clicked(snapToPath(e.getX(), i, j), j, e.isShortcutDown() || e.isControlDown(),
                            e.isShiftDown());
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
                window.pan(-Math.signum(e.getDeltaY()) * window.length() * 0.1, picture.speechCount());
                redraw();
            } else {
                zoom(e.getDeltaY() > 0 ? 0.8 : 1.25, geometry().positionAt(e.getX()));
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
}
