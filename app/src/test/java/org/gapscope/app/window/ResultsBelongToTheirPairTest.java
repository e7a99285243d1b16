package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.CompositionRoot;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.examples.ExampleRow;
import org.gapscope.app.interventions.InterventionsViewModel;
import org.gapscope.app.model.SyntheticModel;
import org.gapscope.app.model.SyntheticSet;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.engine.ExampleRun;
import org.gapscope.figure.InterventionRenderer;
import org.gapscope.figure.LayerCurvesData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, items 5, 7 and 8: results belong to the model, example set and settings they were made
 * with (another set clears the dataset results, the band and the intervention table; a run that ends
 * after the set changed is not shown); the model's answers are shown without running an intervention;
 * intervention labels name the layer that selected and the layer rewritten.
 */
class ResultsBelongToTheirPairTest {

    @TempDir
    Path dir;

    private SyntheticSet set;
    private HeldExecutor executor;
    private MainViewModel main;

    /** Runs work at once, or, while held, keeps it until released (a run still going when the user acts). */
    private static final class HeldExecutor implements BackgroundExecutor {
        private final BackgroundExecutor now = BackgroundExecutor.synchronous();
        private final List<Runnable> held = new ArrayList<>();
        private boolean holding;

        @Override
        public <T> void submit(Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
            if (holding) {
                held.add(() -> now.submit(work, onSuccess, onFailure));
            } else {
                now.submit(work, onSuccess, onFailure);
            }
        }

        @Override
        public void onUiThread(Runnable action) {
            action.run();
        }

        void hold() {
            holding = true;
        }

        void releaseNewestFirst() {
            holding = false;
            List<Runnable> todo = new ArrayList<>(held);
            held.clear();
            java.util.Collections.reverse(todo);
            todo.forEach(Runnable::run);
        }
    }

    @BeforeEach
    void setUp() {
        set = SyntheticSet.write(dir.resolve("set"), 5);
        executor = new HeldExecutor();
        main = CompositionRoot.of("test", executor, new Locations(null, dir.resolve("user")), TestAudio.noDevices(),
                set.opener()).mainViewModel();
        main.examples().load(set.file());
        main.model().open(dir.resolve("synthetic-a"));
    }

    private static boolean hasMean(LayerCurvesData data) {
        return data.series().stream().anyMatch(s -> s.kind() == LayerCurvesData.Kind.MEAN);
    }

    @Test
    void openingAnotherSetClearsTheDatasetResultsTheBandAndTheInterventionTable() {
        main.dataset().runSet();
        main.interventions().runSet();
        assertNotNull(main.dataset().runProperty().get());
        assertEquals(5, main.dataset().points().size());
        assertTrue(hasMean(main.curves().curvesProperty().get()), "the band of the set run");
        assertFalse(main.interventions().table().isEmpty());

        SyntheticSet other = SyntheticSet.write(dir.resolve("other"), 3);
        main.examples().load(other.file());

        assertNull(main.dataset().runProperty().get(), "the old set's run is not this set's");
        assertTrue(main.dataset().table().isEmpty());
        assertTrue(main.dataset().points().isEmpty(), "no old scatter points to click");
        assertEquals("", main.dataset().accuracyProperty().get());
        assertTrue(main.dataset().messageProperty().get().startsWith("Another example set was opened"),
                main.dataset().messageProperty().get());
        LayerCurvesData curves = main.curves().curvesProperty().get();
        assertNotNull(curves, "the new set's first example is shown");
        assertFalse(hasMean(curves), "no band of the old set's 5 examples");
        assertTrue(main.interventions().table().isEmpty(), "the intervention table was the old set's");

        main.dataset().runSet();
        assertEquals(3, main.dataset().runProperty().get().outcomes().size());
        assertTrue(curves != main.curves().curvesProperty().get() && hasMean(main.curves().curvesProperty().get()));
        assertTrue(main.curves().curvesProperty().get().series().stream()
                .anyMatch(s -> s.label().contains("(3 examples)")), "the new band counts the new set");
    }

    @Test
    void aSetRunThatEndsAfterTheSetChangedIsNotShown() {
        executor.hold();
        main.dataset().runSet();
        main.interventions().runSet();
        main.examples().load(SyntheticSet.write(dir.resolve("other"), 3).file());
        assertTrue(main.dataset().runningProperty().get());
        executor.releaseNewestFirst(); // the new set arrives, then the runs over the old one end
        assertTrue(main.dataset().runProperty().get() == null, "the old set's run shown as the new set's");
        assertTrue(main.dataset().points().isEmpty());
        assertFalse(main.dataset().runningProperty().get());
        assertTrue(main.interventions().table().isEmpty(), "the old set's intervention table");
        assertEquals(3, main.examples().allRows().size());
    }

