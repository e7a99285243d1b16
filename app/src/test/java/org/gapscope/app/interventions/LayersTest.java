package org.gapscope.app.interventions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;

/** The rewrite-layer field: numbers, ranges, lists; a clear message for anything else. */
class LayersTest {

    @Test
    void numbersRangesAndLists() {
        assertArrayEquals(new int[] {0}, RewriteLayers.parse("0"));
        assertArrayEquals(new int[] {0, 2, 3, 4}, RewriteLayers.parse(" 4-2, 0 ,3"));
        assertArrayEquals(new int[] {1, 5}, RewriteLayers.parse("5,1,5"));
    }

    @Test
    void badInputIsNamed() {
        assertTrue(assertThrows(GapScopeException.class, () -> RewriteLayers.parse("two")).getMessage()
                .contains("\"two\" is not a layer"));
        assertTrue(assertThrows(GapScopeException.class, () -> RewriteLayers.parse(" , ")).getMessage()
                .contains("at least one layer"));
    }
}
