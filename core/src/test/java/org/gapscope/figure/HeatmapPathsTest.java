package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The paths' one drawing routine: the DTW line runs through its whole frame path, marks sit on the argmax cells. */
class HeatmapPathsTest {

    @Test
    void theDtwStepsAreEveryCellOfEachTokensSpanInOrder() {
        int[][] steps = HeatmapPaths.dtwSteps(new int[] {0, 2, 6}, new int[] {2, 5, 9});
        assertEquals("[[0, 0], [1, 0], [2, 0], [2, 1], [3, 1], [4, 1], [5, 1], [6, 2], [7, 2], [8, 2], [9, 2]]",
                Arrays.deepToString(steps));
        assertThrows(IllegalArgumentException.class, () -> HeatmapPaths.dtwSteps(new int[] {3}, new int[] {2}));
        assertThrows(IllegalArgumentException.class, () -> HeatmapPaths.dtwSteps(new int[] {0, 1}, new int[] {1}));
    }

    /** Whether the pixel at (x, y) or a neighbour is (nearly) the path's white or its outline's black on a grey ground. */
    private static boolean drawnNear(BufferedImage img, int x, int y) {
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                int green = (img.getRGB(x + dx, y + dy) >> 8) & 255; // grey ground: 128; path white or black
                if (green > 200 || green < 56) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void theDtwLineReachesItsLastFrameAndTheMarksTheirCells() {
        // 40 speech positions, 4 tokens, each cell 10 x 20 pixels on a grey ground
        BufferedImage img = new BufferedImage(400, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color(0x808080));
        g.fillRect(0, 0, 400, 80);
        HeatmapPaths.Cells at = new HeatmapPaths.Cells() {
            @Override
            public double x(int speech) {
                return speech * 10 + 5;
            }

            @Override
            public double y(int token) {
                return token * 20 + 10;
            }
        };
        int[] path = {3, 12, 20, 25};
        // the last token spans frames 25..39: one point per token would stop the line at frame 25
        int[][] dtw = HeatmapPaths.dtwSteps(new int[] {0, 10, 20, 25}, new int[] {9, 19, 24, 39});
        HeatmapPaths.draw(g, FigureStyle.light(8), at, 20, path, dtw);
        g.dispose();
        assertTrue(drawnNear(img, 39 * 10 + 5, 70), "the DTW line reaches frame 39 of the last token");
        assertTrue(drawnNear(img, 32 * 10 + 5, 70), "and runs along its span");
        for (int j = 0; j < path.length; j++) {
            assertEquals(0xFFFFFF, img.getRGB(path[j] * 10 + 5, j * 20 + 10) & 0xFFFFFF, "the mark of token " + j);
        }
        assertEquals(0x808080, img.getRGB(395, 10) & 0xFFFFFF, "nothing where neither path goes");
    }
}
