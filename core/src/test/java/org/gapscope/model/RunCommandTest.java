package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.LogMelSpectrogram;
import org.gapscope.audio.WavWriter;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.capture.Capture;
import org.gapscope.capture.Modality;
import org.gapscope.cli.GapScopeCli;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gapscope run} and {@code gapscope bench-capture} on the miniature exported model. */
class RunCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cli(String... args) {
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    private static String expectedAnswer(String modality) {
        LayeredModel m = LayeredModelEndToEndTest.model(MiniBundles.QWEN2_AUDIO);
        JsonObject entry = MiniBundles.reference(MiniBundles.QWEN2_AUDIO).getAsJsonObject(modality);
        return m.decode(LayeredModelEndToEndTest.longs(entry.getAsJsonArray("greedy_ids")));
    }

    @Test
    void runsATypedQueryAndSavesItsCapture() {
        Path capture = dir.resolve("text.npz");
        String bundle = MiniBundles.bundle(MiniBundles.QWEN2_AUDIO).toString();
        assertEquals(0, cli("run", "--model", bundle, "--text", "what is the color of the sky", "--max-tokens", "6",
                "--capture", capture.toString(), "--example-id", "q-1"), err.toString());
        assertEquals(expectedAnswer("text"), out.toString().strip());
        Capture c = Capture.load(capture);
        assertEquals(Modality.TEXT, c.modality());
        assertEquals("q-1", c.meta().exampleId());
        assertEquals(7, c.length());
        assertTrue(err.toString().contains("saved " + capture + " (3 layers x 7 positions x 32)"), err.toString());
    }

    @Test
    void printsTheSameAnswerWithoutTheKeyValueCache() {
        String bundle = MiniBundles.bundle(MiniBundles.QWEN2_AUDIO).toString();
        assertEquals(0, cli("run", "--model", bundle, "--text", "what is the color of the sky", "--max-tokens", "6",
                "--no-kv-cache"), err.toString());
        assertEquals(expectedAnswer("text"), out.toString().strip());
        assertFalse(err.toString().contains("max_positions"), err.toString());
    }

    @Test
    void saysSoWhenTheAnswerReachesMaxPositions() throws IOException {
        Path b = MiniBundles.copy(MiniBundles.QWEN2_AUDIO, dir.resolve("short"));
        Path manifest = b.resolve("bundle.json");
        // the text prompt is 12 positions: room for 2 new tokens
        Files.writeString(manifest, Files.readString(manifest).replace("\"max_positions\": 128", "\"max_positions\": 13"));
        assertEquals(0, cli("run", "--model", b.toString(), "--text", "what is the color of the sky", "--max-tokens", "6"),
                err.toString());
        LayeredModel m = LayeredModelEndToEndTest.model(MiniBundles.QWEN2_AUDIO);
        long[] all = LayeredModelEndToEndTest.longs(MiniBundles.reference(MiniBundles.QWEN2_AUDIO).getAsJsonObject("text")
                .getAsJsonArray("greedy_ids"));
        assertEquals(m.decode(new long[] {all[0], all[1]}), out.toString().strip(), "the first two tokens of the answer");
        assertTrue(err.toString().contains("gapscope: answer cut at max_positions (13)"),
                err.toString());
    }

    @Test
    void runsASpokenQueryGivenAsLogMelFeatures() {
        float[][] features = LayeredModelEndToEndTest.matrix(MiniBundles.reference(MiniBundles.QWEN2_AUDIO)
                .getAsJsonObject("speech").getAsJsonArray("features"));
        Path npy = dir.resolve("query.npy");
        Npy.write(npy, NpyArray.ofMatrix(features));
        Path capture = dir.resolve("speech.npz");
        assertEquals(0, cli("run", "--model", MiniBundles.bundle(MiniBundles.QWEN2_AUDIO).toString(), "--features",
                npy.toString(), "--max-tokens", "6", "--capture", capture.toString(), "--capture-float16"), err.toString());
        assertEquals(expectedAnswer("speech"), out.toString().strip());
        Capture c = Capture.load(capture);
        assertEquals("query.npy", c.meta().exampleId());
        assertEquals("s0", c.tokens().get(0));
    }

