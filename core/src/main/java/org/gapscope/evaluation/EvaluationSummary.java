package org.gapscope.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.gapscope.GapScopeVersion;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.ControlledScore;
import org.gapscope.analysis.DatasetAnalysis;
import org.gapscope.analysis.DatasetSummary;
import org.gapscope.analysis.ExampleScores;
import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.analysis.Score;
import org.gapscope.run.RunFolder;
import org.gapscope.run.ScoresJson;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * The dataset-level summary of an evaluation ({@code summary.json}), computed from the records alone:
 * counts, text and speech accuracy, GAP (overall and per task), and every analysis score averaged
 * over examples with GapScope's mismatched-pair control (each record's {@code control}: its speech
 * against the text of example sigma(i), see {@link ControlPairs}) and the matched - mismatched margin
 * with its bootstrap interval, over the layer averages and per layer.
 */
public final class EvaluationSummary {

    /** {@code format} of summary.json. */
    public static final String FORMAT = "gapscope-evaluation-summary";
    /** {@code format_version} of summary.json. */
    public static final int FORMAT_VERSION = 1;

    private EvaluationSummary() {
    }

    /**
     * Computes the summary from every record of a complete run (in line order; the evaluated ones
     * carry {@code scores} and {@code control}) and writes {@code summary.json} into {@code folder}.
     */
    static JsonObject write(RunFolder folder, List<JsonObject> records, String model, String dataset,
            ControlSettings control, BatchListener listener) {
        List<JsonObject> ok = records.stream().filter(r -> "ok".equals(r.get("status").getAsString())).toList();
        JsonObject summary = new JsonObject();
        summary.addProperty("format", FORMAT);
        summary.addProperty("format_version", FORMAT_VERSION);
        summary.addProperty("model", model);
        summary.addProperty("dataset", dataset);
        summary.addProperty("program_version", GapScopeVersion.get());
        summary.add("examples", counts(records, ok));
        double text = percent(ok, "text");
        double speech = percent(ok, "speech");
        JsonObject accuracy = new JsonObject();
        accuracy.add("text", accuracy(ok, "text"));
        accuracy.add("speech", accuracy(ok, "speech"));
        summary.add("accuracy", accuracy);
        summary.add("gap", ScoresJson.number(text - speech));
        summary.add("tasks", tasks(ok));
        if (ok.size() < 2) {
            summary.add("scores", JsonNull.INSTANCE);
            summary.addProperty("note", "the scores and their control need at least 2 evaluated examples, got "
                    + ok.size());
            listener.note("only " + ok.size() + " example(s) evaluated: no scores in the summary");
        } else {
            int[] layers = ScoresJson.layers(ok.get(0).getAsJsonObject("scores"));
            DatasetSummary d = analyse(records, ok, model, dataset, control);
            addScores(summary, d, layers);
            DatasetLenses.add(summary, folder, records, ok, d.provenance().layers(), layers, model, dataset);
            DatasetLenses.lensAgreement(summary, ok, d.provenance().layers(), layers);
        }
        RunFolder.writeJson(folder.resolve(RunFolder.SUMMARY_JSON), summary);
        return summary;
    }

    private static JsonObject counts(List<JsonObject> records, List<JsonObject> ok) {
        JsonObject o = new JsonObject();
        o.addProperty("entries", records.size());
        o.addProperty("evaluated", ok.size());
        o.addProperty("failed", records.size() - ok.size());
        Map<String, Integer> byStage = new TreeMap<>();
        for (JsonObject r : records) {
            if (!"ok".equals(r.get("status").getAsString())) {
                byStage.merge(r.get("stage").getAsString(), 1, Integer::sum);
            }
        }
        JsonObject stages = new JsonObject();
        byStage.forEach(stages::addProperty);
        o.add("failed_by_stage", stages);
        return o;
    }

    private static JsonObject accuracy(List<JsonObject> ok, String modality) {
        JsonObject o = new JsonObject();
        o.add("percent", ScoresJson.number(percent(ok, modality)));
        o.addProperty("correct", correct(ok, modality));
        o.addProperty("of", ok.size());
        return o;
    }

    static int correct(List<JsonObject> ok, String modality) {
        int n = 0;
        for (JsonObject r : ok) {
            if (r.getAsJsonObject(modality).get("correct").getAsBoolean()) {
                n++;
            }
        }
        return n;
    }

    static double percent(List<JsonObject> ok, String modality) {
        return ok.isEmpty() ? Double.NaN : 100.0 * correct(ok, modality) / ok.size();
    }

