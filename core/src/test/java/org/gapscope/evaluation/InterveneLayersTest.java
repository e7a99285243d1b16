package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.audio.AudioLoader;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.dataset.ExampleSetReader.OnBrokenLine;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.intervention.RewriteKind;
import org.gapscope.model.LayeredModel;
import org.gapscope.model.ModelBundle;
import org.gapscope.npy.Npy;
import org.gapscope.engine.BundleRunner;
import org.gapscope.engine.ModelRunner;
import org.gapscope.npy.NpyArray;
import org.gapscope.run.RunFolder;
import org.gapscope.run.Shard;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.Device;

/**
 * {@code intervene --layer} and {@code --select-layer} through the real runtime, on a miniature
 * bundle (model-prep/tests/make_layer_bundle.py) chosen so that rewriting at hidden state 0, 1 or 2
 * gives three different answers, and selecting the tokens on another layer changes an answer. The
 * look-alike's own PyTorch computes, for the spoken "sky" query with exactly the features the runtime
 * feeds, the path, the critical positions and the answer of every layer combination; the batch path
 * must give the same. And an interrupted intervene run resumes to the files of an uninterrupted one.
 */
class InterveneLayersTest {

    private static final String SKY = "what is the color of the sky";
    private static final List<String> FILES = List.of(RunFolder.RESULTS_JSONL, RunFolder.RESULTS_CSV,
            RunFolder.SUMMARY_JSON, InterventionTable.TABLE_MD, "table.csv");

    @TempDir
    static Path shared;

    static Path data;
    static Path skyOnly;
    static Path bundle;
    static JsonObject reference;
    static LayeredModel decoder;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildTheLayerBundle() throws IOException {
        data = TinyModel.dataset(shared.resolve("data"));
        String skyLine = Files.readAllLines(data).get(0);
        assertTrue(skyLine.contains("\"transcript\": \"" + SKY + "\""), skyLine);
        skyOnly = data.resolveSibling("sky.jsonl");
        Files.writeString(skyOnly, skyLine + "\n");

        // the features the runtime feeds the encoder for sky.wav (same family and features as the tiny model)
        Path wav = data.resolveSibling("wav/sky.wav");
        ModelRunner.SpeechInput input;
        try (BundleRunner tiny = BundleRunner.open(TinyModel.bundle(), Device.cpu())) {
            input = tiny.speechInput(new AudioLoader().load(wav));
        }
        Path features = shared.resolve("sky-features.npy");
        Npy.write(features, NpyArray.ofMatrix(input.logMel()));

        Path out = shared.resolve("layer-model");
        Python.run(Python.repositoryRoot().resolve("model-prep/tests/make_layer_bundle.py").toString(), out.toString(),
                "--features", features.toString(), "--valid-frames", Integer.toString(input.validFrames()),
                "--transcript", SKY);
        bundle = out.resolve("bundle");
        reference = JsonParser.parseString(Files.readString(out.resolve("reference.json"))).getAsJsonObject();
        decoder = LayeredModel.open(ModelBundle.open(bundle), Device.cpu());
        assertEquals(ModelBundle.open(TinyModel.bundle()).manifest().features(), decoder.manifest().features(),
                "the reference was computed from the tiny model's features; both bundles must ask for the same");
    }

    @AfterAll
    static void close() {
        if (decoder != null) {
            decoder.close();
        }
    }

    private static String answer(JsonArray ids) {
        long[] tokens = new long[ids.size()];
        for (int k = 0; k < tokens.length; k++) {
            tokens[k] = ids.get(k).getAsLong();
        }
        return decoder.decode(tokens);
    }

    private static List<Integer> ints(JsonArray a) {
        List<Integer> out = new ArrayList<>();
        for (JsonElement e : a) {
            out.add(e.getAsInt());
        }
        return out;
    }

    private static JsonObject combo(int layer, int selectLayer) {
        for (JsonElement e : reference.getAsJsonArray("combos")) {
            JsonObject c = e.getAsJsonObject();
            if (c.get("layer").getAsInt() == layer && c.get("select_layer").getAsInt() == selectLayer) {
                return c.getAsJsonObject("conditions");
            }
        }
        throw new AssertionError("no reference for layer " + layer + ", selected on " + selectLayer);
    }

    private static String[] intervene(Path set, Path out, int layer, int selectLayer) {
        return new String[] {"intervene", "--model", bundle.toString(), "--data", set.toString(), "--out",
            out.toString(), "--device", "cpu", "--quiet", "--method", "angle", "--tokens", "all,bottom:2",
            "--max-tokens", reference.get("max_new_tokens").getAsString(), "--layer", Integer.toString(layer),
            "--select-layer", Integer.toString(selectLayer)};
    }

