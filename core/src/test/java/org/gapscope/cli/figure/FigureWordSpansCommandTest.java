package org.gapscope.cli.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.ImageIO;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.cli.GapScopeCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gapscope figure heatmap --words}: the reference word spans drawn as boxes with their legend entry,
 * the boxed cells and the hit rate in the data file equal to what {@code metrics --words} computes, and a bad
 * words file refused in one line.
 */
class FigureWordSpansCommandTest {

    /** 90 positions of 0.04 s; tokens {@code <bos> where is the lake ?}; word k of 4 words per token. */
    private static final String WORDS = "{\"words\": [{\"word\": \"where\", \"start\": 0.0, \"end\": 0.6},"
            + " {\"word\": \"is\", \"start\": 0.6, \"end\": 1.2}, {\"word\": \"the\", \"start\": 1.2, \"end\": 1.8},"
            + " {\"word\": \"lake\", \"start\": 1.8, \"end\": 3.6}], \"token_words\": [0, 0, 1, 2, 3, 3]}";

    @TempDir
    static Path dir;

    static Path speech;
    static Path text;
    static Path words;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void captures() throws Exception {
        // FigureCommandTest's captures, written into this class's folder
        Path saved = FigureCommandTest.dir;
        FigureCommandTest.dir = dir;
        try {
            FigureCommandTest.writePair(0, new Random(100));
        } finally {
            FigureCommandTest.dir = saved;
        }
        speech = dir.resolve("speech-0.npz");
        text = dir.resolve("text-0.npz");
        words = dir.resolve("words.json");
        Files.writeString(words, WORDS);
    }

