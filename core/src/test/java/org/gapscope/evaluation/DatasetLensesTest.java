package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.LayerRange;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;
import org.gapscope.run.RunFolder;
import org.gapscope.run.Shard;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The other lenses in {@code summary.json}: the dataset CKA, its mismatched-pair control and band
 * summary, and the hit rate, against numbers worked out by hand and against NumPy on the captures; the
 * same numbers whether the run keeps speech captures or none, and from {@code analyse}.
 */
class DatasetLensesTest {

    @TempDir
    Path dir;

    private static final String[] TRANSCRIPTS = {"red sky at night", "green grass grows fast", "blue sea",
        "the moon is bright tonight", "cats chase mice", "rain falls down hard"};

    /** Six examples; the first four with reference word timings that do not fall on proportional slices. */
    private Path dataset() throws IOException {
        Files.createDirectories(dir.resolve("wav"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < TRANSCRIPTS.length; i++) {
            double seconds = 0.4 + 0.1 * i;
            EvaluationEngineTest.writeWav(dir.resolve("wav/e" + i + ".wav"), seconds);
            String[] words = TRANSCRIPTS[i].split(" ");
            StringBuilder w = new StringBuilder();
            if (i < 4) {
                // the first word takes the first 60 % of the clip, the others share the rest
                double t = 0.01;
                for (int k = 0; k < words.length; k++) {
                    double end = k == 0 ? 0.6 * seconds : 0.6 * seconds + (seconds - 0.6 * seconds - 0.01) * k
                            / (words.length - 1);
                    w.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                            "{\"word\": \"%s\", \"start\": %.4f, \"end\": %.4f}", words[k], t, end));
                    t = end;
                }
            }
            lines.add(String.format("{\"id\": \"e%d\", \"audio\": \"wav/e%d.wav\", \"transcript\": \"%s\", \"answer\": "
                    + "\"%s\"%s}", i, i, TRANSCRIPTS[i], words[words.length - 1],
                    i < 4 ? ", \"words\": [" + w + "]" : ""));
        }
        Path file = dir.resolve("set.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static Evaluation.Settings settings(CapturesKept kept) {
        return new Evaluation.Settings(8, false, kept, org.gapscope.analysis.AnalysisSettings.defaults(),
                new ControlSettings(3, 100, 0.9));
    }

    private static JsonObject evaluate(ExampleSet set, Path out, CapturesKept kept) {
        return Evaluation.run(EvaluationEngineTest.runner(set), set, out, Shard.ALL, settings(kept),
                BatchListener.SILENT).summary();
    }

    @Test
    void theSummaryLensesEqualNumPyOnTheCaptures() throws IOException {
        Path file = dataset();
        ExampleSet set = EvaluationEngineTest.read(file);
        Path run = dir.resolve("run");
        JsonObject summary = evaluate(set, run, CapturesKept.ALL);

        JsonObject spec = new JsonObject();
        spec.addProperty("folder", run.toString());
        spec.addProperty("dataset", file.toString());
        Path in = dir.resolve("in.json");
        Path out = dir.resolve("out.json");
        Files.writeString(in, spec.toString());
        Python.run(Python.repositoryRoot().resolve("core/src/test/python/lenses_reference.py").toString(), "run_lenses",
                in.toString(), out.toString());
        JsonObject numpy = JsonParser.parseString(Files.readString(out)).getAsJsonObject();

        assertEquals(4, summary.getAsJsonObject("lens_pairing").get("reference_words").getAsInt());
        assertEquals(2, summary.getAsJsonObject("lens_pairing").get("proportional").getAsInt());
        assertEquals(6, summary.get("cka_examples").getAsInt());
        assertEquals(numpy.get("control_examples").getAsInt(),
                summary.getAsJsonObject("cka_control").get("examples").getAsInt());
        for (String key : List.of("cka", "cka_mismatched")) {
            assertMatrix(key, numpy.getAsJsonArray(key), summary.getAsJsonArray(key), 1e-4);
            assertEquals(numpy.get(key + "_diagonal_mean").getAsDouble(),
                    summary.get(key + "_diagonal_mean").getAsDouble(), 1e-4, key);
            assertEquals(numpy.get(key + "_band_width"), summary.get(key + "_band_width"), key + " band widths");
        }
        double[][] matched = matrix(summary.getAsJsonArray("cka"));
        double[][] mismatched = matrix(summary.getAsJsonArray("cka_mismatched"));
        JsonArray diff = summary.getAsJsonArray("cka_difference");
        assertEquals(matched[2][1] - mismatched[2][1], diff.get(2).getAsJsonArray().get(1).getAsDouble(), 1e-12);
        assertTrue(summary.get("cka_diagonal_mean").getAsDouble() > summary.get("cka_mismatched_diagonal_mean")
                .getAsDouble(), "the stand-in's matched pairs are more alike than mismatched ones");

        JsonObject hit = summary.getAsJsonObject("hit_rate");
        JsonObject expected = numpy.getAsJsonObject("hit_rate");
        assertEquals(4, hit.get("examples").getAsInt());
        assertEquals(expected.get("mean_baseline").getAsDouble(), hit.get("mean_baseline").getAsDouble(), 1e-12);
        for (String metric : List.of("cosine", "euclidean")) {
            JsonArray e = expected.getAsJsonObject(metric).getAsJsonArray("hit");
            JsonArray a = hit.getAsJsonObject(metric).getAsJsonArray("hit");
            assertEquals(e.size(), a.size());
            for (int l = 0; l < e.size(); l++) {
                assertEquals(e.get(l).getAsDouble(), a.get(l).getAsDouble(), 1e-12, metric + " layer " + l);
            }
            assertEquals(expected.getAsJsonObject(metric).get("mean_hit_minus_baseline").getAsDouble(),
                    hit.getAsJsonObject(metric).get("mean_hit_minus_baseline").getAsDouble(), 1e-12);
        }
        assertTrue(hit.get("label").getAsString().startsWith("ALAS-style"));
        assertTrue(summary.get("cka_label").getAsString().contains("Hsu et al. 2026"));
    }

