package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gapscope.analysis.ExampleScores;
import org.gapscope.analysis.Score;
import org.gapscope.app.CompositionRoot;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.examples.ExampleRow;
import org.gapscope.app.model.SyntheticModel;
import org.gapscope.app.model.SyntheticSet;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.audio.AudioLoader;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.engine.ExampleRun;
import org.gapscope.engine.StoredRun;
import org.gapscope.evaluation.BatchListener;
import org.gapscope.evaluation.CapturesKept;
import org.gapscope.evaluation.Evaluation;
import org.gapscope.figure.LayerCurvesData;
import org.gapscope.run.RunRecord;
import org.gapscope.run.Shard;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explorer on a run folder (File ▸ Open run…, {@code --run}), without a model: the run's examples
 * listed with the model's answers, every analysis view fed from the stored captures with the numbers
 * {@code evaluate} recorded, the dataset view from the summary, interventions off until the run's model
 * is opened; a run with text captures only, a run of 5,000 examples and a folder that is no run.
 */
class RunFolderWindowTest {

    @TempDir
    Path dir;

    private SyntheticSet set;
    private MainViewModel main;
    private final List<String> statuses = new ArrayList<>();

    @BeforeEach
    void setUp() {
        set = SyntheticSet.write(dir.resolve("set"), 5);
        main = CompositionRoot.of("test", BackgroundExecutor.synchronous(), new Locations(null, dir.resolve("user")),
                TestAudio.noDevices(), set.opener()).mainViewModel();
        main.statusProperty().addListener((obs, old, s) -> statuses.add(s));
    }

