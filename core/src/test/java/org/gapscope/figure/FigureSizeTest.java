package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;

class FigureSizeTest {

    @Test
    void presetsHaveThePublishedWidths() {
        assertSame(FigureSize.IEEE_COLUMN, FigureSize.parse("ieee-column"));
        assertSame(FigureSize.IEEE_DOUBLE, FigureSize.parse("IEEE-double"));
        assertSame(FigureSize.SLIDE, FigureSize.parse("slide"));
        assertEquals(252, FigureSize.IEEE_COLUMN.widthPt(), 1e-9);
        assertEquals(7.16 * 72, FigureSize.IEEE_DOUBLE.widthPt(), 1e-9);
        assertEquals(16.0 / 9, FigureSize.SLIDE.widthIn() / FigureSize.SLIDE.heightIn(), 1e-9);
    }

    @Test
    void customSizesParseInInches() {
        FigureSize s = FigureSize.parse("5x3in");
        assertEquals(5, s.widthIn(), 1e-9);
        assertEquals(3, s.heightIn(), 1e-9);
        assertEquals(8, s.fontPt(), 1e-9);
        FigureSize big = FigureSize.parse("12.5x7");
        assertTrue(big.fontPt() > 8, "wide custom figures get larger text");
    }

    @Test
    void badSizesAreOneLineMessages() {
        GapScopeException e = assertThrows(GapScopeException.class, () -> FigureSize.parse("a4"));
        assertTrue(e.getMessage().contains("a4") && e.getMessage().contains("WxHin"), e.getMessage());
        assertThrows(GapScopeException.class, () -> FigureSize.parse("0.2x3in"));
        assertThrows(IllegalArgumentException.class, () -> new FigureSize("x", 3, 2, 6));
    }

    @Test
    void niceTicksAreRoundAndFormattedAlike() {
        Ticks t = Ticks.nice(0, 3.02, 4, 7);
        assertArrayEquals(new double[] {0, 1, 2, 3}, t.values(), 1e-12);
        assertArrayEquals(new String[] {"0", "1", "2", "3"}, t.labels());
        Ticks seconds = Ticks.seconds(0, 3.02, 4, 7);
        assertArrayEquals(new String[] {"0.0", "1.0", "2.0", "3.0"}, seconds.labels(),
                "time axes always carry one decimal");
        Ticks neg = Ticks.nice(-0.25, 0.25, 4, 6);
        assertEquals("\u22120.2", neg.labels()[0]);
        Ticks layers = Ticks.integers(0, 32, 4, 8);
        assertArrayEquals(new double[] {0, 10, 20, 30}, layers.values(), 1e-12);
        assertTrue(Ticks.nice(0, 1e-4, 4, 6).labels()[1].startsWith("0.0000"));
    }

    @Test
    void everyAxisGetsAtLeastFourTicksWhenThereIsRoom() {
        // the colour bar of issue 17: -0.14 to 0.65 had two ticks
        Ticks bar = Ticks.nice(-0.14, 0.65, Ticks.MIN_COUNT, 8);
        assertTrue(bar.values().length >= 4, java.util.Arrays.toString(bar.labels()));
        for (double[] range : new double[][] {{0, 1}, {2.1, 12.9}, {0.48, 0.58}, {-3, 3}, {0.001, 0.0013}, {54, 82}}) {
            Ticks ticks = Ticks.nice(range[0], range[1], Ticks.MIN_COUNT, 8);
            assertTrue(ticks.values().length >= 4 && ticks.values().length <= 8,
                    java.util.Arrays.toString(range) + " -> " + java.util.Arrays.toString(ticks.labels()));
            for (double v : ticks.values()) {
                assertTrue(v >= range[0] - 1e-12 && v <= range[1] + 1e-12, v + " outside " + range[0] + ".." + range[1]);
            }
        }
        assertArrayEquals(new double[] {0, 1, 2}, Ticks.integers(0, 2, 4, 8).values(), 1e-12,
                "fewer integers than four: all of them");
        assertArrayEquals(new double[] {0, 2, 4, 6, 8}, Ticks.integers(0, 8, 4, 8).values(), 1e-12);
        assertEquals(2, Ticks.nice(0, 1, 4, 2).values().length, "no room for four: the coarsest that fits");
    }

    @Test
    void slopesKeepThreeSignificantDigits() {
        assertEquals("\u22120.000917", Ticks.significant(-0.00091747));
        assertEquals("0.0388", Ticks.significant(0.038812));
        assertEquals("0.250", Ticks.significant(0.25));
        assertEquals("\u2212200.0", Ticks.significant(-200));
        assertEquals("0.000", Ticks.significant(0));
    }
}
