package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;

import org.gapscope.dataset.ExampleSet;
import org.gapscope.run.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Word timings in a batch run: a set that fits runs, one that ends after its clip fails that example only. */
class WordTimingsInRunsTest {

    @TempDir
    Path dir;

    @Test
    void timingsThatEndAfterTheClipFailTheExampleAtTheAudioStage() throws IOException {
        Files.createDirectories(dir.resolve("wav"));
        EvaluationEngineTest.writeWav(dir.resolve("wav/a.wav"), 0.5);
        EvaluationEngineTest.writeWav(dir.resolve("wav/b.wav"), 0.5);
        EvaluationEngineTest.writeWav(dir.resolve("wav/c.wav"), 0.5);
        String fits = "[{\"word\": \"sky\", \"start\": 0.05, \"end\": 0.2}, {\"word\": \"blue\", \"start\": 0.2, \"end\": 0.5}]";
        String late = "[{\"word\": \"grass\", \"start\": 0.05, \"end\": 0.2}, {\"word\": \"green\", \"start\": 0.3, \"end\": 0.9}]";
        Path file = dir.resolve("set.jsonl");
        Files.write(file, List.of(
                "{\"id\": \"a\", \"audio\": \"wav/a.wav\", \"transcript\": \"sky blue\", \"answer\": \"blue\", \"words\": " + fits + "}",
                "{\"id\": \"b\", \"audio\": \"wav/b.wav\", \"transcript\": \"grass green\", \"answer\": \"green\", \"words\": " + late + "}",
                "{\"id\": \"c\", \"audio\": \"wav/c.wav\", \"transcript\": \"sea wet\", \"answer\": \"wet\"}"),
                StandardCharsets.UTF_8);
        ExampleSet set = EvaluationEngineTest.read(file);
        Path out = dir.resolve("run");
        Evaluation.run(EvaluationEngineTest.runner(set), set, out, Shard.ALL, EvaluationEngineTest.settings(),
                BatchListener.SILENT);
        List<JsonObject> records = EvaluationEngineTest.records(out);
        assertEquals("ok", records.get(0).get("status").getAsString());
        assertEquals("failed", records.get(1).get("status").getAsString());
        assertEquals("audio", records.get(1).get("stage").getAsString());
        assertTrue(records.get(1).get("reason").getAsString()
                .contains("word 2 \"green\" ends at 0.900 s, after the end of the 0.500 s clip"),
                records.get(1).get("reason").getAsString());
        assertEquals("ok", records.get(2).get("status").getAsString());
    }
}