    private static JsonArray tasks(List<JsonObject> ok) {
        Map<String, List<JsonObject>> byTask = new TreeMap<>();
        for (JsonObject r : ok) {
            String task = r.get("task").getAsString();
            if (!task.isEmpty()) {
                byTask.computeIfAbsent(task, k -> new ArrayList<>()).add(r);
            }
        }
        JsonArray out = new JsonArray();
        byTask.forEach((task, list) -> {
            JsonObject o = new JsonObject();
            o.addProperty("task", task);
            o.addProperty("evaluated", list.size());
            o.add("text_percent", ScoresJson.number(percent(list, "text")));
            o.add("speech_percent", ScoresJson.number(percent(list, "speech")));
            o.add("gap", ScoresJson.number(percent(list, "text") - percent(list, "speech")));
            out.add(o);
        });
        return out;
    }

    /**
     * Matched scores and their controls as the records hold them; a missing control counts as undefined.
     * The summary's derangement is sigma restricted to the evaluated examples, in the indices of the
     * dataset's examples (the records with an id, in line order).
     */
    private static DatasetSummary analyse(List<JsonObject> records, List<JsonObject> ok, String model, String dataset,
            ControlSettings control) {
        Map<Integer, Integer> exampleIndex = new HashMap<>();
        for (JsonObject r : records) {
            if (r.has("id") && !r.get("id").isJsonNull()) {
                exampleIndex.put(r.get("line").getAsInt(), exampleIndex.size());
            }
        }
        int n = ok.size();
        List<ExampleScores> matched = new ArrayList<>(n);
        List<ExampleScores> mismatched = new ArrayList<>(n);
        int[] partners = new int[n];
        for (int i = 0; i < n; i++) {
            JsonObject r = ok.get(i);
            String where = RunFolder.RESULTS_JSONL + " line " + r.get("line");
            String id = r.get("id").getAsString();
            ExampleScores m = ScoresJson.fromJson(id, r.getAsJsonObject("scores"), where);
            matched.add(m);
            JsonObject c = r.has("control") && r.get("control").isJsonObject() ? r.getAsJsonObject("control") : null;
            partners[i] = c == null ? -1 : exampleIndex.getOrDefault(c.get("text_line").getAsInt(), -1);
            if (c != null && c.has("scores")) {
                mismatched.add(ScoresJson.fromJson(id + "|" + c.get("text_id").getAsString(), c.getAsJsonObject("scores"),
                        where + " (control)"));
            } else {
                mismatched.add(ExampleScores.undefined(m, id + "|none"));
            }
        }
        return DatasetAnalysis.summarize(model, dataset, matched, mismatched, partners, control);
    }

    private static void addScores(JsonObject summary, DatasetSummary d, int[] layers) {
        JsonArray range = new JsonArray();
        range.add(layerOf(layers, d.provenance().layers().first()));
        range.add(layerOf(layers, d.provenance().layers().last()));
        summary.add("averaged_layers", range);
        if (layers != null) {
            JsonArray present = new JsonArray();
            for (int l : layers) {
                present.add(l);
            }
            summary.add("layers_present", present);
            summary.addProperty("note", "the captures hold " + layers.length + " of the hidden states (" + listed(layers)
                    + "): scores average over the " + d.provenance().layers().size() + " of them in "
                    + range.get(0) + ".." + range.get(1) + ", and per_layer has those only");
        }
        JsonObject control = new JsonObject();
        control.addProperty("label", MismatchedPairControl.LABEL);
        control.addProperty("seed", d.control().seed());
        control.addProperty("resamples", d.control().resamples());
        control.addProperty("level", d.control().level());
        summary.add("control", control);
        JsonObject scores = new JsonObject();
        for (Score s : Score.values()) {
            JsonObject o = ScoresJson.toJson(d.average(s));
            o.addProperty("higher_is_more_aligned", s.higherIsMoreAligned());
            scores.add(s.key(), o);
        }
        summary.add("scores", scores);
        JsonObject perLayer = new JsonObject();
        for (Score s : Score.values()) {
            JsonArray entries = new JsonArray();
            List<ControlledScore> curve = d.perLayer().get(s);
            for (int l = 0; l < curve.size(); l++) {
                JsonObject o = new JsonObject();
                o.addProperty("layer", layerOf(layers, l));
                ScoresJson.toJson(curve.get(l)).entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
                entries.add(o);
            }
            perLayer.add(s.key(), entries);
        }
        summary.add("per_layer", perLayer);
    }

    private static int layerOf(int[] layers, int index) {
        return layers == null ? index : layers[index];
    }

    private static String listed(int[] layers) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < layers.length; i++) {
            b.append(i > 0 ? ", " : "").append(layers[i]);
        }
        return b.toString();
    }
}
