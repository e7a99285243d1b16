package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Provenance;
import org.gapscope.lenses.CkaMatrix;
import org.junit.jupiter.api.Test;

/**
 * The CKA figure's pointer lookup (for the explorer's hover read-out around the renderer), its note on
 * undefined cells, and {@link AnalysisFigures#cka}'s panels.
 */
class CkaFigureTest {

    private static final double[][] MATCHED = {{0.9, 0.5, Double.NaN}, {0.4, 0.8, 0.75}, {0.1, 0.7, 0.72}};
    private static final double[][] MISMATCHED = {{0.6, 0.3, 0.2}, {0.3, 0.5, 0.5}, {0.1, 0.4, 0.45}};

    private static CkaMatrix matrix(double[][] v, String pairing, int pairs) {
        return new CkaMatrix(new Provenance("m", "q", "cka", new LayerRange(1, 2), "test"), pairing, pairs, 8, "n_by_n_gram", v);
    }

    @Test
    void cellAtFindsTheCellDrawnUnderThePoint() {
        CkaData data = AnalysisFigures.cka(CkaData.Panel.MATCHED, matrix(MATCHED, "proportional", 12), null, null,
                new int[] {0, 1, 2}, "source", "title");
        CkaRenderer r = new CkaRenderer(data);
        FigureStyle style = FigureStyle.screen(FigureTheme.LIGHT, 12);
        int w = 600;
        int h = 500;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        r.draw(g, w, h, style);
        g.dispose();
        // every point the lookup puts on a cell is painted in that cell's colour (the band's dots aside)
        ColorMap map = style.colorMap();
        int checked = 0;
        for (int y = 0; y < h; y += 7) {
            for (int x = 0; x < w; x += 7) {
                int[] cell = r.cellAt(x + 0.5, y + 0.5, w, h, style);
                if (cell == null) {
                    continue;
                }
                double v = data.at(cell[0], cell[1]);
                int expected = Double.isNaN(v) ? 0xBFBFBF : map.rgb(v);
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                if (rgb == expected) {
                    checked++;
                } else {
                    // a dot of the band, its outline, or the cell's edge: not the cell's colour, but not another cell's
                    assertTrue(data.inBand(cell[0], cell[1]) || nearEdge(r, x, y, w, h, style), "cell " + cell[0] + ","
                            + cell[1] + " at " + x + "," + y + ": " + Integer.toHexString(rgb) + " expected "
                            + Integer.toHexString(expected));
                }
            }
        }
        assertTrue(checked > 500, "points checked: " + checked);
        assertNull(r.cellAt(1, 1, w, h, style), "the title is not a cell");
        assertNull(r.cellAt(w - 2, h / 2.0, w, h, style), "the colour bar is not a cell");
    }

    private static boolean nearEdge(CkaRenderer r, int x, int y, int w, int h, FigureStyle style) {
        int[] here = r.cellAt(x + 0.5, y + 0.5, w, h, style);
        for (int dx = -2; dx <= 2; dx++) {
            for (int dy = -2; dy <= 2; dy++) {
                int[] other = r.cellAt(x + 0.5 + dx, y + 0.5 + dy, w, h, style);
                if (other == null || other[0] != here[0] || other[1] != here[1]) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void undefinedCellsAreNamedInTheCaptionOnlyWhenThereAreAny() {
        CkaRenderer with = new CkaRenderer(AnalysisFigures.cka(CkaData.Panel.MATCHED, matrix(MATCHED, "p", 3), null, null,
                new int[] {0, 1, 2}, "source", ""));
        assertTrue(with.description().contains("grey: undefined"), with.description());
        CkaRenderer without = new CkaRenderer(AnalysisFigures.cka(CkaData.Panel.MATCHED, matrix(MISMATCHED, "p", 3), null,
                null, new int[] {0, 1, 2}, "source", ""));
        assertFalse(without.description().contains("undefined"), without.description());
    }

    @Test
    void panelsAreTheMatchedTheControlAndTheirDifference() {
        CkaMatrix m = matrix(MATCHED, "reference_words", 12);
        CkaMatrix c = matrix(MISMATCHED, "proportional", 11);
        int[] layers = {0, 1, 2};
        CkaData mismatched = AnalysisFigures.cka(CkaData.Panel.MISMATCHED, m, c, null, layers, "s", "t");
        assertEquals(11, mismatched.pairs());
        assertEquals("proportional", mismatched.pairing());
        assertArrayEquals(MISMATCHED[1], mismatched.values()[1]);
        CkaData difference = AnalysisFigures.cka(CkaData.Panel.DIFFERENCE, m, c, null, layers, "s", "t");
        assertEquals(0.8 - 0.5, difference.at(1, 1), 1e-15);
        assertTrue(Double.isNaN(difference.at(0, 2)), "undefined where either is");
        assertEquals("reference_words (matched) \u2212 proportional (mismatched)", difference.pairing());
        double[][] stored = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
        assertEquals(5, AnalysisFigures.cka(CkaData.Panel.DIFFERENCE, m, c, stored, layers, "s", "t").at(1, 1),
                "a stored difference is drawn as stored");
        assertThrows(IllegalArgumentException.class,
                () -> AnalysisFigures.cka(CkaData.Panel.DIFFERENCE, m, null, null, layers, "s", "t"));
    }
}
