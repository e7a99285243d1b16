package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.audio.AudioLoader;
import org.gapscope.capture.Capture;
import org.gapscope.cli.GapScopeCli;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader.OnBrokenLine;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.engine.BundleRunner;
import org.gapscope.engine.ModelRunner;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.InterventionSettings;
import org.gapscope.intervention.RewriteKind;
import org.gapscope.model.CaptureHook;
import org.gapscope.model.InterventionHook;
import org.gapscope.model.Prompt;
import org.gapscope.run.RunFolder;
import org.gapscope.run.Shard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Device;

/**
 * evaluate, intervene and compare on a real (tiny, random) exported bundle through the runtime:
 * failures recorded, resume after an interruption, shards and merge, the intervention hook, compare.
 */
class EndToEndTest {

    @TempDir
    static Path shared;

    static Path data;
    static Path whole;

    @TempDir
    Path dir;

    static final List<String> FILES = List.of(RunFolder.RESULTS_JSONL, RunFolder.RESULTS_CSV, RunFolder.SUMMARY_JSON);

    @BeforeAll
    static void evaluateOnce() throws IOException {
        data = TinyModel.dataset(shared.resolve("data"));
        whole = shared.resolve("whole");
        Cli c = cli("evaluate", "--model", TinyModel.bundle().toString(), "--data", data.toString(), "--out",
                whole.toString(), "--device", "cpu", "--max-tokens", "8", "--captures", "all");
        assertEquals(0, c.status, c.err);
        assertTrue(c.out.contains("9 entries, 5 evaluated, 4 failed (audio 1, dataset 2, text 1)"), c.out);
    }

    record Cli(int status, String out, String err) {
    }

    static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Cli(status, out.toString(), err.toString());
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

    static void assertSameFiles(Path expected, Path actual) throws IOException {
        for (String f : FILES) {
            assertEquals(Files.readString(expected.resolve(f)), Files.readString(actual.resolve(f)), f);
        }
    }