    @Test
    void badInputIsOneLineAndExitStatus2() {
        assertEquals(GapScopeCli.EXIT_USER_ERROR, cli("run", "--model", dir.resolve("none").toString(), "--text", "x"));
        assertEquals("gapscope: " + dir.resolve("none") + ": no such model bundle folder", err.toString().strip());
        StringWriter e2 = new StringWriter();
        int status = GapScopeCli.run(new String[] {"run", "--model", MiniBundles.bundle(MiniBundles.QWEN2_AUDIO).toString(),
            "--text", "zebra"}, new PrintWriter(new StringWriter()), new PrintWriter(e2));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, status);
        assertTrue(e2.toString().startsWith("gapscope: the tokenizer of mini-qwen2-audio-lookalike cannot encode \"zebra\""));
        assertFalse(e2.toString().contains("\tat "), "no stack trace");
        StringWriter e3 = new StringWriter();
        status = GapScopeCli.run(new String[] {"run", "--model", "x"}, new PrintWriter(new StringWriter()), new PrintWriter(e3));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, status);
        assertTrue(e3.toString().contains("(--audio=FILE | --features=FILE.npy | --text=TEXT)"), e3.toString());
    }

    private Path tone(String name, double seconds) {
        int n = (int) Math.round(seconds * 16000);
        float[] x = new float[n];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            double t = i / 16000.0;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * (220 + 200 * t) * t) + 0.02 * r.nextGaussian());
        }
        Path wav = dir.resolve(name);
        WavWriter.writePcm16(AudioClip.ofSamples(x), wav);
        return wav;
    }

    @Test
    void runsASpokenQueryFromAnAudioFileThroughWhisperFeatures() {
        Path wav = tone("query.wav", 2.0);
        Path capture = dir.resolve("audio.npz");
        assertEquals(0, cli("run", "--model", MiniBundles.bundle(MiniBundles.QWEN2_AUDIO).toString(), "--audio",
                wav.toString(), "--max-tokens", "4", "--capture", capture.toString()), err.toString());

        LayeredModel m = LayeredModelEndToEndTest.model(MiniBundles.QWEN2_AUDIO);
        LogMelSpectrogram s = new WhisperLogMel(80).compute(new AudioLoader().load(wav), 30.0);
        assertEquals(3000, s.frames());
        assertEquals(200, s.validFrames());
        CaptureHook hook = CaptureHook.querySpan("query.wav");
        Generation g = m.generate(m.speechPrompt(m.encodeSpeech(s.toMatrix(), s.validFrames())), 4, hook);
        assertEquals(g.text(), out.toString().strip());
        Capture c = Capture.load(capture);
        assertEquals(50, c.length(), "200 valid frames give 50 Qwen2-Audio positions");
        assertEquals("query.wav", c.meta().exampleId());
        org.junit.jupiter.api.Assertions.assertArrayEquals(hook.capture().vector(2, 49), c.vector(2, 49), 0f);
    }

    @Test
    void audioLongerThanTheEncoderAcceptsIsRefused() {
        Path wav = tone("long.wav", 31.0);
        assertEquals(GapScopeCli.EXIT_USER_ERROR, cli("run", "--model", MiniBundles.bundle(MiniBundles.QWEN2_AUDIO).toString(),
                "--audio", wav.toString()));
        assertEquals("gapscope: the audio is 31.00 s long (3100 frames); the speech encoder of mini-qwen2-audio-lookalike "
                + "accepts at most 30.00 s (3000 frames)", err.toString().strip());
    }

    @Test
    void benchCaptureReportsMemoryAndOverhead() {
        assertEquals(0, cli("bench-capture", "--model", MiniBundles.bundle(MiniBundles.QWEN2_AUDIO).toString(), "--text",
                "two cat", "--passes", "4", "--pairs", "3", "--warmup", "1"), err.toString());
        String report = out.toString();
        assertTrue(report.contains("text query, prompt 7 positions (query 2)"), report);
        assertTrue(report.contains("4 capture examples in a row"), report);
        assertTrue(report.matches("(?s).*RSS before \\d+ kB, after \\d+ kB.*"), report);
        assertTrue(report.contains("capture overhead:"), report);
    }

    @Test
    void benchScaleMeasuresQueriesCapturesAndTheCacheSpeedUp() throws IOException {
        Path json = dir.resolve("scale.json");
        assertEquals(0, cli("bench-scale", "--model", MiniBundles.bundle(MiniBundles.QWEN2_AUDIO).toString(), "--text",
                "two cat", "--speech-seconds", "1,2", "--tokens", "4", "--uncached-up-to", "1", "--json", json.toString()),
                err.toString());
        JsonObject r = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(7, r.get("typed_prompt_positions").getAsInt());
        int tokens = r.get("typed_answer_tokens").getAsInt();
        assertTrue(tokens >= 1 && tokens <= 4, "at most the 4 tokens asked for: " + tokens);
        // 1 s of log-mel = 100 frames -> 25 speech positions in the Qwen2-Audio look-alike (stride 4)
        assertEquals(25 + 5, r.get("spoken_1.00000s_prompt_positions").getAsInt());
        long half = r.get("spoken_2.00000s_capture_float16_bytes").getAsLong();
        long full = r.get("spoken_2.00000s_capture_float32_bytes").getAsLong();
        assertTrue(half < full && half > full / 3, half + " vs " + full);
        assertTrue(r.has("typed_cache_speedup") && r.has("spoken_1.00000s_cache_speedup"), r.toString());
        assertFalse(r.has("spoken_2.00000s_cache_speedup"), "longer queries only with the cache");
        assertTrue(r.get("bundle_bytes").getAsLong() > 100_000 && r.get("rss_peak_mb").getAsLong() > 0, r.toString());
        assertTrue(out.toString().contains("typed: speed-up of the cache (the same tokens), wall"), out.toString());
    }
}
