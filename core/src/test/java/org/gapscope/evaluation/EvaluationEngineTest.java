package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.analysis.Score;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.WavWriter;
import org.gapscope.capture.Capture;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader.OnBrokenLine;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.run.RunFolder;
import org.gapscope.run.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The evaluation engine on a stand-in model: records, failures, summary, resume, shards and merge. */
public class EvaluationEngineTest {

    @TempDir
    Path dir;

    public static final String[][] GOOD = {
        {"q1", "what color is the sky blue", "blue", "color"},
        {"q2", "how many legs has a cat four", "four", "count"},
        {"q3", "where is the moon at night sky", "sky", "place"},
        {"q4", "is the sun big yes", "yes", "yesno"},
        {"q5", "what color is grass green", "green", "color"},
        {"q6", "how many eyes two", "two", "count"},
        {"q7", "name a small animal mouse", "mouse", "animal"},
    };

    /** A dataset with seven good examples, a broken line, an answer of the wrong type, a missing audio file and a model failure. */
    public static Path dataset(Path dir) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("wav"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < GOOD.length; i++) {
            String[] g = GOOD[i];
            writeWav(data.resolve("wav/" + g[0] + ".wav"), 0.3 + 0.1 * i);
            lines.add(String.format("{\"id\": \"%s\", \"audio\": \"wav/%s.wav\", \"transcript\": \"%s\", \"answer\": \"%s\","
                    + " \"task\": \"%s\"}", g[0], g[0], g[1], g[2], g[3]));
            if (i == 2) {
                lines.add("{\"id\": \"broken\", \"audio\": ");
            }
            if (i == 4) {
                lines.add("{\"id\": \"typed\", \"audio\": \"wav/q1.wav\", \"transcript\": \"what color\", \"answer\": 42}");
                lines.add("{\"id\": \"noaudio\", \"audio\": \"wav/missing.wav\", \"transcript\": \"is it here\", "
                        + "\"answer\": \"no\"}");
            }
        }
        writeWav(data.resolve("wav/boom.wav"), 0.4);
        lines.add("{\"id\": \"boom\", \"audio\": \"wav/boom.wav\", \"transcript\": \"BOOM goes the model\", "
                + "\"answer\": \"model\"}");
        Path file = data.resolve("examples.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    static void writeWav(Path path, double seconds) {
        float[] samples = new float[(int) (16000 * seconds)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16000.0));
        }
        WavWriter.writePcm16(AudioClip.ofSamples(samples), path);
    }

    static ExampleSet read(Path file) {
        return ExampleSetReader.create(OnBrokenLine.SKIP).read(file);
    }

    static SyntheticRunner runner(ExampleSet set) {
        Map<String, String> transcripts = new LinkedHashMap<>();
        for (Example e : set.examples()) {
            transcripts.put(e.id(), e.transcript());
        }
        return new SyntheticRunner("synthetic", transcripts);
    }

    static Evaluation.Settings settings() {
        return Evaluation.Settings.defaults().withControl(new ControlSettings(7, 200, 0.9))
                .withCaptures(CapturesKept.ALL);
    }

    static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    static List<JsonObject> records(Path folder) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve(RunFolder.RESULTS_JSONL))) {
            out.add(JsonParser.parseString(line).getAsJsonObject());
        }
        return out;
    }

    @Test
    void recordsEveryEntryCountsFailuresAndSummarisesWithTheControl() throws IOException {
        Path file = dataset(dir);
        ExampleSet set = read(file);
        Path out = dir.resolve("run");
        Evaluation.Outcome o = Evaluation.run(runner(set), set, out, Shard.ALL, settings(), BatchListener.SILENT);
        assertTrue(o.complete());
        assertEquals(11, o.entries());

        List<JsonObject> records = records(out);
        assertEquals(11, records.size());
        Map<String, JsonObject> byId = new LinkedHashMap<>();
        records.forEach(r -> byId.put(r.get("id").isJsonNull() ? "line" + r.get("line") : r.get("id").getAsString(), r));
        assertEquals("dataset", byId.get("line4").get("stage").getAsString());
        assertTrue(byId.get("line4").get("reason").getAsString().startsWith("line 4: not JSON"));
        JsonObject typed = byId.get("line7");
        assertEquals("dataset", typed.get("stage").getAsString());
        assertTrue(typed.get("reason").getAsString().contains("\"answer\" must be a string or a list of strings, not a number"));
        assertEquals("audio", byId.get("noaudio").get("stage").getAsString());
        assertTrue(byId.get("noaudio").get("reason").getAsString().contains("missing.wav"));
        assertEquals("text", byId.get("boom").get("stage").getAsString());
        assertTrue(byId.get("boom").get("reason").getAsString().contains("BOOM"));

        JsonObject q1 = byId.get("q1");
        assertEquals("ok", q1.get("status").getAsString());
        assertEquals("blue", q1.getAsJsonObject("text").get("answer").getAsString());
        assertTrue(q1.getAsJsonObject("text").get("correct").getAsBoolean());
        assertEquals(12, q1.getAsJsonObject("speech").get("positions").getAsInt());
        for (String m : List.of("speech", "text")) {
            Capture c = Capture.load(out.resolve(q1.getAsJsonObject("captures").get(m).getAsString()));
            assertEquals(SyntheticRunner.LAYERS, c.layerCount());
        }

        JsonObject summary = json(out.resolve(RunFolder.SUMMARY_JSON));
        JsonObject counts = summary.getAsJsonObject("examples");
        assertEquals(11, counts.get("entries").getAsInt());
        assertEquals(7, counts.get("evaluated").getAsInt());
        assertEquals(4, counts.get("failed").getAsInt());
        assertEquals(2, counts.getAsJsonObject("failed_by_stage").get("dataset").getAsInt());
        assertEquals(1, counts.getAsJsonObject("failed_by_stage").get("audio").getAsInt());
        assertEquals(1, counts.getAsJsonObject("failed_by_stage").get("text").getAsInt());

        int textCorrect = 0;
        int speechCorrect = 0;
        for (JsonObject r : records) {
            if ("ok".equals(r.get("status").getAsString())) {
                textCorrect += r.getAsJsonObject("text").get("correct").getAsBoolean() ? 1 : 0;
                speechCorrect += r.getAsJsonObject("speech").get("correct").getAsBoolean() ? 1 : 0;
            }
        }
        JsonObject acc = summary.getAsJsonObject("accuracy");
        assertEquals(7, textCorrect);
        assertEquals(100.0 * textCorrect / 7, acc.getAsJsonObject("text").get("percent").getAsDouble(), 1e-12);
        assertEquals(100.0 * speechCorrect / 7, acc.getAsJsonObject("speech").get("percent").getAsDouble(), 1e-12);
        assertEquals(100.0 * (textCorrect - speechCorrect) / 7, summary.get("gap").getAsDouble(), 1e-9);

        // the summary's scores equal the analysis library run directly on the stored captures, each
        // example's speech against the text of its partner sigma(i), sigma drawn over the 9 examples
        // (the 11 lines but the 2 broken ones) in line order
        List<JsonObject> withId = records.stream().filter(r -> !r.get("id").isJsonNull()).toList();
        assertEquals(9, withId.size());
        int[] sigma = MismatchedPairControl.derangement(9, 7);
        Map<Integer, JsonObject> byLine = new LinkedHashMap<>();
        records.forEach(r -> byLine.put(r.get("line").getAsInt(), r));
        Map<Score, List<double[]>> pairs = new java.util.EnumMap<>(Score.class);
        for (int i = 0; i < withId.size(); i++) {
            JsonObject r = withId.get(i);
            JsonObject partner = withId.get(sigma[i]);
            assertEquals(partner.get("line").getAsInt(), r.has("control")
                    ? r.getAsJsonObject("control").get("text_line").getAsInt() : partner.get("line").getAsInt());
            if (!"ok".equals(r.get("status").getAsString())) {
                continue;
            }
            HiddenStates s = Capture.load(out.resolve(r.getAsJsonObject("captures").get("speech").getAsString()))
                    .asHiddenStates();
            ExampleAnalysis matched = ExampleAnalyzer.analyze(s,
                    Capture.load(out.resolve(r.getAsJsonObject("captures").get("text").getAsString())).asHiddenStates(),
                    settings().analysis(), "synthetic", "m");
            if (!partner.has("captures") || !partner.getAsJsonObject("captures").has("text")) {
                assertEquals("failed", partner.get("status").getAsString());
                assertTrue(r.getAsJsonObject("control").get("reason").getAsString().contains("has no text capture: "
                        + partner.get("reason").getAsString()), r.toString());
                continue;
            }
            ExampleAnalysis control = ExampleAnalyzer.analyze(s, Capture.load(out.resolve(partner
                    .getAsJsonObject("captures").get("text").getAsString())).asHiddenStates(), settings().analysis(),
                    "synthetic", "c");
            for (Score score : Score.values()) {
                pairs.computeIfAbsent(score, k -> new ArrayList<>())
                        .add(new double[] {matched.score(score), control.score(score)});
            }
        }
        assertTrue(pairs.get(Score.COSINE).size() >= 5, "most evaluated examples have a control");
        for (Score score : Score.values()) {
            JsonObject got = summary.getAsJsonObject("scores").getAsJsonObject(score.key());
            List<double[]> defined = pairs.get(score).stream()
                    .filter(p -> !Double.isNaN(p[0]) && !Double.isNaN(p[1])).toList();
            assertEquals(defined.size(), got.get("examples").getAsInt(), score.key());
            assertEquals(defined.stream().mapToDouble(p -> p[0]).average().orElseThrow(),
                    got.get("matched").getAsDouble(), 1e-12, score.key());
            assertEquals(defined.stream().mapToDouble(p -> p[1]).average().orElseThrow(),
                    got.get("mismatched").getAsDouble(), 1e-12, score.key());
            assertEquals(SyntheticRunner.LAYERS, summary.getAsJsonObject("per_layer").getAsJsonArray(score.key()).size());
        }
        // the stand-in's speech lies near its own text: the matched cosine beats the control
        assertTrue(summary.getAsJsonObject("scores").getAsJsonObject("cosine").get("margin").getAsDouble() > 0);

        List<String> csv = Files.readAllLines(out.resolve(RunFolder.RESULTS_CSV));
        assertEquals(12, csv.size());
        assertTrue(csv.get(0).startsWith("line,id,task,status,failed_stage,reason,gold,text_answer"));
        assertEquals(2, summary.getAsJsonArray("tasks").asList().stream()
                .filter(t -> t.getAsJsonObject().get("task").getAsString().equals("color"))
                .findFirst().orElseThrow().getAsJsonObject().get("evaluated").getAsInt());
    }

    @Test
    void anInterruptedRunResumesToTheSameFilesAsAnUninterruptedOne() throws IOException {
        Path file = dataset(dir);
        ExampleSet set = read(file);
        Path whole = dir.resolve("whole");
        Evaluation.run(runner(set), set, whole, Shard.ALL, settings(), BatchListener.SILENT);

        Path resumed = dir.resolve("resumed");
        BatchListener stopAfterFour = Interrupt.after(4);
        Evaluation.Outcome first = Evaluation.run(runner(set), set, resumed, Shard.ALL, settings(), stopAfterFour);
        assertFalse(first.complete());
        assertNull(first.summary());
        assertFalse(Files.exists(resumed.resolve(RunFolder.SUMMARY_JSON)));
        assertEquals(4, records(resumed).size());
        // a kill in the middle of writing leaves half a line behind
        Files.writeString(resumed.resolve(RunFolder.RESULTS_JSONL), "{\"line\": 9, \"status\": \"o",
                StandardOpenOption.APPEND);

        SyntheticRunner second = runner(set);
        Evaluation.Outcome rest = Evaluation.run(second, set, resumed, Shard.ALL, settings(), BatchListener.SILENT);
        assertTrue(rest.complete());
        assertEquals(11 - 4, rest.processed());
        // q4, q5, noaudio (its text runs before its audio is found missing), q6, q7 and boom; the broken
        // lines never reach the model; the control's prompt-only passes (1 token) are for partners not yet run
        assertEquals(List.of("q4:32", "q5:32", "noaudio:32", "q6:32", "q7:32", "boom:32"),
                second.textCalls.stream().filter(c -> !c.endsWith(":1")).toList(),
                "only the examples not done before run the model");
        for (String f : List.of(RunFolder.RESULTS_JSONL, RunFolder.RESULTS_CSV, RunFolder.SUMMARY_JSON)) {
            assertEquals(Files.readString(whole.resolve(f)), Files.readString(resumed.resolve(f)), f);
        }
        // running the finished command again changes nothing
        Evaluation.Outcome again = Evaluation.run(runner(set), set, resumed, Shard.ALL, settings(), BatchListener.SILENT);
        assertEquals(0, again.processed());
        assertEquals(Files.readString(whole.resolve(RunFolder.SUMMARY_JSON)),
                Files.readString(resumed.resolve(RunFolder.SUMMARY_JSON)));
    }

    @Test
    void shardsJoinedEqualTheUnshardedRun() throws IOException {
        Path file = dataset(dir);
        ExampleSet set = read(file);
        Path whole = dir.resolve("whole");
        Evaluation.run(runner(set), set, whole, Shard.ALL, settings(), BatchListener.SILENT);
        List<Path> shards = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path s = dir.resolve("shard" + i);
            Evaluation.Outcome o = Evaluation.run(runner(set), set, s, new Shard(i, 3), settings(), BatchListener.SILENT);
            assertTrue(o.complete());
            assertNull(o.summary(), "a shard alone writes no summary");
            shards.add(s);
        }
        assertEquals(List.of(4, 4, 3), shards.stream().map(s -> {
            try {
                return records(s).size();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList());

        GapScopeException missing = assertThrows(GapScopeException.class,
                () -> Evaluation.merge(dir.resolve("m0"), shards.subList(0, 2), BatchListener.SILENT));
        assertEquals("shard 3/3 is missing (give every shard folder)", missing.getMessage());

        Path merged = dir.resolve("merged");
        Evaluation.merge(merged, List.of(shards.get(2), shards.get(0), shards.get(1)), BatchListener.SILENT);
        for (String f : List.of(RunFolder.RESULTS_JSONL, RunFolder.RESULTS_CSV, RunFolder.SUMMARY_JSON)) {
            assertEquals(Files.readString(whole.resolve(f)), Files.readString(merged.resolve(f)), f);
        }
        Capture a = Capture.load(whole.resolve("captures/L000001-q1.speech.npz"));
        Capture b = Capture.load(merged.resolve("captures/L000001-q1.speech.npz"));
        assertArrayEquals(a.asHiddenStates().layer(2), b.asHiddenStates().layer(2));
    }

    @Test
    void aFolderOfAnotherRunIsRefusedNotMixed() throws IOException {
        Path file = dataset(dir);
        ExampleSet set = read(file);
        Path out = dir.resolve("run");
        Evaluation.run(runner(set), set, out, Shard.ALL, settings(), BatchListener.SILENT);
        GapScopeException model = assertThrows(GapScopeException.class, () -> Evaluation.run(
                new SyntheticRunner("other", Map.of()), set, out, Shard.ALL, settings(), BatchListener.SILENT));
        assertTrue(model.getMessage().contains("holds a run with another model"), model.getMessage());
        GapScopeException tokens = assertThrows(GapScopeException.class, () -> Evaluation.run(runner(set), set, out,
                Shard.ALL, settings().withMaxTokens(5), BatchListener.SILENT));
        assertTrue(tokens.getMessage().contains("another settings"), tokens.getMessage());
        Files.writeString(file, "\n", StandardOpenOption.APPEND);
        ExampleSet changed = read(file);
        GapScopeException data = assertThrows(GapScopeException.class, () -> Evaluation.run(runner(changed), changed,
                out, Shard.ALL, settings(), BatchListener.SILENT));
        assertTrue(data.getMessage().contains("the file changed"), data.getMessage());
        Path notRun = dir.resolve("notrun");
        Files.createDirectories(notRun);
        Files.writeString(notRun.resolve("x.txt"), "x");
        assertTrue(assertThrows(GapScopeException.class, () -> Evaluation.run(runner(set), set, notRun, Shard.ALL,
                settings(), BatchListener.SILENT)).getMessage().contains("is not empty and holds no run.json"));
    }
}
