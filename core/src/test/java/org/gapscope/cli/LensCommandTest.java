package org.gapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.audio.AudioLoader;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gapscope lens} on the shipped model: the JSON's shape and consistency, and bad input as one line. */
class LensCommandTest {

    private static final Path ROOT = Python.repositoryRoot();
    private static final Path BUNDLE = ROOT.resolve("resources/models/mini-fullft-final");
    private static final Path AUDIO = ROOT.resolve("resources/examples/sample/wav/espeak-m2-u00587.wav");
    private static final String TRANSCRIPT = "what comes after ninety five";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void spokenAndTypedQueryWithWordTimings() throws IOException {
        double seconds = new AudioLoader().load(AUDIO).durationSeconds();
        // five words spread evenly over the clip (made-up timings; the point is the pairing they give)
        JsonObject words = new JsonObject();
        words.addProperty("transcript", TRANSCRIPT);
        JsonArray list = new JsonArray();
        String[] w = TRANSCRIPT.split(" ");
        for (int k = 0; k < w.length; k++) {
            JsonObject o = new JsonObject();
            o.addProperty("word", w[k]);
            o.addProperty("start", seconds * k / w.length);
            o.addProperty("end", seconds * (k + 1) / w.length);
            list.add(o);
        }
        words.add("words", list);
        Path wordsFile = dir.resolve("words.json");
        Files.writeString(wordsFile, words.toString(), StandardCharsets.UTF_8);
        Path json = dir.resolve("lens.json");
        int status = run("lens", "--model", BUNDLE.toString(), "--audio", AUDIO.toString(), "--text", TRANSCRIPT,
                "--layers", "0,2-3", "--top", "3", "--words", wordsFile.toString(), "--json", json.toString(),
                "--device", "cpu");
        assertEquals(0, status, err.toString());
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals("gapscope-lens", o.get("format").getAsString());
        assertTrue(o.get("label").getAsString().contains("nostalgebraist") && o.get("label").getAsString().contains("AudioLens"));
        assertEquals("[0,2,3]", o.getAsJsonArray("layers").toString());
        JsonObject speech = o.getAsJsonObject("speech");
        JsonObject text = o.getAsJsonObject("text");
        int ts = speech.get("positions").getAsInt();
        assertEquals(ts, speech.getAsJsonArray("times").size());
        assertEquals(5, text.get("positions").getAsInt());
        int vocab = o.getAsJsonObject("head").get("vocab_size").getAsInt();
        for (JsonObject side : new JsonObject[] {speech, text}) {
            JsonArray layers = side.getAsJsonArray("layers");
            assertEquals(3, layers.size());
            for (var layer : layers) {
                JsonArray ids = layer.getAsJsonObject().getAsJsonArray("top_ids");
                JsonArray probs = layer.getAsJsonObject().getAsJsonArray("top_probs");
                JsonArray tokens = layer.getAsJsonObject().getAsJsonArray("top_tokens");
                assertEquals(side.get("positions").getAsInt(), ids.size());
                for (int p = 0; p < ids.size(); p++) {
                    double previous = 1.0;
                    for (int k = 0; k < 3; k++) {
                        int id = ids.get(p).getAsJsonArray().get(k).getAsInt();
                        double pr = probs.get(p).getAsJsonArray().get(k).getAsDouble();
                        assertTrue(id >= 0 && id < vocab);
                        assertTrue(pr > 0 && pr <= previous + 1e-7, "probabilities best first");
                        previous = pr;
                        assertFalse(tokens.get(p).getAsJsonArray().get(k).getAsString().isEmpty());
                    }
                }
            }
        }
        JsonObject agreement = o.getAsJsonObject("agreement");
        assertTrue(agreement.get("label").getAsString().contains("Lens agreement"));
        JsonObject pairing = agreement.getAsJsonObject("pairing");
        assertEquals("reference_words", pairing.get("method").getAsString());
        assertEquals(5, pairing.getAsJsonArray("spans").size());
        JsonArray perLayer = agreement.getAsJsonArray("layers");
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < perLayer.size(); i++) {
            JsonObject l = perLayer.get(i).getAsJsonObject();
            JsonArray st = l.getAsJsonArray("speech_top1");
            JsonArray tt = l.getAsJsonArray("text_top1");
            JsonArray textTop = text.getAsJsonArray("layers").get(i).getAsJsonObject().getAsJsonArray("top_ids");
            int same = 0;
            for (int j = 0; j < 5; j++) {
                assertEquals(textTop.get(j).getAsJsonArray().get(0).getAsInt(), tt.get(j).getAsInt(),
                        "the text's top-1 is its read-out's");
                same += st.get(j).getAsInt() == tt.get(j).getAsInt() ? 1 : 0;
            }
            assertEquals(same / 5.0, l.get("agreement").getAsDouble(), 1e-12);
            if (l.get("layer").getAsInt() >= 1) {
                sum += same / 5.0;
                counted++;
            }
        }
        assertEquals(sum / counted, agreement.get("mean").getAsDouble(), 1e-12);
        JsonObject timing = o.getAsJsonObject("timing");
        assertEquals((long) 3 * (ts + 5 + 5), timing.get("lm_head_rows").getAsLong());
        assertTrue(out.toString().contains("top-1 token per position"), out.toString());
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws IOException {
        Path json = dir.resolve("lens.json");
        String model = BUNDLE.toString();
        assertBad("give --audio FILE, --text TEXT, or both", "--model", model, "--json", json.toString());
        assertBad("give both --audio and --text", "--model", model, "--text", TRANSCRIPT, "--words", "w.json",
                "--json", json.toString());
        assertBad("the model has hidden states 0..4", "--model", model, "--text", TRANSCRIPT, "--layers", "2,9",
                "--json", json.toString());
        assertBad("--layers must be all or a list", "--model", model, "--text", TRANSCRIPT, "--layers", "two",
                "--json", json.toString());
        assertBad("--top must be between 1 and the vocabulary size 385", "--model", model, "--text", TRANSCRIPT,
                "--top", "1000", "--json", json.toString());
        assertBad("--top must be at least 1", "--model", model, "--text", TRANSCRIPT, "--top", "0",
                "--json", json.toString());
        assertBad("no-such.wav", "--model", model, "--audio", dir.resolve("no-such.wav").toString(),
                "--json", json.toString());
        assertBad("cannot encode", "--model", model, "--text", "what comes after zyzzyva", "--json", json.toString());
        assertBad(dir.resolve("nowhere").toString(), "--model", model, "--text", TRANSCRIPT, "--json",
                dir.resolve("nowhere/lens.json").toString());
    }

    private void assertBad(String part, String... args) throws IOException {
        StringWriter e = new StringWriter();
        String[] full = Stream.concat(Stream.of("lens", "--device", "cpu"), Stream.of(args)).toArray(String[]::new);
        int status = GapScopeCli.run(full, new PrintWriter(new StringWriter()), new PrintWriter(e));
        String message = e.toString().strip();
        assertEquals(GapScopeCli.EXIT_USER_ERROR, status, message);
        assertTrue(message.startsWith("gapscope: ") && message.contains(part), message);
        assertEquals(1, message.lines().filter(l -> l.startsWith("gapscope")).count(), message);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("lens")), "nothing written");
        }
    }
}
