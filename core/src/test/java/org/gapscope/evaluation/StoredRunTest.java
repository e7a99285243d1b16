package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleScores;
import org.gapscope.analysis.Score;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLoader;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.engine.ExampleRun;
import org.gapscope.engine.StoredRun;
import org.gapscope.run.RunFolder;
import org.gapscope.run.RunSummary;
import org.gapscope.run.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * The explorer's view of a run folder: an {@code evaluate} run opened without the model lists every
 * example with its answers, and each example analysed from its stored captures gives the very scores
 * and control {@code evaluate} recorded; a run that kept only text captures lists and says why the
 * hidden-state views are off.
 */
class StoredRunTest {

    @TempDir
    Path dir;

    private Path evaluate(Path out, ExampleSet set, CapturesKept kept) {
        Evaluation.Outcome o = Evaluation.run(EvaluationEngineTest.runner(set), set, out, Shard.ALL,
                EvaluationEngineTest.settings().withCaptures(kept), BatchListener.SILENT);
        assertTrue(o.complete());
        return out;
    }

    private static AudioClip load(Example e) {
        return new AudioLoader().load(e.audio());
    }

    @Test
    void anEvaluateRunListsItsAnswersAndEachExampleGivesTheRecordedScoresAndControl() throws IOException {
        ExampleSet set = EvaluationEngineTest.read(EvaluationEngineTest.dataset(dir));
        Path folder = evaluate(dir.resolve("run"), set, CapturesKept.ALL);
        StoredRun run = StoredRun.open(folder);

        assertEquals("synthetic", run.model());
        assertEquals(2, run.brokenLines(), "the two unreadable dataset lines are not listed");
        assertEquals(9, run.entries().size());
        assertTrue(run.datasetNote().isEmpty(), "the dataset file is there and unchanged");
        assertEquals(7, run.controlSeed(), "the run's own control seed");
        StoredRun.Entry q1 = run.entries().get(0);
        assertEquals("q1", q1.example().id());
        assertEquals("what color is the sky blue", q1.example().transcript(), "transcripts come from the dataset");
        assertTrue(q1.example().audioFile().isPresent());

        List<JsonObject> records = EvaluationEngineTest.records(folder);
        int analysed = 0;
        for (StoredRun.Entry e : run.entries()) {
            JsonObject record = records.stream().filter(r -> r.get("line").getAsInt() == e.record().line())
                    .findFirst().orElseThrow();
            if (!e.record().ok()) {
                GapScopeException why = assertThrows(GapScopeException.class,
                        () -> run.load(e, AnalysisSettings.defaults(), StoredRunTest::load));
                assertTrue(why.getMessage().contains("failed in this run at the"), why.getMessage());
                continue;
            }
            ExampleRun r = run.load(e, AnalysisSettings.defaults(), StoredRunTest::load);
            assertEquals(record.getAsJsonObject("speech").get("answer").getAsString(), r.speech().answer());
            assertEquals(record.getAsJsonObject("text").get("answer").getAsString(), r.text().answer());
            assertEquals(record.getAsJsonObject("speech").get("correct").getAsBoolean(), r.speechCorrect());
            ExampleScores scores = ExampleScores.of(r.analysis());
            for (Score s : Score.values()) {
                JsonObject stored = record.getAsJsonObject("scores").getAsJsonObject(s.key());
                assertEquals(stored.get("mean").getAsDouble(), scores.average(s), 1e-12, e.example().id() + " " + s);
            }
            JsonObject storedControl = record.getAsJsonObject("control");
            if (storedControl.has("reason")) {
                GapScopeException none = assertThrows(GapScopeException.class, () -> run.control(r, e.record().line()));
                assertTrue(none.getMessage().startsWith("the control's partner " + storedControl.get("text_id")
                        .getAsString() + " has no text capture"), none.getMessage());
                analysed++;
                continue;
            }
            Map.Entry<StoredRun.Entry, ExampleAnalysis> control = run.control(r, e.record().line());
            assertEquals(storedControl.get("text_id").getAsString(), control.getKey().example().id());
            ExampleScores pair = ExampleScores.of(control.getValue());
            for (Score s : Score.values()) {
                JsonObject stored = storedControl.getAsJsonObject("scores").getAsJsonObject(s.key());
                assertEquals(stored.get("mean").getAsDouble(), pair.average(s), 1e-12, "control of " + e.example().id());
            }
            analysed++;
        }
        assertEquals(7, analysed);

        RunSummary summary = run.summary().orElseThrow();
        JsonObject file = EvaluationEngineTest.json(folder.resolve(RunFolder.SUMMARY_JSON));
        assertEquals(file.getAsJsonObject("accuracy").getAsJsonObject("speech").get("percent").getAsDouble(),
                summary.speechAccuracy());
        assertEquals(file.get("gap").getAsDouble(), summary.gap());
        assertEquals(Score.values().length, summary.scores().size());
        assertEquals(file.getAsJsonObject("scores").getAsJsonObject("aps_cosine").get("margin").getAsDouble(),
                summary.scores().get(Score.APS_COSINE.ordinal()).margin());
    }

