package org.gapscope.evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.gapscope.GapScopeException;
import org.gapscope.GapScopeVersion;
import org.gapscope.analysis.ControlledScore;
import org.gapscope.analysis.DatasetAnalysis;
import org.gapscope.analysis.DatasetSummary;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.ExampleScores;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.analysis.Score;
import org.gapscope.capture.Capture;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * The dataset-level summary of an evaluation ({@code summary.json}): counts, text and speech
 * accuracy, GAP (overall and per task), and every analysis score averaged over examples with
 * GapScope's mismatched-pair control (speech of example i against the text of example sigma(i))
 * and the matched - mismatched margin with its bootstrap interval, over the layer averages and per
 * layer. The control's analyses are cached in {@code control.jsonl}, so a resumed summary does not
 * redo them.
 */
public final class EvaluationSummary {

    /** {@code format} of summary.json. */
    public static final String FORMAT = "gapscope-evaluation-summary";
    /** {@code format_version} of summary.json. */
    public static final int FORMAT_VERSION = 1;

    private EvaluationSummary() {
    }

    /**
     * Computes the summary from every record of a complete run (in line order), analysing the
     * mismatched pairs from the captures ({@code capture} resolves a record's relative capture path),
     * and writes {@code control.jsonl} and {@code summary.json} into {@code folder}.
     */
    static JsonObject write(RunFolder folder, List<JsonObject> records, Function<String, Path> capture, String model,
            String dataset, Evaluation.Settings settings, BatchListener listener, StageTimes times) {
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
            DatasetSummary d = analyse(folder, ok, capture, model, dataset, settings, listener, times);
            addScores(summary, d);
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

    private static DatasetSummary analyse(RunFolder folder, List<JsonObject> ok, Function<String, Path> capture,
            String model, String dataset, Evaluation.Settings settings, BatchListener listener, StageTimes times) {
        int n = ok.size();
        List<ExampleScores> matched = new ArrayList<>(n);
        for (JsonObject r : ok) {
            matched.add(ScoresJson.fromJson(r.get("id").getAsString(), r.getAsJsonObject("scores"),
                    RunFolder.RESULTS_JSONL + " line " + r.get("line")));
        }
        int[] sigma = MismatchedPairControl.derangement(n, settings.control().seed());
        List<ExampleScores> mismatched = new ArrayList<>(n);
        try (ResultLog control = ResultLog.open(folder.resolve(RunFolder.CONTROL_JSONL), "pair")) {
            List<Integer> remaining = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!control.contains(pairKey(ok, i, sigma[i]))) {
                    remaining.add(i);
                }
            }
            listener.begin("control", remaining.size(), n - remaining.size());
            for (int i : remaining) {
                JsonObject speechRecord = ok.get(i);
                JsonObject textRecord = ok.get(sigma[i]);
                String pairId = speechRecord.get("id").getAsString() + "|" + textRecord.get("id").getAsString();
                HiddenStates s = times.time(Stage.FILES, () -> load(speechRecord, "speech", capture));
                HiddenStates t = times.time(Stage.FILES, () -> load(textRecord, "text", capture));
                ExampleScores scores = times.time(Stage.CONTROL, () -> ExampleScores.of(
                        ExampleAnalyzer.analyze(s, t, settings.analysis(), model, pairId)));
                JsonObject record = new JsonObject();
                record.addProperty("pair", pairKey(ok, i, sigma[i]));
                record.addProperty("speech_id", speechRecord.get("id").getAsString());
                record.addProperty("text_id", textRecord.get("id").getAsString());
                record.add("scores", ScoresJson.toJson(scores));
                control.append(record.get("pair").getAsString(), record);
                listener.step(false);
            }
            Map<String, JsonObject> byPair = new LinkedHashMap<>();
            for (JsonObject r : control.records()) {
                byPair.put(r.get("pair").getAsString(), r);
            }
            for (int i = 0; i < n; i++) {
                JsonObject r = byPair.get(pairKey(ok, i, sigma[i]));
                mismatched.add(ScoresJson.fromJson(r.get("speech_id").getAsString() + "|"
                        + r.get("text_id").getAsString(), r.getAsJsonObject("scores"), RunFolder.CONTROL_JSONL));
            }
        }
        return DatasetAnalysis.summarize(model, dataset, matched, mismatched, sigma, settings.control());
    }

    /** {@code speechLine|textLine}: the key of one mismatched pair in control.jsonl. */
    private static String pairKey(List<JsonObject> ok, int speech, int text) {
        return ok.get(speech).get("line").getAsInt() + "|" + ok.get(text).get("line").getAsInt();
    }

    private static HiddenStates load(JsonObject record, String modality, Function<String, Path> capture) {
        if (!record.has("captures")) {
            throw new GapScopeException("example " + record.get("id").getAsString() + " has no captures in its record");
        }
        Path file = capture.apply(record.getAsJsonObject("captures").get(modality).getAsString());
        return Capture.load(file).asHiddenStates();
    }

    private static void addScores(JsonObject summary, DatasetSummary d) {
        JsonArray range = new JsonArray();
        range.add(d.provenance().layers().first());
        range.add(d.provenance().layers().last());
        summary.add("averaged_layers", range);
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
            JsonArray layers = new JsonArray();
            List<ControlledScore> curve = d.perLayer().get(s);
            for (int l = 0; l < curve.size(); l++) {
                JsonObject o = new JsonObject();
                o.addProperty("layer", l);
                ScoresJson.toJson(curve.get(l)).entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
                layers.add(o);
            }
            perLayer.add(s.key(), layers);
        }
        summary.add("per_layer", perLayer);
    }
}
