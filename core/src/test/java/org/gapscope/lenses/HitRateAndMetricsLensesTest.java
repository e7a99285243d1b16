package org.gapscope.lenses;

import static org.gapscope.lenses.LensFixtures.assertMatrix;
import static org.gapscope.lenses.LensFixtures.assertValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Provenance;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.capture.Capture;
import org.gapscope.capture.CaptureMeta;
import org.gapscope.capture.Modality;
import org.gapscope.cli.GapScopeCli;
import org.gapscope.dataset.WordTiming;
import org.gapscope.dataset.WordTimings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference-alignment hit rate by hand, and {@code gapscope metrics --cka --words} end to end
 * against NumPy, from plain .npy dumps and from capture .npz files; bad word files as one line.
 */
class HitRateAndMetricsLensesTest {

    @TempDir
    Path dir;

    @Test
    void hitRateAndBaselineByHand() {
        // six positions of 0.1 s; "what" 0-0.18 s -> positions 0-1, "colour" 0.21-0.45 -> 2-4, "sky" 0.5-0.6 -> 5
        SpeechPositionTimes times = SpeechPositionTimes.uniform(6, 0.6);
        WordTimings words = new WordTimings(List.of(new WordTiming("what", 0, 0.18), new WordTiming("colour", 0.21, 0.45),
                new WordTiming("sky", 0.5, 0.6)));
        TokenPairing ref = TokenPairing.referenceWords(words, TokenWords.given(new int[] {0, 1, 1, 2}, 3), times);
        // layer 0 path (0, 3, 1, 5): tokens 0, 1, 3 inside their word -> 3/4; layer 1 path (5, 5, 5, 5): only token 3
        Provenance p = new Provenance("m", "e", "hit_rate_cosine", new LayerRange(1, 1), "test");
        ReferenceAlignmentHitRate h = ReferenceAlignmentHitRate.of(p, SimilarityMetric.COSINE,
                List.of(new int[] {0, 3, 1, 5}, new int[] {5, 5, 5, 5}), ref);
        assertArrayEquals(new double[] {0.75, 0.25}, h.hit(), 1e-12);
        // baseline: spans of 2, 3, 3 and 1 of 6 positions -> (2 + 3 + 3 + 1) / 6 / 4 = 0.375
        assertArrayEquals(new double[] {0.375, 0.375}, h.baseline(), 1e-12);
        assertArrayEquals(new double[] {0.375, -0.125}, h.hitMinusBaseline(), 1e-12);
        assertEquals(0.25, h.meanHit(), 1e-12);
        assertEquals(-0.125, h.meanHitMinusBaseline(), 1e-12);
        // a proportional pairing is no reference
        assertTrue(assertThrowsMessage(() -> ReferenceAlignmentHitRate.of(p, SimilarityMetric.COSINE,
                List.of(new int[] {0}), TokenPairing.proportional(6, 1))).contains("needs reference word timings"));
    }

    private static String assertThrowsMessage(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an exception");
    }

    private int run(StringWriter err, String... args) {
        return GapScopeCli.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
    }

    private static JsonObject words(String transcript, double[][] spans, int[] tokenWords, Double duration) {
        JsonObject o = new JsonObject();
        if (transcript != null) {
            o.addProperty("transcript", transcript);
        }
        String[] w = transcript == null ? null : WordTimings.transcriptWords(transcript).toArray(String[]::new);
        JsonArray a = new JsonArray();
        for (int k = 0; k < spans.length; k++) {
            JsonObject item = new JsonObject();
            item.addProperty("word", w == null ? "w" + k : w[k]);
            item.addProperty("start", spans[k][0]);
            item.addProperty("end", spans[k][1]);
            a.add(item);
        }
        o.add("words", a);
        if (tokenWords != null) {
            o.add("token_words", LensFixtures.ints(tokenWords));
        }
        if (duration != null) {
            o.addProperty("duration", duration);
        }
        return o;
    }