    @Test
    void theReferenceAnswerProvablyDependsOnTheLayer() {
        String plain = answer(reference.getAsJsonArray("speech_answer_ids"));
        String atInput = answer(combo(0, 0).getAsJsonObject("angle All").getAsJsonArray("answer_ids"));
        String atLayer1 = answer(combo(1, 1).getAsJsonObject("angle All").getAsJsonArray("answer_ids"));
        String atLayer2 = answer(combo(2, 2).getAsJsonObject("angle All").getAsJsonArray("answer_ids"));
        assertEquals(3, Set.of(plain, atInput, atLayer1).size(),
                "plain, rewritten at hidden state 0, at hidden state 1: " + List.of(plain, atInput, atLayer1));
        // hidden state 2 is the last layer's output: a rewrite there cannot reach the answer
        assertEquals(plain, atLayer2);
        boolean answerChanges = false;
        for (int[] rs : new int[][] {{0, 2}, {1, 0}}) {
            for (String condition : List.of("angle All", "angle Bottom2")) {
                JsonObject cross = combo(rs[0], rs[1]).getAsJsonObject(condition);
                JsonObject same = combo(rs[0], rs[0]).getAsJsonObject(condition);
                assertNotEquals(same.get("positions"), cross.get("positions"),
                        condition + " selected on layer " + rs[1] + " instead of " + rs[0]);
                answerChanges |= !cross.get("answer_ids").equals(same.get("answer_ids"));
            }
        }
        assertTrue(answerChanges, "selecting on another layer changes an answer");
    }

    @Test
    void everyLayerAndSelectingLayerGivesTheReferencePositionsAndAnswer() throws IOException {
        for (JsonElement e : reference.getAsJsonArray("combos")) {
            int layer = e.getAsJsonObject().get("layer").getAsInt();
            int selectLayer = e.getAsJsonObject().get("select_layer").getAsInt();
            String where = "--layer " + layer + " --select-layer " + selectLayer;
            Path out = dir.resolve("layer" + layer + "-select" + selectLayer);
            EndToEndTest.Cli c = EndToEndTest.cli(intervene(skyOnly, out, layer, selectLayer));
            assertEquals(0, c.status(), where + ": " + c.err());
            List<String> lines = Files.readAllLines(out.resolve(RunFolder.RESULTS_JSONL));
            assertEquals(1, lines.size());
            JsonObject record = JsonParser.parseString(lines.get(0)).getAsJsonObject();
            assertEquals("ok", record.get("status").getAsString(), record.toString());
            assertEquals(answer(reference.getAsJsonArray("speech_answer_ids")),
                    record.getAsJsonObject("speech").get("answer").getAsString(), where + ": the plain spoken answer");
            JsonObject expected = combo(layer, selectLayer);
            for (String condition : List.of("angle All", "angle Bottom2")) {
                JsonObject got = record.getAsJsonObject("interventions").getAsJsonObject(condition);
                JsonObject want = expected.getAsJsonObject(condition);
                assertEquals(ints(want.getAsJsonArray("positions")), ints(got.getAsJsonArray("positions")),
                        where + ", " + condition + ": the speech positions selected on layer " + selectLayer);
                assertEquals(answer(want.getAsJsonArray("answer_ids")), got.get("answer").getAsString(),
                        where + ", " + condition + ": the answer with hidden state " + layer + " rewritten");
            }
        }
    }

    @Test
    void anInterruptedInterveneRunResumesToTheFilesOfAnUninterruptedOne() throws IOException {
        Path whole = dir.resolve("whole");
        EndToEndTest.Cli w = EndToEndTest.cli(intervene(data, whole, 1, 2));
        assertEquals(0, w.status(), w.err());

        Path resumed = dir.resolve("resumed");
        ExampleSet set = ExampleSetReader.create(OnBrokenLine.SKIP).read(data);
        BatchListener stopAfterThree = Interrupt.after(3);
        InterventionRun.Settings settings = new InterventionRun.Settings(reference.get("max_new_tokens").getAsInt(),
                List.of(RewriteKind.ANGLE_PROJECTION),
                List.of(CriticalTokenSelection.allTokens(), CriticalTokenSelection.bottomK(2)), 1, 2,
                SimilarityMetric.COSINE);
        try (BundleRunner runner = BundleRunner.open(bundle, Device.cpu())) {
            Evaluation.Outcome first = InterventionRun.run(runner, set, resumed, Shard.ALL, settings, stopAfterThree);
            assertFalse(first.complete());
        }
        assertEquals(3, Files.readAllLines(resumed.resolve(RunFolder.RESULTS_JSONL)).size());
        assertFalse(Files.exists(resumed.resolve(RunFolder.SUMMARY_JSON)));
        // a kill in the middle of writing leaves half a line behind
        Files.writeString(resumed.resolve(RunFolder.RESULTS_JSONL), "{\"line\": 4, \"sta", StandardOpenOption.APPEND);

        EndToEndTest.Cli rest = EndToEndTest.cli(intervene(data, resumed, 1, 2));
        assertEquals(0, rest.status(), rest.err());
        assertTrue(rest.err().contains("6 examples in"), "only the six entries left were run: " + rest.err());
        for (String f : FILES) {
            assertEquals(Files.readString(whole.resolve(f)), Files.readString(resumed.resolve(f)), f);
        }
    }
}
