package org.gapscope.cli.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.cli.GapScopeCli;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gapscope figure lens --from lens.json}: a hand-written lens JSON, the real chain from {@code gapscope lens}, mistakes. */
class FigureLensCommandTest {

    private static final Path ROOT = Python.repositoryRoot();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    /** Two layers, three speech positions, two text tokens, top 2; agreement 0.5 and 1. */
    static String lensJson() {
        return """
            {"format": "gapscope-lens", "format_version": 1,
             "label": "Logit lens (nostalgebraist 2020) on speech positions (AudioLens, Yang et al., ASRU 2025)",
             "provenance": {"model": "mini", "audio": "/x/q7.wav", "text": "seven eight"},
             "head": {"hidden_size": 2, "vocab_size": 9}, "layers": [0, 3], "top": 2,
             "speech": {"positions": 3, "tokens": ["s0", "s1", "s2"], "times": [0.0, 0.25, 0.5],
               "layers": [
                 {"layer": 0, "top_ids": [[1,2],[1,2],[2,1]], "top_tokens": [["seven","eight"],["seven","eight"],["eight","seven"]],
                  "top_probs": [[0.9,0.05],[0.6,0.3],[0.7,0.2]]},
                 {"layer": 3, "top_ids": [[3,1],[3,1],[4,1]], "top_tokens": [["nine","seven"],["nine","seven"],["ten","seven"]],
                  "top_probs": [[0.5,0.4],[0.45,0.4],[0.8,0.1]]}]},
             "text": {"positions": 2, "tokens": ["seven", "eight"],
               "layers": [
                 {"layer": 0, "top_ids": [[1,2],[2,1]], "top_tokens": [["seven","eight"],["eight","seven"]],
                  "top_probs": [[0.99,0.01],[0.98,0.01]]},
                 {"layer": 3, "top_ids": [[3,1],[4,1]], "top_tokens": [["nine","seven"],["ten","seven"]],
                  "top_probs": [[0.7,0.2],[0.6,0.3]]}]},
             "agreement": {"label": "Lens agreement", "pairing": {"method": "proportional", "note": "",
                 "speech_positions": 3, "text_tokens": 2, "spans": [[0,1],[1,3]]},
               "layers": [{"layer": 0, "agreement": 0.5, "speech_top1": [1,1], "text_top1": [1,2]},
                          {"layer": 3, "agreement": 1.0, "speech_top1": [3,4], "text_top1": [3,4]}],
               "averaged_layers": {"first": 1, "last": 3}, "mean": 1.0},
             "timing": {"lm_head_rows": 14, "lm_head_seconds": 0.001}}
            """;
    }

    @Test
    void aLensJsonDrawsAsPngAndSvgWithItsData() throws Exception {
        Path json = dir.resolve("in.json");
        Files.writeString(json, lensJson());
        Path png = dir.resolve("lens.png");
        assertEquals(0, run("figure", "lens", "--from", json.toString(), "--out", png.toString(), "--size", "ieee-double",
                "--dpi", "100", "--data", "json"), err.toString());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(716, image.getWidth(), "7.16 in at 100 dpi");
        JsonObject data = JsonParser.parseString(Files.readString(dir.resolve("lens.json"))).getAsJsonObject();
        assertEquals("lens", data.get("kind").getAsString(), data.toString());
        assertEquals("[0,3]", data.getAsJsonArray("layers").toString());
        JsonObject agreement = data.getAsJsonObject("agreement");
        assertEquals("[0.5,1.0]", agreement.getAsJsonArray("agreement").toString());
        assertEquals("proportional", agreement.get("pairing").getAsString());
        JsonArray speechLabels = data.getAsJsonObject("speech").getAsJsonArray("labels");
        assertEquals("[\"0.00 s\",\"0.25 s\",\"0.50 s\"]", speechLabels.toString());

        Path svg = dir.resolve("lens.svg");
        assertEquals(0, run("figure", "lens", "--from", json.toString(), "--out", svg.toString(), "--size", "ieee-double",
                "--data"), err.toString());
        String text = Files.readString(svg);
        assertTrue(text.contains("nostalgebraist") && text.contains("AudioLens"), "the sources are named");
        assertTrue(text.contains("mini \u00b7 q7.wav"), "the title: model and query");
        assertTrue(text.contains(">lens agreement<"), "the agreement curve's axis");
        assertTrue(text.contains(">text token<") && text.contains("speech position (start time)"), "both grids' axes");
        assertTrue(text.contains(">ten<") && text.contains(">nine<"), "top-1 tokens in the cells");
        assertTrue(text.contains(">0.50 s<"), "speech positions by their times");
        assertTrue(text.contains("pairing: proportional, mean 1.000 over layers 1..3"), "pairing and mean said");
        String csv = Files.readString(dir.resolve("lens.csv"));
        assertTrue(csv.contains("speech,3,2,0.50 s,0,ten,0.8"), csv);
        assertTrue(csv.contains("text,0,1,eight,1,seven,0.01"), csv);
        assertTrue(csv.contains("agreement,3,,,,,1"), csv);
    }

    @Test
    void theJsonOfGapscopeLensOnTheBuiltInModelDraws() throws Exception {
        Path json = dir.resolve("real.json");
        String transcript = "what comes after ninety five";
        assertEquals(0, run("lens", "--model", ROOT.resolve("resources/models/mini-fullft-final").toString(), "--audio",
                ROOT.resolve("resources/examples/sample/wav/espeak-m2-u00587.wav").toString(), "--text", transcript,
                "--layers", "0,2", "--top", "3", "--json", json.toString(), "--device", "cpu", "--quiet"), err.toString());
        Path svg = dir.resolve("real.svg");
        assertEquals(0, run("figure", "lens", "--from", json.toString(), "--out", svg.toString(), "--size", "slide"),
                err.toString());
        JsonObject lens = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        String top1 = lens.getAsJsonObject("text").getAsJsonArray("layers").get(0).getAsJsonObject()
                .getAsJsonArray("top_tokens").get(0).getAsJsonArray().get(0).getAsString();
        String text = Files.readString(svg);
        for (String word : transcript.split(" ")) {
            assertTrue(text.contains(">" + word + "<"), "the text token " + word + " labels its column");
        }
        assertTrue(text.contains(">" + top1 + "<"), "the first text token's top-1 at layer 0, " + top1);
    }

    @Test
    void mistakesAreOneLineAndWriteNothing() throws Exception {
        Path png = dir.resolve("never.png");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "lens", "--from", dir.resolve("none.json").toString(),
                "--out", png.toString()));
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"cka\": [[1]]}");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "lens", "--from", other.toString(), "--out",
                png.toString()));
        Path cut = dir.resolve("cut.json");
        Files.writeString(cut, lensJson().replace("\"top_tokens\": [[\"nine\",\"seven\"],[\"ten\",\"seven\"]],", ""));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "lens", "--from", cut.toString(), "--out",
                png.toString()));
        Path short_ = dir.resolve("short.json");
        Files.writeString(short_, lensJson().replace("\"layers\": [0, 3], \"top\"", "\"layers\": [0], \"top\""));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "lens", "--from", short_.toString(), "--out",
                png.toString()));
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"format\": \"gapscope-lens\"");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "lens", "--from", broken.toString(), "--out",
                png.toString()));
        assertFalse(Files.exists(png));
        assertEquals(5, err.toString().lines().filter(l -> l.startsWith("gapscope: ")).count(), err.toString());
        assertEquals(5, err.toString().lines().count(), "one line each: " + err);
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }
}