    private Path write(String name, JsonObject o) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, o.toString(), StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void metricsFromNpyDumpsAgreesWithNumpy() throws IOException {
        SplittableRandom r = new SplittableRandom(21);
        int layers = 4;
        int ts = 44;
        int tt = 7;
        int d = 10;
        float[][] s = LensFixtures.states(r, layers, ts, d, 1.0);
        float[][] t = LensFixtures.followingText(r, s, TokenPairing.proportional(ts, tt), d, 0.7);
        Path sp = LensFixtures.npy(dir.resolve("s.npy"), s, ts, d);
        Path tp = LensFixtures.npy(dir.resolve("t.npy"), t, tt, d);
        double[][] spans = {{0.05, 0.5}, {0.5, 0.9}, {0.95, 1.9}, {2.0, 2.2}};
        int[] tokenWords = {0, 0, 1, 2, 2, 2, 3};
        JsonObject w = words(null, spans, tokenWords, 2.2);
        Path wordsFile = write("w.json", w);
        Path out = dir.resolve("out.json");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "metrics", "--speech", sp.toString(), "--text", tp.toString(), "--cka", "--words",
                wordsFile.toString(), "--json", out.toString(), "--quiet"), err.toString());
        JsonObject java = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        JsonObject spec = new JsonObject();
        spec.addProperty("speech", sp.toString());
        spec.addProperty("text", tp.toString());
        spec.add("pairing", w);
        compare(java, LensFixtures.reference(dir, "cka", spec), LensFixtures.reference(dir, "hit_rate", spec), layers);
        assertEquals("reference_words", java.getAsJsonObject("pairing").get("method").getAsString());
        assertTrue(java.get("cka_label").getAsString().contains("Hsu et al. 2026"));
        assertTrue(java.getAsJsonObject("hit_rate").get("label").getAsString().contains("ALAS-style"));
    }

    @Test
    void metricsFromCapturesMatchesTokensToWordsByTheirText() throws IOException {
        SplittableRandom r = new SplittableRandom(8);
        int layers = 3;
        int ts = 30;
        int d = 9;
        // the text tokens of a byte-level tokenizer for " what's the capital, france?"
        List<String> tokens = List.of("Ġwhat", "'s", "Ġthe", "Ġcapital", ",", "Ġfr", "ance", "?");
        int tt = tokens.size();
        float[][] s = LensFixtures.states(r, layers, ts, d, 1.0);
        float[][] t = LensFixtures.followingText(r, s, TokenPairing.proportional(ts, tt), d, 0.7);
        float[] times = new float[ts];
        for (int i = 0; i < ts; i++) {
            times[i] = i * 0.06f;
        }
        Path sp = dir.resolve("speech.npz");
        Path tp = dir.resolve("text.npz");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < ts; i++) {
            names.add("s" + i);
        }
        Capture.of(flat(s), layers, ts, d, names, times, new CaptureMeta("m", Modality.SPEECH, "e", "test")).save(sp);
        Capture.of(flat(t), layers, tt, d, tokens, new float[0], new CaptureMeta("m", Modality.TEXT, "e", "test")).save(tp);
        double[][] spans = {{0.0, 0.31}, {0.33, 0.5}, {0.52, 1.1}, {1.15, 1.8}};
        Path wordsFile = write("w.json", words("What's the capital, France?", spans, null, null));
        Path out = dir.resolve("out.json");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "metrics", "--speech", sp.toString(), "--text", tp.toString(), "--cka", "--words",
                wordsFile.toString(), "--json", out.toString(), "--quiet"), err.toString());
        JsonObject java = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        // the reference gets the map worked out by hand and the capture's times
        JsonObject pairing = words(null, spans, new int[] {0, 0, 1, 2, 2, 3, 3, 3}, null);
        JsonArray jt = new JsonArray();
        for (float x : times) {
            jt.add(x);
        }
        pairing.add("times", jt);
        Path spn = LensFixtures.npy(dir.resolve("s.npy"), s, ts, d);
        Path tpn = LensFixtures.npy(dir.resolve("t.npy"), t, tt, d);
        JsonObject spec = new JsonObject();
        spec.addProperty("speech", spn.toString());
        spec.addProperty("text", tpn.toString());
        spec.add("pairing", pairing);
        compare(java, LensFixtures.reference(dir, "cka", spec), LensFixtures.reference(dir, "hit_rate", spec), layers);
        assertTrue(java.getAsJsonObject("pairing").get("note").getAsString().contains("token_text"));
    }

    private static float[] flat(float[][] layers) {
        float[] out = new float[layers.length * layers[0].length];
        for (int l = 0; l < layers.length; l++) {
            System.arraycopy(layers[l], 0, out, l * layers[0].length, layers[0].length);
        }
        return out;
    }

    private static void compare(JsonObject java, JsonObject cka, JsonObject hit, int layers) {
        JsonArray spans = java.getAsJsonObject("pairing").getAsJsonArray("spans");
        assertEquals(cka.getAsJsonArray("spans"), spans, "the same speech positions paired with each token");
        double[][] m = new double[layers][layers];
        JsonArray jm = java.getAsJsonArray("cka");
        for (int a = 0; a < layers; a++) {
            for (int b = 0; b < layers; b++) {
                JsonArray row = jm.get(a).getAsJsonArray();
                m[a][b] = row.get(b).isJsonNull() ? Double.NaN : row.get(b).getAsDouble();
            }
        }
        assertMatrix("cka", cka.getAsJsonArray("cka"), m, 2e-5);
        for (int a = 0; a < layers; a++) {
            assertEquals(cka.getAsJsonArray("band_width").get(a), java.getAsJsonArray("cka_band_width").get(a),
                    "band width " + a);
            assertValue("diagonal " + a, cka.getAsJsonArray("diagonal").get(a),
                    java.getAsJsonArray("cka_diagonal").get(a).getAsDouble(), 2e-5);
        }
        assertValue("diagonal mean", cka.get("diagonal_mean"), java.get("cka_diagonal_mean").getAsDouble(), 2e-5);
        JsonObject jh = java.getAsJsonObject("hit_rate");
        for (String metric : List.of("cosine", "euclidean")) {
            JsonObject e = hit.getAsJsonObject(metric);
            JsonObject a = jh.getAsJsonObject(metric);
            for (String key : List.of("hit", "baseline")) {
                for (int l = 0; l < layers; l++) {
                    assertEquals(e.getAsJsonArray(key).get(l).getAsDouble(), a.getAsJsonArray(key).get(l).getAsDouble(),
                            1e-12, metric + " " + key + " at layer " + l);
                }
            }
            for (String key : List.of("mean_hit", "mean_baseline", "mean_hit_minus_baseline")) {
                assertEquals(e.get(key).getAsDouble(), a.get(key).getAsDouble(), 1e-12, metric + " " + key);
            }
        }
    }

    @Test
    void badWordFilesAreOneLineAndWriteNothing() throws IOException {
        SplittableRandom r = new SplittableRandom(2);
        Path sp = LensFixtures.npy(dir.resolve("s.npy"), LensFixtures.states(r, 3, 12, 4, 0), 12, 4);
        Path tp = LensFixtures.npy(dir.resolve("t.npy"), LensFixtures.states(r, 3, 3, 4, 0), 3, 4);
        double[][] spans = {{0, 0.4}, {0.4, 0.8}, {0.8, 1.2}};
        assertBad("no such words file", sp, tp, dir.resolve("missing.json"));
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"words\": [", StandardCharsets.UTF_8);
        assertBad("not valid JSON", sp, tp, broken);
        assertBad("needs \"transcript\"", sp, tp, write("a.json", words(null, spans, null, 1.2)));
        assertBad("the transcript \"a b\" has 2", sp, tp, write("b.json", words("a b c", spans, null, 1.2))
                .resolveSibling("b.json"), "a b");
        assertBad("has no token strings", sp, tp, write("c.json", words("a b c", spans, null, 1.2)));
        assertBad("has no position times", sp, tp, write("d.json", words(null, spans, new int[] {0, 1, 2}, null)));
        assertBad("\"token_words\" has 2 entries", sp, tp, write("e.json", words(null, spans, new int[] {0, 1}, 1.2)));
        assertBad("after the end of the 1.000 s clip", sp, tp, write("f.json", words(null, spans, new int[] {0, 1, 2},
                1.0)));
    }

    private void assertBad(String part, Path sp, Path tp, Path wordsFile, String... transcript) throws IOException {
        if (transcript.length > 0) {
            JsonObject o = JsonParser.parseString(Files.readString(wordsFile)).getAsJsonObject();
            o.addProperty("transcript", transcript[0]);
            Files.writeString(wordsFile, o.toString());
        }
        Path out = dir.resolve("bad-out.json");
        StringWriter err = new StringWriter();
        int status = run(err, "metrics", "--speech", sp.toString(), "--text", tp.toString(), "--cka", "--words",
                wordsFile.toString(), "--json", out.toString(), "--quiet");
        String message = err.toString();
        assertEquals(GapScopeCli.EXIT_USER_ERROR, status, message);
        assertTrue(message.startsWith("gapscope: ") && message.contains(part), message);
        assertEquals(1, message.strip().lines().count(), message);
        assertFalse(Files.exists(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("bad-out")), "no temporary file left");
        }
    }
}
