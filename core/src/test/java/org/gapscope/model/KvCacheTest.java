package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.gapscope.capture.Capture;
import org.gapscope.capture.Modality;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.djl.Device;

/**
 * Generation from a format 2 bundle's key/value cache against generation that runs the whole sequence
 * for every token ({@link KvCacheMode#OFF}, {@code --no-kv-cache}): the same answers, token for token,
 * with and without interventions; the hooks see the same prompt states; a format 1 bundle runs
 * without a cache; reaching max_positions is reported the same way.
 */
class KvCacheTest {

    private static final Map<String, LayeredModel> UNCACHED = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    private static LayeredModel cached(String family) {
        LayeredModel m = LayeredModelEndToEndTest.model(family);
        assertTrue(m.usesKvCache(), family + " is a format 2 bundle, opened with the cache");
        return m;
    }

    private static LayeredModel uncached(String family) {
        LayeredModel m = UNCACHED.computeIfAbsent(family,
                f -> LayeredModel.open(ModelBundle.open(MiniBundles.bundle(f)), Device.cpu(), KvCacheMode.OFF));
        assertFalse(m.usesKvCache());
        return m;
    }

    @AfterAll
    static void closeModels() {
        UNCACHED.values().forEach(LayeredModel::close);
        UNCACHED.clear();
    }

    private static Prompt prompt(LayeredModel model, String family, Modality modality) {
        JsonObject entry = MiniBundles.reference(family).getAsJsonObject(modality.id());
        return LayeredModelEndToEndTest.prompt(model, entry, modality);
    }

    @ParameterizedTest
    @ValueSource(strings = {MiniBundles.QWEN2_AUDIO, MiniBundles.WHISPER_LLM})
    void greedyAnswersAreTheSameWithAndWithoutTheCache(String family) {
        for (Modality modality : Modality.values()) {
            LayeredModel a = cached(family);
            LayeredModel b = uncached(family);
            Generation withCache = a.generate(prompt(a, family, modality), 12);
            Generation without = b.generate(prompt(b, family, modality), 12);
            assertArrayEquals(without.tokenIds(), withCache.tokenIds(), family + " " + modality);
            assertEquals(without.stopReason(), withCache.stopReason());
            assertEquals(without.text(), withCache.text());
            long[] reference = LayeredModelEndToEndTest.longs(
                    MiniBundles.reference(family).getAsJsonObject(modality.id()).getAsJsonArray("greedy_ids"));
            assertArrayEquals(reference, Arrays.copyOf(withCache.tokenIds(), reference.length),
                    family + " " + modality + ": the look-alike's own answer");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {MiniBundles.QWEN2_AUDIO, MiniBundles.WHISPER_LLM})
    void interventionsChangeTheAnswerTheSameWayWithAndWithoutTheCache(String family) {
        JsonObject iv = MiniBundles.reference(family).getAsJsonObject("intervention");
        float[] vector = LayeredModelEndToEndTest.matrix(single(iv))[0];
        InterventionHook hook = InterventionHook.builder()
                .replace(iv.get("layer").getAsInt(), iv.get("position").getAsInt(), vector).build();
        LayeredModel a = cached(family);
        LayeredModel b = uncached(family);
        Generation withCache = a.generate(prompt(a, family, Modality.TEXT), 12, hook);
        Generation without = b.generate(prompt(b, family, Modality.TEXT), 12, hook);
        assertArrayEquals(without.tokenIds(), withCache.tokenIds(), family + " with the intervention");
        long[] reference = LayeredModelEndToEndTest.longs(iv.getAsJsonArray("greedy_ids"));
        assertArrayEquals(reference, Arrays.copyOf(withCache.tokenIds(), reference.length));
        long[] plainReference = LayeredModelEndToEndTest.longs(
                MiniBundles.reference(family).getAsJsonObject("text").getAsJsonArray("greedy_ids"));
        if (!Arrays.equals(plainReference, reference)) { // qwen2-audio's look-alike answers otherwise after it
            Generation plain = a.generate(prompt(a, family, Modality.TEXT), 12);
            assertNotEquals(Arrays.toString(plain.tokenIds()), Arrays.toString(withCache.tokenIds()),
                    "the intervention changes the cached answer, so the prompt's rewritten states reached the cache");
        }
    }

    private static JsonArray single(JsonObject iv) {
        JsonArray rows = new JsonArray();
        rows.add(iv.getAsJsonArray("vector"));
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {MiniBundles.QWEN2_AUDIO, MiniBundles.WHISPER_LLM})
    void captureHooksSeeTheSamePromptStatesAsAForwardPass(String family) {
        for (Modality modality : Modality.values()) {
            LayeredModel a = cached(family);
            LayeredModel b = uncached(family);
            Prompt prompt = prompt(a, family, modality);
            CaptureHook forward = CaptureHook.wholeSequence("x");
            a.forward(prompt, forward);
            CaptureHook duringCached = CaptureHook.wholeSequence("x");
            a.generate(prompt, 8, duringCached);
            CaptureHook duringWhole = CaptureHook.wholeSequence("x");
            b.generate(prompt(b, family, modality), 8, duringWhole);
            Capture f = forward.capture();
            for (Capture c : new Capture[] {duringCached.capture(), duringWhole.capture()}) {
                assertEquals(prompt.length(), c.length(), "the prompt pass only, no generated token");
                for (int l = 0; l < f.layerCount(); l++) {
                    for (int t = 0; t < f.length(); t++) {
                        assertArrayEquals(f.vector(l, t), c.vector(l, t), family + " " + modality + " layer " + l
                                + " position " + t);
                    }
                }
            }
        }
    }

    @Test
    void reachingMaxPositionsCutsTheAnswerTheSameWayAndSaysSo() throws IOException {
        Path b = MiniBundles.copy(MiniBundles.QWEN2_AUDIO, dir.resolve("short"));
        LayeredModel probe = cached(MiniBundles.QWEN2_AUDIO);
        int promptLength = prompt(probe, MiniBundles.QWEN2_AUDIO, Modality.TEXT).length();
        Path manifest = b.resolve("bundle.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"max_positions\": 128",
                "\"max_positions\": " + (promptLength + 2)));
        try (LayeredModel a = LayeredModel.open(ModelBundle.open(b), Device.cpu());
                LayeredModel c = LayeredModel.open(ModelBundle.open(b), Device.cpu(), KvCacheMode.OFF)) {
            Generation withCache = a.generate(prompt(a, MiniBundles.QWEN2_AUDIO, Modality.TEXT), 12);
            Generation without = c.generate(prompt(c, MiniBundles.QWEN2_AUDIO, Modality.TEXT), 12);
            assertArrayEquals(without.tokenIds(), withCache.tokenIds());
            assertEquals(3, withCache.tokenIds().length, "positions " + promptLength + ".." + (promptLength + 2));
            assertTrue(withCache.cutAtMaxPositions());
            assertEquals(Generation.StopReason.MAX_POSITIONS, without.stopReason());
        }
    }

    @Test
    void aFormat1BundleGeneratesWithoutACache() throws URISyntaxException {
        Path dir1 = Path.of(getClass().getResource("real-qwen2audio/reference.json").toURI()).getParent();
        try (LayeredModel m = LayeredModel.open(ModelBundle.open(dir1.resolve("bundle")), Device.cpu())) {
            assertEquals(1, m.manifest().formatVersion());
            assertFalse(m.usesKvCache());
        }
    }
}
