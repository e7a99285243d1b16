package org.gapscope.figure;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gapscope.GapScopeException;

/**
 * The printed size of a figure and the base text size that reads well at that size: IEEE single
 * column (3.5 in wide), IEEE double column (7.16 in), a 16:9 slide (10 x 5.625 in), or custom.
 *
 * @param name the preset's name ({@code ieee-column}, {@code ieee-double}, {@code slide}) or the custom spec
 * @param widthIn the width in inches
 * @param heightIn the height in inches, or NaN to let the figure choose a height that suits its content
 * @param fontPt the base (tick label) text size in points; never below 8
 */
public record FigureSize(String name, double widthIn, double heightIn, double fontPt) {

    /** Points per inch (PostScript points, the unit every renderer draws in when exporting). */
    public static final double POINTS_PER_INCH = 72.0;

    /** The smallest text size a figure may use, in points. */
    public static final double MIN_FONT_PT = 8.0;

    /** IEEE single column: 3.5 in wide, height chosen by the figure, 8 pt text. */
    public static final FigureSize IEEE_COLUMN = new FigureSize("ieee-column", 3.5, Double.NaN, 8);

    /** IEEE double column: 7.16 in wide, height chosen by the figure, 9 pt text. */
    public static final FigureSize IEEE_DOUBLE = new FigureSize("ieee-double", 7.16, Double.NaN, 9);

    /** A 16:9 slide: 10 x 5.625 in, 14 pt text. */
    public static final FigureSize SLIDE = new FigureSize("slide", 10, 5.625, 14);

    private static final Pattern CUSTOM = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*[x\u00d7]\\s*(\\d+(?:\\.\\d+)?)\\s*(in)?");

    /** Validates the size: width 1 to 40 in, height NaN or 0.5 to 40 in, text at least 8 pt. */
    public FigureSize {
        if (!(widthIn >= 1 && widthIn <= 40)) {
            throw new IllegalArgumentException("figure width must be 1 to 40 inches, got " + widthIn);
        }
        if (!Double.isNaN(heightIn) && !(heightIn >= 0.5 && heightIn <= 40)) {
            throw new IllegalArgumentException("figure height must be 0.5 to 40 inches, got " + heightIn);
        }
        if (!(fontPt >= MIN_FONT_PT && fontPt <= 72)) {
            throw new IllegalArgumentException("figure text size must be 8 to 72 pt, got " + fontPt);
        }
    }

    /** A custom size in inches; text is 8 pt up to 7.5 in wide and grows with the width beyond. */
    public static FigureSize custom(double widthIn, double heightIn) {
        double font = widthIn <= 7.5 ? MIN_FONT_PT : Math.min(24, Math.round(widthIn * 1.4));
        return new FigureSize(format(widthIn) + "x" + format(heightIn) + "in", widthIn, heightIn, font);
    }

    /**
     * Parses {@code ieee-column}, {@code ieee-double}, {@code slide} or a custom {@code WxHin}
     * (e.g. {@code 5x3in}, inches).
     */
    public static FigureSize parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "ieee-column":
            case "column":
                return IEEE_COLUMN;
            case "ieee-double":
            case "double":
                return IEEE_DOUBLE;
            case "slide":
                return SLIDE;
            default:
                break;
        }
        Matcher m = CUSTOM.matcher(s);
        if (!m.matches()) {
            throw new GapScopeException("figure size '" + spec
                    + "' is not ieee-column, ieee-double, slide or WxHin (e.g. 5x3in)");
        }
        double w = Double.parseDouble(m.group(1));
        double h = Double.parseDouble(m.group(2));
        if (w < 1 || w > 40 || h < 0.5 || h > 40) {
            throw new GapScopeException("figure size '" + spec + "': width must be 1 to 40 in and height 0.5 to 40 in");
        }
        return custom(w, h);
    }

    /** Width in points. */
    public double widthPt() {
        return widthIn * POINTS_PER_INCH;
    }

    /**
     * Height in points for this figure: the fixed height, or the figure's preferred height at this
     * width, never below the height at which every label fits.
     */
    public double heightPt(FigureRenderer renderer, FigureStyle style) {
        if (!Double.isNaN(heightIn)) {
            return heightIn * POINTS_PER_INCH;
        }
        return Math.max(renderer.preferredHeight(widthPt(), style), renderer.minimumHeight(widthPt(), style));
    }

    /** The export style for this size: light theme, this size's text, the given colour map. */
    public FigureStyle style(ColorMap colorMap) {
        return FigureStyle.light(fontPt).withColorMap(colorMap);
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
