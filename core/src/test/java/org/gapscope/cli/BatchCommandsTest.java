package org.gapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gapscope.analysis.LinearFit;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLoader;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.dataset.ExampleSetReader.OnBrokenLine;
import org.gapscope.evaluation.EvaluationEngineTest;
import org.gapscope.evaluation.SyntheticRunner;
import org.gapscope.intervention.StatisticalCalibration;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;


/** evaluate, intervene and compare through the command line, on the stand-in model (no DJL). */
class BatchCommandsTest {

    @TempDir
    Path dir;

    private Path data;
    private Map<String, String> transcripts;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private float noise = 0.4f;
    private int speechQuarters = 2;

    @BeforeEach
    void dataset() throws IOException {
        data = EvaluationEngineTest.dataset(dir);
        transcripts = new LinkedHashMap<>();
        for (Example e : ExampleSetReader.create(OnBrokenLine.SKIP).read(data).examples()) {
            transcripts.put(e.id(), e.transcript());
        }
    }

    private int cli(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        ModelRunnerFactory models = (folder, device, kvCache) -> new SyntheticRunner(folder.getFileName().toString(),
                transcripts, noise, speechQuarters);
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err), StandInModels.commands(models));
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void evaluateWritesResultsAndPrintsTheHeadlineNumbers() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, cli("evaluate", "--model", dir.resolve("m").toString(), "--data", data.toString(), "--out",
                run.toString(), "--quiet", "--resamples", "100"), err.toString());
        assertTrue(out.toString().contains("m on examples.jsonl: 11 entries, 7 evaluated, 4 failed (audio 1, dataset 2, "
                + "text 1)"), out.toString());
        assertTrue(out.toString().contains("accuracy: text 100.0 %"), out.toString());
        assertTrue(out.toString().contains("aps_cosine"), out.toString());
        for (String f : List.of("run.json", "results.jsonl", "results.csv", "summary.json", "status.json",
                "timings.json")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        // the default --captures text keeps the text captures only
        try (var files = Files.list(run.resolve("captures"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(8, names.size(), names.toString());
            assertTrue(names.stream().allMatch(n -> n.endsWith(".text.npz")), names.toString());
        }
        // and each evaluated example's lens rows (the dataset CKA's paired tokens, docs/run-format.md)
        try (var files = Files.list(run.resolve("lenses"))) {
            assertEquals(7, files.filter(p -> p.getFileName().toString().endsWith(".lens.npz")).count());
        }
        assertTrue(err.toString().contains("examples/s"), err.toString());
    }

    @Test
    void shardsOnTheCommandLineMergeIntoTheUnshardedResult() throws IOException {
        Path whole = dir.resolve("whole");
        assertEquals(0, cli("evaluate", "--model", "m", "--data", data.toString(), "--out", whole.toString(), "--quiet"));
        for (int i = 1; i <= 2; i++) {
            assertEquals(0, cli("evaluate", "--model", "m", "--data", data.toString(), "--out",
                    dir.resolve("s" + i).toString(), "--shard", i + "/2", "--quiet"), err.toString());
            assertTrue(out.toString().contains("shard " + i + "/2: "), out.toString());
        }
        assertEquals(0, cli("evaluate", "--merge", "--out", dir.resolve("merged").toString(),
                dir.resolve("s1").toString(), dir.resolve("s2").toString()), err.toString());
        assertEquals(Files.readString(whole.resolve("summary.json")),
                Files.readString(dir.resolve("merged/summary.json")));
        assertEquals(Files.readString(whole.resolve("results.csv")), Files.readString(dir.resolve("merged/results.csv")));
    }

    @Test
    void badCommandLinesGiveOneLineAndExitTwo() throws IOException {
        assertEquals(2, cli("evaluate", "--merge", "--model", "m", "--out", dir.resolve("x").toString(), "a"));
        assertTrue(err.toString().startsWith("gapscope: --merge takes only --out and the shard folders"), err.toString());
        assertEquals(2, cli("evaluate", "--model", "m", "--out", dir.resolve("x").toString()));
        assertTrue(err.toString().contains("--data is needed"), err.toString());
        assertEquals(2, cli("evaluate", "--model", "m", "--data", data.toString(), "--out", dir.resolve("x").toString(),
                "--on-broken-line", "refuse"));
        assertTrue(err.toString().startsWith("gapscope: ") && err.toString().contains("examples.jsonl: line 4: not "
                + "JSON (at column"), err.toString());
        assertEquals(2, cli("evaluate", "--model", "m", "--data", data.toString(), "--out", dir.resolve("x").toString(),
                "--shard", "3/2"));
        assertTrue(err.toString().contains("shard index must be between 1 and 2, got 3"), err.toString());
        assertEquals(2, cli("intervene", "--model", "m", "--data", data.toString(), "--out", dir.resolve("y").toString(),
                "--tokens", "bottom:0"));
        assertTrue(err.toString().contains("--tokens must be bottom:K (K >= 1) or all, not \"bottom:0\""), err.toString());
        assertEquals(2, cli("intervene", "--model", "m", "--data", data.toString(), "--out", dir.resolve("z").toString(),
                "--layer", "4"));
        assertTrue(err.toString().contains("layer 4 does not exist: m has hidden states 0..3"), err.toString());
        assertEquals(2, cli("compare", dir.resolve("nothing").toString(), dir.resolve("none").toString(), "--out",
                dir.resolve("c").toString()));
        assertTrue(err.toString().contains("not an evaluation folder"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void interveneMakesOneRowPerConditionAndTheTable() throws IOException {
        Path run = dir.resolve("iv");
        assertEquals(0, cli("intervene", "--model", "m", "--data", data.toString(), "--out", run.toString(), "--method",
                "angle,length", "--tokens", "bottom:3,all", "--quiet"), err.toString());
        JsonObject summary = json(run.resolve("summary.json"));
        JsonArray rows = summary.getAsJsonArray("conditions");
        assertEquals(List.of("angle Bottom3", "angle All", "length Bottom3", "length All"),
                rows.asList().stream().map(r -> r.getAsJsonObject().get("condition").getAsString()).toList());
        assertEquals(7, summary.getAsJsonObject("accuracy").getAsJsonObject("speech").get("of").getAsInt());
        // the stand-in answers right whenever some positions are rewritten
        assertEquals(100.0, rows.get(0).getAsJsonObject().get("percent").getAsDouble(), 1e-12);
        String table = Files.readString(run.resolve("table.md"));
        assertTrue(out.toString().contains(table), out.toString());
        assertTrue(table.contains("| speech + length All | 100.0 |"), table);
        List<String> csv = Files.readAllLines(run.resolve("results.csv"));
        assertTrue(csv.get(0).contains("angle_bottom3_answer,angle_bottom3_correct,angle_bottom3_positions"), csv.get(0));
    }

    @Test
    void interventionShardsMergeIntoTheUnshardedTable() throws IOException {
        Path whole = dir.resolve("iv-whole");
        assertEquals(0, cli("intervene", "--model", "m", "--data", data.toString(), "--out", whole.toString(),
                "--tokens", "bottom:2,all", "--quiet"), err.toString());
        for (int i = 1; i <= 3; i++) {
            assertEquals(0, cli("intervene", "--model", "m", "--data", data.toString(), "--out",
                    dir.resolve("iv" + i).toString(), "--tokens", "bottom:2,all", "--shard", i + "/3", "--quiet"),
                    err.toString());
        }
        assertEquals(0, cli("intervene", "--merge", "--out", dir.resolve("iv-merged").toString(),
                dir.resolve("iv1").toString(), dir.resolve("iv2").toString(), dir.resolve("iv3").toString()),
                err.toString());
        for (String f : List.of("results.jsonl", "results.csv", "summary.json", "table.md", "table.csv")) {
            assertEquals(Files.readString(whole.resolve(f)), Files.readString(dir.resolve("iv-merged").resolve(f)), f);
        }
        assertEquals(2, cli("evaluate", "--merge", "--out", dir.resolve("wrong").toString(),
                dir.resolve("iv1").toString(), dir.resolve("iv2").toString(), dir.resolve("iv3").toString()));
        assertTrue(err.toString().contains("was made by the 'intervene' command, not 'evaluate'"), err.toString());
    }

    @Test
    void calibrateAddsARowWithStatisticsOfTheEvaluatedSetThatNumpyConfirms() throws IOException {
        Path run = dir.resolve("cal");
        assertEquals(0, cli("intervene", "--model", "m", "--data", data.toString(), "--out", run.toString(), "--method",
                "angle,calibrate", "--tokens", "bottom:3", "--quiet"), err.toString());
        JsonObject summary = json(run.resolve("summary.json"));
        assertEquals(List.of("angle Bottom3", "calibrate"), summary.getAsJsonArray("conditions").asList().stream()
                .map(r -> r.getAsJsonObject().get("condition").getAsString()).toList());
        JsonObject calibration = summary.getAsJsonObject("calibration");
        assertTrue(calibration.get("label").getAsString().contains("Hsu et al. 2026"));
        assertEquals(0, calibration.get("layer").getAsInt());
        // nine readable examples: seven good ones, one whose audio is missing, one the model cannot encode
        assertEquals("examples.jsonl (the evaluated set): 7 of 9 examples, skipped 2 (first: noaudio: "
                + data.resolveSibling("wav/missing.wav") + ": no such file)",
                calibration.get("calibration_set").getAsString().replace("no such file or folder", "no such file"));
        String table = Files.readString(run.resolve("table.md"));
        assertTrue(table.contains("| speech + calibrate |") && table.contains("calibrate: Input-layer statistical"), table);
        // every speech position rewritten: two per transcript word in the stand-in
        JsonObject row = summary.getAsJsonArray("conditions").get(1).getAsJsonObject();
        double words = 0;
        for (String[] g : EvaluationEngineTest.GOOD) {
            words += g[1].split(" ").length;
        }
        assertEquals(2 * words / 7, row.get("mean_positions_rewritten").getAsDouble(), 1e-12);

        // the statistics against NumPy over the same layer-0 rows
        StatisticalCalibration saved = StatisticalCalibration.load(run.resolve("calibration.npz"));
        SyntheticRunner runner = new SyntheticRunner("m", transcripts, noise, speechQuarters);
        JsonArray speechFiles = new JsonArray();
        JsonArray textFiles = new JsonArray();
        for (String[] g : EvaluationEngineTest.GOOD) {
            AudioClip clip = new AudioLoader().load(data.resolveSibling("wav/" + g[0] + ".wav"));
            speechFiles.add(matrix(g[0] + "-s.npy", runner.speechInputEmbeddings(g[0], runner.speechInput(clip))));
            textFiles.add(matrix(g[0] + "-t.npy", runner.textInputEmbeddings(g[1])));
        }
        float[][] probe = {{0.5f, -1, 2, 0, 3, 1, -2, 0.25f}};
        JsonObject spec = new JsonObject();
        spec.add("speech", speechFiles);
        spec.add("text", textFiles);
        spec.addProperty("rewrite", matrix("probe.npy", probe));
        Path in = dir.resolve("cal-in.json");
        Path outFile = dir.resolve("cal-out.json");
        Files.writeString(in, spec.toString());
        Python.run(Python.repositoryRoot().resolve("core/src/test/python/lenses_reference.py").toString(), "calibrate",
                in.toString(), outFile.toString());
        JsonObject ref = json(outFile);
        assertArray(ref.getAsJsonArray("speech_mean"), saved.speechMean(), 1e-6);
        assertArray(ref.getAsJsonArray("speech_std"), saved.speechStd(), 1e-6);
        assertArray(ref.getAsJsonArray("text_mean"), saved.textMean(), 1e-6);
        assertArray(ref.getAsJsonArray("text_std"), saved.textStd(), 1e-6);
        float[] rewritten = saved.rewrite(probe[0]);
        double[] r = new double[rewritten.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = rewritten[k];
        }
        assertArray(ref.getAsJsonArray("rewritten").get(0).getAsJsonArray(), r, 1e-4);
    }

    private String matrix(String name, float[][] rows) {
        Path p = dir.resolve(name);
        Npy.write(p, NpyArray.ofMatrix(rows));
        return p.toString();
    }

    private static void assertArray(JsonArray expected, double[] actual, double tolerance) {
        assertEquals(expected.size(), actual.length);
        for (int k = 0; k < actual.length; k++) {
            assertEquals(expected.get(k).getAsDouble(), actual[k], tolerance * Math.max(1, Math.abs(actual[k])), "at " + k);
        }
    }

    @Test
    void calibratedShardsMergeIntoTheUnshardedTableAndAnotherSetCanCalibrate() throws IOException {
        Path whole = dir.resolve("cal-whole");
        assertEquals(0, cli("intervene", "--model", "m", "--data", data.toString(), "--out", whole.toString(),
                "--method", "calibrate", "--quiet"), err.toString());
        for (int i = 1; i <= 2; i++) {
            assertEquals(0, cli("intervene", "--model", "m", "--data", data.toString(), "--out",
                    dir.resolve("cal" + i).toString(), "--method", "calibrate", "--shard", i + "/2", "--quiet"),
                    err.toString());
        }
        assertEquals(0, cli("intervene", "--merge", "--out", dir.resolve("cal-merged").toString(),
                dir.resolve("cal1").toString(), dir.resolve("cal2").toString()), err.toString());
        for (String f : List.of("results.jsonl", "summary.json", "table.md", "table.csv")) {
            assertEquals(Files.readString(whole.resolve(f)), Files.readString(dir.resolve("cal-merged").resolve(f)), f);
        }
        assertEquals(StatisticalCalibration.load(whole.resolve("calibration.npz")),
                StatisticalCalibration.load(dir.resolve("cal-merged/calibration.npz")));
        // a resumed run reuses the saved statistics
        assertEquals(0, cli("intervene", "--model", "m", "--data", data.toString(), "--out", whole.toString(),
                "--method", "calibrate", "--quiet"), err.toString());
        // another calibration set: the first three good examples
        List<String> lines = Files.readAllLines(data);
        Path small = data.resolveSibling("small.jsonl");
        Files.write(small, lines.subList(0, 3));
        Path other = dir.resolve("cal-other");
        assertEquals(0, cli("intervene", "--model", "m", "--data", data.toString(), "--out", other.toString(),
                "--method", "calibrate", "--calibration-data", small.toString(), "--quiet"), err.toString());
        String set = json(other.resolve("summary.json")).getAsJsonObject("calibration").get("calibration_set")
                .getAsString();
        assertEquals("small.jsonl (" + small + "): 3 of 3 examples", set);
        assertTrue(json(other.resolve("run.json")).getAsJsonObject("settings").get("calibration_data_sha256")
                .getAsString().length() == 64);
        assertEquals(2, cli("intervene", "--model", "m", "--data", data.toString(), "--out", dir.resolve("x").toString(),
                "--method", "angle", "--calibration-data", small.toString()));
        assertTrue(err.toString().contains("--calibration-data is for --method calibrate"), err.toString());
        assertEquals(2, cli("intervene", "--model", "m", "--data", data.toString(), "--out", dir.resolve("y").toString(),
                "--method", "calibrate", "--calibration-data", dir.resolve("none.jsonl").toString()));
        assertTrue(err.toString().contains("none.jsonl: no such"), err.toString());
        assertEquals(2, cli("intervene", "--model", "m", "--data", data.toString(), "--out", dir.resolve("z").toString(),
                "--method", "calibration"));
        assertTrue(err.toString().contains("--method must be angle, length or calibrate"), err.toString());
    }

    @Test
    void compareFitsGapOnEachScoreOverAllRunsAndPerGroup() throws IOException {
        float[] noises = {0.2f, 0.6f, 1.2f, 2.0f, 0.3f, 0.9f, 1.6f};
        int[] quarters = {4, 3, 2, 1, 3, 3, 1};
        List<String> args = new ArrayList<>(List.of("compare", "--out", dir.resolve("cmp").toString(), "--group", "early",
                "--group", "late"));
        for (int i = 0; i < noises.length; i++) {
            noise = noises[i];
            speechQuarters = quarters[i];
            Path run = dir.resolve((i < 4 ? "early" : "late") + i);
            assertEquals(0, cli("evaluate", "--model", run.getFileName().toString(), "--data", data.toString(), "--out",
                    run.toString(), "--quiet", "--resamples", "50"), err.toString());
            args.add(run.toString());
        }
        assertEquals(0, cli(args.toArray(String[]::new)), err.toString());
        JsonObject cmp = json(dir.resolve("cmp/compare.json"));
        double[] gap = new double[noises.length];
        double[] apsCos = new double[noises.length];
        JsonArray runs = cmp.getAsJsonArray("runs");
        for (int i = 0; i < noises.length; i++) {
            JsonObject r = runs.get(i).getAsJsonObject();
            gap[i] = r.get("gap").getAsDouble();
            apsCos[i] = r.getAsJsonObject("scores").getAsJsonObject("aps_cosine").get("matched").getAsDouble();
            JsonObject s = json(dir.resolve((i < 4 ? "early" : "late") + i + "/summary.json"));
            assertEquals(s.get("gap").getAsDouble(), gap[i], 0);
        }
        LinearFit expected = LinearFit.of(apsCos, gap);
        JsonObject fit = cmp.getAsJsonArray("fits").asList().stream().map(e -> e.getAsJsonObject())
                .filter(f -> f.get("score").getAsString().equals("aps_cosine") && f.get("group").getAsString().equals("all"))
                .findFirst().orElseThrow();
        assertEquals(7, fit.get("n").getAsInt());
        assertEquals(expected.slope(), fit.get("slope").getAsDouble(), 1e-12);
        assertEquals(expected.intercept(), fit.get("intercept").getAsDouble(), 1e-12);
        assertEquals(expected.rSquared().getAsDouble(), fit.get("r2").getAsDouble(), 1e-12);
        long groupFits = cmp.getAsJsonArray("fits").asList().stream()
                .filter(f -> f.getAsJsonObject().get("group").getAsString().equals("early")
                        && f.getAsJsonObject().has("r2"))
                .count();
        assertEquals(5, groupFits, "S and APS, cosine and Euclidean, and the CKA diagonal mean, within the group of four");
        // the CKA diagonal mean against GAP: R² worked out here from the runs' summaries
        double[] cka = new double[noises.length];
        for (int i = 0; i < noises.length; i++) {
            cka[i] = json(dir.resolve((i < 4 ? "early" : "late") + i + "/summary.json")).get("cka_diagonal_mean")
                    .getAsDouble();
            assertEquals(cka[i], runs.get(i).getAsJsonObject().getAsJsonObject("lenses").getAsJsonObject(
                    "cka_diagonal_mean").get("matched").getAsDouble(), 0);
        }
        double mx = java.util.Arrays.stream(cka).average().orElseThrow();
        double my = java.util.Arrays.stream(gap).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < cka.length; i++) {
            sxy += (cka[i] - mx) * (gap[i] - my);
            sxx += (cka[i] - mx) * (cka[i] - mx);
            syy += (gap[i] - my) * (gap[i] - my);
        }
        JsonObject ckaFit = cmp.getAsJsonArray("fits").asList().stream().map(e -> e.getAsJsonObject())
                .filter(f -> f.get("score").getAsString().equals("cka_diagonal_mean")
                        && f.get("group").getAsString().equals("all"))
                .findFirst().orElseThrow();
        assertEquals(sxy * sxy / (sxx * syy), ckaFit.get("r2").getAsDouble(), 1e-9);
        assertEquals(sxy / sxx, ckaFit.get("slope").getAsDouble(), 1e-9);
        assertTrue(ckaFit.get("label").getAsString().contains("Hsu et al. 2026"));
        assertFalse(cmp.getAsJsonArray("fits").toString().contains("\"hit_rate\""),
                "no run has word timings: no hit-rate fit");
        assertTrue(out.toString().contains("| CKA diag |"), out.toString());
        assertTrue(out.toString().contains("| APS (cosine) | all | 7 |"), out.toString());
        List<String> csv = Files.readAllLines(dir.resolve("cmp/compare-regressions.csv"));
        assertEquals("score,group,n,slope,intercept,r2,note", csv.get(0));
        assertEquals(1 + 3 * 5, csv.size());
        assertTrue(Files.readAllLines(dir.resolve("cmp/compare-runs.csv")).get(0)
                .endsWith(",cka_diagonal_mean,cka_diagonal_mean_mismatched"));
        assertTrue(Files.readString(dir.resolve("cmp/compare.md")).startsWith("| run | group | text (%)"));

        // the figures: all runs, and the group of four; the drawn line (score on GAP) has the regression's R²
        for (String stem : List.of("score-vs-gap-aps_cosine", "score-vs-gap-euclidean-early")) {
            java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(dir.resolve("cmp/" + stem + ".png").toFile());
            assertEquals(1050, png.getWidth(), stem);
            assertTrue(Files.readString(dir.resolve("cmp/" + stem + ".svg")).contains("R\u00b2 = "), stem);
        }
        assertTrue(Files.exists(dir.resolve("cmp/score-vs-gap-cosine-late.png")), "a group of three is drawn too");
        List<org.gapscope.figure.ScoreVsGapData.Point> points = new ArrayList<>();
        for (int i = 0; i < noises.length; i++) {
            points.add(new org.gapscope.figure.ScoreVsGapData.Point("", gap[i], apsCos[i], ""));
        }
        assertEquals(expected.rSquared().getAsDouble(),
                org.gapscope.figure.ScoreVsGapData.Fit.leastSquares(points).r2(), 1e-9);
    }
}
