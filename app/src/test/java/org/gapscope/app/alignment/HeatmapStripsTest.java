package org.gapscope.app.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gapscope.app.audio.TimeRange;
import org.junit.jupiter.api.Test;

/** The speech time the heatmap's visible window covers, which the audio strips above it draw. */
class HeatmapStripsTest {

    private static final float[] EVERY_40_MS = {0.1f, 0.14f, 0.18f, 0.22f, 0.26f};

    @Test
    void theWholeMatrixCoversFromTheFirstStartToOneStepPastTheLastStart() {
        TimeRange r = HeatmapStrips.range(EVERY_40_MS, 0, 5);
        assertEquals(0.1, r.from(), 1e-6);
        assertEquals(0.30, r.to(), 1e-6);
    }

    @Test
    void fractionalPositionsLieBetweenTheirNeighboursStarts() {
        assertEquals(0.16, HeatmapStrips.timeOf(EVERY_40_MS, 1.5), 1e-6);
        assertEquals(0.28, HeatmapStrips.timeOf(EVERY_40_MS, 4.5), 1e-6);
        TimeRange zoomed = HeatmapStrips.range(EVERY_40_MS, 1.25, 3.75);
        assertEquals(0.15, zoomed.from(), 1e-6);
        assertEquals(0.25, zoomed.to(), 1e-6);
    }

    @Test
    void unevenStartsAreFollowedPositionByPosition() {
        float[] uneven = {0f, 0.02f, 0.1f};
        assertEquals(0.06, HeatmapStrips.timeOf(uneven, 1.5), 1e-6);
        assertEquals(0.15, HeatmapStrips.timeOf(uneven, 3), 1e-6);
    }
}
