package org.gapscope.cli.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.cli.GapScopeCli;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * {@code gapscope figure} end to end on captures written by the test in the documented capture
 * layout: each speech position carries the (noisy) hidden state of the token being spoken, less
 * noisy in deeper layers, so the heatmap has a real diagonal path and the curves a real trend.
 * The heatmap's exported data is checked cell by cell against {@code gapscope metrics} on the same
 * dumps and layer and against similarities computed here from the arrays written.
 */
class FigureCommandTest {

    static final List<String> TOKENS = List.of("<bos>", "where", "is", "the", "lake", "?");
    static final int LAYERS = 5;
    static final int D = 24;
    static final int TS = 90;

    @TempDir
    static Path dir;

    static Path speech0;
    static Path text0;
    /** The hidden states of pair 0 as written, [layer][position][d]. */
    static float[][][] speechStates;
    static float[][][] textStates;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void captures() {
        for (int k = 0; k < 3; k++) {
            writePair(k, new Random(100 + k));
        }
        speech0 = dir.resolve("speech-0.npz");
        text0 = dir.resolve("text-0.npz");
    }

    /** Token j has a random direction; speech position i carries the state of the token spoken at i, plus noise. */
    static void writePair(int k, Random rnd) {
        int tt = TOKENS.size();
        float[][] token = new float[tt][D];
        for (float[] v : token) {
            for (int c = 0; c < D; c++) {
                v[c] = (float) rnd.nextGaussian();
            }
        }
        float[] text = new float[LAYERS * tt * D];
        float[] speech = new float[LAYERS * TS * D];
        for (int l = 0; l < LAYERS; l++) {
            double noise = 2.0 - 0.4 * l;
            for (int j = 0; j < tt; j++) {
                for (int c = 0; c < D; c++) {
                    text[(l * tt + j) * D + c] = token[j][c] * (1 + 0.3f * l);
                }
            }
            for (int i = 0; i < TS; i++) {
                int j = Math.min(tt - 1, i * tt / TS);
                for (int c = 0; c < D; c++) {
                    speech[(l * TS + i) * D + c] = (float) (token[j][c] * (1 + 0.5 * l) + noise * rnd.nextGaussian());
                }
            }
        }
        float[] times = new float[TS];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < TS; i++) {
            times[i] = i * 0.04f;
            names.add("s" + i);
        }
        write(dir.resolve("speech-" + k + ".npz"), NpyArray.ofFloats(speech, LAYERS, TS, D), names, times,
                "speech", k);
        if (k == 0) {
            speechStates = unflatten(speech, TS);
            textStates = unflatten(text, tt);
        }
        write(dir.resolve("text-" + k + ".npz"), NpyArray.ofFloats(text, LAYERS, tt, D), TOKENS, new float[0],
                "text", k);
    }

    static float[][][] unflatten(float[] flat, int n) {
        float[][][] v = new float[LAYERS][n][D];
        for (int l = 0; l < LAYERS; l++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, (l * n + i) * D, v[l][i], 0, D);
            }
        }
        return v;
    }

    static void write(Path path, NpyArray hidden, List<String> tokens, float[] times, String modality, int k) {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("hidden", hidden);
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < tokens.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(tokens.get(i)).append('"');
        }
        m.put("tokens", NpyArray.ofBytes(json.append(']').toString().getBytes(StandardCharsets.UTF_8)));
        m.put("times", NpyArray.ofFloats(times, times.length));
        m.put("meta", NpyArray.ofBytes(("{\"model\":\"test-captures\",\"modality\":\"" + modality
                + "\",\"example\":\"pair-" + k + "\"}").getBytes(StandardCharsets.UTF_8)));
        Npz.write(path, m);
    }

    private int run(String... args) {
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    private static Document svg(Path p) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(p.toFile());
    }

    private static List<String> texts(Document d) {
        NodeList nodes = d.getElementsByTagNameNS("*", "text");
        List<String> t = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            t.add(nodes.item(i).getTextContent());
        }
        return t;
    }

    @Test
    void heatmapFromCapturesWithDataBeside() throws Exception {
        Path svg = dir.resolve("heatmap.svg");
        int status = run("figure", "heatmap", "--speech", speech0.toString(), "--text", text0.toString(),
                "--layer", "4", "--dtw", "--out", svg.toString(), "--data", "json");
        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("wrote " + svg), out.toString());
        List<String> t = texts(svg(svg));
        assertTrue(t.containsAll(List.of("<bos>", "where", "lake", "?", "speech time (s)")), t.toString());
        assertTrue(String.join(" ", t).contains("cosine similarity (layer 4)"),
                "metric and layer on the colour bar (one or two lines): " + t);
        assertTrue(t.stream().anyMatch(s -> s.contains("test-captures")), "title from the capture's meta: " + t);
        JsonObject data = JsonParser.parseString(Files.readString(dir.resolve("heatmap.json"))).getAsJsonObject();
        assertTrue(data.has("dtw_path"));
    }

    /**
     * The exported matrix, path and scores of the heatmap at a layer are, cell by cell, those of
     * {@code gapscope metrics} at that layer (path and path values, APS, monotonicity, consistency)
     * and the similarities of the arrays written (every cell), for both metrics.
     */
    @Test
    void heatmapDataIsMetricsAtTheSameLayerCellByCell() throws Exception {
        Path metrics = dir.resolve("metrics.json");
        assertEquals(0, run("metrics", "--speech", speech0.toString(), "--text", text0.toString(), "--json",
                metrics.toString(), "--quiet"), err.toString());
        JsonObject m = JsonParser.parseString(Files.readString(metrics)).getAsJsonObject();
        for (String metric : List.of("cosine", "euclidean")) {
            for (int layer : new int[] {1, 3}) {
                // the check can see a wrong layer only if neighbouring layers differ: they do, in every cell
                assertNotEquals(m.getAsJsonArray("path_value_" + metric).get(layer).getAsJsonArray().get(0),
                        m.getAsJsonArray("path_value_" + metric).get(layer + 1).getAsJsonArray().get(0));
                Path svg = dir.resolve("cells-" + metric + layer + ".svg");
                assertEquals(0, run("figure", "heatmap", "--speech", speech0.toString(), "--text", text0.toString(),
                        "--layer", Integer.toString(layer), "--metric", metric, "--out", svg.toString(), "--data",
                        "json"), err.toString());
                JsonObject h = JsonParser.parseString(Files.readString(dir.resolve("cells-" + metric + layer
                        + ".json"))).getAsJsonObject();
                assertEquals(layer, h.get("layer").getAsInt(), "the figure shows the layer asked for");
                assertEquals(metric, h.get("metric").getAsString());
                JsonArray values = h.getAsJsonArray("values");
                assertEquals(TS, values.size());
                for (int i = 0; i < TS; i++) {
                    for (int j = 0; j < TOKENS.size(); j++) {
                        double want = metric.equals("cosine") ? cosine(speechStates[layer][i], textStates[layer][j])
                                : distance(speechStates[layer][i], textStates[layer][j]);
                        double got = values.get(i).getAsJsonArray().get(j).getAsDouble();
                        assertEquals(want, got, 2e-5 * Math.max(1, Math.abs(want)), metric + " layer " + layer
                                + " cell (" + i + ", " + j + ")");
                    }
                }
                JsonArray path = h.getAsJsonArray("path");
                JsonArray mPath = m.getAsJsonArray("path_" + metric).get(layer).getAsJsonArray();
                JsonArray mValue = m.getAsJsonArray("path_value_" + metric).get(layer).getAsJsonArray();
                for (int j = 0; j < TOKENS.size(); j++) {
                    int i = path.get(j).getAsInt();
                    assertEquals(mPath.get(j).getAsInt(), i, metric + " layer " + layer + ": token " + j
                            + " aligned as metrics aligns it");
                    double value = mValue.get(j).getAsDouble();
                    assertEquals(value, values.get(i).getAsJsonArray().get(j).getAsDouble(),
                            1e-5 * Math.max(1, Math.abs(value)), metric + " layer " + layer + ": the value under token "
                                    + j + "'s path mark (the figure's matrix is float32)");
                }
                JsonObject scores = h.getAsJsonObject("scores");
                JsonObject at = m.getAsJsonArray("layers").get(layer).getAsJsonObject();
                assertEquals(at.get("aps_" + metric).getAsDouble(), scores.get("aps").getAsDouble(), 1e-12);
                assertEquals(at.get("monotonicity_" + metric).getAsDouble(), scores.get("monotonicity").getAsDouble(),
                        1e-12);
                assertEquals(at.get("consistency").getAsDouble(), scores.get("consistency").getAsDouble(), 1e-12);
                assertEquals("layer " + layer, scores.get("scope").getAsString());
            }
        }
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int c = 0; c < a.length; c++) {
            ab += (double) a[c] * b[c];
            aa += (double) a[c] * a[c];
            bb += (double) b[c] * b[c];
        }
        return ab / Math.sqrt(aa * bb);
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            double d = (double) a[c] - b[c];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    @Test
    void heatmapPngAtSlideSizeAndDpi() throws Exception {
        Path png = dir.resolve("heatmap-slide.png");
        assertEquals(0, run("figure", "heatmap", "--speech", speech0.toString(), "--text", text0.toString(),
                "--metric", "euclidean", "--size", "slide", "--dpi", "150", "--colormap", "magma",
                "--out", png.toString()), err.toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1500, img.getWidth());
        assertEquals(844, img.getHeight());
    }

    @Test
    void curvesOverSeveralPairsAddMeanBandAndControl() throws Exception {
        Path svg = dir.resolve("curves.svg");
        List<String> args = new ArrayList<>(List.of("figure", "curves", "--size", "ieee-double", "--out",
                svg.toString(), "--data"));
        for (int k = 0; k < 3; k++) {
            args.addAll(List.of("--speech", dir.resolve("speech-" + k + ".npz").toString(), "--text",
                    dir.resolve("text-" + k + ".npz").toString()));
        }
        assertEquals(0, run(args.toArray(String[]::new)), err.toString());
        List<String> t = texts(svg(svg));
        assertTrue(t.contains("dataset mean \u00b1 1 sd (n = 3)"), t.toString());
        assertTrue(t.contains("mismatched-pair control (GapScope's addition)"), t.toString());
        assertTrue(t.contains("pair-0"), "the capture's example id labels its curve: " + t);
        String csv = Files.readString(dir.resolve("curves.csv"));
        assertEquals(1 + 5 * LAYERS, csv.lines().count(), csv);
    }

    @Test
    void scatterFromACsvOfPoints() throws Exception {
        Path csv = dir.resolve("points.csv");
        Files.writeString(csv, "label,gap,score,group\nA,20,0.40,LoRA\nB,15,0.46,LoRA\nC,10,0.55,full\n"
                + "D,12,0.50,full\n");
        Path png = dir.resolve("scatter.png");
        assertEquals(0, run("figure", "scatter", "--points", csv.toString(), "--y-label", "APS (cosine)",
                "--out", png.toString(), "--dpi", "150"), err.toString());
        assertEquals(525, ImageIO.read(png.toFile()).getWidth());
        Files.writeString(csv, "label,gap,score\nA,x,0.4\n");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "scatter", "--points", csv.toString(), "--out",
                png.toString()));
        assertTrue(err.toString().contains("line 2"), err.toString());
    }

    @Test
    void audioStripFromRealSpeech() throws Exception {
        Path wav = dir.resolve("say.wav");
        boolean spoke;
        try {
            Process p = new ProcessBuilder("espeak-ng", "-w", wav.toString(), "where is the lake")
                    .redirectErrorStream(true).start();
            spoke = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            spoke = false;
        }
        assertTrue(spoke, "espeak-ng must be installed (README, System requirements; .ci/run installs it)");
        Path svg = dir.resolve("audio.svg");
        assertEquals(0, run("figure", "audio", "--audio", wav.toString(), "--out", svg.toString()), err.toString());
        List<String> t = texts(svg(svg));
        assertTrue(t.containsAll(List.of("waveform", "mel band", "time (s)")), t.toString());
        Path withAudio = dir.resolve("heatmap-audio.png");
        assertEquals(0, run("figure", "heatmap", "--speech", speech0.toString(), "--text", text0.toString(),
                "--audio", wav.toString(), "--out", withAudio.toString(), "--dpi", "150"), err.toString());
        assertTrue(ImageIO.read(withAudio.toFile()).getHeight() > 0);
    }

    @Test
    void userErrorsAreOneLineAndLeaveNoFile() {
        Path png = dir.resolve("never.png");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "heatmap", "--speech", speech0.toString(), "--text",
                text0.toString(), "--layer", "9", "--out", png.toString()));
        assertTrue(err.toString().startsWith("gapscope: --layer 9 is outside 0..4"), err.toString());
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "heatmap", "--speech", speech0.toString(), "--text",
                text0.toString(), "--size", "a4", "--out", png.toString()));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "heatmap", "--speech", speech0.toString(), "--text",
                text0.toString(), "--colormap", "jet", "--out", png.toString()));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "heatmap", "--speech", speech0.toString(), "--text",
                text0.toString(), "--range", "1:0", "--out", png.toString()));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "heatmap", "--speech", speech0.toString(), "--text",
                text0.toString(), "--out", dir.resolve("x.pdf").toString()));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "heatmap", "--speech", speech0.toString(), "--text",
                text0.toString(), "--dpi", "5000", "--out", png.toString()));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "curves", "--speech", speech0.toString(), "--text",
                text0.toString(), "--text", text0.toString(), "--out", png.toString()));
        assertFalse(Files.exists(png));
        assertFalse(Files.exists(dir.resolve("x.pdf")));
        assertEquals(7, err.toString().lines().filter(l -> l.startsWith("gapscope: ")).count(), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }
}
