package org.gapscope.app.export;

import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.FigureStyle;
import org.gapscope.figure.FigureTheme;
import org.jfree.fx.FXGraphics2D;

import javafx.scene.canvas.Canvas;
import javafx.scene.layout.Pane;

/**
 * Shows a figure renderer on a JavaFX canvas through FXGraphics2D, redrawn on resize: what the
 * researcher sees is drawn by the same code as the exported file (in the window's theme).
 */
public final class FigureCanvas extends Pane {

    private final Canvas canvas = new Canvas();
    private final FXGraphics2D graphics;
    private FigureRenderer renderer;
    private boolean dark;
    private double fontSize = 12;

    /** An empty canvas. */
    public FigureCanvas() {
        getChildren().add(canvas);
        canvas.widthProperty().bind(widthProperty());
        canvas.heightProperty().bind(heightProperty());
        canvas.widthProperty().addListener(o -> redraw());
        canvas.heightProperty().addListener(o -> redraw());
        graphics = new FXGraphics2D(canvas.getGraphicsContext2D());
        setMinSize(100, 80);
    }

    /** Draws {@code next} (null: clears). */
    public void show(FigureRenderer next) {
        renderer = next;
        redraw();
    }

    /** Light or dark surroundings. */
    public void setDark(boolean on) {
        dark = on;
        redraw();
    }

    /** The base text size in pixels (presentation mode enlarges it). */
    public void setFontSize(double pixels) {
        fontSize = pixels;
        redraw();
    }

    /** The figure shown (null: none). */
    public FigureRenderer renderer() {
        return renderer;
    }

    /** The style the figure is drawn with now (for mapping a pointer to what is under it). */
    public FigureStyle style() {
        return FigureStyle.screen(dark ? FigureTheme.DARK : FigureTheme.LIGHT, fontSize);
    }

    private void redraw() {
        double w = getWidth();
        double h = getHeight();
        canvas.getGraphicsContext2D().clearRect(0, 0, w, h);
        if (renderer == null || w < 50 || h < 50) {
            return;
        }
        renderer.draw(graphics, w, h, style());
    }
}