    private int run(String... args) {
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void spansAndHitRateAreThoseOfMetrics() throws Exception {
        Path metrics = dir.resolve("metrics.json");
        assertEquals(0, run("metrics", "--speech", speech.toString(), "--text", text.toString(), "--words",
                words.toString(), "--json", metrics.toString(), "--quiet"), err.toString());
        JsonObject m = JsonParser.parseString(Files.readString(metrics)).getAsJsonObject();
        for (String metric : new String[] {"cosine", "euclidean"}) {
            for (int layer : new int[] {0, 3}) {
                Path svg = dir.resolve("spans-" + metric + layer + ".svg");
                assertEquals(0, run("figure", "heatmap", "--speech", speech.toString(), "--text", text.toString(),
                        "--words", words.toString(), "--metric", metric, "--layer", Integer.toString(layer), "--out",
                        svg.toString(), "--data", "json"), err.toString());
                JsonObject spans = JsonParser.parseString(Files.readString(dir.resolve("spans-" + metric + layer
                        + ".json"))).getAsJsonObject().getAsJsonObject("word_spans");
                JsonArray start = spans.getAsJsonArray("start");
                JsonArray end = spans.getAsJsonArray("end");
                JsonArray metricsSpans = m.getAsJsonObject("pairing").getAsJsonArray("spans");
                // where (positions 0-14) for <bos> and where, is 15-29, the 30-44, lake 45-89 for lake and ?
                int[][] expected = {{0, 15}, {0, 15}, {15, 30}, {30, 45}, {45, 90}, {45, 90}};
                for (int j = 0; j < expected.length; j++) {
                    assertEquals(expected[j][0], start.get(j).getAsInt(), "token " + j + " start");
                    assertEquals(expected[j][1], end.get(j).getAsInt(), "token " + j + " end");
                    assertEquals(metricsSpans.get(j).getAsJsonArray().get(0).getAsInt(), start.get(j).getAsInt());
                    assertEquals(metricsSpans.get(j).getAsJsonArray().get(1).getAsInt(), end.get(j).getAsInt());
                }
                JsonObject hit = m.getAsJsonObject("hit_rate").getAsJsonObject(metric);
                assertEquals(hit.getAsJsonArray("hit").get(layer).getAsDouble(), spans.get("hit_rate").getAsDouble(),
                        1e-12, metric + " layer " + layer);
                assertEquals(hit.getAsJsonArray("baseline").get(layer).getAsDouble(),
                        spans.get("baseline").getAsDouble(), 1e-12);
                String svgText = Files.readString(svg);
                assertTrue(svgText.contains("reference word spans (ALAS-style, arXiv 2505.19937)"),
                        "legend entry in the SVG");
                assertTrue(svgText.contains(String.format(java.util.Locale.ROOT, "ALAS-style hit rate %.2f",
                        spans.get("hit_rate").getAsDouble())), "hit rate in the caption");
            }
        }
    }

    @Test
    void theSvgHasOneFramedBoxPerWordAndTheCsvMarksTheBoxedCells() throws Exception {
        Path svg = dir.resolve("boxes.svg");
        assertEquals(0, run("figure", "heatmap", "--speech", speech.toString(), "--text", text.toString(), "--words",
                words.toString(), "--out", svg.toString(), "--data", "csv"), err.toString());
        String s = Files.readString(svg);
        Path plain = dir.resolve("plain.svg");
        assertEquals(0, run("figure", "heatmap", "--speech", speech.toString(), "--text", text.toString(), "--out",
                plain.toString()), err.toString());
        String p = Files.readString(plain);
        // each of the 4 words: a black frame and a white dotted line on it, plus the legend's sample box
        assertEquals(2 * (4 + 1), count(s, "<rect") - count(p, "<rect"), "framed boxes in the SVG");
        assertFalse(p.contains("reference word spans"), "no spans, no legend entry");
        String csv = Files.readString(dir.resolve("boxes.csv"));
        assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",in_word_span"), csv.lines().findFirst().orElse(""));
        long boxed = csv.lines().skip(1).filter(l -> l.endsWith(",1")).count();
        assertEquals(15 + 15 + 15 + 15 + 45 + 45, boxed, "boxed cells: each token's span");
    }

    @Test
    void aPngShowsTheFrames() throws Exception {
        Path png = dir.resolve("spans.png");
        assertEquals(0, run("figure", "heatmap", "--speech", speech.toString(), "--text", text.toString(), "--words",
                words.toString(), "--out", png.toString()), err.toString());
        Path plainPng = dir.resolve("plain.png");
        assertEquals(0, run("figure", "heatmap", "--speech", speech.toString(), "--text", text.toString(), "--out",
                plainPng.toString()), err.toString());
        BufferedImage a = ImageIO.read(png.toFile());
        BufferedImage b = ImageIO.read(plainPng.toFile());
        assertEquals(b.getWidth(), a.getWidth());
        // the legend row makes the figure with spans taller; the frames add black where the matrix was
        assertTrue(a.getHeight() >= b.getHeight());
        int black = 0;
        int plainBlack = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = a.getWidth() / 4; x < a.getWidth() * 3 / 4; x++) {
                black += isBlack(a.getRGB(x, y)) ? 1 : 0;
                plainBlack += y < b.getHeight() && isBlack(b.getRGB(x, y)) ? 1 : 0;
            }
        }
        assertTrue(black > plainBlack + 200, black + " black pixels with spans, "
                + plainBlack + " without");
    }

    /**
     * A dataset as the words: the line of the example the speech capture names ({@code pair-0}), its tokens
     * matched to the transcript's words by their text ({@code <bos>} spells "bos", {@code ?} joins "lake").
     */
    @Test
    void aDatasetLineOfTheCapturesExampleGivesTheWords() throws Exception {
        Path set = dir.resolve("set.jsonl");
        Files.writeString(set, "{\"id\": \"other\", \"transcript\": \"x\", \"answer\": \"y\"}\n"
                + "{\"id\": \"pair-0\", \"transcript\": \"bos where is the lake\", \"answer\": \"north\", \"words\": ["
                + "{\"word\": \"bos\", \"start\": 0.0, \"end\": 0.2}, {\"word\": \"where\", \"start\": 0.2, \"end\": 0.6},"
                + " {\"word\": \"is\", \"start\": 0.6, \"end\": 1.2}, {\"word\": \"the\", \"start\": 1.2, \"end\": 1.8},"
                + " {\"word\": \"lake\", \"start\": 1.8, \"end\": 3.6}]}\n");
        Path svg = dir.resolve("from-set.svg");
        assertEquals(0, run("figure", "heatmap", "--speech", speech.toString(), "--text", text.toString(), "--words",
                set.toString(), "--out", svg.toString(), "--data", "json"), err.toString());
        JsonObject spans = JsonParser.parseString(Files.readString(dir.resolve("from-set.json"))).getAsJsonObject()
                .getAsJsonObject("word_spans");
        int[][] expected = {{0, 5}, {5, 15}, {15, 30}, {30, 45}, {45, 90}, {45, 90}};
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j][0], spans.getAsJsonArray("start").get(j).getAsInt(), "token " + j);
            assertEquals(expected[j][1], spans.getAsJsonArray("end").get(j).getAsInt(), "token " + j);
        }
        assertEquals(4, spans.getAsJsonArray("word").get(5).getAsInt(), "? belongs to lake");
        Path never = dir.resolve("never-set.png");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "heatmap", "--speech", speech.toString(), "--text",
                text.toString(), "--words", set.toString(), "--example", "other", "--out", never.toString()));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "heatmap", "--speech", speech.toString(), "--text",
                text.toString(), "--words", set.toString(), "--example", "nope", "--out", never.toString()));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "heatmap", "--speech", speech.toString(), "--text",
                text.toString(), "--example", "pair-0", "--out", never.toString()));
        assertTrue(err.toString().contains("example \"other\" has no \"words\""), err.toString());
        assertTrue(err.toString().contains("no example \"nope\""), err.toString());
        assertTrue(err.toString().contains("--example picks a line of the dataset"), err.toString());
        assertFalse(Files.exists(never));
    }

    @Test
    void aBadWordsFileIsOneLineAndNoFile() throws Exception {
        Path png = dir.resolve("never.png");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"words\": [{\"word\": \"where\", \"start\": 0, \"end\": 9.0}], \"token_words\": "
                + "[0, 0, 0, 0, 0, 0]}");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "heatmap", "--speech", speech.toString(), "--text",
                text.toString(), "--words", bad.toString(), "--out", png.toString()));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "heatmap", "--speech", speech.toString(), "--text",
                text.toString(), "--words", dir.resolve("missing.json").toString(), "--out", png.toString()));
        assertFalse(Files.exists(png));
        assertEquals(2, err.toString().lines().filter(l -> l.startsWith("gapscope: ")).count(), err.toString());
        assertTrue(err.toString().contains("after the speech span's end"), err.toString());
        assertTrue(err.toString().contains("no such words file"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    private static boolean isBlack(int rgb) {
        int r = (rgb >> 16) & 255;
        int g = (rgb >> 8) & 255;
        int b = rgb & 255;
        return r < 30 && g < 30 && b < 30;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
