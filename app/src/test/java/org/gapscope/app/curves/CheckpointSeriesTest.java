package org.gapscope.app.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gapscope.analysis.LayerCurves;
import org.gapscope.app.model.Checkpoints;
import org.gapscope.figure.LayerCurvesData;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 9: fourteen checkpoints of two regimes take two colour groups (none the example's),
 * each regime's checkpoints lighter the earlier they are, labelled with regime and step.
 */
class CheckpointSeriesTest {

    @Test
    void checkpointsTakeTheirRegimesColourAndAShadeByStep() {
        List<Checkpoints.Entry> all = new ArrayList<>();
        for (String regime : List.of("frozen", "fullft")) {
            for (int k = 0; k < 7; k++) {
                String name = k == 6 ? "mini-" + regime + "-final" : "mini-" + regime + "-step" + (k + 1) * 100;
                all.add(new Checkpoints.Entry(Path.of(name), name, regime, k == 6 ? 700 : (k + 1) * 100));
            }
        }
        LayerCurves c = new LayerCurves(null, new double[] {0.1, 0.2}, new double[] {2, 1}, 0.15, 1.5);
        List<LayerCurvesData.Series> series = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) {
            series.add(LayerCurvesViewModel.checkpointSeries(all, k, c));
        }
        assertEquals(List.of("regime frozen", "regime fullft"),
                series.stream().map(LayerCurvesData.Series::colorGroup).distinct().toList(), "one colour per regime");
        assertTrue(series.stream().noneMatch(s -> LayerCurvesViewModel.EXAMPLE_GROUP.equals(s.colorGroup())));
        for (int regime = 0; regime < 2; regime++) {
            List<LayerCurvesData.Series> same = series.subList(regime * 7, regime * 7 + 7);
            assertEquals(LayerCurvesViewModel.MAX_SHADE, same.get(0).shade(), 1e-12, "the earliest lightest");
            assertEquals(0, same.get(6).shade(), "the final in full colour");
            for (int k = 1; k < 7; k++) {
                assertTrue(same.get(k).shade() < same.get(k - 1).shade(), "darker with training: " + k);
            }
        }
        assertEquals("frozen · step100", series.get(0).label());
        assertEquals("fullft · final", series.get(13).label());
        assertEquals("frozen", LayerCurvesView.regimeOf(series.get(0)));
        assertTrue(LayerCurvesView.width(series.get(0)) < LayerCurvesView.width(new LayerCurvesData.Series("q1", 0,
                new double[] {0.1}, new double[] {1}, null, null, LayerCurvesData.Kind.SERIES,
                LayerCurvesViewModel.EXAMPLE_GROUP)), "the example drawn wider than a checkpoint");
    }
}
