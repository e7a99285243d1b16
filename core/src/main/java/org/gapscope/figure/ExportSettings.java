package org.gapscope.figure;

/**
 * How a figure is written apart from its size: the colour map, the PNG resolution, paper style
 * (no title block; title, scores and provenance go into the file's metadata instead) and, for SVG,
 * text drawn as outlines for journals that demand it.
 *
 * @param colorMap the colour map of matrices
 * @param dpi the PNG resolution ({@link FigureExporter#MIN_DPI} to {@link FigureExporter#MAX_DPI})
 * @param paperStyle whether the title block is left out
 * @param textOutlines whether SVG text is written as glyph outlines instead of text elements
 */
public record ExportSettings(ColorMap colorMap, int dpi, boolean paperStyle, boolean textOutlines) {

    /** Requires a colour map. */
    public ExportSettings {
        if (colorMap == null) {
            throw new IllegalArgumentException("export settings: a colour map is required");
        }
    }

    /** Viridis at 300 dpi, title block drawn, text kept as text. */
    public static ExportSettings defaults() {
        return new ExportSettings(ColorMap.VIRIDIS, 300, false, false);
    }

    /** These settings with another colour map. */
    public ExportSettings withColorMap(ColorMap map) {
        return new ExportSettings(map, dpi, paperStyle, textOutlines);
    }

    /** These settings with another PNG resolution. */
    public ExportSettings withDpi(int newDpi) {
        return new ExportSettings(colorMap, newDpi, paperStyle, textOutlines);
    }

    /** These settings with or without paper style. */
    public ExportSettings withPaperStyle(boolean on) {
        return new ExportSettings(colorMap, dpi, on, textOutlines);
    }

    /** These settings with SVG text as outlines or as text. */
    public ExportSettings withTextOutlines(boolean on) {
        return new ExportSettings(colorMap, dpi, paperStyle, on);
    }
}
