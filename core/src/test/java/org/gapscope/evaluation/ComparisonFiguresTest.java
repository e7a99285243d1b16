package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;

import org.gapscope.analysis.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compare figures: a group drawn alone keeps the colour it has among all runs. */
class ComparisonFiguresTest {

    @TempDir
    Path dir;

    private static final String BLUE = "rgb(0,114,178)";
    private static final String ORANGE = "rgb(213,94,0)";

    private static ComparedRun run(String label, String group, double gap, double score) {
        JsonObject summary = new JsonObject();
        summary.addProperty("gap", gap);
        JsonObject scores = new JsonObject();
        for (Score s : Comparison.PREDICTORS) {
            JsonObject o = new JsonObject();
            o.addProperty("matched", score);
            scores.add(s.key(), o);
        }
        summary.add("scores", scores);
        return new ComparedRun(Path.of(label), label, group, summary);
    }

    @Test
    void aGroupsOwnFigureKeepsItsColourFromTheFigureOfAllRuns() throws Exception {
        List<ComparedRun> runs = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            runs.add(run("frozen-step" + (k + 1) * 1000, "frozen", 80 - 8 * k, 0.45 + 0.05 * k));
            runs.add(run("fullft-step" + (k + 1) * 1000, "fullft", 75 - 9 * k, 0.47 + 0.03 * k));
        }
        ComparisonFigures.write(new Comparison.Result(runs, List.of(), List.of()), dir, 72);
        String all = Files.readString(dir.resolve("score-vs-gap-aps_cosine.svg"));
        String frozen = Files.readString(dir.resolve("score-vs-gap-aps_cosine-frozen.svg"));
        String fullft = Files.readString(dir.resolve("score-vs-gap-aps_cosine-fullft.svg"));
        assertTrue(all.contains(BLUE) && all.contains(ORANGE), "all runs: frozen blue, fullft orange");
        assertTrue(frozen.contains(BLUE) && !frozen.contains(ORANGE), "frozen alone: blue");
        assertTrue(fullft.contains(ORANGE), "fullft alone keeps its orange");
        assertFalse(fullft.contains(BLUE), "fullft alone is not recoloured blue");
    }
}