    @Test
    void failuresAreRecordedWithTheirReasonAndTheCapturesReanalyseToTheSameScores() throws IOException {
        List<JsonObject> records = records(whole);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), records.stream().map(r -> r.get("line").getAsInt()).toList());
        JsonObject zebra = records.get(2);
        assertEquals("text", zebra.get("stage").getAsString());
        assertTrue(zebra.get("reason").getAsString().contains("cannot encode \"zebra\""), zebra.toString());
        assertEquals("audio", records.get(4).get("stage").getAsString());
        assertTrue(records.get(4).get("reason").getAsString().contains("lost.wav"), records.get(4).toString());
        assertEquals("dataset", records.get(5).get("stage").getAsString());
        assertEquals("dataset", records.get(8).get("stage").getAsString());
        assertTrue(records.get(8).get("reason").getAsString().contains("\"answer\" must be a string"));

        JsonObject sky = records.get(0);
        assertEquals("ok", sky.get("status").getAsString());
        assertEquals(7, sky.getAsJsonObject("text").get("tokens").getAsInt());
        JsonObject summary = json(whole.resolve(RunFolder.SUMMARY_JSON));
        assertEquals(3, summary.getAsJsonObject("per_layer").getAsJsonArray("cosine").size());
        // the control pairs each example's speech with the text of sigma(i) over the 7 examples that parse;
        // an example whose partner's text failed (zebra: a word the tokenizer lacks) has no control, says why,
        // and is left out of the paired means
        int withControl = 0;
        for (JsonObject r : records) {
            if ("ok".equals(r.get("status").getAsString())) {
                JsonObject control = r.getAsJsonObject("control");
                if (control.has("scores")) {
                    withControl++;
                } else {
                    assertEquals(3, control.get("text_line").getAsInt(), r.toString());
                    assertTrue(control.get("reason").getAsString().startsWith("line 3 (zebra) has no text capture: ")
                            && control.get("reason").getAsString().contains("cannot encode \"zebra\""), r.toString());
                }
            }
        }
        assertTrue(withControl >= 4, "at most one of the five has zebra as its partner");
        assertEquals(withControl, summary.getAsJsonObject("scores").getAsJsonObject("cosine").get("examples").getAsInt());

        // gapscope metrics on the stored captures gives the record's numbers
        Path speech = whole.resolve(sky.getAsJsonObject("captures").get("speech").getAsString());
        Path text = whole.resolve(sky.getAsJsonObject("captures").get("text").getAsString());
        Path metrics = dir.resolve("m.json");
        Cli m = cli("metrics", "--speech", speech.toString(), "--text", text.toString(), "--json", metrics.toString(),
                "--quiet");
        assertEquals(0, m.status, m.err);
        JsonObject mj = json(metrics);
        for (String key : List.of("cosine", "euclidean", "aps_cosine", "consistency")) {
            assertEquals(mj.get(key).getAsDouble(),
                    sky.getAsJsonObject("scores").getAsJsonObject(key).get("mean").getAsDouble(), 1e-12, key);
        }
    }

    @Test
    void anInterruptedRunResumesToTheFilesOfAnUninterruptedOne() throws IOException {
        Path out = dir.resolve("resumed");
        ExampleSet set = ExampleSetReader.create(OnBrokenLine.SKIP).read(data);
        BatchListener stopAfterThree = Interrupt.after(3);
        Evaluation.Settings settings = Evaluation.Settings.defaults().withMaxTokens(8).withCaptures(CapturesKept.ALL);
        try (BundleRunner runner = BundleRunner.open(TinyModel.bundle(), Device.cpu())) {
            assertFalse(Evaluation.run(runner, set, out, Shard.ALL, settings, stopAfterThree).complete());
        }
        Files.writeString(out.resolve(RunFolder.RESULTS_JSONL), "{\"line\": 4, \"sta", StandardOpenOption.APPEND);
        Cli c = cli("evaluate", "--model", TinyModel.bundle().toString(), "--data", data.toString(), "--out",
                out.toString(), "--device", "cpu", "--max-tokens", "8", "--captures", "all");
        assertEquals(0, c.status, c.err);
        assertTrue(c.err.contains("6 examples in"), c.err);
        assertSameFiles(whole, out);
    }

    @Test
    void shardsAndMergeEqualTheUnshardedRun() throws IOException {
        for (int i = 1; i <= 2; i++) {
            Cli c = cli("evaluate", "--model", TinyModel.bundle().toString(), "--data", data.toString(), "--out",
                    dir.resolve("s" + i).toString(), "--device", "cpu", "--max-tokens", "8", "--shard", i + "/2",
                    "--captures", "all");
            assertEquals(0, c.status, c.err);
        }
        Cli m = cli("evaluate", "--merge", "--out", dir.resolve("merged").toString(), dir.resolve("s2").toString(),
                dir.resolve("s1").toString());
        assertEquals(0, m.status, m.err);
        assertSameFiles(whole, dir.resolve("merged"));
        for (String capture : List.of("captures/L000008-dog.text.npz", "captures/L000007-sun.speech.npz")) {
            Capture a = Capture.load(whole.resolve(capture));
            Capture b = Capture.load(dir.resolve("merged").resolve(capture));
            assertEquals(a.tokens(), b.tokens());
            for (int l = 0; l < a.layerCount(); l++) {
                assertArrayEquals(a.asHiddenStates().layer(l), b.asHiddenStates().layer(l), capture);
            }
        }
    }

    @Test
    void interveneMakesTheTableOnTheTinyModel() throws IOException {
        Path out = dir.resolve("iv");
        Cli c = cli("intervene", "--model", TinyModel.bundle().toString(), "--data", data.toString(), "--out",
                out.toString(), "--device", "cpu", "--max-tokens", "8", "--method", "angle,length", "--tokens",
                "bottom:3,all", "--layer", "1");
        assertEquals(0, c.status, c.err);
        assertTrue(c.out.contains("| speech + angle Bottom3 |"), c.out);
        JsonObject summary = json(out.resolve(RunFolder.SUMMARY_JSON));
        assertEquals(4, summary.getAsJsonArray("conditions").size());
        assertEquals(5, summary.getAsJsonObject("accuracy").getAsJsonObject("speech").get("of").getAsInt());
        JsonObject evaluated = json(whole.resolve(RunFolder.SUMMARY_JSON)).getAsJsonObject("accuracy");
        assertEquals(evaluated.getAsJsonObject("speech").get("percent").getAsDouble(),
                summary.getAsJsonObject("accuracy").getAsJsonObject("speech").get("percent").getAsDouble(), 0,
                "the plain speech answers are evaluate's");
        for (JsonObject r : records(out)) {
            if ("ok".equals(r.get("status").getAsString())) {
                int bottom = r.getAsJsonObject("interventions").getAsJsonObject("angle Bottom3")
                        .getAsJsonArray("positions").size();
                int all = r.getAsJsonObject("interventions").getAsJsonObject("angle All")
                        .getAsJsonArray("positions").size();
                assertTrue(bottom >= 1 && bottom <= 3 && all >= bottom
                        && all <= r.getAsJsonObject("text").get("tokens").getAsInt(), r.toString());
            }
        }
    }

    @Test
    void theInterventionHookRewritesExactlyThePlannedRows() {
        Example sky = ExampleSetReader.create(OnBrokenLine.SKIP).read(data).find("sky").orElseThrow();
        try (BundleRunner runner = BundleRunner.open(TinyModel.bundle(), Device.cpu())) {
            ModelRunner.SpeechInput input = runner.speechInput(new AudioLoader().load(sky.audioFile().orElseThrow()));
            HiddenStates text = runner.text("sky", sky.transcript(), 4).capture().asHiddenStates();
            HiddenStates speech = runner.speech("sky", input, 4).capture().asHiddenStates();
            ExampleAnalysis analysis = ExampleAnalyzer.analyze(speech, text,
                    AnalysisSettings.defaults().withDtwExtension(false), "tiny", "sky");
            for (int layer : new int[] {0, 1}) {
                InterventionPlan plan = InterventionPlan.of(analysis, text,
                        InterventionSettings.defaults(RewriteKind.ANGLE_PROJECTION)
                                .withSelection(CriticalTokenSelection.allTokens()).withRewriteLayers(layer));
                Prompt prompt = runner.model().speechPrompt(runner.model().encodeSpeech(input.logMel(),
                        input.validFrames()));
                CaptureHook capture = CaptureHook.querySpan("sky");
                runner.model().forward(prompt, InterventionHook.of(plan), capture);
                HiddenStates edited = capture.capture().asHiddenStates();
                float[] expected = speech.layer(layer);
                plan.applyInPlace(layer, expected, speech.hiddenSize());
                float[] got = edited.layer(layer);
                for (int k = 0; k < got.length; k++) {
                    assertEquals(expected[k], got[k], 1e-4f, "layer " + layer + " value " + k);
                }
                assertTrue(plan.rewrites().get(0).speechPositions().length > 0);
            }
        }
    }

    @Test
    void evaluateWithoutTheKeyValueCacheWritesTheSameFiles() throws IOException {
        Path out = dir.resolve("no-cache");
        Cli c = cli("evaluate", "--model", TinyModel.bundle().toString(), "--data", data.toString(), "--out",
                out.toString(), "--device", "cpu", "--max-tokens", "8", "--captures", "all", "--no-kv-cache", "--quiet");
        assertEquals(0, c.status, c.err);
        assertSameFiles(whole, out);
    }

    @Test
    void anAnswerCutAtMaxPositionsIsRecordedAsSuch() throws IOException {
        Path bundle = dir.resolve("short-bundle");
        try (Stream<Path> files = Files.walk(TinyModel.bundle())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = bundle.resolve(TinyModel.bundle().relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        Example sky = ExampleSetReader.create(OnBrokenLine.SKIP).read(data).find("sky").orElseThrow();
        int promptLength;
        try (BundleRunner runner = BundleRunner.open(TinyModel.bundle(), Device.cpu())) {
            promptLength = runner.model().textPrompt(sky.transcript()).length();
        }
        Path manifest = bundle.resolve("bundle.json");
        String json = Files.readString(manifest);
        Files.writeString(manifest, json.replaceFirst("\"max_positions\": \\d+", "\"max_positions\": " + promptLength));
        try (BundleRunner runner = BundleRunner.open(bundle, Device.cpu())) {
            ModelRunner.Answered a = runner.text("sky", sky.transcript(), 8);
            assertTrue(a.cutAtMaxPositions(), "one new token fits, the next would pass max_positions: " + a.answer());
            JsonObject record = Evaluation.answer(sky, a, "tokens", a.capture().length());
            assertEquals("answer cut at max_positions", record.get("note").getAsString());
        }
        try (BundleRunner runner = BundleRunner.open(TinyModel.bundle(), Device.cpu())) {
            ModelRunner.Answered a = runner.text("sky", sky.transcript(), 8);
            assertFalse(a.cutAtMaxPositions());
            assertFalse(Evaluation.answer(sky, a, "tokens", a.capture().length()).has("note"));
        }
    }

    @Test
    void compareTwoRunsWritesTheTables() throws IOException {
        Path other = dir.resolve("short");
        Cli e = cli("evaluate", "--model", TinyModel.bundle().toString(), "--data", data.toString(), "--out",
                other.toString(), "--device", "cpu", "--max-tokens", "2", "--quiet");
        assertEquals(0, e.status, e.err);
        Cli c = cli("compare", whole.toString(), other.toString(), "--out", dir.resolve("cmp").toString());
        assertEquals(0, c.status, c.err);
        assertTrue(c.out.contains("| whole |") && c.out.contains("| short |"), c.out);
        List<String> runs = Files.readAllLines(dir.resolve("cmp/compare-runs.csv"));
        assertEquals(3, runs.size());
        assertTrue(Files.readString(dir.resolve("cmp/compare-regressions.csv"))
                .contains("needs at least 3 runs with a defined score, has 2"));
    }
}
