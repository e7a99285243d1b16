package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.capture.Capture;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.lenses.LensHead;
import org.gapscope.lenses.TopTokens;
import org.gapscope.run.RunFolder;
import org.gapscope.run.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code evaluate --lens}: each record's lens agreement against an argmax worked out here on the saved
 * captures (proportional slices, their means, W h), the summary's per-layer mean over examples and its
 * mean over layers 1..L, the run.json setting, {@code analyse} keeping it, {@code compare}'s predictor,
 * and a model without an LM head refused in one message.
 */
class LensAgreementRunTest {

    @TempDir
    Path dir;

    private static final int V = 6;
    private static final float[][] W = new float[V][SyntheticRunner.D];

    static {
        SplittableRandom r = new SplittableRandom(11);
        for (float[] row : W) {
            for (int k = 0; k < row.length; k++) {
                row[k] = (float) r.nextGaussian();
            }
        }
    }

    /** Logits W h; top-k by a plain sort, probabilities by softmax. */
    private static final class Head implements LensHead {
        @Override
        public int vocabSize() {
            return V;
        }

        @Override
        public int hiddenSize() {
            return SyntheticRunner.D;
        }

        @Override
        public TopTokens top(float[] rows, int count, int k) {
            int[][] ids = new int[count][k];
            float[][] probs = new float[count][k];
            for (int r = 0; r < count; r++) {
                double[] logit = new double[V];
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < V; v++) {
                    for (int c = 0; c < SyntheticRunner.D; c++) {
                        logit[v] += (double) W[v][c] * rows[r * SyntheticRunner.D + c];
                    }
                    max = Math.max(max, logit[v]);
                }
                double sum = 0;
                for (int v = 0; v < V; v++) {
                    logit[v] = Math.exp(logit[v] - max);
                    sum += logit[v];
                }
                List<Integer> order = new ArrayList<>();
                for (int v = 0; v < V; v++) {
                    order.add(v);
                }
                double[] p = logit;
                order.sort((a, b) -> Double.compare(p[b], p[a]));
                for (int j = 0; j < k; j++) {
                    ids[r][j] = order.get(j);
                    probs[r][j] = (float) (p[order.get(j)] / sum);
                }
            }
            return new TopTokens(ids, probs);
        }

