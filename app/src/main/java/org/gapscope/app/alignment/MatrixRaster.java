package org.gapscope.app.alignment;

import java.util.function.DoubleToIntFunction;

/**
 * Turns a similarity matrix into pixels for the screen: one ARGB pixel per cell, speech positions
 * across and text tokens down (the figures' orientation), through a 256-entry colour table; NaN cells
 * are grey. Pure arithmetic, so that a layer change costs one pass over the cells.
 */
public final class MatrixRaster {

    /** The colour of a NaN cell. */
    public static final int NAN_ARGB = 0xff808080;

    private MatrixRaster() {
    }

    /** A 256-entry opaque ARGB table from a colour function of t in [0, 1] returning 0xRRGGBB. */
    public static int[] table(DoubleToIntFunction rgb) {
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = 0xff000000 | rgb.applyAsInt(i / 255.0);
        }
        return lut;
    }

    /**
     * Fills {@code pixels[token * speechCount + speech]} from row-major {@code values[speech * textCount + token]}.
     *
     * @param lo value drawn with the table's first colour
     * @param hi value drawn with its last colour (hi > lo)
     */
    public static void fill(float[] values, int speechCount, int textCount, double lo, double hi, int[] lut, int[] pixels) {
        if (values.length < speechCount * textCount || pixels.length < speechCount * textCount) {
            throw new IllegalArgumentException("need " + speechCount * textCount + " cells, have " + values.length
                    + " values and " + pixels.length + " pixels");
        }
        double scale = lut.length / Math.max(1e-12, hi - lo); // equal bins; hi itself lands in the last
        int last = lut.length - 1;
        for (int i = 0; i < speechCount; i++) {
            int row = i * textCount;
            for (int j = 0; j < textCount; j++) {
                float v = values[row + j];
                int px;
                if (v != v) {
                    px = NAN_ARGB;
                } else {
                    int k = (int) ((v - lo) * scale);
                    px = lut[k < 0 ? 0 : k > last ? last : k];
                }
                pixels[j * speechCount + i] = px;
            }
        }
    }
}
