package org.gapscope.figure;

import java.awt.Graphics2D;

/**
 * Draws one figure from its immutable data on any {@link Graphics2D}: the explorer's canvas (through
 * FXGraphics2D), a PNG raster or an SVG document, all from the same code.
 *
 * <p>Coordinates are the graphics' user units: the figure fills {@code (0, 0, width, height)} and
 * every size (text, lines, margins) derives from {@link FigureStyle#fontSize()} in the same units.
 * Exports draw in points (1/72 in); the explorer may draw in pixels with a pixel font size.
 */
public interface FigureRenderer {

    /** Draws the whole figure, background included, into {@code (0, 0, width, height)}; leaves {@code g}'s state as it was. */
    void draw(Graphics2D g, double width, double height, FigureStyle style);

    /** The height at which this figure reads best when it is {@code width} wide (same units as the style's font size). */
    double preferredHeight(double width, FigureStyle style);

    /**
     * The smallest height at which this figure, {@code width} wide, draws every label whole: no token
     * label left out, no axis label cut, at least four ticks on every axis. A shorter drawing (a small
     * canvas on screen) gives up labels; an export refuses the size instead.
     */
    double minimumHeight(double width, FigureStyle style);

    /** The smallest width at which every label fits beside the data (long tokens, axis labels, legend entries). */
    double minimumWidth(FigureStyle style);

    /** The data drawn, for exporting next to the figure so that it can be redrawn elsewhere. */
    FigureData data();

    /** A one-line description of the figure (its title and what it shows), for file metadata and accessibility. */
    String description();
}
