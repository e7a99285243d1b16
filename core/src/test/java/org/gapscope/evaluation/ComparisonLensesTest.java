package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gapscope.analysis.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** compare's lens columns: fitted where runs have them, R² against a hand-worked fit, in CSV, Markdown and JSON. */
class ComparisonLensesTest {

    @TempDir
    Path dir;

    private static ComparedRun run(String label, double gap, Double hit) {
        JsonObject summary = new JsonObject();
        summary.addProperty("model", label);
        summary.addProperty("dataset", "set.jsonl");
        summary.addProperty("gap", gap);
        JsonObject accuracy = JsonParser.parseString("{\"text\": {\"percent\": 80.0}, \"speech\": {\"percent\": "
                + (80 - gap) + "}}").getAsJsonObject();
        summary.add("accuracy", accuracy);
        summary.add("examples", JsonParser.parseString("{\"evaluated\": 10}"));
        summary.add("averaged_layers", JsonParser.parseString("[1, 4]"));
        JsonObject scores = new JsonObject();
        for (Score s : Comparison.PREDICTORS) {
            scores.add(s.key(), JsonParser.parseString("{\"matched\": 0.5, \"mismatched\": 0.4}"));
        }
        summary.add("scores", scores);
        if (hit != null) {
            summary.add("hit_rate", JsonParser.parseString("{\"cosine\": {\"mean_hit\": " + hit + "}}"));
        }
        return new ComparedRun(Path.of(label), label, "", summary);
    }

    /**
     * Hit rates 0.2, 0.4, 0.6 against GAP 30, 20, 16 (the fourth run has none): centred x = (-0.2, 0, 0.2),
     * y = (8, -2, -6); Sxy = -2.8, Sxx = 0.08, Syy = 104; slope = -35, R² = 7.84 / 8.32 = 0.9423...
     */
    @Test
    void theHitRateIsFittedOverTheRunsThatHaveIt() throws IOException {
        List<ComparedRun> runs = new ArrayList<>(List.of(run("a", 30, 0.2), run("b", 20, 0.4),
                run("c", 16, 0.6), run("d", 10, null)));
        Comparison.Result result = Comparison.compare(runs);
        Comparison.Fit fit = result.fits().stream().filter(f -> f.predictor() == GapPredictor.HIT_RATE).findFirst()
                .orElseThrow();
        assertEquals(3, fit.regression().fit().n());
        assertEquals(-35, fit.regression().fit().slope(), 1e-9);
        assertEquals(7.84 / 8.32, fit.regression().fit().rSquared().getAsDouble(), 1e-12);
        assertTrue(result.fits().stream().noneMatch(f -> f.predictor() == GapPredictor.CKA_DIAGONAL));

        ComparisonTables.write(result, dir);
        String md = Files.readString(dir.resolve("compare.md"));
        assertTrue(md.contains("| hit rate |"), md);
        assertTrue(md.contains("| d |  | 80.0 | 70.0 | 10.0 | 0.5000 | 0.5000 | 0.5000 | 0.5000 | n/a |"), md);
        assertTrue(md.contains("| hit rate (ALAS-style, cosine) | all | 3 | -35.00 | 36.00 | 0.942 |"), md);
        List<String> csv = Files.readAllLines(dir.resolve("compare-runs.csv"));
        assertTrue(csv.get(0).endsWith(",hit_rate,hit_rate_mismatched"), csv.get(0));
        assertTrue(csv.get(1).endsWith(",0.2,NaN"), csv.get(1));
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("compare.json"))).getAsJsonObject();
        JsonObject lenses = json.getAsJsonArray("runs").get(3).getAsJsonObject().getAsJsonObject("lenses");
        assertTrue(lenses.getAsJsonObject("hit_rate").get("matched").isJsonNull());
        assertFalse(lenses.has("cka_diagonal_mean"), "no run has CKA: no entry for it");
    }

    /**
     * Lens agreement (evaluate --lens) 0.1, 0.3, 0.5 against GAP 30, 20, 16, the fourth run without it: the same
     * centred sums as above scaled, x = (-0.2, 0, 0.2): slope -35, R² 0.9423, intercept 22 + 35 * 0.3 = 32.5.
     */
    @Test
    void lensAgreementGetsItsRowWhereRunsHaveIt() throws IOException {
        List<ComparedRun> runs = new ArrayList<>();
        double[] agreement = {0.1, 0.3, 0.5};
        double[] gaps = {30, 20, 16};
        for (int i = 0; i < 3; i++) {
            ComparedRun r = run("r" + i, gaps[i], null);
            r.summary().add("lens_agreement", JsonParser.parseString("{\"mean\": " + agreement[i] + "}"));
            runs.add(r);
        }
        runs.add(run("none", 10, null));
        Comparison.Result result = Comparison.compare(runs);
        Comparison.Fit fit = result.fits().stream().filter(f -> f.predictor() == GapPredictor.LENS_AGREEMENT)
                .findFirst().orElseThrow();
        assertEquals(3, fit.regression().fit().n());
        assertEquals(-35, fit.regression().fit().slope(), 1e-9);
        assertEquals(7.84 / 8.32, fit.regression().fit().rSquared().getAsDouble(), 1e-12);
        ComparisonTables.write(result, dir);
        String md = Files.readString(dir.resolve("compare.md"));
        assertTrue(md.contains("| lens agr. |"), md);
        assertTrue(md.contains("| lens agreement (logit lens, nostalgebraist 2020) | all | 3 | -35.00 | 32.50 | 0.942 |"),
                md);
        assertTrue(result.fits().stream().noneMatch(f -> f.predictor() == GapPredictor.HIT_RATE), "no run has a hit rate");
    }

    @Test
    void fewerThanThreeRunsWithALensGiveANoteNotAFit() {
        Comparison.Result result = Comparison.compare(List.of(run("a", 30, 0.3), run("b", 20, 0.5),
                run("c", 16, null)));
        Comparison.Fit fit = result.fits().stream().filter(f -> f.predictor() == GapPredictor.HIT_RATE)
                .findFirst().orElseThrow();
        assertNull(fit.regression());
        assertEquals("needs at least 3 runs with a defined score, has 2", fit.note());
    }
}
