package org.gapscope.app.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The heatmap's visible speech range: zoom around a point, pan, set, always inside the clip. */
class SpeechWindowTest {

    private static final int N = 100;

    @Test
    void zoomingKeepsThePointUnderThePointerAndStopsAtFourPositions() {
        SpeechWindow w = new SpeechWindow();
        w.showAll(N);
        w.zoom(0.5, 50, N);
        assertEquals(25, w.from(), 1e-9);
        assertEquals(75, w.to(), 1e-9);
        w.zoom(0.5, 30, N);
        assertEquals(27.5, w.from(), 1e-9, "position 30 stays where it was on screen");
        assertEquals(52.5, w.to(), 1e-9);
        for (int i = 0; i < 20; i++) {
            w.zoom(0.5, 30, N);
        }
        assertEquals(4, w.length(), 1e-9, "never fewer than 4 positions");
        w.zoom(1000, 30, N);
        assertEquals(0, w.from(), 1e-9);
        assertEquals(N, w.to(), 1e-9, "never more than the clip");
    }

    @Test
    void panningAndSettingStayInsideTheClip() {
        SpeechWindow w = new SpeechWindow();
        w.set(10, 30, N);
        w.pan(-50, N);
        assertEquals(0, w.from(), 1e-9);
        assertEquals(20, w.to(), 1e-9);
        w.moveTo(95, N);
        assertEquals(80, w.from(), 1e-9);
        assertEquals(N, w.to(), 1e-9);
        w.set(50, 51, N);
        assertEquals(4, w.length(), 1e-9);
        w.set(0, 10, 2);
        assertEquals(0, w.from(), 1e-9);
        assertEquals(2, w.to(), 1e-9, "a clip of two positions shows both");
    }

    @Test
    void aTimeFallsBetweenThePositionsWhoseStartsEncloseIt() {
        float[] times = {0f, 0.1f, 0.2f, 0.4f};
        assertEquals(0, HeatmapPainter.indexOfTime(times, -1), 1e-9);
        assertEquals(1.5, HeatmapPainter.indexOfTime(times, 0.15), 1e-6);
        assertEquals(2.5, HeatmapPainter.indexOfTime(times, 0.3), 1e-6);
        assertEquals(3, HeatmapPainter.indexOfTime(times, 9), 1e-9);
    }
}
