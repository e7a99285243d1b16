package org.gapscope.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class FigureDataTest {

    private static final List<String> TOKENS = List.of("a", "b", "a");

    private static HeatmapData.Builder builder(float[][] v) {
        return new HeatmapData.Builder(v, TOKENS, HeatmapData.uniformTimes(v.length, 0.04, 0),
                HeatmapData.Metric.COSINE, 3);
    }

    @Test
    void checkpointLabelsDropTheirGroupOrTheSharedPrefix() {
        List<String> shipped = List.of("mini-frozen-step00800", "mini-frozen-final", "mini-fullft-step06000");
        assertEquals("step800", ScoreVsGapData.shortLabel("mini-frozen-step00800", "frozen", shipped));
        assertEquals("final", ScoreVsGapData.shortLabel("mini-frozen-final", "frozen", shipped));
        // no group: only the prefix every label shares goes
        assertEquals("fullft-step6000", ScoreVsGapData.shortLabel("mini-fullft-step06000", "", shipped));
        assertEquals("alone", ScoreVsGapData.shortLabel("alone", "", List.of("alone")));
    }

    @Test
    void heatmapRejectsInconsistentShapesNamingTheProblem() {
        float[][] ok = new float[4][3];
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> builder(new float[][] {{1, 2, 3}, {1, 2}}).build());
        assertTrue(ragged.getMessage().contains("ragged"), ragged.getMessage());
        IllegalArgumentException tokens = assertThrows(IllegalArgumentException.class,
                () -> new HeatmapData.Builder(ok, List.of("x"), HeatmapData.uniformTimes(4, 0.04, 0),
                        HeatmapData.Metric.COSINE, 0).build());
        assertTrue(tokens.getMessage().contains("1 token labels for 3"), tokens.getMessage());
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> builder(ok).optPath(new int[] {0, 1, 4}).build());
        assertTrue(path.getMessage().contains("path entry 2 = 4"), path.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new HeatmapData.Builder(ok, TOKENS, new double[] {0, 0.1, 0.1, 0.2}, HeatmapData.Metric.COSINE,
                        0).build());
        assertThrows(IllegalArgumentException.class, () -> builder(ok).optDtwPath(new int[][] {{0, 3}}).build());
    }

    @Test
    void heatmapIsImmutable() {
        float[][] v = {{1, 2, 3}, {4, 5, 6}};
        int[] path = {0, 1, 1};
        HeatmapData d = builder(v).optPath(path).build();
        v[0][0] = 99;
        path[0] = 1;
        assertEquals(1f, d.value(0, 0));
        assertEquals(0, d.pathAt(0));
        float[][] out = d.values();
        out[1][1] = -1;
        assertEquals(5f, d.value(1, 1));
        assertNotSame(d.times(), d.times());
    }

    @Test
    void heatmapTimesEndOneStepAfterTheLastPosition() {
        HeatmapData d = builder(new float[5][3]).build();
        assertEquals(0.2, d.endTime(), 1e-12);
        assertEquals(0.08, d.timeEnd(1), 1e-12);
    }

    @Test
    void layoutMapsPointsBackToCellsAndTokens() {
        HeatmapData d = FigureSamples.heatmap(150, HeatmapData.Metric.COSINE, false, 7);
        HeatmapRenderer r = new HeatmapRenderer(d);
        FigureStyle style = FigureStyle.screen(FigureTheme.DARK, 12);
        HeatmapLayout layout = r.layout(900, 600, style);
        for (int i : new int[] {0, 37, 149}) {
            for (int j : new int[] {0, 5, d.tokenCount() - 1}) {
                double x = layout.x((d.time(i) + d.timeEnd(i)) / 2);
                double y = layout.y(j);
                assertEquals(i, layout.speechIndexAt(x, y));
                assertEquals(j, layout.tokenIndexAt(x, y));
            }
        }
        assertEquals(-1, layout.speechIndexAt(1, 1), "outside the matrix");
        assertTrue(layout.plot().getWidth() > 500, "the matrix gets most of a wide canvas");
    }

    @Test
    void layerCurvesValidateLengths() {
        assertThrows(IllegalArgumentException.class,
                () -> LayerCurvesData.Series.of("x", 0, new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new LayerCurvesData(List.of(), ""));
        String csv = FigureSamples.curves(4, 2, 1).toCsv();
        assertTrue(csv.startsWith("series,kind,layer,cosine,cosine_sd,euclidean,euclidean_sd"), csv);
    }

    @Test
    void leastSquaresFitRecoversALineAndItsR2() {
        List<ScoreVsGapData.Point> pts = List.of(new ScoreVsGapData.Point("a", 0, 1, ""),
                new ScoreVsGapData.Point("b", 1, 3, ""), new ScoreVsGapData.Point("c", 2, 5, ""));
        ScoreVsGapData.Fit fit = ScoreVsGapData.Fit.leastSquares(pts);
        assertEquals(2, fit.slope(), 1e-12);
        assertEquals(1, fit.intercept(), 1e-12);
        assertEquals(1, fit.r2(), 1e-12);
        List<ScoreVsGapData.Point> noisy = List.of(new ScoreVsGapData.Point("a", 0, 0, ""),
                new ScoreVsGapData.Point("b", 1, 1, ""), new ScoreVsGapData.Point("c", 2, 0, ""),
                new ScoreVsGapData.Point("d", 3, 1, ""));
        // r = 0.4472 for this pattern, so R2 = 0.2
        assertEquals(0.2, ScoreVsGapData.Fit.leastSquares(noisy).r2(), 1e-12);
    }

    @Test
    void interventionValidatesThePathAndChangedTokens() {
        List<String> tokens = List.of("x", "y");
        double[] times = {0, 0.1, 0.2};
        assertThrows(IllegalArgumentException.class, () -> new InterventionData("angle projection", "All", 0, "g",
                "b", "a", null, null, tokens, times, new int[] {0}, null, null, ""));
        assertThrows(IllegalArgumentException.class, () -> new InterventionData("angle projection", "All", 0, "g",
                "b", "a", null, null, tokens, times, new int[] {0, 2}, new int[] {5}, null, ""));
        InterventionData d = new InterventionData("angle projection", "All", 0, "g", "b", "a", true, false, tokens,
                times, new int[] {0, 2}, new int[] {1, 0}, null, "");
        assertTrue(d.changed(0) && d.changed(1));
        assertTrue(d.toCsv().contains("1,y,2,0.2,1"), d.toCsv());
    }

    @Test
    void audioEnvelopeHoldsMinAndMaxPerBin() {
        float[] s = {0, 1, -1, 0.5f, 0, 0, -0.25f, 0.75f};
        AudioStripData a = AudioStripData.fromSamples(s, 8, null, 0, 4, "");
        assertEquals(1.0, a.duration(), 1e-12);
        assertEquals(4, a.bins());
        assertEquals(0f, a.min(0));
        assertEquals(1f, a.max(0));
        assertEquals(-1f, a.min(1));
        assertEquals(0.75f, a.max(3));
    }

    @Test
    void tokensArePrintable() {
        assertEquals("a\\nb", Text.printable("a\nb"));
        assertEquals("' '", Text.printable(" "));
        assertEquals("<bos>", Text.printable("<bos>"));
    }
}
