package org.gapscope.cli.figure;

import java.nio.file.Path;
import java.util.Locale;

import org.gapscope.GapScopeException;
import org.gapscope.figure.ColorMap;
import org.gapscope.figure.ExportSettings;
import org.gapscope.figure.FigureExporter;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.FigureSize;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options every figure shares: where, how large, how dense, which colours, which style, and the data beside it. */
final class FigureOutput {

    @Option(names = "--out", required = true, paramLabel = "FILE.svg|FILE.png",
            description = "the figure file; its extension chooses SVG or PNG")
    Path out;

    @Option(names = "--size", defaultValue = "ieee-column", paramLabel = "SIZE",
            description = "ieee-column, ieee-double, slide or WxHin (inches); default ${DEFAULT-VALUE}. A size too"
                    + " small for every label is refused with the smallest size that fits")
    String size;

    @Option(names = "--dpi", defaultValue = "300", paramLabel = "N",
            description = "PNG resolution (150, 300, 600; 50-1200); default ${DEFAULT-VALUE}")
    int dpi;

    @Option(names = "--colormap", defaultValue = "viridis", paramLabel = "NAME",
            description = "viridis, magma, cividis, grey or red-blue; default ${DEFAULT-VALUE}")
    String colormap;

    @Option(names = "--data", arity = "0..1", fallbackValue = "csv", paramLabel = "csv|json",
            description = "also write the figure's data next to it (csv when no format is given)")
    String data;

    @Option(names = "--title", paramLabel = "TEXT", description = "the figure's title (default: from the data)")
    String title;

    @Option(names = "--no-title",
            description = "paper style: no title block (title, score lines); they go into the file's metadata")
    boolean noTitle;

    @Option(names = "--outline-text", description = "SVG only: draw text as outlines (for journals that ask for it)")
    boolean outlineText;

    /**
     * The output options parsed: where the figure goes, its size and export settings, and the format
     * of the data written beside it (null for none).
     */
    record Target(Path out, FigureSize size, ExportSettings settings, FigureExporter.DataFormat dataFormat) {

        /** Writes the figure and its data; prints what was written. */
        void write(FigureRenderer renderer, CommandLine cl) {
            double[] wh = FigureExporter.export(renderer, size, settings, out);
            String how = FigureExporter.Format.of(out) == FigureExporter.Format.PNG ? ", " + settings.dpi() + " dpi" : "";
            cl.getOut().printf(Locale.ROOT, "wrote %s (%.2f x %.2f in%s)%n", out, wh[0] / 72, wh[1] / 72, how);
            if (dataFormat != null) {
                Path d = FigureExporter.writeData(renderer.data(), out, dataFormat);
                cl.getOut().printf("wrote %s%n", d);
            }
            cl.getOut().flush();
        }
    }

    /** Parses and checks the options; done before any work, so that a typo costs no computation. */
    Target parse() {
        FigureSize figureSize = FigureSize.parse(size);
        ColorMap colorMap = ColorMap.parse(colormap);
        FigureExporter.Format format = FigureExporter.Format.of(out);
        if (dpi < FigureExporter.MIN_DPI || dpi > FigureExporter.MAX_DPI) {
            throw new GapScopeException("--dpi " + dpi + " is out of range; use " + FigureExporter.MIN_DPI + " to "
                    + FigureExporter.MAX_DPI + " (150, 300 or 600 are usual)");
        }
        if (outlineText && format != FigureExporter.Format.SVG) {
            throw new GapScopeException("--outline-text applies to SVG only; give --out FILE.svg");
        }
        ExportSettings settings = new ExportSettings(colorMap, dpi, noTitle, outlineText);
        return new Target(out, figureSize, settings, dataFormat());
    }

    private FigureExporter.DataFormat dataFormat() {
        if (data == null) {
            return null;
        }
        try {
            return FigureExporter.DataFormat.valueOf(data.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new GapScopeException("--data must be csv or json, not '" + data + "'");
        }
    }
}
