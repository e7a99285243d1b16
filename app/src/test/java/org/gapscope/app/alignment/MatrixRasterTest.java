package org.gapscope.app.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The screen raster of a similarity matrix: orientation, colour scale ends, NaN cells, sizes. */
class MatrixRasterTest {

    private final int[] lut = MatrixRaster.table(t -> (int) Math.round(t * 255)); // blue channel = level

    @Test
    void speechRunsAcrossAndTokensDownWithTheScaleEndsMapped() {
        // 3 speech positions x 2 tokens, row-major [speech][token]
        float[] values = {0, 1, 0.5f, Float.NaN, 1, 0};
        int[] pixels = new int[6];
        MatrixRaster.fill(values, 3, 2, 0, 1, lut, pixels);
        // pixel (x = speech, y = token) at y * 3 + x
        assertEquals(0xff000000, pixels[0]);                  // speech 0, token 0: value 0 -> first colour
        assertEquals(0xff0000ff, pixels[3]);                  // speech 0, token 1: value 1 -> last colour
        assertEquals(0xff000000 | 128, pixels[1]);            // speech 1, token 0: 0.5 -> middle
        assertEquals(MatrixRaster.NAN_ARGB, pixels[4]);       // speech 1, token 1: NaN -> grey
        assertEquals(0xff0000ff, pixels[2]);                  // speech 2, token 0: 1
        assertEquals(0xff000000, pixels[5]);                  // speech 2, token 1: 0
    }

    @Test
    void valuesOutsideTheScaleAreClamped() {
        int[] pixels = new int[2];
        MatrixRaster.fill(new float[] {-5, 9}, 1, 2, 0, 1, lut, pixels);
        assertEquals(0xff000000, pixels[0]);
        assertEquals(0xff0000ff, pixels[1]);
    }

    @Test
    void sizesMustFit() {
        assertThrows(IllegalArgumentException.class, () -> MatrixRaster.fill(new float[5], 3, 2, 0, 1, lut, new int[6]));
        assertThrows(IllegalArgumentException.class, () -> new HeatmapPicture(new float[6], 3, 2, List.of("a"), new float[0],
                0, 1, "x", null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new HeatmapPicture(new float[6], 3, 2, List.of("a", "b"),
                new float[2], 0, 1, "x", null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new HeatmapPicture(new float[6], 3, 2, List.of("a", "b"),
                new float[0], 1, 1, "x", null, null, null, null, null));
    }
}
