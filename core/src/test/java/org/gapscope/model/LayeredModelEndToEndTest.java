package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.gapscope.GapScopeException;
import org.gapscope.capture.Capture;
import org.gapscope.capture.Modality;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Python exporter's bundle of a miniature Hugging Face look-alike model, opened in Java, must
 * reproduce what the Python model computed for itself: hidden states at every layer, greedy answers,
 * an answer's log-probability, and the effect of an intervention.
 */
class LayeredModelEndToEndTest {

    /** Max abs difference allowed, relative to max(1, the reference's largest magnitude). */
    static final double TOLERANCE = 1e-4;

    private static final Map<String, LayeredModel> MODELS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    static LayeredModel model(String family) {
        return MODELS.computeIfAbsent(family, f -> LayeredModel.open(ModelBundle.open(MiniBundles.bundle(f))));
    }

    @AfterAll
    static void closeModels() {
        MODELS.values().forEach(LayeredModel::close);
        MODELS.clear();
    }

    static float[][] matrix(JsonArray rows) {
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            JsonArray row = rows.get(i).getAsJsonArray();
            out[i] = new float[row.size()];
            for (int j = 0; j < row.size(); j++) {
                out[i][j] = row.get(j).getAsFloat();
            }
        }
        return out;
    }

    static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }

    /** Asserts |a - b| <= TOLERANCE * max(1, max|b|) for a slice {@code b[from..from+a.length)}. */
    static double assertClose(float[][] actual, float[][] reference, int from, String what) {
        double scale = 1;
        for (int i = 0; i < actual.length; i++) {
            for (float v : reference[from + i]) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            assertEquals(reference[from + i].length, actual[i].length, what + ": hidden size");
            for (int j = 0; j < actual[i].length; j++) {
                worst = Math.max(worst, Math.abs(actual[i][j] - reference[from + i][j]));
            }
        }
        assertTrue(worst <= TOLERANCE * scale, what + ": max abs difference " + worst + " > " + TOLERANCE + " x " + scale);
        return worst / scale;
    }

    static Prompt prompt(LayeredModel model, JsonObject entry, Modality modality) {
        return modality == Modality.SPEECH ? model.speechPrompt(transpose(matrix(entry.getAsJsonArray("features"))))
                : model.textPrompt(entry.get("transcript").getAsString());
    }

    /** The reference stores features as [mel][frames] already; kept as a named step for clarity. */
    static float[][] transpose(float[][] melByFrame) {
        return melByFrame;
    }

    @ParameterizedTest
    @ValueSource(strings = {MiniBundles.QWEN2_AUDIO, MiniBundles.WHISPER_LLM})
    void reproducesHiddenStatesAtEveryLayerForSpeechAndText(String family) {
        checkHiddenStates(model(family), MiniBundles.reference(family), family);
    }

    @ParameterizedTest
    @ValueSource(strings = {MiniBundles.QWEN2_AUDIO, MiniBundles.WHISPER_LLM})
    void reproducesTheGreedyAnswerAndTheAnswerScore(String family) {
        checkGreedyAnswersAndScores(model(family), MiniBundles.reference(family), family);
    }

    /** Hidden states of the reference's speech and text prompts at every layer, whole prompt and query span. */
    static void checkHiddenStates(LayeredModel model, JsonObject ref, String label) {
        for (Modality modality : Modality.values()) {
            JsonObject entry = ref.getAsJsonObject(modality.id());
            Prompt prompt = prompt(model, entry, modality);
            assertEquals(entry.get("sequence_length").getAsInt(), prompt.length(), modality + " prompt length");
            assertEquals(entry.get("query_start").getAsInt(), prompt.queryStart(), modality + " query start");
            assertEquals(entry.get("query_length").getAsInt(), prompt.queryLength(), modality + " query length");

            CaptureHook query = CaptureHook.querySpan("ex-1");
            CaptureHook whole = CaptureHook.wholeSequence("ex-1");
            model.forward(prompt, query, whole);
            Capture q = query.capture();
            Capture w = whole.capture();
            JsonArray hidden = entry.getAsJsonArray("hidden");
            assertEquals(model.numLayers() + 1, hidden.size());
            assertEquals(hidden.size(), q.layerCount());
            double worst = 0;
            for (int l = 0; l < hidden.size(); l++) {
                float[][] layer = matrix(hidden.get(l).getAsJsonArray());
                worst = Math.max(worst, assertClose(w.layer(l), layer, 0, label + " " + modality + " layer " + l
                        + " (whole prompt)"));
                assertClose(q.layer(l), layer, prompt.queryStart(), label + " " + modality + " layer " + l + " (query)");
            }
            System.out.printf(java.util.Locale.ROOT, "%s %s: max abs difference / scale over layers 0..%d: %.2e%n",
                    label, modality.id(), model.numLayers(), worst);
            assertEquals(modality, q.modality());
            assertEquals(model.manifest().name(), q.meta().model());
            assertEquals("ex-1", q.meta().exampleId());
            assertEquals(prompt.queryTokens(), q.tokens());
            if (modality == Modality.SPEECH) {
                assertEquals("s0", q.tokens().get(0));
                float[] times = q.times();
                assertEquals(q.length(), times.length);
                assertEquals(0f, times[0]);
                assertTrue(times[1] > 0 && times[times.length - 1] < prompt.speech().seconds());
            } else {
                assertEquals(List.of("what", "is", "the", "color", "of", "the", "sky"), q.tokens());
                assertEquals(0, q.times().length);
            }
        }
    }

    /** The reference's greedy answers (token for token) and answer log-probabilities. */
    static void checkGreedyAnswersAndScores(LayeredModel model, JsonObject ref, String label) {
        int maxTokens = ref.get("max_new_tokens").getAsInt();
        for (Modality modality : Modality.values()) {
            JsonObject entry = ref.getAsJsonObject(modality.id());
            Prompt prompt = prompt(model, entry, modality);
            Generation g = model.generate(prompt, maxTokens);
            long[] expected = longs(entry.getAsJsonArray("greedy_ids"));
            assertArrayEquals(expected, g.tokenIds(), label + " " + modality + " greedy answer");
            boolean stopped = expected[expected.length - 1] == 2L;
            assertEquals(stopped ? Generation.StopReason.STOP_TOKEN : Generation.StopReason.MAX_TOKENS, g.stopReason());
            assertEquals(g.tokenIds().length, g.tokens().size());

            AnswerScore s = model.score(prompt, entry.get("score_answer").getAsString());
            double want = entry.get("score_logprob").getAsDouble();
            assertEquals(want, s.logProbability(), TOLERANCE * Math.max(1, Math.abs(want)), label + " " + modality + " score");
            assertEquals(2, s.tokenLogProbabilities().length);
            assertTrue(s.tokenLogProbabilities()[0] < 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {MiniBundles.QWEN2_AUDIO, MiniBundles.WHISPER_LLM})
    void reproducesAnInterventionAndItsAnswer(String family) {
        LayeredModel model = model(family);
        JsonObject iv = MiniBundles.reference(family).getAsJsonObject("intervention");
        JsonObject text = MiniBundles.reference(family).getAsJsonObject("text");
        int layer = iv.get("layer").getAsInt();
        int position = iv.get("position").getAsInt();
        float[] vector = matrix(wrap(iv.getAsJsonArray("vector")))[0];
        Prompt prompt = model.textPrompt(text.get("transcript").getAsString());
        InterventionHook hook = InterventionHook.builder().replace(layer, position, vector).build();
        CaptureHook whole = CaptureHook.wholeSequence("iv");
        model.forward(prompt, hook, whole);
        JsonArray hidden = iv.getAsJsonArray("hidden");
        for (int l = 0; l < hidden.size(); l++) {
            assertClose(whole.capture().layer(l), matrix(hidden.get(l).getAsJsonArray()), 0, family + " edited layer " + l);
        }
        assertArrayEquals(vector, whole.capture().vector(layer, prompt.queryStart() + position), 0f);
        Generation g = model.generate(prompt, MiniBundles.reference(family).get("max_new_tokens").getAsInt(), hook);
        assertArrayEquals(longs(iv.getAsJsonArray("greedy_ids")), g.tokenIds(), family + " answer after the intervention");
    }

    private static JsonArray wrap(JsonArray row) {
        JsonArray a = new JsonArray();
        a.add(row);
        return a;
    }

    @Test
    void anInterventionChangesExactlyTheRewrittenPositionAndEverythingDownstream() {
        LayeredModel model = model(MiniBundles.QWEN2_AUDIO);
        Prompt prompt = model.textPrompt("how many legs does a dog have");
        CaptureHook before = CaptureHook.wholeSequence("a");
        model.forward(prompt, before);
        int layer = 1;
        int position = 3;
        InterventionHook hook = InterventionHook.builder()
                .rewrite(layer, position, (l, p, current) -> {
                    float[] v = current.clone();
                    for (int i = 0; i < v.length; i++) {
                        v[i] = -v[i] * 0.5f;
                    }
                    return v;
                })
                .build();
        CaptureHook after = CaptureHook.wholeSequence("a");
        model.forward(prompt, hook, after);
        int rewritten = prompt.queryStart() + position;
        Capture b = before.capture();
        Capture a = after.capture();
        for (int l = 0; l < b.layerCount(); l++) {
            for (int t = 0; t < b.length(); t++) {
                boolean same = java.util.Arrays.equals(b.vector(l, t), a.vector(l, t));
                boolean shouldChange = (l == layer && t == rewritten) || (l > layer && t >= rewritten);
                assertEquals(!shouldChange, same, "layer " + l + " position " + t + (shouldChange ? " unchanged" : " changed"));
            }
        }
        float[] was = b.vector(layer, rewritten);
        float[] now = a.vector(layer, rewritten);
        for (int i = 0; i < was.length; i++) {
            assertEquals(-0.5f * was[i], now[i], 1e-6f);
        }
    }

    @Test
    void anInterventionAtTheInputEmbeddingsOfSpeechMovesTheAnswerDistribution() {
        LayeredModel model = model(MiniBundles.WHISPER_LLM);
        JsonObject ref = MiniBundles.reference(MiniBundles.WHISPER_LLM).getAsJsonObject("speech");
        Prompt prompt = prompt(model, ref, Modality.SPEECH);
        float[] plain = model.forward(prompt).lastLogits();
        float[] zero = new float[model.hiddenSize()];
        InterventionHook.Builder b = InterventionHook.builder();
        for (int p = 0; p < prompt.queryLength(); p++) {
            b.replace(0, p, zero);
        }
        CaptureHook c = CaptureHook.querySpan("z");
        float[] edited = model.forward(prompt, b.build(), c).lastLogits();
        assertNotEquals(java.util.Arrays.toString(plain), java.util.Arrays.toString(edited));
        for (int p = 0; p < prompt.queryLength(); p++) {
            assertArrayEquals(zero, c.capture().vector(0, p), 0f);
        }
    }

    @Test
    void textEmbeddingsAreLayerZeroOfTheTextQuery() {
        LayeredModel model = model(MiniBundles.QWEN2_AUDIO);
        TokenEmbeddings e = model.embedText("two cat");
        CaptureHook c = CaptureHook.querySpan("e");
        model.forward(model.textPrompt("two cat"), c);
        assertEquals(List.of("two", "cat"), e.tokens());
        assertArrayEquals(c.capture().layer(0)[1], e.vectors()[1], 0f);
    }

    @Test
    void captureSavesAnNpzThatNumpyLoadsWithoutPickles() {
        LayeredModel model = model(MiniBundles.QWEN2_AUDIO);
        JsonObject ref = MiniBundles.reference(MiniBundles.QWEN2_AUDIO).getAsJsonObject("speech");
        CaptureHook hook = CaptureHook.querySpan("speech-7");
        model.forward(prompt(model, ref, Modality.SPEECH), hook);
        Capture c = hook.capture();
        Path file = dir.resolve("speech.npz");
        c.save(file);
        String out = Python.run("import numpy as np, json, sys\n"
                + "z = np.load(sys.argv[1])\n"
                + "h = z['hidden']; meta = json.loads(bytes(z['meta']).decode()); tok = json.loads(bytes(z['tokens']).decode())\n"
                + "print(h.dtype, h.shape, z['times'].dtype, z['times'].shape, len(tok), tok[0], meta['modality'], meta['example'])\n"
                + "print(repr(float(h[2, 5, 7])))\n", file.toString()).strip();
        String[] lines = out.split("\n");
        assertEquals("float32 (3, " + c.length() + ", 32) float32 (" + c.length() + ",) " + c.length()
                + " s0 speech speech-7", lines[0]);
        assertEquals(c.vector(2, 5)[7], Float.parseFloat(lines[1]), 0f);
        Capture back = Capture.load(file);
        assertArrayEquals(c.vector(2, 5), back.vector(2, 5), 0f);
        assertEquals(c.meta(), back.meta());
        assertArrayEquals(c.times(), back.times(), 0f);
    }

    @Test
    void aTranscriptLongerThan512TokensIsNotTruncatedButRefusedWithItsLength() {
        LayeredModel model = model(MiniBundles.QWEN2_AUDIO);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            words.add("blue");
        }
        GapScopeException e = assertThrows(GapScopeException.class, () -> model.textPrompt(String.join(" ", words)));
        assertTrue(e.getMessage().contains("605 positions long (query 600, template 5)"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 128 (max_positions)"), e.getMessage());
    }
}