    /** What {@code gapscope evaluate} writes for the synthetic model named {@code model} on the set. */
    private Path evaluate(String model, CapturesKept kept) {
        Path out = dir.resolve("runs").resolve(model + "-" + kept.name().toLowerCase());
        Evaluation.Outcome o = Evaluation.run(new SyntheticModel(model, set.transcripts(), set.answers()),
                ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP).read(set.file()), out, Shard.ALL,
                Evaluation.Settings.defaults().withCaptures(kept), BatchListener.SILENT);
        assertTrue(o.complete());
        return out;
    }

    @Test
    void aRunOpensWithoutAModelAndEveryViewShowsWhatEvaluateRecorded() {
        Path folder = evaluate("synthetic-a", CapturesKept.ALL);
        StoredRun expected = StoredRun.open(folder);
        main.openRun(folder);

        assertNull(main.model().engineProperty().get(), "no model is opened for a run");
        assertTrue(main.examples().fromRunProperty().get());
        List<ExampleRow> rows = main.examples().allRows();
        assertEquals(5, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            RunRecord r = expected.entries().get(i).record();
            assertEquals(r.speech().answer(), rows.get(i).speechAnswerProperty().get(), "the list shows the run's answers");
            assertEquals(r.text().answer(), rows.get(i).textAnswerProperty().get());
            assertEquals(r.speech().correct(), rows.get(i).speechCorrectProperty().get());
        }
        assertTrue(statuses.stream().anyMatch(s -> s.startsWith("Opened the run synthetic-a-all (evaluate, model "
                + "synthetic-a): 5 examples")), statuses.toString());

        ExampleRun shown = main.run().resultProperty().get();
        assertNotNull(shown, main.run().messageProperty().get());
        assertEquals("q1", shown.example().id());
        assertEquals(rows.get(0).example().audio(), shown.example().audio(), "the example and its audio come from the dataset");
        assertEquals(new AudioLoader().load(shown.example().audio()).durationSeconds(), shown.clip().durationSeconds());
        RunRecord q1 = expected.entries().get(0).record();
        for (Score s : Score.values()) {
            assertEquals(q1.score(s).orElse(Double.NaN), ExampleScores.of(shown.analysis()).average(s), 1e-12, s.key());
        }
        assertNotNull(main.alignment().pictureProperty().get(), "the heatmap is drawn from the stored captures");
        LayerCurvesData curves = main.curves().curvesProperty().get();
        assertTrue(curves.series().stream().anyMatch(c -> c.kind() == LayerCurvesData.Kind.CONTROL),
                "the control comes from the partner's stored text capture");
        String interventions = main.interventions().messageProperty().get();
        assertTrue(interventions.startsWith("Interventions are off: q1 comes from the run folder synthetic-a-all"),
                interventions);
        main.interventions().runExample();
        assertNull(main.interventions().outcomeProperty().get());

        // the dataset view: the run's summary, nothing run
        assertTrue(main.dataset().accuracyProperty().get().endsWith("(run folder synthetic-a-all)"),
                main.dataset().accuracyProperty().get());
        assertEquals(Score.values().length, main.dataset().table().size());
        assertEquals(5, main.dataset().points().size());

        // stepping to another example reads its captures then, and the first one's again from the cache
        main.examples().next();
        assertEquals("q2", main.run().resultProperty().get().example().id());
        main.examples().previous();
        assertSame(shown, main.run().resultProperty().get());

        // the run's own model opened as a bundle: interventions run on it
        main.model().open(dir.resolve("synthetic-a"));
        assertEquals("Choose a method and tokens, then Run.", main.interventions().messageProperty().get());
        main.interventions().runExample();
        assertNotNull(main.interventions().outcomeProperty().get(), main.interventions().messageProperty().get());

        // an example set loaded afterwards closes the run
        main.examples().load(set.file());
        assertFalse(main.examples().fromRunProperty().get());
        assertNull(main.features().runs().openedProperty().get());
    }

    @Test
    void aRunThatKeptOnlyTextCapturesListsAndSaysWhyTheViewsAreEmpty() {
        main.openRun(evaluate("synthetic-a", CapturesKept.TEXT));
        assertEquals(5, main.examples().allRows().size());
        assertNotNull(main.examples().allRows().get(0).apsProperty().get(), "the APS evaluate computed as it ran");
        assertNull(main.run().resultProperty().get());
        assertTrue(main.run().messageProperty().get().contains("the run kept no speech capture of q1 (written with "
                + "--captures text or none)"), main.run().messageProperty().get());
        assertTrue(statuses.stream().anyMatch(s -> s.contains("it kept no speech captures")), statuses.toString());
        assertEquals(Score.values().length, main.dataset().table().size(), "the summary is there all the same");
    }

    @Test
    void fiveThousandExamplesListAtOnceAndOnlyTheSelectedOnesCapturesAreRead() throws IOException {
        Path folder = dir.resolve("big");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("run.json"), "{\"format\": \"gapscope-run\", \"format_version\": 2, "
                + "\"command\": \"capture\", \"model\": \"big-model\", \"shard\": \"1/1\"}");
        StringBuilder records = new StringBuilder();
        for (int line = 1; line <= 5000; line++) {
            records.append("{\"line\": ").append(line).append(", \"status\": \"ok\", \"id\": \"e").append(line)
                    .append("\", \"gold\": [\"yes\"], \"text\": {\"answer\": \"yes\"}, \"speech\": {\"answer\": \"no\"},")
                    .append(" \"captures\": {\"text\": \"captures/").append(line).append(".text.npz\", \"speech\": ")
                    .append("\"captures/").append(line).append(".speech.npz\"}}\n");
        }
        Files.writeString(folder.resolve("results.jsonl"), records, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("status.json"), "{\"entries\": 5000, \"records\": 5000, \"complete\": true}");

        main.openRun(folder);
        assertEquals(5000, main.examples().allRows().size());
        assertEquals("no", main.examples().allRows().get(4999).speechAnswerProperty().get());
        // no capture file exists: only the selected example's are looked for, and their absence is one line
        assertTrue(main.run().messageProperty().get().endsWith("captures/1.speech.npz: the speech capture of line 1 "
                + "(e1) is missing"), main.run().messageProperty().get());
        assertTrue(main.dataset().messageProperty().get().contains("has no summary.json yet"));
    }

    @Test
    void aFolderThatIsNoRunIsOneLineAndTheListShownIsKept() throws IOException {
        main.examples().load(set.file());
        Path notARun = Files.createDirectories(dir.resolve("not-a-run"));
        main.openRun(notARun);
        assertTrue(statuses.get(statuses.size() - 1).startsWith("Could not open the run: " + notARun), statuses.get(
                statuses.size() - 1));
        assertEquals(1, statuses.get(statuses.size() - 1).lines().count());
        assertEquals(5, main.examples().allRows().size());
        assertFalse(main.examples().fromRunProperty().get());
    }
}