        @Override
        public String token(int id) {
            return "v" + id;
        }
    }

    private static final String[] TRANSCRIPTS = {"red sky at night", "green grass grows fast", "blue sea",
        "the moon is bright tonight"};

    private ExampleSet set() throws IOException {
        Files.createDirectories(dir.resolve("wav"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < TRANSCRIPTS.length; i++) {
            EvaluationEngineTest.writeWav(dir.resolve("wav/e" + i + ".wav"), 0.4 + 0.1 * i);
            String[] words = TRANSCRIPTS[i].split(" ");
            lines.add(String.format("{\"id\": \"e%d\", \"audio\": \"wav/e%d.wav\", \"transcript\": \"%s\", \"answer\": "
                    + "\"%s\"}", i, i, TRANSCRIPTS[i], words[words.length - 1]));
        }
        Path file = dir.resolve("set.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return EvaluationEngineTest.read(file);
    }

    private static Evaluation.Settings settings(boolean lens) {
        return new Evaluation.Settings(8, false, CapturesKept.ALL, AnalysisSettings.defaults(),
                new ControlSettings(3, 100, 0.9), lens);
    }

    private static int argmax(double[] h) {
        int best = 0;
        double bestLogit = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < V; v++) {
            double s = 0;
            for (int c = 0; c < h.length; c++) {
                s += W[v][c] * (double) (float) h[c];
            }
            if (s > bestLogit) {
                bestLogit = s;
                best = v;
            }
        }
        return best;
    }

    /** Agreement at {@code layer} worked out on the captures: proportional slices (METHOD.md), mean, argmax. */
    private static double agreement(Capture speech, Capture text, int layer) {
        int ts = speech.length();
        int tt = text.length();
        int same = 0;
        for (int j = 0; j < tt; j++) {
            int from = (int) Math.floor((double) j * ts / tt);
            int to = Math.max((int) Math.floor((double) (j + 1) * ts / tt), from + 1);
            double[] mean = new double[speech.hiddenSize()];
            for (int i = from; i < to; i++) {
                float[] v = speech.vector(layer, i);
                for (int c = 0; c < mean.length; c++) {
                    mean[c] += v[c] / (double) (to - from);
                }
            }
            float[] t = text.vector(layer, j);
            double[] td = new double[t.length];
            for (int c = 0; c < t.length; c++) {
                td[c] = t[c];
            }
            same += argmax(mean) == argmax(td) ? 1 : 0;
        }
        return (double) same / tt;
    }

    @Test
    void recordsAndSummaryHoldLensAgreementWorkedOutOnTheCaptures() throws IOException {
        ExampleSet set = set();
        Path run = dir.resolve("run");
        JsonObject summary = Evaluation.run(EvaluationEngineTest.runner(set).withLensHead(new Head()), set, run,
                Shard.ALL, settings(true), BatchListener.SILENT).summary();
        RunFolder folder = RunFolder.existing(run);
        assertTrue(folder.settings().get("lens").getAsBoolean(), "run.json records --lens");
        List<JsonObject> records = Files.readAllLines(run.resolve(RunFolder.RESULTS_JSONL)).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        int layers = SyntheticRunner.LAYERS; // hidden states 0..L of the stand-in
        int last = layers - 1;
        double[] perLayer = new double[layers];
        double meanOfMeans = 0;
        for (JsonObject r : records) {
            JsonObject a = r.getAsJsonObject("lens_agreement");
            assertEquals("proportional", a.get("pairing").getAsString());
            Capture speech = Capture.load(run.resolve(r.getAsJsonObject("captures").get("speech").getAsString()));
            Capture text = Capture.load(run.resolve(r.getAsJsonObject("captures").get("text").getAsString()));
            JsonArray values = a.getAsJsonArray("agreement");
            assertEquals(layers, values.size());
            double sum = 0;
            for (int l = 0; l < layers; l++) {
                double expected = agreement(speech, text, l);
                assertEquals(expected, values.get(l).getAsDouble(), 0, r.get("id") + " layer " + l);
                perLayer[l] += expected / records.size();
                sum += l >= 1 ? expected : 0;
            }
            assertEquals(sum / last, a.get("mean").getAsDouble(), 1e-12, "mean over 1..L");
            meanOfMeans += sum / last / records.size();
        }
        assertTrue(java.util.Arrays.stream(perLayer).distinct().count() > 1, "the stand-in's agreement varies by "
                + "layer, so the comparison above can tell layers apart: " + java.util.Arrays.toString(perLayer));
        JsonObject s = summary.getAsJsonObject("lens_agreement");
        assertEquals(records.size(), s.get("examples").getAsInt());
        assertEquals(records.size(), s.getAsJsonObject("pairing").get("proportional").getAsInt());
        assertEquals("[1," + last + "]", s.getAsJsonArray("averaged_layers").toString());
        for (int l = 0; l < layers; l++) {
            assertEquals(perLayer[l], s.getAsJsonArray("agreement").get(l).getAsDouble(), 1e-12, "layer " + l);
        }
        assertEquals(meanOfMeans, s.get("mean").getAsDouble(), 1e-12);
        assertTrue(s.get("label").getAsString().startsWith("Lens agreement"));

        // compare's predictor reads it; analyse (no model) keeps the records' values and the summary's
        assertEquals(meanOfMeans, GapPredictor.LENS_AGREEMENT.value(new ComparedRun(run, "r", "", summary)), 1e-12);
        JsonObject analysed = RunAnalysis.analyse(run, RunAnalysis.Options.defaults(), BatchListener.SILENT).summary();
        assertEquals(s, analysed.getAsJsonObject("lens_agreement"));
    }

    @Test
    void offByDefaultAndRefusedWithoutAnLmHead() throws IOException {
        ExampleSet set = set();
        JsonObject summary = Evaluation.run(EvaluationEngineTest.runner(set).withLensHead(new Head()), set,
                dir.resolve("plain"), Shard.ALL, settings(false), BatchListener.SILENT).summary();
        assertFalse(summary.has("lens_agreement"));
        assertFalse(Files.readString(dir.resolve("plain/run.json")).contains("\"lens\""),
                "an old run's settings stay what they were");
        GapScopeException e = assertThrows(GapScopeException.class, () -> Evaluation.run(
                EvaluationEngineTest.runner(set), set, dir.resolve("headless"), Shard.ALL, settings(true),
                BatchListener.SILENT));
        assertEquals("--lens needs the model's LM head to read the logit lens through; synthetic has none",
                e.getMessage());
        assertTrue(Double.isNaN(GapPredictor.LENS_AGREEMENT.value(new ComparedRun(dir.resolve("plain"), "r", "", summary))));
    }
}
