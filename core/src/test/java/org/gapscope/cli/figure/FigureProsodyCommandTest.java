package org.gapscope.cli.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.audio.EspeakSpeech;
import org.gapscope.cli.GapScopeCli;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;

/** {@code gapscope figure audio --pitch --level} and the strips above {@code figure heatmap}, end to end. */
class FigureProsodyCommandTest {

    @TempDir
    static Path dir;

    static Path speech;
    static double expectedF0;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void speech() {
        speech = EspeakSpeech.monotone(dir, 130, "where is the lake");
        expectedF0 = EspeakSpeech.monotoneF0(130);
    }

    private int run(String... args) {
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    private static List<String> texts(Path svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        NodeList nodes = f.newDocumentBuilder().parse(svg.toFile()).getElementsByTagNameNS("*", "text");
        List<String> t = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            t.add(nodes.item(i).getTextContent());
        }
        return t;
    }

    @Test
    void theAudioFigureDrawsPitchAndLevelAndWritesTheirTable() throws Exception {
        Path svg = dir.resolve("pitch.svg");
        assertEquals(0, run("figure", "audio", "--audio", speech.toString(), "--pitch", "--level", "--out", svg.toString(),
                "--data", "csv"), err.toString());
        List<String> t = texts(svg);
        assertTrue(t.containsAll(List.of("waveform", "F0 (Hz)", "level (dB)", "mel band", "time (s)")), t.toString());
        List<String> rows = Files.readAllLines(dir.resolve("pitch.csv"), StandardCharsets.UTF_8);
        assertEquals("time_s,f0_hz,level_db", rows.get(0));
        List<Double> voiced = new ArrayList<>();
        int unvoiced = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",", -1);
            assertEquals(3, f.length, row);
            assertTrue(Double.parseDouble(f[2]) <= 0, "level in dBFS: " + row);
            if (f[1].isEmpty()) {
                unvoiced++;
            } else {
                voiced.add(Double.parseDouble(f[1]));
            }
        }
        assertTrue(unvoiced > 0 && voiced.size() > 20, unvoiced + " unvoiced, " + voiced.size() + " voiced");
        double[] sorted = voiced.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        assertEquals(expectedF0, sorted[sorted.length / 2], expectedF0 * 0.02, "median F0 of the exported track");
        assertTrue(out.toString().contains("pitch.csv"), out.toString());
    }

    @Test
    void onlyWhatWasAskedIsDrawnAndWritten() throws Exception {
        Path svg = dir.resolve("level.svg");
        assertEquals(0, run("figure", "audio", "--audio", speech.toString(), "--level", "--out", svg.toString(),
                "--data", "json"), err.toString());
        List<String> t = texts(svg);
        assertTrue(t.contains("level (dB)") && !t.contains("F0 (Hz)"), t.toString());
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("level.json"))).getAsJsonObject();
        assertEquals("audio-prosody", json.get("kind").getAsString());
        JsonObject prosody = json.getAsJsonObject("prosody");
        assertTrue(prosody.has("level_db") && !prosody.has("f0_hz"), prosody.keySet().toString());
        assertTrue(prosody.get("settings").getAsString().startsWith("yin, 75–600 Hz, window 64 ms, hop 10 ms"));

        Path plain = dir.resolve("plain.svg");
        assertEquals(0, run("figure", "audio", "--audio", speech.toString(), "--out", plain.toString()), err.toString());
        assertFalse(texts(plain).contains("level (dB)"), "without --pitch/--level: the audio strip as before");
    }

    @Test
    void otherEstimatorsAndRangesAreOptions() throws Exception {
        Path png = dir.resolve("mpm.png");
        assertEquals(0, run("figure", "audio", "--audio", speech.toString(), "--pitch", "--pitch-algorithm", "mpm",
                "--pitch-floor", "100", "--pitch-ceiling", "300", "--out", png.toString(), "--dpi", "150", "--data"),
                err.toString());
        assertTrue(ImageIO.read(png.toFile()).getHeight() > 0);
        List<String> rows = Files.readAllLines(dir.resolve("mpm.csv"));
        assertEquals("time_s,f0_hz", rows.get(0));
        for (String row : rows.subList(1, rows.size())) {
            String f0 = row.split(",", -1)[1];
            assertTrue(f0.isEmpty() || (Double.parseDouble(f0) >= 100 && Double.parseDouble(f0) <= 300), row);
        }
    }

    @Test
    void theHeatmapGetsTheStripsAboveItsMatrix() throws Exception {
        int layers = 3;
        int ts = 40;
        int tt = 5;
        int d = 8;
        Random rnd = new Random(3);
        float[] s = new float[layers * ts * d];
        float[] t = new float[layers * tt * d];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) rnd.nextGaussian();
        }
        Path sp = dir.resolve("s.npy");
        Path tp = dir.resolve("t.npy");
        Npy.write(sp, NpyArray.ofFloats(s, layers, ts, d));
        Npy.write(tp, NpyArray.ofFloats(t, layers, tt, d));
        Path svg = dir.resolve("heatmap.svg");
        assertEquals(0, run("figure", "heatmap", "--speech", sp.toString(), "--text", tp.toString(), "--audio",
                speech.toString(), "--seconds-per-position", "0.04", "--pitch", "--level", "--out", svg.toString()),
                err.toString());
        List<String> labels = texts(svg);
        assertTrue(labels.containsAll(List.of("waveform", "mel band", "F0 (Hz)", "level (dB)", "speech time (s)")),
                labels.toString());
    }

    @Test
    void mistakesAreOneLineAndWriteNothing() {
        Path png = dir.resolve("never.png");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "audio", "--audio", speech.toString(), "--pitch",
                "--pitch-algorithm", "crepe", "--out", png.toString()));
        assertEquals("gapscope: pitch algorithm must be yin, fast-yin or mpm, not 'crepe'", lastLine());
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "audio", "--audio", speech.toString(), "--pitch",
                "--pitch-floor", "300", "--pitch-ceiling", "200", "--out", png.toString()));
        assertTrue(lastLine().startsWith("gapscope: --pitch-floor/--pitch-ceiling: pitch ceiling (200.0 Hz) must be above"),
                lastLine());
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "audio", "--audio", speech.toString(), "--pitch",
                "--pitch-floor", "20", "--out", png.toString()));
        assertTrue(lastLine().startsWith("gapscope: pitch floor 20 Hz needs a window of at least 1600 samples"), lastLine());
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "audio", "--audio", dir.resolve("none.wav").toString(),
                "--pitch", "--out", png.toString()));
        assertTrue(lastLine().contains("none.wav"), lastLine());
        Path tiny = dir.resolve("tiny.wav");
        org.gapscope.audio.WavWriter.writePcm16(org.gapscope.audio.AudioClip.ofSamples(new float[800]), tiny);
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "audio", "--audio", tiny.toString(), "--level", "--out",
                png.toString()));
        assertEquals("gapscope: tiny.wav: 0.050 s of audio is too short for the pitch and level tracks (one frame is 64 ms)",
                lastLine());
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "heatmap", "--speech", "s.npy", "--text", "t.npy",
                "--pitch", "--out", png.toString()));
        assertEquals("gapscope: --pitch and --level need --audio (the clip whose tracks are drawn)", lastLine());
        assertFalse(Files.exists(png));
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    private String lastLine() {
        String[] lines = err.toString().strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