    @Test
    void aRunWithTextCapturesOnlyListsItsAnswersAndSaysWhyTheHiddenStateViewsAreOff() throws IOException {
        ExampleSet set = EvaluationEngineTest.read(EvaluationEngineTest.dataset(dir));
        StoredRun run = StoredRun.open(evaluate(dir.resolve("text"), set, CapturesKept.TEXT));
        assertFalse(run.keptSpeechCaptures());
        StoredRun.Entry q2 = run.entries().get(1);
        assertTrue(q2.record().ok());
        assertTrue(q2.record().score(Score.APS_COSINE).isPresent(), "the record holds the scores evaluate computed");
        GapScopeException why = assertThrows(GapScopeException.class,
                () -> run.load(q2, AnalysisSettings.defaults(), StoredRunTest::load));
        assertTrue(why.getMessage().contains("no speech capture of q2 (written with --captures text or none)"),
                why.getMessage());
    }

    @Test
    void withoutItsDatasetTheRunListsFromItsRecordsAndAnalysesOnSilence() throws IOException {
        Path data = EvaluationEngineTest.dataset(dir);
        ExampleSet set = EvaluationEngineTest.read(data);
        Path folder = evaluate(dir.resolve("run"), set, CapturesKept.ALL);

        Files.writeString(data, Files.readString(data) + "\n", java.nio.charset.StandardCharsets.UTF_8);
        StoredRun changed = StoredRun.open(folder);
        assertTrue(changed.datasetNote().orElseThrow().contains("has changed since the run"));

        Files.delete(data);
        StoredRun run = StoredRun.open(folder);
        assertTrue(run.datasetNote().orElseThrow().contains("is not here"), run.datasetNote().orElseThrow());
        StoredRun.Entry q1 = run.entries().get(0);
        assertEquals("", q1.example().transcript());
        assertTrue(q1.example().audioFile().isEmpty());
        assertEquals(List.of("blue"), q1.example().answers(), "gold answers come from the record");
        ExampleRun r = run.load(q1, AnalysisSettings.defaults(), e -> {
            throw new AssertionError("no audio to load");
        });
        assertEquals(0.3, r.clip().durationSeconds(), 1e-3, "silence as long as the recorded clip");
        assertEquals(q1.record().speech().answer(), r.speech().answer());
        assertEquals(q1.record().score(Score.APS_COSINE).getAsDouble(), ExampleScores.of(r.analysis())
                .average(Score.APS_COSINE), 1e-12);
        assertNull(assertThrows(GapScopeException.class, () -> StoredRun.open(dir.resolve("nothing"))).getCause());
    }

    @Test
    void anInterventionRunListsItsAnswersAndSaysItKeepsNoCaptures() throws IOException {
        ExampleSet set = EvaluationEngineTest.read(EvaluationEngineTest.dataset(dir));
        Path folder = evaluate(dir.resolve("run"), set, CapturesKept.NONE);
        Path runJson = folder.resolve(RunFolder.RUN_JSON);
        Files.writeString(runJson, Files.readString(runJson).replace("\"command\": \"evaluate\"",
                "\"command\": \"intervene\""));
        StoredRun run = StoredRun.open(folder);
        assertEquals("intervene", run.command());
        GapScopeException why = assertThrows(GapScopeException.class,
                () -> run.load(run.entries().get(0), AnalysisSettings.defaults(), StoredRunTest::load));
        assertTrue(why.getMessage().startsWith("an intervention run keeps answers, not captures"), why.getMessage());
    }
}