    @Test
    void aScatterPointOfAnExampleNotLoadedSaysSo() {
        main.dataset().runSet();
        main.dataset().open("q9");
        assertEquals("q9 is not in the loaded example set.", main.dataset().messageProperty().get());
        main.dataset().open("q4");
        assertEquals("q4", main.examples().selectedProperty().get().example().id());
    }

    @Test
    void theModelsAnswersShowBesideTheTranscriptWithoutAnIntervention() {
        ExampleRun r = main.run().resultProperty().get();
        assertNotNull(r);
        String shown = main.audio().modelAnswersProperty().get();
        assertEquals("Model's answers: typed “" + r.text().answer() + "” ✓ · spoken “" + r.speech().answer()
                + "” ✗ · gold five", shown);
        // the list's rows carry the same text (their tooltip)
        ExampleRow second = main.examples().shownRows().get(1);
        assertTrue(second.answersText().startsWith("Model's answers: not run yet · gold cold"), second.answersText());
        main.examples().next();
        assertTrue(main.audio().modelAnswersProperty().get().contains("gold cold"));
        assertTrue(second.answersText().startsWith("Model's answers: typed “"), second.answersText());
    }

    @Test
    void aRunThatCannotStartTakesTheEarlierOutcomeOffTheScreen() {
        InterventionsViewModel iv = main.interventions();
        iv.runExample();
        assertNotNull(iv.outcomeProperty().get(), iv.messageProperty().get());
        assertTrue(iv.rewrittenTokensProperty().get().length > 0);
        iv.tokensProperty().set(InterventionsViewModel.Tokens.PICKED);
        assertNull(iv.outcomeProperty().get(), "a Bottom-3 outcome under the Picked setting");
        iv.runExample();
        assertTrue(iv.messageProperty().get().startsWith("no tokens picked"), iv.messageProperty().get());
        assertNull(iv.outcomeProperty().get());
        assertEquals(0, iv.rewrittenTokensProperty().get().length, "no frames of an old run on the heatmap");
    }

    @Test
    void tokensPickedOnTheLayer2PathAndRewrittenAtLayer0SaySo() {
        InterventionsViewModel iv = main.interventions();
        iv.pickOnPath(1, 2, SimilarityMetric.COSINE);
        iv.layersProperty().set("0");
        iv.runExample();
        var o = iv.outcomeProperty().get();
        assertNotNull(o, iv.messageProperty().get());
        InterventionRenderer figure = (InterventionRenderer) iv.figure();
        assertEquals(0, figure.data().layer(), "rewritten at layer 0");
        assertEquals("picked on the cosine path of layer 2", figure.data().selection());
        assertTrue(figure.description().contains("angle projection at layer 0, picked on the cosine path of layer 2"),
                figure.description());
        assertTrue(iv.messageProperty().get().contains("picked on the cosine path of layer 2 · rewritten at layers [0]"),
                iv.messageProperty().get());
        // the figure's path is the selecting one (layer 2's), not layer 0's
        ExampleRun r = main.run().resultProperty().get();
        assertEquals(java.util.Arrays.toString(r.analysis().path(SimilarityMetric.COSINE, 2).speechIndex()),
                java.util.Arrays.toString(figure.data().path()));
    }

    @Test
    void theLayerRangeFollowsTheLayersField() {
        InterventionsViewModel iv = main.interventions();
        iv.layersProperty().set("2");
        assertEquals("[2, 2]", java.util.Arrays.toString(iv.layerSpanProperty().get()));
        iv.layersProperty().set("3, 1-2");
        assertEquals("[1, 3]", java.util.Arrays.toString(iv.layerSpanProperty().get()));
        iv.layersProperty().set("x");
        assertNull(iv.layerSpanProperty().get(), "a field being typed names no layers");
    }

    @Test
    void theSetTableGivesTheChangeWithItsInterval() {
        main.interventions().runSet();
        var rows = main.interventions().table();
        assertEquals("", rows.get(1).change(), "speech is the baseline");
        for (var row : rows.subList(2, rows.size())) {
            assertTrue(row.change().matches("[+-]\\d+\\.\\d \\[[+-]\\d+\\.\\d, [+-]\\d+\\.\\d\\]"), row.change());
        }
        assertTrue(main.interventions().tableNoteProperty().get().contains("95 % paired bootstrap interval"));
        assertTrue(SyntheticModel.L >= 2, "the layer-2 path test needs layer 2");
    }
}
