package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.Stroke;

/**
 * How a figure is drawn apart from its data: theme, base text size (in the drawing's units: points
 * when exporting, pixels on screen), colour map, the font family (a logical font, so that it works on
 * every machine), and whether it is drawn in paper style.
 *
 * <p>Paper style leaves out the title block (title, score lines and any legend a caption can carry),
 * because a paper puts that in the caption; the figure's file keeps it as metadata.
 *
 * @param theme the colours around the data
 * @param fontSize the tick-label text size; other text and line widths scale from it
 * @param colorMap the colour map for matrices (heatmaps, spectrograms)
 * @param fontFamily the font family; {@code SansSerif} unless there is a reason
 * @param paper whether the title block is left out (paper style)
 */
public record FigureStyle(FigureTheme theme, double fontSize, ColorMap colorMap, String fontFamily, boolean paper) {

    /** The default font family: Java's logical sans-serif font, present everywhere. */
    public static final String SANS_SERIF = Font.SANS_SERIF;

    /** Validates the style. */
    public FigureStyle {
        if (theme == null || colorMap == null || fontFamily == null || fontFamily.isBlank()) {
            throw new IllegalArgumentException("figure style: theme, colour map and font family are required");
        }
        if (!(fontSize > 0 && fontSize < 200)) {
            throw new IllegalArgumentException("figure style: font size must be positive, got " + fontSize);
        }
    }

    /** The export style: light theme, viridis, SansSerif at {@code fontSize}. */
    public static FigureStyle light(double fontSize) {
        return new FigureStyle(FigureTheme.LIGHT, fontSize, ColorMap.VIRIDIS, SANS_SERIF, false);
    }

    /** A screen style for the explorer: the given theme, viridis, SansSerif at {@code fontSize} pixels. */
    public static FigureStyle screen(FigureTheme theme, double fontSize) {
        return new FigureStyle(theme, fontSize, ColorMap.VIRIDIS, SANS_SERIF, false);
    }

    /** This style with another theme. */
    public FigureStyle withTheme(FigureTheme newTheme) {
        return new FigureStyle(newTheme, fontSize, colorMap, fontFamily, paper);
    }

    /** This style with another colour map. */
    public FigureStyle withColorMap(ColorMap newMap) {
        return new FigureStyle(theme, fontSize, newMap, fontFamily, paper);
    }

    /** This style with another base text size. */
    public FigureStyle withFontSize(double newSize) {
        return new FigureStyle(theme, newSize, colorMap, fontFamily, paper);
    }

    /** This style with or without the title block (paper style leaves it out). */
    public FigureStyle withPaper(boolean newPaper) {
        return new FigureStyle(theme, fontSize, colorMap, fontFamily, newPaper);
    }

    /** Height of one line of tick-size text (ascent plus descent). */
    public double lineHeight() {
        return Text.height(tickFont());
    }

    /** Font for tick labels, legends and table cells (the base size rounded to whole units). */
    public Font tickFont() {
        return font(Font.PLAIN, fontSize);
    }

    /** Font for axis labels. */
    public Font labelFont() {
        return font(Font.PLAIN, fontSize * 1.1);
    }

    /** Font for the figure's title. */
    public Font titleFont() {
        return font(Font.BOLD, fontSize * 1.15);
    }

    /** Bold font at tick size, for emphasis in tables and answers. */
    public Font boldFont() {
        return font(Font.BOLD, fontSize);
    }

    /** Width of data lines. */
    public double lineWidth() {
        return Math.max(0.75, fontSize / 7.0);
    }

    /** Width of axis lines, ticks and frames. */
    public double axisWidth() {
        return Math.max(0.5, fontSize / 14.0);
    }

    /** Length of a tick mark. */
    public double tickLength() {
        return fontSize * 0.35;
    }

    /** A round-capped solid stroke of the given width. */
    public Stroke solid(double width) {
        return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** A dashed stroke of the given width, dash length scaled to the text size. */
    public Stroke dashed(double width) {
        float d = (float) (fontSize * 0.5);
        return new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {d, d * 0.6f}, 0f);
    }

    /** Whole sizes only: SVG output (JFreeSVG) writes the integer size, and PNG and SVG must agree. */
    private Font font(int weight, double size) {
        return new Font(fontFamily, weight, (int) Math.max(1, Math.round(size)));
    }
}
