package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;

class ColorMapTest {

    /** Relative luminance (sRGB, ITU-R BT.709 weights on linearised channels). */
    static double luminance(int rgb) {
        double[] c = new double[3];
        for (int k = 0; k < 3; k++) {
            double v = ((rgb >> (16 - 8 * k)) & 0xFF) / 255.0;
            c[k] = v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    @Test
    void endpointsAreThePublishedOnes() {
        assertEquals(0x440154, ColorMap.VIRIDIS.rgb(0));
        assertEquals(0xFDE725, ColorMap.VIRIDIS.rgb(1));
        assertEquals(0x000004, ColorMap.MAGMA.rgb(0));
        assertEquals(0xFCFDBF, ColorMap.MAGMA.rgb(1));
        assertEquals(0x00224E, ColorMap.CIVIDIS.rgb(0));
        assertEquals(0x000000, ColorMap.GREY.rgb(0));
        assertEquals(0xFFFFFF, ColorMap.GREY.rgb(1));
    }

    @Test
    void midpointsMatchPublishedValuesClosely() {
        // viridis(0.5) is #21918C in the published table; interpolation must land within 2 levels
        int v = ColorMap.VIRIDIS.rgb(0.5);
        assertTrue(close(v, 0x21918C, 2), Integer.toHexString(v));
        int m = ColorMap.MAGMA.rgb(0.5);
        assertTrue(close(m, 0xB73779, 3), Integer.toHexString(m));
    }

    private static boolean close(int a, int b, int tol) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)) > tol) {
                return false;
            }
        }
        return true;
    }

    @Test
    void sequentialMapsGetLighterMonotonically() {
        for (ColorMap map : new ColorMap[] {ColorMap.VIRIDIS, ColorMap.MAGMA, ColorMap.CIVIDIS, ColorMap.GREY}) {
            double prev = -1;
            for (int i = 0; i <= 64; i++) {
                double l = luminance(map.rgb(i / 64.0));
                assertTrue(l >= prev - 1e-3, map + " luminance falls at " + i + "/64");
                prev = l;
            }
        }
    }

    @Test
    void divergingMapIsNearWhiteAtTheCentreAndBlueToRed() {
        int mid = ColorMap.RED_BLUE.rgb(0.5);
        assertTrue(luminance(mid) > 0.85, Integer.toHexString(mid));
        int lo = ColorMap.RED_BLUE.rgb(0);
        int hi = ColorMap.RED_BLUE.rgb(1);
        assertTrue((lo & 0xFF) > (lo >> 16 & 0xFF), "low end is blue");
        assertTrue((hi >> 16 & 0xFF) > (hi & 0xFF), "high end is red");
        assertTrue(ColorMap.RED_BLUE.diverging());
    }

    @Test
    void outOfRangeAndNanAreClamped() {
        assertEquals(ColorMap.VIRIDIS.rgb(0), ColorMap.VIRIDIS.rgb(-3));
        assertEquals(ColorMap.VIRIDIS.rgb(1), ColorMap.VIRIDIS.rgb(7));
        assertEquals(ColorMap.VIRIDIS.rgb(0), ColorMap.VIRIDIS.rgb(Double.NaN));
    }

    @Test
    void namesParseAndJetIsRefusedWithAReason() {
        assertSame(ColorMap.VIRIDIS, ColorMap.parse("Viridis"));
        assertSame(ColorMap.GREY, ColorMap.parse("gray"));
        assertSame(ColorMap.RED_BLUE, ColorMap.parse("rdbu"));
        GapScopeException jet = assertThrows(GapScopeException.class, () -> ColorMap.parse("jet"));
        assertTrue(jet.getMessage().contains("not offered"), jet.getMessage());
        GapScopeException unknown = assertThrows(GapScopeException.class, () -> ColorMap.parse("plasma2"));
        assertTrue(unknown.getMessage().contains("viridis"), unknown.getMessage());
    }

    @Test
    void automaticRangeIsDataRangeOrSymmetricForDiverging() {
        float[][] v = {{-0.2f, 0.5f}, {0.1f, Float.NaN}};
        double[] seq = ColorRange.auto().resolve(v, false);
        assertEquals(-0.2, seq[0], 1e-6);
        assertEquals(0.5, seq[1], 1e-6);
        double[] sym = ColorRange.auto().resolve(v, true);
        assertEquals(-0.5, sym[0], 1e-6);
        assertEquals(0.5, sym[1], 1e-6);
        double[] fixed = ColorRange.fixed(0, 1).resolve(v, true);
        assertEquals(0, fixed[0]);
        assertEquals(1, fixed[1]);
        assertThrows(IllegalArgumentException.class, () -> ColorRange.fixed(1, 1));
    }
}
