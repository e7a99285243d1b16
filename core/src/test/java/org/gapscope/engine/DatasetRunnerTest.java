package org.gapscope.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.ControlledScore;
import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.analysis.Score;
import org.gapscope.audio.AudioLoader;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.evaluation.BatchListener;
import org.gapscope.evaluation.Evaluation;
import org.gapscope.evaluation.EvaluationEngineTest;
import org.gapscope.evaluation.SyntheticRunner;
import org.gapscope.evaluation.CapturesKept;
import org.gapscope.run.RunFolder;
import org.gapscope.run.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A set run in memory by the engine (what the explorer shows) against {@code evaluate} on the same
 * set, model and seed: the same examples, accuracies, scores and mismatched-pair control.
 */
class DatasetRunnerTest {

    @TempDir
    Path dir;

    private static final ControlSettings CONTROL = new ControlSettings(7, 200, 0.9);

    private static SyntheticRunner runner(ExampleSet set) {
        Map<String, String> transcripts = new LinkedHashMap<>();
        set.examples().forEach(e -> transcripts.put(e.id(), e.transcript()));
        return new SyntheticRunner("synthetic", transcripts);
    }

    @Test
    void theSetRunEqualsEvaluateForTheSameSetAndSeedEvenWhenExamplesFail() throws IOException {
        // seven good examples, one whose audio file is missing (fails at the spoken query, after the
        // control's pairs were drawn) and one the model cannot read (fails at the typed query)
        ExampleSet set = ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP)
                .read(EvaluationEngineTest.dataset(dir));
        assertEquals(9, set.examples().size());
        Path out = dir.resolve("evaluate");
        Evaluation.Settings settings = new Evaluation.Settings(8, false, CapturesKept.ALL, AnalysisSettings.defaults(),
                CONTROL);
        Evaluation.run(runner(set), set, out, Shard.ALL, settings, BatchListener.SILENT);
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve(RunFolder.SUMMARY_JSON)))
                .getAsJsonObject();

        AudioLoader loader = new AudioLoader();
        DatasetRun run = DatasetRunner.run(new ExampleEngine(runner(set), 8), "examples.jsonl", set.examples(),
                e -> loader.load(e.audioFile().orElseThrow()), AnalysisSettings.defaults(), CONTROL, Monitor.NONE);

        assertEquals(List.of("q1", "q2", "q3", "q4", "q5", "q6", "q7"),
                run.outcomes().stream().map(o -> o.example().id()).toList());
        assertEquals(2, run.skipped().size(), run.skipped().toString());
        assertTrue(run.skipped().get(0).startsWith("boom: ") && run.skipped().get(0).contains("BOOM"), run.skipped().get(0));
        assertTrue(run.skipped().get(1).startsWith("noaudio: ") && run.skipped().get(1).contains("missing.wav"),
                run.skipped().get(1));
        JsonObject accuracy = summary.getAsJsonObject("accuracy");
        assertEquals(accuracy.getAsJsonObject("text").get("percent").getAsDouble(), run.textAccuracy(), 1e-12);
        assertEquals(accuracy.getAsJsonObject("speech").get("percent").getAsDouble(), run.speechAccuracy(), 1e-12);
        assertNotNull(run.summary());
        for (Score s : Score.values()) {
            JsonObject expected = summary.getAsJsonObject("scores").getAsJsonObject(s.key());
            ControlledScore got = run.summary().average(s);
            assertEquals(expected.get("matched").getAsDouble(), got.matched(), 0.0, s.key());
            assertEquals(expected.get("mismatched").getAsDouble(), got.mismatched(), 0.0, s.key());
            assertEquals(expected.get("margin").getAsDouble(), got.margin(), 0.0, s.key());
            JsonArray ci = expected.getAsJsonArray("margin_ci");
            assertEquals(ci.get(0).getAsDouble(), got.marginInterval().lower(), 0.0, s.key());
            assertEquals(ci.get(1).getAsDouble(), got.marginInterval().upper(), 0.0, s.key());
            JsonArray perLayer = summary.getAsJsonObject("per_layer").getAsJsonArray(s.key());
            for (int l = 0; l < perLayer.size(); l++) {
                JsonObject layer = perLayer.get(l).getAsJsonObject();
                if (!layer.get("mismatched").isJsonNull()) {
                    assertEquals(layer.get("mismatched").getAsDouble(), run.summary().at(s, l).mismatched(), 0.0,
                            s.key() + " layer " + l);
                }
            }
        }
        // and the pairs themselves: each example's partner is the one of its control in evaluate's results.jsonl
        List<String> pairs = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(RunFolder.RESULTS_JSONL))) {
            JsonObject r = JsonParser.parseString(line).getAsJsonObject();
            if (r.has("control") && r.getAsJsonObject("control").has("scores")) {
                pairs.add(r.get("id").getAsString() + "|" + r.getAsJsonObject("control").get("text_id").getAsString());
            }
        }
        List<String> ours = run.outcomes().stream().filter(o -> run.partnerOf(o.example()) != null)
                .map(o -> o.example().id() + "|" + run.partnerOf(o.example()).id()).toList();
        assertFalse(pairs.isEmpty());
        assertEquals(pairs.stream().sorted().toList(), ours.stream().sorted().toList());
    }

    @Test
    void whenEveryExampleRunsThePairsAreKnownBeforeTheSetRuns() throws IOException {
        ExampleSet all = ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP)
                .read(EvaluationEngineTest.dataset(dir));
        List<Example> good = all.examples().stream().filter(e -> e.id().startsWith("q")).toList();
        AudioLoader loader = new AudioLoader();
        DatasetRun run = DatasetRunner.run(new ExampleEngine(runner(all), 8), "good", good,
                e -> loader.load(e.audioFile().orElseThrow()), AnalysisSettings.defaults(), CONTROL, Monitor.NONE);
        for (Example e : good) {
            assertEquals(ControlPairs.partner(good, e, CONTROL.seed()), run.partnerOf(e), e.id());
        }
        assertArrayEquals(MismatchedPairControl.derangement(7, CONTROL.seed()),
                run.summary().derangement());
    }

    @Test
    void fewerThanTwoExamplesGiveOutcomesWithoutAControl() throws IOException {
        ExampleSet all = ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP)
                .read(EvaluationEngineTest.dataset(dir));
        AudioLoader loader = new AudioLoader();
        DatasetRun run = DatasetRunner.run(new ExampleEngine(runner(all), 8), "one", all.examples().subList(0, 1),
                e -> loader.load(e.audioFile().orElseThrow()), AnalysisSettings.defaults(), CONTROL, Monitor.NONE);
        assertEquals(1, run.outcomes().size());
        assertEquals(null, run.summary());
        assertEquals(null, run.partnerOf(all.examples().get(0)));
    }
}
