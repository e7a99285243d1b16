package org.gapscope.figure;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.gapscope.GapScopeException;
import org.gapscope.GapScopeVersion;
import org.gapscope.npy.AtomicFiles;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;
import org.jfree.svg.SVGUnits;
import org.jfree.svg.SVGUtils;
import org.jfree.svg.ViewBox;

/**
 * Writes a figure as PNG (at a chosen DPI, recorded in the file) or SVG (text kept as text, or as
 * outlines; the matrix as an embedded image), and its data as CSV or JSON next to it. Always in the
 * light theme; a size too small for the figure's labels is refused; every file is written
 * atomically (temporary file in the same folder, then one rename).
 */
public final class FigureExporter {

    /** The resolutions the explorer offers for PNG. */
    public static final int[] STANDARD_DPI = {150, 300, 600};

    /** The lowest and highest resolution accepted. */
    public static final int MIN_DPI = 50;
    /** The highest resolution accepted. */
    public static final int MAX_DPI = 1200;

    private static final long MAX_PIXELS = 120_000_000L;

    /** A figure file format, chosen by the file name's extension. */
    public enum Format {
        /** Raster, for documents that take images. */
        PNG,
        /** Vector, text as text; for papers and posters. */
        SVG;

        /** The format for {@code path}'s extension ({@code .png} or {@code .svg}). */
        public static Format of(Path path) {
            String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) {
                return PNG;
            }
            if (name.endsWith(".svg")) {
                return SVG;
            }
            throw new GapScopeException(path + ": the figure file must end in .png or .svg");
        }
    }

    /** The format of a figure's data file. */
    public enum DataFormat {
        /** Tidy CSV, one observation per row. */
        CSV("csv"),
        /** JSON with everything, titles and scores included. */
        JSON("json");

        private final String extension;

        DataFormat(String extension) {
            this.extension = extension;
        }

        /** The file extension without the dot. */
        public String extension() {
            return extension;
        }
    }

    private FigureExporter() {
    }

    /**
     * Writes {@code renderer}'s figure to {@code out} (PNG or SVG by extension) at {@code size},
     * with {@code size}'s text size, the light theme and {@code colorMap}; {@code dpi} applies to PNG.
     *
     * @return the size drawn, in points {width, height}
     */
    public static double[] export(FigureRenderer renderer, FigureSize size, ColorMap colorMap, int dpi, Path out) {
        return export(renderer, size, ExportSettings.defaults().withColorMap(colorMap).withDpi(dpi), out);
    }

    /**
     * Writes {@code renderer}'s figure to {@code out} (PNG or SVG by extension) at {@code size} with
     * {@code settings}. A preset lets the figure choose its height, never below the height at which
     * every label fits; a size that fixes a height (or width) too small for the labels is refused
     * with the smallest size that fits, before anything is written.
     *
     * @return the size drawn, in points {width, height}
     */
    public static double[] export(FigureRenderer renderer, FigureSize size, ExportSettings settings, Path out) {
        Format format = Format.of(out);
        checkDpi(settings.dpi());
        if (settings.textOutlines() && format != Format.SVG) {
            throw new GapScopeException(out + ": text as outlines applies to SVG only; give an .svg file");
        }
        FigureStyle style = size.style(settings.colorMap()).withPaper(settings.paperStyle());
        double w = size.widthPt();
        double h = fittedHeight(renderer, size, style);
        if (format == Format.PNG) {
            writePng(renderer, w, h, style, settings.dpi(), out);
        } else {
            byte[] bytes = renderSvg(renderer, w, h, style, settings.textOutlines()).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(out, stream -> stream.write(bytes));
        }
        return new double[] {w, h};
    }

    /**
     * The height {@code renderer}'s figure gets at {@code size} (its own choice for a preset), after
     * checking that every label fits at that size; a size too small is refused with the smallest
     * size that fits.
     */
    public static double fittedHeight(FigureRenderer renderer, FigureSize size, FigureStyle style) {
        double h = size.heightPt(renderer, style);
        checkFits(renderer, size, style, size.widthPt(), h);
        return h;
    }

    /**
     * Refuses a size at which the figure would have to leave out or cut a label: one line naming the
     * figure, what it needs, what the size gives and the smallest size that fits.
     */
    static void checkFits(FigureRenderer renderer, FigureSize size, FigureStyle style, double w, double h) {
        double minW = renderer.minimumWidth(style);
        double fitW = Math.max(w, minW);
        double minH = renderer.minimumHeight(fitW, style);
        boolean narrow = w < minW - 0.01;
        boolean tooShort = h < minH - 0.01;
        if (!narrow && !tooShort) {
            return;
        }
        double fitH = Math.max(h, minH);
        String need = narrow ? inches(minW) + " in of width" : inches(minH) + " in of height at " + inches(w) + " in wide";
        String got = narrow ? inches(w) + " in" : inches(h) + " in";
        String head = renderer.data().kind() + " figure: to draw every label at " + Ticks.format(style.fontSize(), 0)
                + " pt it needs at least " + need + ", the size '" + size.name() + "' gives " + got;
        double maxPt = 40 * FigureSize.POINTS_PER_INCH;
        if (fitW > maxPt || fitH > maxPt) {
            throw new GapScopeException(head + "; no figure up to 40 x 40 in fits it (show fewer tokens)");
        }
        throw new GapScopeException(head + "; the smallest size that fits is " + inches(fitW) + "x" + inches(fitH)
                + "in");
    }

    /** Points as inches, rounded up to a tenth (a size that is given back must fit). */
    private static String inches(double pt) {
        double in = Math.ceil(pt / FigureSize.POINTS_PER_INCH * 10 - 1e-6) / 10;
        return in == Math.rint(in) ? Long.toString((long) in) : String.format(Locale.ROOT, "%.1f", in);
    }

    /** Renders the figure ({@code widthPt} x {@code heightPt} points) to an RGB image at {@code dpi}, light theme. */
    public static BufferedImage renderImage(FigureRenderer renderer, double widthPt, double heightPt, FigureStyle style,
            int dpi) {
        checkDpi(dpi);
        double scale = dpi / FigureSize.POINTS_PER_INCH;
        long pw = Math.max(1, Math.round(widthPt * scale));
        long ph = Math.max(1, Math.round(heightPt * scale));
        if (pw * ph > MAX_PIXELS) {
            throw new GapScopeException("figure of " + pw + " x " + ph + " pixels is too large; lower the DPI or the size");
        }
        BufferedImage img = new BufferedImage((int) pw, (int) ph, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.scale(pw / widthPt, ph / heightPt);
            renderer.draw(g, widthPt, heightPt, style.withTheme(FigureTheme.LIGHT));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The figure as a standalone SVG document ({@code widthPt} x {@code heightPt} points), light theme, text as text. */
    public static String renderSvg(FigureRenderer renderer, double widthPt, double heightPt, FigureStyle style) {
        return renderSvg(renderer, widthPt, heightPt, style, false);
    }

    /**
     * The figure as a standalone SVG document, light theme: text as {@code <text>} elements anchored
     * at their tick or centre and naming a font list ({@link SvgSupport#SANS_FAMILIES}), or, with
     * {@code outlines}, as glyph outlines that need no font; title and description as
     * {@code <title>} and {@code <desc>}.
     */
    public static String renderSvg(FigureRenderer renderer, double widthPt, double heightPt, FigureStyle style,
            boolean outlines) {
        SVGGraphics2D g = new SVGGraphics2D(widthPt, heightPt, SVGUnits.PT);
        g.setRenderingHint(SVGHints.KEY_DRAW_STRING_TYPE, outlines ? SVGHints.VALUE_DRAW_STRING_TYPE_VECTOR
                : SVGHints.VALUE_DRAW_STRING_TYPE_STANDARD);
        g.setRenderingHint(SVGHints.KEY_IMAGE_HANDLING, SVGHints.VALUE_IMAGE_HANDLING_EMBED);
        g.setFontFunction(SvgSupport::families);
        g.setGeomDoubleConverter(SVGUtils.createDoubleConverter(3));
        g.setTransformDoubleConverter(SVGUtils.createDoubleConverter(4));
        renderer.draw(g, widthPt, heightPt, style.withTheme(FigureTheme.LIGHT));
        String element = g.getSVGElement(null, true, new ViewBox(0, 0, widthPt, heightPt), null, null);
        int open = element.indexOf('>');
        String meta = "<title>" + SVGUtils.escapeForXML(title(renderer)) + "</title><desc>"
                + SVGUtils.escapeForXML(renderer.description() + " (" + software() + ")") + "</desc>";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + element.substring(0, open + 1) + meta + element.substring(open + 1) + "\n";
    }

    /** The figure's title for file metadata: its data's title, else what kind of figure it is. */
    static String title(FigureRenderer renderer) {
        String t = renderer.data().title();
        if (t != null && !t.isBlank()) {
            return t;
        }
        String d = renderer.description();
        int colon = d.indexOf(':');
        return colon > 0 ? d.substring(0, colon) : d;
    }

    private static String software() {
        return "GapScope " + GapScopeVersion.get();
    }

    /** Writes the figure as a PNG at {@code dpi}, with the DPI (pHYs), title and description (UTF-8 iTXt) in the file. */
    public static void writePng(FigureRenderer renderer, double widthPt, double heightPt, FigureStyle style, int dpi,
            Path out) {
        BufferedImage img = renderImage(renderer, widthPt, heightPt, style, dpi);
        String title = title(renderer);
        String description = renderer.description();
        AtomicFiles.write(out, stream -> writePng(img, dpi, title, description, stream));
    }

    /** Writes the figure as an SVG document (text as text). */
    public static void writeSvg(FigureRenderer renderer, double widthPt, double heightPt, FigureStyle style, Path out) {
        byte[] bytes = renderSvg(renderer, widthPt, heightPt, style).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(out, stream -> stream.write(bytes));
    }

    /**
     * Writes the figure's data next to {@code figure}: same name, extension {@code .csv} or
     * {@code .json}.
     *
     * @return the data file written
     */
    public static Path writeData(FigureData data, Path figure, DataFormat format) {
        Path target = dataPath(figure, format);
        String text = format == DataFormat.CSV ? data.toCsv() : data.toJson();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(target, stream -> stream.write(bytes));
        return target;
    }

    /** The data file that belongs to {@code figure}: its name with the extension replaced. */
    public static Path dataPath(Path figure, DataFormat format) {
        String name = figure.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return figure.resolveSibling(base + "." + format.extension());
    }

    /** Encodes {@code img} as PNG with its resolution ({@code dpi}) and a title in the metadata. */
    public static void writePng(BufferedImage img, int dpi, String title, OutputStream out) throws IOException {
        writePng(img, dpi, title, null, out);
    }

    /**
     * Encodes {@code img} as PNG with its resolution ({@code dpi}, pHYs) and, as UTF-8 international
     * text (iTXt, so that ρ and − survive), its title, description and the program that wrote it.
     */
    public static void writePng(BufferedImage img, int dpi, String title, String description, OutputStream out)
            throws IOException {
        checkDpi(dpi);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        ImageWriter writer = writers.next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img),
                    param);
            String formatName = "javax_imageio_png_1.0";
            IIOMetadataNode root = new IIOMetadataNode(formatName);
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            String perMetre = Long.toString(Math.round(dpi / 0.0254));
            phys.setAttribute("pixelsPerUnitXAxis", perMetre);
            phys.setAttribute("pixelsPerUnitYAxis", perMetre);
            phys.setAttribute("unitSpecifier", "meter");
            root.appendChild(phys);
            IIOMetadataNode text = new IIOMetadataNode("iTXt");
            text.appendChild(textEntry("Software", software()));
            if (title != null && !title.isBlank()) {
                text.appendChild(textEntry("Title", title));
            }
            if (description != null && !description.isBlank()) {
                text.appendChild(textEntry("Description", description));
            }
            root.appendChild(text);
            try {
                metadata.mergeTree(formatName, root);
            } catch (IIOInvalidTreeException e) {
                throw new IOException("PNG metadata rejected: " + e.getMessage(), e);
            }
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(new NonClosing(out))) {
                writer.setOutput(ios);
                writer.write(null, new IIOImage(img, null, metadata), param);
            }
        } finally {
            writer.dispose();
        }
    }

    /** One iTXt entry: keyword, UTF-8 text, uncompressed, no language tag. */
    private static IIOMetadataNode textEntry(String key, String value) {
        IIOMetadataNode entry = new IIOMetadataNode("iTXtEntry");
        entry.setAttribute("keyword", key);
        entry.setAttribute("compressionFlag", "FALSE");
        entry.setAttribute("compressionMethod", "0");
        entry.setAttribute("languageTag", "");
        entry.setAttribute("translatedKeyword", "");
        entry.setAttribute("text", value);
        return entry;
    }

    private static void checkDpi(int dpi) {
        if (dpi < MIN_DPI || dpi > MAX_DPI) {
            throw new GapScopeException("DPI " + dpi + " is out of range; use " + MIN_DPI + " to " + MAX_DPI
                    + " (150, 300 or 600 are usual)");
        }
    }

    /** Keeps ImageIO from closing the atomic writer's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
