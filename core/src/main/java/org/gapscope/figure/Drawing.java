package org.gapscope.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

import org.jfree.svg.SVGGraphics2D;

/** Drawing pieces the renderers share: setup, axes, colour bars, markers and raster images. */
final class Drawing {

    /** The most pixels a raster embedded in a vector file is upscaled to on each side. */
    private static final int VECTOR_RASTER_TARGET = 1600;

    private Drawing() {
    }

    /** A copy of {@code g} set up for figure drawing, with the background filled; dispose it after. */
    static Graphics2D begin(Graphics2D g, double width, double height, FigureStyle style) {
        Graphics2D g2 = (Graphics2D) g.create();
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g2.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g2.setColor(style.theme().background());
        g2.fill(new Rectangle2D.Double(0, 0, width, height));
        return g2;
    }

    static void line(Graphics2D g, double x1, double y1, double x2, double y2) {
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    /** Whether {@code g} writes a vector file (where rasters must carry their own sharp pixels). */
    static boolean isVector(Graphics2D g) {
        return g instanceof SVGGraphics2D;
    }

    /** Whether {@code g} smooths scaled images whatever the hints say (FXGraphics2D on a JavaFX canvas does). */
    private static boolean smoothsImages(Graphics2D g) {
        return isVector(g) || g.getClass().getName().equals("org.jfree.fx.FXGraphics2D");
    }

    /**
     * Draws a raster stretched over {@code dest} with sharp cell edges: nearest-neighbour where the
     * target honours the hint; where it smooths anyway (SVG viewers, a JavaFX canvas) the raster is
     * first upscaled by whole pixels so that smoothing only softens the outermost pixel of a cell.
     */
    static void image(Graphics2D g, BufferedImage image, Rectangle2D dest) {
        BufferedImage img = image;
        if (smoothsImages(g)) {
            double sx = Math.abs(g.getTransform().getScaleX());
            double sy = Math.abs(g.getTransform().getScaleY());
            double targetW = isVector(g) ? VECTOR_RASTER_TARGET : dest.getWidth() * sx * 2;
            double targetH = isVector(g) ? VECTOR_RASTER_TARGET : dest.getHeight() * sy * 2;
            int fx = (int) Math.max(1, Math.min(64, Math.ceil(targetW / image.getWidth())));
            int fy = (int) Math.max(1, Math.min(64, Math.ceil(targetH / image.getHeight())));
            if ((long) image.getWidth() * fx * image.getHeight() * fy > 8_000_000L) {
                fx = Math.max(1, fx / 2);
                fy = Math.max(1, fy / 2);
            }
            if (fx > 1 || fy > 1) {
                img = upscale(image, fx, fy);
            }
        }
        Graphics2D g2 = (Graphics2D) g.create();
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        AffineTransform at = new AffineTransform();
        at.translate(dest.getX(), dest.getY());
        at.scale(dest.getWidth() / img.getWidth(), dest.getHeight() / img.getHeight());
        g2.drawImage(img, at, null);
        g2.dispose();
    }

    private static BufferedImage upscale(BufferedImage src, int fx, int fy) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w * fx, h * fy, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w * fx];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = src.getRGB(x, y);
                for (int k = 0; k < fx; k++) {
                    row[x * fx + k] = rgb;
                }
            }
            for (int k = 0; k < fy; k++) {
                out.setRGB(0, y * fy + k, w * fx, 1, row, 0, w * fx);
            }
        }
        return out;
    }

    /** Ticks, tick labels and the axis label (may be null) under {@code plot}; the label is centred and never cut. */
    static void xAxis(Graphics2D g, FigureStyle style, Rectangle2D plot, Scale sx, Ticks ticks, String label) {
        xAxis(g, style, plot, sx, ticks, label, true);
    }

    /** As {@link #xAxis(Graphics2D, FigureStyle, Rectangle2D, Scale, Ticks, String)}; tick labels only when {@code tickLabels}. */
    static void xAxis(Graphics2D g, FigureStyle style, Rectangle2D plot, Scale sx, Ticks ticks, String label,
            boolean tickLabels) {
        Font tf = style.tickFont();
        double tl = style.tickLength();
        double y = plot.getMaxY();
        g.setStroke(new BasicStroke((float) style.axisWidth()));
        for (int i = 0; i < ticks.values().length; i++) {
            double x = sx.map(ticks.values()[i]);
            if (x < plot.getMinX() - 0.01 || x > plot.getMaxX() + 0.01) {
                continue;
            }
            g.setColor(style.theme().axis());
            line(g, x, y, x, y + tl);
            if (tickLabels) {
                g.setColor(style.theme().foreground());
                Text.draw(g, tf, ticks.labels()[i], x, y + tl + style.fontSize() * 0.25 + Text.ascent(tf),
                        Text.Align.CENTER);
            }
        }
        if (label != null && !label.isEmpty()) {
            Font lf = style.labelFont();
            g.setColor(style.theme().foreground());
            double ly = y + tl + style.fontSize() * 0.25 + Text.height(tf) + style.fontSize() * 0.2 + Text.ascent(lf);
            Text.draw(g, lf, label, plot.getCenterX(), ly, Text.Align.CENTER);
        }
    }

    /** Height an x axis drawn by {@link #xAxis} needs below the plot. */
    static double xAxisHeight(FigureStyle style, boolean withLabel) {
        double h = style.tickLength() + style.fontSize() * 0.25 + Text.height(style.tickFont());
        if (withLabel) {
            h += style.fontSize() * 0.2 + Text.height(style.labelFont());
        }
        return h;
    }

    /** Width the tick labels of {@code ticks} need on a y axis, tick marks and gap included. */
    static double yTicksWidth(FigureStyle style, Ticks ticks) {
        double w = 0;
        for (String l : ticks.labels()) {
            w = Math.max(w, Text.width(style.tickFont(), l));
        }
        return w + style.tickLength() + style.fontSize() * 0.3;
    }

    /** Ticks and tick labels left of {@code plot} (right-aligned on the tick), grid lines across it when {@code grid}. */
    static void yAxis(Graphics2D g, FigureStyle style, Rectangle2D plot, Scale sy, Ticks ticks, boolean grid) {
        Font tf = style.tickFont();
        double tl = style.tickLength();
        double x = plot.getMinX();
        for (int i = 0; i < ticks.values().length; i++) {
            double y = sy.map(ticks.values()[i]);
            if (y < plot.getMinY() - 0.01 || y > plot.getMaxY() + 0.01) {
                continue;
            }
            if (grid) {
                g.setColor(style.theme().grid());
                g.setStroke(new BasicStroke((float) (style.axisWidth() * 0.8)));
                line(g, plot.getMinX(), y, plot.getMaxX(), y);
            }
            g.setStroke(new BasicStroke((float) style.axisWidth()));
            g.setColor(style.theme().axis());
            line(g, x - tl, y, x, y);
            g.setColor(style.theme().foreground());
            Text.drawMiddle(g, tf, ticks.labels()[i], x - tl - style.fontSize() * 0.3, y, Text.Align.RIGHT);
        }
    }

    /** How many tick labels fit along {@code length} of a vertical axis (one line each, a third of a line apart). */
    static int yTickRoom(FigureStyle style, double length) {
        return (int) Math.max(2, Math.floor(length / (style.lineHeight() * 1.35)) + 1);
    }

    /** The length a vertical axis needs for {@link Ticks#MIN_COUNT} tick labels. */
    static double yTicksNeed(FigureStyle style) {
        return (Ticks.MIN_COUNT - 1) * style.lineHeight() * 1.6;
    }

    /**
     * The length a vertical axis over {@code [lo, hi]} needs so that its round ticks are at least
     * {@link Ticks#MIN_COUNT} (the step that gives four may give up to eight, all of which must fit).
     */
    static double yTicksNeed(FigureStyle style, double lo, double hi) {
        int n = Ticks.leastCount(lo, hi, Ticks.MIN_COUNT);
        return Math.max(yTicksNeed(style), (n - 1) * style.lineHeight() * 1.35 + 1e-6);
    }

    /**
     * A rotated axis label as lines: one line when it fits {@code available}, else split in two at the
     * space that makes the longer line shortest. On a screen canvas too small even for that the lines
     * are shortened; an export is never drawn that small.
     */
    static List<String> axisLabel(FigureStyle style, String label, double available) {
        Font lf = style.labelFont();
        if (Text.width(lf, label) <= available) {
            return List.of(label);
        }
        List<String> lines = Text.balanced(lf, label, 2);
        if (Text.maxWidth(lf, lines) <= available) {
            return lines;
        }
        return lines.stream().map(l -> Text.elide(lf, l, Math.max(style.fontSize(), available))).toList();
    }

    /** The length a rotated axis label needs when it may take two lines. */
    static double axisLabelNeed(FigureStyle style, String label) {
        return Text.maxWidth(style.labelFont(), Text.balanced(style.labelFont(), label, 2));
    }

    /** The thickness of {@code lines} of rotated label text. */
    static double axisLabelThickness(FigureStyle style, int lines) {
        return lines * Text.height(style.labelFont());
    }

    /** Draws label lines rotated to read bottom to top, the block centred on {@code (cx, cy)}. */
    static void verticalLabel(Graphics2D g, FigureStyle style, List<String> lines, double cx, double cy) {
        Font lf = style.labelFont();
        double lh = Text.height(lf);
        double first = cx - (lines.size() - 1) * lh / 2;
        g.setColor(style.theme().foreground());
        for (int k = 0; k < lines.size(); k++) {
            Text.drawVertical(g, lf, lines.get(k), first + k * lh, cy);
        }
    }

    /** Vertical x-grid lines at {@code ticks}. */
    static void xGrid(Graphics2D g, FigureStyle style, Rectangle2D plot, Scale sx, Ticks ticks) {
        g.setColor(style.theme().grid());
        g.setStroke(new BasicStroke((float) (style.axisWidth() * 0.8)));
        for (double v : ticks.values()) {
            double x = sx.map(v);
            if (x >= plot.getMinX() - 0.01 && x <= plot.getMaxX() + 0.01) {
                line(g, x, plot.getMinY(), x, plot.getMaxY());
            }
        }
    }

    /** The left and bottom axis lines of a plot (open frame). */
    static void spines(Graphics2D g, FigureStyle style, Rectangle2D plot) {
        g.setColor(style.theme().axis());
        g.setStroke(new BasicStroke((float) style.axisWidth(), BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
        line(g, plot.getMinX(), plot.getMinY(), plot.getMinX(), plot.getMaxY());
        line(g, plot.getMinX(), plot.getMaxY(), plot.getMaxX(), plot.getMaxY());
    }

    /** A closed frame around {@code r}. */
    static void frame(Graphics2D g, FigureStyle style, Rectangle2D r) {
        g.setColor(style.theme().axis());
        g.setStroke(new BasicStroke((float) style.axisWidth(), BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
        g.draw(r);
    }

    /** Width a vertical colour bar needs with its tick labels and {@code labelLines} lines of rotated label, bar included. */
    static double colorBarWidth(FigureStyle style, Ticks ticks, int labelLines) {
        return colorBarStrip(style) + yTicksWidth(style, ticks) + style.fontSize() * 0.3
                + axisLabelThickness(style, labelLines);
    }

    /** The width of the coloured strip of a colour bar. */
    static double colorBarStrip(FigureStyle style) {
        return style.fontSize() * 0.9;
    }

    /**
     * A vertical colour bar in {@code bar} (the coloured strip), ticks and labels right of it, the
     * rotated label lines right of those. An end whose values were clipped by a fixed range
     * ({@code clippedLow}, {@code clippedHigh}) ends in a triangle of the end colour, so that the
     * reader sees that values lie beyond it.
     */
    static void colorBar(Graphics2D g, FigureStyle style, Rectangle2D bar, ColorMap map, boolean reversed, double lo,
            double hi, Ticks ticks, List<String> label, boolean clippedLow, boolean clippedHigh) {
        double tri = bar.getWidth() * 0.9;
        double top = bar.getMinY() + (clippedHigh ? tri : 0);
        double bottom = bar.getMaxY() - (clippedLow ? tri : 0);
        Rectangle2D strip = new Rectangle2D.Double(bar.getX(), top, bar.getWidth(), Math.max(1e-6, bottom - top));
        BufferedImage img = new BufferedImage(1, 256, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 256; i++) {
            img.setRGB(0, 255 - i, map.rgb(reversed ? 1 - i / 255.0 : i / 255.0));
        }
        image(g, img, strip);
        Path2D.Double outline = new Path2D.Double();
        outline.moveTo(bar.getMinX(), top);
        if (clippedHigh) {
            Path2D.Double t = triangle(bar.getMinX(), top, bar.getMaxX(), bar.getCenterX(), bar.getMinY());
            g.setColor(new Color(map.rgb(reversed ? 0 : 1)));
            g.fill(t);
            outline.lineTo(bar.getCenterX(), bar.getMinY());
        }
        outline.lineTo(bar.getMaxX(), top);
        outline.lineTo(bar.getMaxX(), bottom);
        if (clippedLow) {
            Path2D.Double t = triangle(bar.getMinX(), bottom, bar.getMaxX(), bar.getCenterX(), bar.getMaxY());
            g.setColor(new Color(map.rgb(reversed ? 1 : 0)));
            g.fill(t);
            outline.lineTo(bar.getCenterX(), bar.getMaxY());
        }
        outline.lineTo(bar.getMinX(), bottom);
        outline.closePath();
        g.setColor(style.theme().axis());
        g.setStroke(new BasicStroke((float) style.axisWidth(), BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
        g.draw(outline);
        Scale sy = new Scale(lo, hi, bottom, top);
        Font tf = style.tickFont();
        double tl = style.tickLength();
        double labelsRight = bar.getMaxX() + tl + style.fontSize() * 0.3;
        for (int i = 0; i < ticks.values().length; i++) {
            double y = sy.map(ticks.values()[i]);
            if (y < top - 0.01 || y > bottom + 0.01) {
                continue;
            }
            g.setColor(style.theme().axis());
            g.setStroke(new BasicStroke((float) style.axisWidth()));
            line(g, bar.getMaxX(), y, bar.getMaxX() + tl, y);
            g.setColor(style.theme().foreground());
            double x = bar.getMaxX() + tl + style.fontSize() * 0.3;
            Text.drawMiddle(g, tf, ticks.labels()[i], x, y, Text.Align.LEFT);
            labelsRight = Math.max(labelsRight, x + Text.width(tf, ticks.labels()[i]));
        }
        double labelsLeft = bar.getMaxX() + yTicksWidth(style, ticks) + style.fontSize() * 0.3;
        double thickness = axisLabelThickness(style, label.size());
        verticalLabel(g, style, label, Math.max(labelsLeft, labelsRight + style.fontSize() * 0.3) + thickness / 2,
                bar.getCenterY());
    }

    private static Path2D.Double triangle(double x0, double y0, double x1, double apexX, double apexY) {
        Path2D.Double t = new Path2D.Double();
        t.moveTo(x0, y0);
        t.lineTo(x1, y0);
        t.lineTo(apexX, apexY);
        t.closePath();
        return t;
    }

    /** Marker shape {@code kind} (circle, square, triangle, diamond, cycling) of size {@code size} centred at (x, y). */
    static Shape marker(int kind, double x, double y, double size) {
        double r = size / 2;
        switch (Math.floorMod(kind, 4)) {
            case 1:
                return new Rectangle2D.Double(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
            case 2: {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(x, y - r * 1.15);
                p.lineTo(x + r * 1.05, y + r * 0.75);
                p.lineTo(x - r * 1.05, y + r * 0.75);
                p.closePath();
                return p;
            }
            case 3: {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(x, y - r * 1.2);
                p.lineTo(x + r * 1.2, y);
                p.lineTo(x, y + r * 1.2);
                p.lineTo(x - r * 1.2, y);
                p.closePath();
                return p;
            }
            default:
                return new Ellipse2D.Double(x - r, y - r, size, size);
        }
    }

    /** {@code c} with the given alpha (0-1). */
    static Color alpha(Color c, double alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), (int) Math.round(alpha * 255));
    }

    /** The height {@link #titleLines} takes to draw {@code lines} in {@code font}. */
    static double linesHeight(FigureStyle style, List<String> lines, Font font) {
        return lines.size() * (Text.height(font) + style.fontSize() * 0.15);
    }

    /** Title lines (already wrapped) at the top; returns the y below them. */
    static double titleLines(Graphics2D g, FigureStyle style, List<String> lines, Font font, double top,
            double centerX, Color color) {
        double y = top;
        g.setColor(color);
        for (String line : lines) {
            y += Text.ascent(font);
            Text.draw(g, font, line, centerX, y, Text.Align.CENTER);
            y += Text.descent(font) + style.fontSize() * 0.15;
        }
        return y;
    }
}