    @Test
    void aRunThatKeepsNoCapturesHasTheSameLensesAsOneThatKeepsThemAll() throws IOException {
        ExampleSet set = EvaluationEngineTest.read(dataset());
        JsonObject all = evaluate(set, dir.resolve("all"), CapturesKept.ALL);
        JsonObject none = evaluate(set, dir.resolve("none"), CapturesKept.NONE);
        assertFalse(Files.exists(dir.resolve("none/captures/L000001-e0.speech.npz")));
        assertTrue(Files.exists(dir.resolve("none/lenses/L000001-e0.lens.npz")));
        for (String key : List.of("lens_pairing", "cka", "cka_mismatched", "cka_band_width", "cka_control",
                "hit_rate")) {
            assertEquals(all.get(key), none.get(key), key);
        }
    }

    @Test
    void analyseRecomputesTheSameLensesFromTheCapturesAndTheDatasetsWords() throws IOException {
        ExampleSet set = EvaluationEngineTest.read(dataset());
        Path run = dir.resolve("run");
        JsonObject evaluated = evaluate(set, run, CapturesKept.ALL);
        Files.delete(run.resolve("lenses/L000001-e0.lens.npz"));
        JsonObject analysed = RunAnalysis.analyse(run, RunAnalysis.Options.defaults(), BatchListener.SILENT).summary();
        for (String key : List.of("lens_pairing", "cka", "cka_mismatched", "hit_rate")) {
            assertEquals(evaluated.get(key), analysed.get(key), key);
        }
        assertTrue(Files.exists(run.resolve("lenses/L000001-e0.lens.npz")), "analyse writes the rows again");
    }

    @Test
    void withoutTheDatasetAnalysePairsProportionallyAndHasNoHitRate() throws IOException {
        Path file = dataset();
        ExampleSet set = EvaluationEngineTest.read(file);
        Path run = dir.resolve("run");
        evaluate(set, run, CapturesKept.ALL);
        Files.move(file, dir.resolve("moved.jsonl"));
        JsonObject analysed = RunAnalysis.analyse(run, RunAnalysis.Options.defaults(), BatchListener.SILENT).summary();
        assertEquals(6, analysed.getAsJsonObject("lens_pairing").get("proportional").getAsInt());
        assertFalse(analysed.has("hit_rate"));
        assertTrue(analysed.has("cka"));
    }

