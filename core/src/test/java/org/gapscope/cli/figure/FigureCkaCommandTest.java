package org.gapscope.cli.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.gapscope.cli.GapScopeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code gapscope figure cka} from a run's summary.json and from metrics JSON; its mistakes. */
class FigureCkaCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    private static final String MATCHED = "[[0.9, 0.5, null], [0.4, 0.8, 0.75], [0.1, 0.7, 0.72]]";
    private static final String MISMATCHED = "[[0.6, 0.3, null], [0.3, 0.5, 0.5], [0.1, 0.4, 0.45]]";
    private static final String DIFFERENCE = "[[0.3, 0.2, null], [0.1, 0.3, 0.25], [0.0, 0.3, 0.27]]";

    private Path runFolder() throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("summary.json"), "{\"model\": \"mini\", \"dataset\": \"sample.jsonl\", "
                + "\"cka_label\": \"Cross-layer linear CKA (Hsu et al. 2026)\", \"cka\": " + MATCHED
                + ", \"cka_pairs\": 120, \"cka_pairing\": \"proportional\", \"cka_mismatched\": " + MISMATCHED
                + ", \"cka_mismatched_pairs\": 118, \"cka_difference\": " + DIFFERENCE + "}");
        return run;
    }

    @Test
    void everyPanelOfARunDrawsAsPngAndSvgWithItsData() throws Exception {
        Path run = runFolder();
        for (String panel : new String[] {"matched", "mismatched", "difference"}) {
            Path png = dir.resolve("cka-" + panel + ".png");
            assertEquals(0, run("figure", "cka", "--from", run.toString(), "--panel", panel, "--out", png.toString(),
                    "--dpi", "150", "--data", "json"), err.toString());
            assertEquals(525, ImageIO.read(png.toFile()).getWidth(), "3.5 in at 150 dpi");
            JsonObject data = JsonParser.parseString(Files.readString(dir.resolve("cka-" + panel + ".json")))
                    .getAsJsonObject();
            assertEquals(panel, data.get("panel").getAsString());
            String expected = switch (panel) {
                case "matched" -> MATCHED;
                case "mismatched" -> MISMATCHED;
                default -> DIFFERENCE;
            };
            assertEquals(JsonParser.parseString(expected), data.get("values"));
        }
        JsonObject matched = JsonParser.parseString(Files.readString(dir.resolve("cka-matched.json"))).getAsJsonObject();
        assertEquals(120, matched.get("pairs").getAsInt());
        assertEquals((0.8 + 0.72) / 2, matched.get("diagonal_mean").getAsDouble(), 1e-12, "layers 1..2");
        Path svg = dir.resolve("cka.svg");
        assertEquals(0, run("figure", "cka", "--from", run.resolve("summary.json").toString(), "--out", svg.toString(),
                "--data"), err.toString());
        String text = Files.readString(svg);
        assertTrue(text.contains("speech layer") && text.contains("text layer"), "axis labels");
        assertTrue(text.contains("Hsu et al. 2026"), "the source is named");
        // the band (>= 0.9 of the row's best): row 1's best is 0.8, so 0.75 is in it and 0.4 is not
        String csv = Files.readString(dir.resolve("cka.csv"));
        assertTrue(csv.contains("matched,1,2,0.75,true"), csv);
        assertTrue(csv.contains("matched,1,0,0.4,false"), csv);
        assertTrue(csv.contains("matched,0,2,,false"), "undefined cells are empty: " + csv);
    }

    @Test
    void metricsJsonHasTheMatchedMatrixOnly() throws Exception {
        Path metrics = dir.resolve("metrics.json");
        Files.writeString(metrics, "{\"cka\": " + MATCHED + ", \"cka_pairing\": \"reference_words\", \"cka_pairs\": 9}");
        Path png = dir.resolve("m.png");
        assertEquals(0, run("figure", "cka", "--from", metrics.toString(), "--out", png.toString(), "--dpi", "150"),
                err.toString());
        assertTrue(Files.exists(png));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "cka", "--from", metrics.toString(), "--panel",
                "difference", "--out", dir.resolve("d.png").toString()));
        assertTrue(err.toString().contains("has no \"cka_difference\""), err.toString());
        assertFalse(Files.exists(dir.resolve("d.png")));
    }

    @Test
    void mistakesAreOneLineAndWriteNothing() throws Exception {
        Path run = runFolder();
        Path png = dir.resolve("never.png");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "cka", "--from", dir.resolve("nowhere").toString(),
                "--out", png.toString()));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "cka", "--from", run.toString(), "--panel", "both",
                "--out", png.toString()));
        Path plain = dir.resolve("plain.json");
        Files.writeString(plain, "{\"model\": \"m\"}");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "cka", "--from", plain.toString(), "--out",
                png.toString()));
        Files.writeString(plain, "{\"cka\": [[1, 2], [3]]}");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "cka", "--from", plain.toString(), "--out",
                png.toString()));
        Files.writeString(plain, "{\"cka\": \"x\"");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("figure", "cka", "--from", plain.toString(), "--out",
                png.toString()));
        assertFalse(Files.exists(png));
        assertEquals(5, err.toString().lines().filter(l -> l.startsWith("gapscope: ")).count(), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }
}
