package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the exported heatmap shows, read back from the PNG's pixels and checked against the data,
 * not against an earlier rendering: each token's path mark sits on the column of its aligned
 * speech position i*_j, and each cell has the colour map's colour at its value.
 */
class FigurePixelTest {

    private static final int DPI = 300;

    @TempDir
    Path dir;

    /** A PNG of {@code r} at IEEE column width, paper style, read back, with the matrix's rectangle in pixels. */
    private record Picture(BufferedImage image, Rectangle2D plot, HeatmapLayout layout, double sx, double sy) {

        int x(double pt) {
            return (int) Math.floor(pt * sx);
        }

        int y(double pt) {
            return (int) Math.floor(pt * sy);
        }
    }

    private Picture export(HeatmapRenderer r, ColorMap map) throws Exception {
        Path png = dir.resolve("heatmap.png");
        ExportSettings settings = ExportSettings.defaults().withColorMap(map).withDpi(DPI).withPaperStyle(true);
        double[] wh = FigureExporter.export(r, FigureSize.IEEE_COLUMN, settings, png);
        BufferedImage img = ImageIO.read(png.toFile());
        FigureStyle style = FigureSize.IEEE_COLUMN.style(map).withPaper(true);
        HeatmapLayout layout = r.layout(wh[0], wh[1], style);
        return new Picture(img, layout.plot(), layout, img.getWidth() / wh[0], img.getHeight() / wh[1]);
    }

    private static boolean white(int rgb) {
        return ((rgb >> 16) & 0xFF) >= 245 && ((rgb >> 8) & 0xFF) >= 245 && (rgb & 0xFF) >= 245;
    }

    @Test
    void eachPathMarkSitsOnTheColumnOfItsAlignedPosition() throws Exception {
        HeatmapData data = FigureSamples.heatmap(60, HeatmapData.Metric.COSINE, false, 7);
        Picture p = export(new HeatmapRenderer(data), ColorMap.VIRIDIS);
        double cellPx = p.plot().getWidth() * p.sx() / data.speechCount();
        assertTrue(cellPx > 4, "cells wide enough that one position's shift shows: " + cellPx + " px");
        for (int j = 0; j < data.tokenCount(); j++) {
            int y = p.y(p.layout().y(j));
            // the longest run of white pixels on the token's row is its mark (white, outlined in black)
            int bestStart = -1;
            int bestLength = 0;
            int start = -1;
            for (int x = p.x(p.plot().getMinX()) + 2; x <= p.x(p.plot().getMaxX()) - 2; x++) {
                if (white(p.image().getRGB(x, y))) {
                    start = start < 0 ? x : start;
                    if (x - start + 1 > bestLength) {
                        bestLength = x - start + 1;
                        bestStart = start;
                    }
                } else {
                    start = -1;
                }
            }
            assertTrue(bestLength >= 3, "token " + j + ": a white mark on its row");
            double centre = bestStart + (bestLength - 1) / 2.0 + 0.5;
            int i = data.pathAt(j);
            double expected = p.layout().x((data.time(i) + data.timeEnd(i)) / 2) * p.sx();
            assertEquals(expected, centre, 1.5, "token " + j + ": mark of position " + i + " at x = " + centre
                    + " px, its column's centre is " + expected);
            assertEquals(i, p.layout().speechIndexAt(centre / p.sx(), p.layout().y(j)),
                    "token " + j + ": the mark reads back as position " + i);
        }
    }

    @Test
    void eachCellHasTheColourMapsColourAtItsValue() throws Exception {
        HeatmapData sample = FigureSamples.heatmap(60, HeatmapData.Metric.COSINE, false, 7);
        for (ColorMap map : new ColorMap[] {ColorMap.VIRIDIS, ColorMap.MAGMA, ColorMap.RED_BLUE}) {
            for (ColorRange range : new ColorRange[] {ColorRange.auto(), ColorRange.fixed(0.2, 0.6)}) {
                HeatmapData data = new HeatmapData.Builder(sample.values(), sample.tokens(), sample.times(),
                        sample.metric(), sample.layer()).optColorRange(range).build();
                Picture p = export(new HeatmapRenderer(data), map);
                double[] lohi = expectedRange(data, map, range);
                int checked = 0;
                for (int i = 1; i < data.speechCount(); i += 3) {
                    for (int j = 0; j < data.tokenCount(); j++) {
                        int x = p.x(p.layout().x((data.time(i) + data.timeEnd(i)) / 2));
                        int y = p.y(p.layout().y(j));
                        double t = (data.value(i, j) - lohi[0]) / (lohi[1] - lohi[0]);
                        int want = map.rgb(Math.max(0, Math.min(1, t)));
                        int got = p.image().getRGB(x, y) & 0xFFFFFF;
                        assertTrue(close(want, got, 3), String.format(java.util.Locale.ROOT,
                                "%s %s: cell (%d, %d) value %.4f should be #%06x, is #%06x", map, range, i, j,
                                data.value(i, j), want, got));
                        checked++;
                    }
                }
                assertTrue(checked > 200, "cells checked: " + checked);
            }
        }
    }

    /** The colour bar's range worked out here from the data: the fixed range, or min..max (symmetric for a diverging map). */
    private static double[] expectedRange(HeatmapData data, ColorMap map, ColorRange range) {
        if (!range.automatic()) {
            return new double[] {range.min(), range.max()};
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < data.speechCount(); i++) {
            for (int j = 0; j < data.tokenCount(); j++) {
                lo = Math.min(lo, data.value(i, j));
                hi = Math.max(hi, data.value(i, j));
            }
        }
        if (map.diverging()) {
            double m = Math.max(Math.abs(lo), Math.abs(hi));
            return new double[] {-m, m};
        }
        return new double[] {lo, hi};
    }

    private static boolean close(int a, int b, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)) > tolerance) {
                return false;
            }
        }
        return true;
    }
}
