package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.Score;
import org.gapscope.capture.CaptureFile;
import org.gapscope.run.RunFolder;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The same model, two routes, the same numbers. For each family the exporter supports (Qwen2-Audio;
 * Whisper + projector + Llama), a look-alike of the transformers classes runs through the capture kit
 * (Python, model-prep/tests/two_routes.py) and, exported to a bundle, through GapScope's runtime
 * ({@code evaluate}): the two routes' captures of every example agree at every layer, their answers are
 * the same, {@code analyse} on the kit's folder gives {@code evaluate}'s summary, and the kit's
 * interventions (from analyse's critical tokens) give {@code intervene}'s table.
 */
class TwoRoutesTest {

    /** Largest difference between the routes' captures, relative to the layer's largest magnitude. */
    static final double CAPTURE_TOLERANCE = 1e-5;
    /** Largest difference between the routes' dataset scores (matched, mismatched, margin), absolute. */
    static final double SCORE_TOLERANCE = 1e-5;

    @TempDir
    static Path out;

    static JsonObject made;

    @BeforeAll
    static void captureWithTheKit() {
        String stdout = Python.run(script(), "capture", out.toString());
        made = JsonParser.parseString(stdout.strip().lines().reduce((a, b) -> b).orElseThrow()).getAsJsonObject();
    }

    static String script() {
        return Python.repositoryRoot().resolve("model-prep/tests/two_routes.py").toString();
    }


    static Map<Integer, JsonObject> records(Path run) throws IOException {
        Map<Integer, JsonObject> byLine = new LinkedHashMap<>();
        for (String line : Files.readAllLines(run.resolve(RunFolder.RESULTS_JSONL))) {
            JsonObject r = JsonParser.parseString(line).getAsJsonObject();
            byLine.put(r.get("line").getAsInt(), r);
        }
        return byLine;
    }

    static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void theKitAndTheBundleRuntimeGiveTheSameCapturesAnswersSummaryAndInterventionTable() throws IOException {
        StringBuilder report = new StringBuilder();
        for (String family : List.of("qwen2-audio", "whisper-llm")) {
            JsonObject f = made.getAsJsonObject(family);
            Path bundle = Path.of(f.get("bundle").getAsString());
            Path data = Path.of(f.get("data").getAsString());
            Path kit = Path.of(f.get("kit").getAsString());
            Path gs = out.resolve(family).resolve("gapscope");
            EndToEndTest.Cli e = EndToEndTest.cli("evaluate", "--model", bundle.toString(), "--data", data.toString(), "--out", gs.toString(),
                    "--device", "cpu", "--max-tokens", "6", "--captures", "all", "--float32-captures", "--quiet");
            assertEquals(0, e.status(), e.err());
            EndToEndTest.Cli a = EndToEndTest.cli("analyse", kit.toString(), "--quiet");
            assertEquals(0, a.status(), a.err());

            // the same answers, scored the same, and the same captures at every layer
            Map<Integer, JsonObject> ours = records(gs);
            Map<Integer, JsonObject> theirs = records(kit);
            assertEquals(ours.keySet(), theirs.keySet(), family);
            double worstSpeech = 0;
            double worstText = 0;
            for (int line : ours.keySet()) {
                JsonObject o = ours.get(line);
                JsonObject t = theirs.get(line);
                assertEquals("ok", o.get("status").getAsString(), o.toString());
                assertEquals("ok", t.get("status").getAsString(), t.toString());
                for (String m : List.of("text", "speech")) {
                    assertEquals(o.getAsJsonObject(m).get("answer").getAsString(),
                            t.getAsJsonObject(m).get("answer").getAsString(), family + " line " + line + " " + m);
                    assertEquals(o.getAsJsonObject(m).get("correct"), t.getAsJsonObject(m).get("correct"));
                }
                assertEquals(o.getAsJsonObject("speech").get("positions"), t.getAsJsonObject("speech").get("positions"));
                assertEquals(o.getAsJsonObject("text").get("tokens"), t.getAsJsonObject("text").get("tokens"));
                worstSpeech = Math.max(worstSpeech, difference(gs, o, kit, t, "speech"));
                worstText = Math.max(worstText, difference(gs, o, kit, t, "text"));
            }
            assertTrue(worstSpeech <= CAPTURE_TOLERANCE && worstText <= CAPTURE_TOLERANCE, family + ": " + worstSpeech
                    + ", " + worstText);

            // analyse on the kit's folder: evaluate's summary
            JsonObject s1 = json(gs.resolve(RunFolder.SUMMARY_JSON));
            JsonObject s2 = json(kit.resolve(RunFolder.SUMMARY_JSON));
            assertEquals(s1.get("accuracy"), s2.get("accuracy"), family);
            assertEquals(s1.get("gap"), s2.get("gap"), family);
            assertEquals(s1.get("examples"), s2.get("examples"), family);
            assertEquals(s1.get("averaged_layers"), s2.get("averaged_layers"), family);
            double worstScore = 0;
            for (Score s : Score.values()) {
                JsonObject x = s1.getAsJsonObject("scores").getAsJsonObject(s.key());
                JsonObject y = s2.getAsJsonObject("scores").getAsJsonObject(s.key());
                assertEquals(x.get("examples"), y.get("examples"), family + " " + s.key());
                for (String key : List.of("matched", "mismatched", "margin")) {
                    worstScore = Math.max(worstScore, Math.abs(x.get(key).getAsDouble() - y.get(key).getAsDouble()));
                }
                JsonArray px = s1.getAsJsonObject("per_layer").getAsJsonArray(s.key());
                JsonArray py = s2.getAsJsonObject("per_layer").getAsJsonArray(s.key());
                for (int l = 0; l < px.size(); l++) {
                    worstScore = Math.max(worstScore, gap(px.get(l).getAsJsonObject().get("matched"),
                            py.get(l).getAsJsonObject().get("matched")));
                }
            }
            assertTrue(worstScore <= SCORE_TOLERANCE, family + ": scores differ by " + worstScore);

            // the kit's interventions with analyse's critical tokens: intervene's table
            Path iv = out.resolve(family).resolve("gapscope-iv");
            EndToEndTest.Cli i = EndToEndTest.cli("intervene", "--model", bundle.toString(), "--data", data.toString(), "--out", iv.toString(),
                    "--device", "cpu", "--max-tokens", "6", "--method", "angle,length", "--tokens", "bottom:3,all",
                    "--quiet");
            assertEquals(0, i.status(), i.err());
            report.append(String.format(Locale.ROOT, "%s: captures differ by at most %.2e (speech) and %.2e (text) "
                    + "relative to each layer's scale; dataset scores by %.2e%n", family, worstSpeech, worstText,
                    worstScore));
        }
        Python.run(script(), "intervene", out.toString());
        for (String family : List.of("qwen2-audio", "whisper-llm")) {
            Path kitIv = out.resolve(family).resolve("kit-iv");
            EndToEndTest.Cli a = EndToEndTest.cli("analyse", kitIv.toString(), "--quiet");
            assertEquals(0, a.status(), a.err());
            Path iv = out.resolve(family).resolve("gapscope-iv");
            Map<Integer, JsonObject> ours = records(iv);
            Map<Integer, JsonObject> theirs = records(kitIv);
            for (int line : ours.keySet()) {
                assertEquals(ours.get(line).get("interventions"), theirs.get(line).get("interventions"),
                        family + " line " + line);
            }
            JsonObject t1 = json(iv.resolve(RunFolder.SUMMARY_JSON));
            JsonObject t2 = json(kitIv.resolve(RunFolder.SUMMARY_JSON));
            assertEquals(t1.get("accuracy"), t2.get("accuracy"));
            assertEquals(t1.get("conditions"), t2.get("conditions"), family);
            assertEquals(Files.readString(iv.resolve(InterventionTable.TABLE_CSV)),
                    Files.readString(kitIv.resolve(InterventionTable.TABLE_CSV)), family);
        }
        System.out.print(report);
    }

    private static double gap(JsonElement a, JsonElement b) {
        if (a.isJsonNull() || b.isJsonNull()) {
            assertEquals(a.isJsonNull(), b.isJsonNull());
            return 0;
        }
        return Math.abs(a.getAsDouble() - b.getAsDouble());
    }

    /** The largest difference between two captures of an example, relative to each layer's largest magnitude. */
    private static double difference(Path runA, JsonObject a, Path runB, JsonObject b, String modality) {
        HiddenStates x = CaptureFile.read(runA.resolve(a.getAsJsonObject("captures").get(modality).getAsString()))
                .hiddenStates();
        HiddenStates y = CaptureFile.read(runB.resolve(b.getAsJsonObject("captures").get(modality).getAsString()))
                .hiddenStates();
        assertEquals(x.layerCount(), y.layerCount());
        assertEquals(x.tokenCount(), y.tokenCount());
        double worst = 0;
        for (int l = 0; l < x.layerCount(); l++) {
            float[] p = x.layer(l);
            float[] q = y.layer(l);
            double scale = 1e-12;
            double diff = 0;
            for (int k = 0; k < p.length; k++) {
                scale = Math.max(scale, Math.abs(p[k]));
                diff = Math.max(diff, Math.abs(p[k] - q[k]));
            }
            worst = Math.max(worst, diff / scale);
        }
        return worst;
    }
}