    /**
     * Hand-worked, d = 1 (CKA is then the squared correlation of the stacked columns), two layers, two
     * examples of 2 and 1 tokens. Matched: layer 0 speech x = (1, 2, 3) against text y0 = (1, 3, 2) and
     * y1 = (3, 2, 1); layer 1 speech constant (undefined row). Centred x = (-1, 0, 1), y0 = (-1, 1, 0),
     * y1 = (1, 0, -1): CKA(0, 0) = 1 / (2 * 2) = 0.25, CKA(0, 1) = 4 / 4 = 1. Control (A with B's text,
     * B with A's): speech rows (5, 6, 7) against text (text_B, text_A) = (2, 1, 3) at layer 0: centred
     * (-1, 0, 1) and (0, -1, 1), CKA = 1 / 4 = 0.25. Hit rate: the mean of the examples' per-layer rates.
     */
    @Test
    void handWorkedDatasetCkaAndHitRate() throws IOException {
        RunFolder folder = RunFolder.openOrCreate(dir.resolve("hand"), RunFolder.identity("evaluate", "m", "f",
                dir.resolve("set.jsonl"), "0", Shard.ALL, new JsonObject()));
        Files.createDirectories(folder.resolve(RunFolder.CAPTURES));
        // example A (line 1): 2 tokens; B (line 2): 1 token; text rows [layer][token]
        rows(folder, "captures/a.lens.npz", new float[][] {{1, 2}, {4, 4}}, new float[][] {{5}, {0}},
                new float[][] {{1, 3}, {3, 2}});
        rows(folder, "captures/b.lens.npz", new float[][] {{3}, {4}}, new float[][] {{6, 7}, {0, 0}},
                new float[][] {{2}, {1}});
        List<JsonObject> records = List.of(
                record(1, "a", "captures/a.lens.npz", 2, "[0.0, 1.0, 0.5]", 0.25),
                record(2, "b", "captures/b.lens.npz", 1, "[1.0, 1.0, 0.0]", 0.5));
        JsonObject summary = new JsonObject();
        DatasetLenses.add(summary, folder, records, records, new LayerRange(1, 1), null, "m", "set.jsonl");
        JsonArray cka = summary.getAsJsonArray("cka");
        assertEquals(0.25, cka.get(0).getAsJsonArray().get(0).getAsDouble(), 1e-6);
        assertEquals(1.0, cka.get(0).getAsJsonArray().get(1).getAsDouble(), 1e-6);
        assertTrue(cka.get(1).getAsJsonArray().get(0).isJsonNull(), "a constant speech layer is undefined");
        assertTrue(summary.getAsJsonArray("cka_band_width").get(1).isJsonNull());
        assertEquals(1, summary.getAsJsonArray("cka_band_width").get(0).getAsInt(), "0.25 < 0.9 * 1");
        assertTrue(summary.get("cka_diagonal_mean").isJsonNull(), "layer 1's diagonal is undefined");
        assertEquals(0.25, summary.getAsJsonArray("cka_mismatched").get(0).getAsJsonArray().get(0).getAsDouble(), 1e-6);
        assertEquals(2, summary.getAsJsonObject("cka_control").get("examples").getAsInt());

        JsonObject hit = summary.getAsJsonObject("hit_rate");
        assertEquals(2, hit.get("examples").getAsInt());
        assertEquals(List.of(0.5, 1.0, 0.25), doubles(hit.getAsJsonObject("cosine").getAsJsonArray("hit")));
        assertEquals(0.375, hit.get("mean_baseline").getAsDouble(), 1e-12);
        assertEquals(1.0, hit.getAsJsonObject("cosine").get("mean_hit").getAsDouble(), 1e-12, "layers 1..1");
        assertEquals(0.625, hit.getAsJsonObject("cosine").get("mean_hit_minus_baseline").getAsDouble(), 1e-12);
    }

    private static void rows(RunFolder folder, String name, float[][] speech, float[][] mismatched, float[][] text) {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put(ExampleLenses.SPEECH, array(speech));
        m.put(ExampleLenses.MISMATCHED, array(mismatched));
        m.put(ExampleLenses.TEXT, array(text));
        Npz.write(folder.resolve(name), m);
    }

    /** {@code [layers][tokens]} as [K, T, 1]. */
    private static NpyArray array(float[][] layers) {
        int t = layers[0].length;
        float[] flat = new float[layers.length * t];
        for (int l = 0; l < layers.length; l++) {
            System.arraycopy(layers[l], 0, flat, l * t, t);
        }
        return NpyArray.ofFloats(flat, layers.length, t, 1);
    }

    private static JsonObject record(int line, String id, String rows, int partnerLine, String hits, double baseline) {
        JsonObject r = JsonParser.parseString(String.format(Locale.ROOT, "{\"line\": %d, \"status\": \"ok\", \"id\": "
                + "\"%s\", \"control\": {\"text_line\": %d, \"text_id\": \"x\", \"scores\": {}}, \"lenses\": {"
                + "\"pairing\": \"reference_words\", \"rows\": \"%s\", \"hit_rate\": {\"baseline\": %s, \"cosine\": %s, "
                + "\"euclidean\": %s}}}", line, id, 3 - line, rows, baseline, hits, hits)).getAsJsonObject();
        return r;
    }

    private static List<Double> doubles(JsonArray a) {
        List<Double> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsDouble()));
        return out;
    }

    private static double[][] matrix(JsonArray a) {
        double[][] m = new double[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            JsonArray row = a.get(i).getAsJsonArray();
            m[i] = new double[row.size()];
            for (int j = 0; j < row.size(); j++) {
                m[i][j] = row.get(j).isJsonNull() ? Double.NaN : row.get(j).getAsDouble();
            }
        }
        return m;
    }

    private static void assertMatrix(String where, JsonArray expected, JsonArray actual, double tolerance) {
        assertEquals(expected.size(), actual.size(), where);
        for (int a = 0; a < expected.size(); a++) {
            JsonArray e = expected.get(a).getAsJsonArray();
            JsonArray g = actual.get(a).getAsJsonArray();
            for (int b = 0; b < e.size(); b++) {
                JsonElement x = e.get(b);
                if (x.isJsonNull()) {
                    assertTrue(g.get(b).isJsonNull(), where + "[" + a + "][" + b + "]");
                } else {
                    assertEquals(x.getAsDouble(), g.get(b).getAsDouble(), tolerance, where + "[" + a + "][" + b + "]");
                }
            }
        }
    }
}
