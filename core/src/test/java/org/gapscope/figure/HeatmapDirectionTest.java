package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 14: the Euclidean heatmap is coloured so that "more aligned" looks as in the cosine one
 * (bright), and its colour bar says so. The sample's distance falls as its cosine rises, so with the
 * distance's map reversed the two matrices are drawn in the same colours.
 */
class HeatmapDirectionTest {

    @Test
    void theAlignedEndIsBrightForBothMetrics() throws Exception {
        FigureStyle style = FigureStyle.light(8);
        HeatmapData cosine = FigureSamples.heatmap(40, HeatmapData.Metric.COSINE, false, 3);
        HeatmapData euclidean = FigureSamples.heatmap(40, HeatmapData.Metric.EUCLIDEAN, false, 3);
        BufferedImage a = FigureExporter.renderImage(new HeatmapRenderer(cosine), 400, 260, style, 100);
        BufferedImage b = FigureExporter.renderImage(new HeatmapRenderer(euclidean), 400, 260, style, 100);
        // the matrix cells: pixels in a colour of the map (not white, grey or black) in the cosine picture
        long cells = 0;
        long same = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y) & 0xFFFFFF;
                int r = p >> 16 & 255;
                int g = p >> 8 & 255;
                int bl = p & 255;
                if (Math.max(r, Math.max(g, bl)) - Math.min(r, Math.min(g, bl)) > 40) {
                    cells++;
                    same += close(p, b.getRGB(x, y) & 0xFFFFFF) ? 1 : 0;
                }
            }
        }
        assertTrue(cells > 10_000, "cells " + cells);
        // ~70 % alike (the two figures' axes differ by a few pixels); with the distance coloured forwards, viridis
        // against itself reversed, only the middle of the map agrees
        assertTrue(same > 0.5 * cells, same + " of " + cells + " coloured pixels alike");
        SvgText svg = new SvgText(FigureExporter.renderSvg(new HeatmapRenderer(euclidean), 400, 260, style));
        assertTrue(svg.strings().stream().anyMatch(s -> s.contains("brighter = closer")), svg.strings().toString());
    }

    private static boolean close(int p, int q) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((p >> shift & 255) - (q >> shift & 255)) > 24) {
                return false;
            }
        }
        return true;
    }
}
