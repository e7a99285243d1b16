package org.gapscope.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.audio.AudioLoader;
import org.gapscope.dataset.AnswerMatcher;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ModelRunner;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.InterventionSettings;
import org.gapscope.intervention.RewriteKind;
import org.gapscope.intervention.StatisticalCalibration;
import org.gapscope.run.ResultLog;
import org.gapscope.run.ResultsCsv;
import org.gapscope.run.RunFolder;
import org.gapscope.run.Shard;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * {@code gapscope intervene} as a library: for every example, the text answer, the speech answer,
 * and the speech answer again under each intervention condition (angle projection or length
 * normalization of the critical speech positions, Bottom-k or All, found on the example's own
 * alignment path; and, if asked for, input-layer statistical calibration of every speech position); one record per example streamed to disk, resumable and shardable like
 * {@link Evaluation}; then the paper's intervention table ({@link InterventionTable}).
 */
public final class InterventionRun {

    /** The command name recorded in {@code run.json}. */
    public static final String COMMAND = "intervene";

    /**
     * Settings of an intervention run.
     *
     * @param maxTokens most new tokens per greedy answer
     * @param kinds the rewrites to try
     * @param selections the token selections to try (every kind with every selection)
     * @param layer the hidden-state index rewritten (0 = the LLM input embeddings)
     * @param selectionLayer the layer whose path selects the tokens
     * @param pathMetric the path that selects them
     * @param calibrate whether to add input-layer statistical calibration ({@link StatisticalCalibration})
     * @param calibrationData the calibration set, or null for the evaluated set
     */
    public record Settings(int maxTokens, List<RewriteKind> kinds, List<CriticalTokenSelection> selections, int layer,
            int selectionLayer, SimilarityMetric pathMetric, boolean calibrate, Path calibrationData) {

        /** Validates and copies. */
        public Settings {
            if (maxTokens < 1) {
                throw new GapScopeException("--max-tokens must be at least 1, not " + maxTokens);
            }
            if ((kinds.isEmpty() && !calibrate) || selections.isEmpty()) {
                throw new GapScopeException("give at least one --method and one --tokens");
            }
            if (calibrationData != null && !calibrate) {
                throw new GapScopeException("--calibration-data is for --method calibrate");
            }
            if (layer < 0 || selectionLayer < 0) {
                throw new GapScopeException("--layer must not be negative, got " + Math.min(layer, selectionLayer));
            }
            kinds = List.copyOf(kinds);
            selections = List.copyOf(selections);
            Objects.requireNonNull(pathMetric, "pathMetric");
        }

        /** The settings without input-layer calibration (the paper's two rewrites only). */
        public Settings(int maxTokens, List<RewriteKind> kinds, List<CriticalTokenSelection> selections, int layer,
                int selectionLayer, SimilarityMetric pathMetric) {
            this(maxTokens, kinds, selections, layer, selectionLayer, pathMetric, false, null);
        }

        /** The conditions, every kind with every selection, in that order (calibration apart). */
        public List<InterventionSettings> conditions() {
            List<InterventionSettings> out = new ArrayList<>();
            for (RewriteKind k : kinds) {
                for (CriticalTokenSelection s : selections) {
                    out.add(InterventionSettings.defaults(k).withSelection(s).withRewriteLayers(layer)
                            .withSelectionLayer(selectionLayer).withPathMetric(pathMetric));
                }
            }
            return out;
        }

        /** As recorded in {@code run.json}. */
        public JsonObject toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("max_tokens", maxTokens);
            List<String> methods = new ArrayList<>(kinds.stream().map(RewriteKind::key).toList());
            if (calibrate) {
                methods.add(CALIBRATE);
            }
            m.put("methods", String.join(",", methods));
            m.put("tokens", String.join(",", selections.stream().map(InterventionRun::selectionKey).toList()));
            m.put("layer", layer);
            m.put("selection_layer", selectionLayer);
            m.put("path", pathMetric.name().toLowerCase(Locale.ROOT));
            if (calibrate) {
                m.put("calibration_data", calibrationData == null ? "" : calibrationData.toAbsolutePath().toString());
                m.put("calibration_data_sha256", calibrationData == null ? "" : RunFolder.sha256(calibrationData));
            }
            return RunFolder.settings(m);
        }
    }

    /** The {@code --method} and condition name of input-layer statistical calibration. */
    public static final String CALIBRATE = "calibrate";

    /** The condition keys of a run's settings: the rewrite conditions, then {@link #CALIBRATE} if asked for. */
    static List<String> conditionKeys(Settings settings) {
        List<String> keys = new ArrayList<>(settings.conditions().stream().map(InterventionRun::conditionKey).toList());
        if (settings.calibrate()) {
            keys.add(CALIBRATE);
        }
        return keys;
    }

    /** {@code bottom:3} or {@code all}, as on the command line. */
    static String selectionKey(CriticalTokenSelection s) {
        return s.all() ? "all" : "bottom:" + s.k();
    }

    /** Parses {@code bottom:K} (or {@code bottomK}) and {@code all}. */
    public static CriticalTokenSelection parseSelection(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("all")) {
            return CriticalTokenSelection.allTokens();
        }
        String k = t.startsWith("bottom:") ? t.substring(7) : t.startsWith("bottom") ? t.substring(6) : null;
        try {
            if (k != null && Integer.parseInt(k) >= 1) {
                return CriticalTokenSelection.bottomK(Integer.parseInt(k));
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new GapScopeException("--tokens must be bottom:K (K >= 1) or all, not \"" + text + "\"");
    }

    /** The key of a condition in records and tables, e.g. {@code angle Bottom3}. */
    static String conditionKey(InterventionSettings s) {
        return s.label();
    }

    private final ModelRunner runner;
    private final ExampleEngine engine;
    private final AudioLoader audioLoader = new AudioLoader();
    private final Settings settings;
    private final BatchListener listener;
    private final StageTimes times = new StageTimes();
    private StatisticalCalibration calibration;

    private InterventionRun(ModelRunner runner, Settings settings, BatchListener listener) {
        this.runner = runner;
        this.engine = new ExampleEngine(runner, settings.maxTokens());
        this.settings = settings;
        this.listener = listener;
    }

    /** Runs {@code set} (the entries of {@code shard}) into {@code out}, resuming; writes the table when complete. */
    public static Evaluation.Outcome run(ModelRunner runner, ExampleSet set, Path out, Shard shard, Settings settings,
            BatchListener listener) {
        return new InterventionRun(runner, settings, listener).run(set, out, shard);
    }

    /** Joins complete shard folders of one intervention run into {@code out} and writes the table. */
    public static Evaluation.Outcome merge(Path out, List<Path> shardDirs, BatchListener listener) {
        List<RunFolder> shards = ShardMerge.check(shardDirs, COMMAND);
        RunFolder merged = ShardMerge.join(out, shards, false);
        List<JsonObject> records;
        try (ResultLog log = ResultLog.open(merged.resolve(RunFolder.RESULTS_JSONL), "line")) {
            records = Evaluation.inLineOrder(log.records());
        }
        JsonObject info = merged.info();
        Settings settings = settings(info.getAsJsonObject("settings"));
        List<String> conditions = conditionKeys(settings);
        StatisticalCalibration calibration = settings.calibrate() ? mergeCalibration(shards, merged) : null;
        ResultsCsv.write(merged.resolve(RunFolder.RESULTS_CSV), InterventionTable.columns(conditions), records);
        JsonObject summary = InterventionTable.write(merged, records, conditions, info.get("model").getAsString(),
                Path.of(info.get("dataset").getAsString()).getFileName().toString(), info.getAsJsonObject("settings"),
                calibration);
        return new Evaluation.Outcome(merged, 0, records.size(), true, summary, new StageTimes());
    }

    /** The condition keys of an intervention run's settings as run.json records them, in table order. */
    static List<String> conditionKeys(JsonObject settingsJson) {
        return conditionKeys(settings(settingsJson));
    }

    /** The calibration statistics an intervention run with {@code calibrate} saved in its folder, else null. */
    static StatisticalCalibration savedCalibration(RunFolder folder, JsonObject settingsJson) {
        if (!settings(settingsJson).calibrate()) {
            return null;
        }
        Path file = folder.resolve(CalibrationPass.FILE);
        if (!Files.exists(file)) {
            throw new GapScopeException(folder.folder() + ": has no " + CalibrationPass.FILE + " for its calibrate rows");
        }
        return StatisticalCalibration.load(file);
    }

    /** The settings as run.json recorded them. */
    private static Settings settings(JsonObject settingsJson) {
        List<RewriteKind> kinds = new ArrayList<>();
        boolean calibrate = false;
        for (String k : settingsJson.get("methods").getAsString().split(",")) {
            if (k.equals(CALIBRATE)) {
                calibrate = true;
            } else {
                kinds.add(RewriteKind.parse(k));
            }
        }
        List<CriticalTokenSelection> selections = new ArrayList<>();
        for (String t : settingsJson.get("tokens").getAsString().split(",")) {
            selections.add(parseSelection(t));
        }
        String data = calibrate && settingsJson.has("calibration_data") ? settingsJson.get("calibration_data").getAsString()
                : "";
        return new Settings(settingsJson.get("max_tokens").getAsInt(), kinds, selections,
                settingsJson.get("layer").getAsInt(), settingsJson.get("selection_layer").getAsInt(),
                SimilarityMetric.valueOf(settingsJson.get("path").getAsString().toUpperCase(Locale.ROOT)), calibrate,
                data.isEmpty() ? null : Path.of(data));
    }

    /** Every shard computed the same calibration; the merged folder keeps one copy. */
    private static StatisticalCalibration mergeCalibration(List<RunFolder> shards, RunFolder merged) {
        StatisticalCalibration first = null;
        for (RunFolder s : shards) {
            Path file = s.resolve(CalibrationPass.FILE);
            if (!Files.exists(file)) {
                throw new GapScopeException(s.folder() + ": has no " + CalibrationPass.FILE + "; rerun that shard's command");
            }
            StatisticalCalibration c = StatisticalCalibration.load(file);
            if (first == null) {
                first = c;
            } else if (!first.equals(c)) {
                throw new GapScopeException(s.folder() + ": its calibration statistics differ from "
                        + shards.get(0).folder() + "'s (the shards were not run on the same calibration set)");
            }
        }
        first.save(merged.resolve(CalibrationPass.FILE));
        return first;
    }

    private Evaluation.Outcome run(ExampleSet set, Path out, Shard shard) {
        int last = runner.hiddenStates() - 1;
        if (settings.layer() > last || settings.selectionLayer() > last) {
            throw new GapScopeException("layer " + Math.max(settings.layer(), settings.selectionLayer())
                    + " does not exist: " + runner.modelName() + " has hidden states 0.." + last
                    + " (0 = input embeddings)");
        }
        JsonObject identity = RunFolder.identity(COMMAND, runner.modelName(), runner.fingerprint(), set.source(),
                RunFolder.sha256(set.source()), shard, settings.toJson());
        RunFolder folder = RunFolder.openOrCreate(out, identity);
        List<DatasetEntry> entries = DatasetEntry.of(DatasetEntry.inFileOrder(set), shard);
        List<String> conditions = conditionKeys(settings);
        if (settings.calibrate()) {
            ExampleSet calibrationSet = settings.calibrationData() == null ? set
                    : ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP).read(settings.calibrationData());
            calibration = CalibrationPass.of(folder, engine, calibrationSet, settings.calibrationData() == null,
                    listener);
        }
        int processed = 0;
        boolean stopped = false;
        try (ResultLog log = ResultLog.open(folder.resolve(RunFolder.RESULTS_JSONL), "line")) {
            List<DatasetEntry> remaining = entries.stream().filter(e -> !log.contains(e.key())).toList();
            listener.begin(COMMAND, remaining.size(), entries.size() - remaining.size());
            for (DatasetEntry entry : remaining) {
                if (listener.shouldStop()) {
                    stopped = true;
                    break;
                }
                JsonObject record = Evaluation.canonical(process(entry));
                times.run(Stage.FILES, () -> log.append(entry.key(), record));
                processed++;
                listener.step(!"ok".equals(record.get("status").getAsString()));
            }
            List<JsonObject> records = Evaluation.inLineOrder(log.records());
            ResultsCsv.write(folder.resolve(RunFolder.RESULTS_CSV), InterventionTable.columns(conditions), records);
            boolean complete = !stopped && entries.stream().allMatch(e -> log.contains(e.key()));
            folder.writeStatus(entries.size(), records.size(), complete);
            JsonObject summary = null;
            if (complete && shard.count() == 1) {
                summary = InterventionTable.write(folder, records, conditions, runner.modelName(),
                        set.source().getFileName().toString(), settings.toJson(), calibration);
            } else if (complete) {
                listener.note("shard " + shard + " is complete; join the shards with: gapscope intervene --merge --out DIR "
                        + "SHARD_DIR...");
            }
            RunFolder.writeJson(folder.resolve(RunFolder.TIMINGS_JSON), times.toJson(processed));
            return new Evaluation.Outcome(folder, processed, entries.size(), complete, summary, times);
        }
    }

    private JsonObject process(DatasetEntry entry) {
        return ExampleSteps.record(entry, times, (example, record, steps) -> {
            ExampleSteps.Answers answers = steps.answer(engine, audioLoader, example, record);
            ExampleAnalysis analysis = steps.time(Stage.ANALYSIS, () -> engine.analyse(answers.speech().states(),
                    answers.text().states(), AnalysisSettings.defaults().withDtwExtension(false), example.id()));
            JsonObject results = new JsonObject();
            for (InterventionSettings condition : settings.conditions()) {
                InterventionPlan plan = steps.time(Stage.ANALYSIS,
                        () -> InterventionPlan.of(analysis, answers.text().capture().asHiddenStates(), condition));
                ModelRunner.Answered answer = steps.time(Stage.INTERVENTION, () -> engine.intervene(example.id(),
                        answers.input(), plan));
                JsonObject o = new JsonObject();
                o.addProperty("answer", answer.answer());
                o.addProperty("correct", AnswerMatcher.isCorrect(example, answer.answer()));
                Evaluation.noteCut(o, answer);
                JsonArray positions = new JsonArray();
                for (int p : plan.rewrites().get(0).speechPositions()) {
                    positions.add(p);
                }
                o.add("positions", positions);
                results.add(conditionKey(condition), o);
            }
            if (calibration != null) {
                ModelRunner.Answered answer = steps.time(Stage.INTERVENTION, () -> engine.calibrate(example.id(),
                        answers.input(), calibration));
                JsonObject o = new JsonObject();
                o.addProperty("answer", answer.answer());
                o.addProperty("correct", AnswerMatcher.isCorrect(example, answer.answer()));
                Evaluation.noteCut(o, answer);
                JsonArray positions = new JsonArray();
                for (int p = 0; p < answers.speech().capture().length(); p++) {
                    positions.add(p);
                }
                o.add("positions", positions);
                results.add(CALIBRATE, o);
            }
            record.add("interventions", results);
        });
    }
}
