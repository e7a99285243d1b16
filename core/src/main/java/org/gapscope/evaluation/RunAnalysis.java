package org.gapscope.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.Bootstrap;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.npy.AtomicFiles;
import org.gapscope.run.ResultsCsv;
import org.gapscope.run.RunFolder;
import org.gapscope.run.RunReader;
import org.gapscope.run.RunRecord;

import com.google.gson.JsonObject;

/**
 * {@code gapscope analyse} as a library: everything {@code evaluate} (or {@code intervene}) computes,
 * from what a run folder stores, whoever wrote it (docs/run-format.md). For a run of answers and
 * captures: every answer scored, every example's scores and its mismatched-pair control from the
 * stored captures, the critical tokens of its alignment path, {@code results.jsonl} rewritten with
 * them, {@code results.csv}, {@code critical_tokens.jsonl} and {@code summary.json}. For an
 * intervention run: the answers scored and the intervention table. A folder that cannot be analysed
 * (no run.json, wrong format version, a shard, an unfinished run, a missing or truncated capture,
 * captures whose shapes disagree) is refused with one line, and nothing is half-written: each output
 * is written whole, then moved into place.
 */
public final class RunAnalysis {

    /** The command name. */
    public static final String COMMAND = "analyse";

    /** The per-example journal that lets an interrupted analysis resume; removed when it completes. */
    public static final String PROGRESS_JSONL = "analyse-progress.jsonl";

    /**
     * Options of {@code gapscope analyse}; a null field takes the run's own setting (an {@code evaluate}
     * run's {@code run.json}) or GapScope's default.
     *
     * @param includeLayer0 average over hidden states 0..L instead of 1..L
     * @param seed the control's seed (derangement and bootstrap)
     * @param resamples bootstrap resamples
     * @param selections the critical-token selections written to critical_tokens.jsonl (default bottom:3 and all)
     * @param selectLayer the hidden state whose path selects them (default 0)
     * @param path the path that selects them (default cosine)
     */
    public record Options(Boolean includeLayer0, Long seed, Integer resamples, List<CriticalTokenSelection> selections,
            Integer selectLayer, SimilarityMetric path) {

        /** Everything from the run or the defaults. */
        public static Options defaults() {
            return new Options(null, null, null, null, null, null);
        }
    }

    /**
     * What the analysis used, resolved from the options and the run.
     *
     * @param analysis the layers averaged
     * @param control the control's seed, resamples and level
     * @param selections the critical-token selections
     * @param selectLayer the selecting hidden state
     * @param path the selecting path
     */
    record Resolved(AnalysisSettings analysis, ControlSettings control, List<CriticalTokenSelection> selections,
            int selectLayer, SimilarityMetric path) {

        /** As recorded in the progress journal, so that a resumed analysis reuses only matching work. */
        JsonObject toJson() {
            JsonObject o = new JsonObject();
            o.addProperty("include_layer0", analysis.includeLayer0());
            o.addProperty("control_seed", control.seed());
            o.addProperty("tokens", String.join(",", selections.stream().map(InterventionRun::selectionKey).toList()));
            o.addProperty("select_layer", selectLayer);
            o.addProperty("path", path.key());
            return o;
        }
    }

    /**
     * What {@code analyse} did.
     *
     * @param folder the analysed folder
     * @param command the command that wrote it ({@code evaluate}, {@code capture}, {@code intervene}, ...)
     * @param analysed examples analysed by this invocation (the rest came from an interrupted one)
     * @param summary the summary written
     * @param notes what the user should know (layers present, files replaced)
     */
    public record Outcome(RunFolder folder, String command, int analysed, JsonObject summary, List<String> notes) {
    }

    private RunAnalysis() {
    }

    /** Analyses the run in {@code folder}. */
    public static Outcome analyse(Path folder, Options options, BatchListener listener) {
        Objects.requireNonNull(options, "options");
        RunReader reader = RunReader.open(folder);
        RunFolder run = reader.folder();
        if (run.shard().count() > 1) {
            throw new GapScopeException(folder + ": is shard " + run.shard() + " of a run; join the shards first with: "
                    + "gapscope analyse --merge --out DIR SHARD_DIR...");
        }
        if (!reader.isComplete()) {
            throw new GapScopeException(folder + ": the run is not finished (" + RunFolder.STATUS_JSON
                    + " does not say complete); run or resume its command first");
        }
        if (reader.records().isEmpty()) {
            throw new GapScopeException(folder + ": the run has no records");
        }
        if (RunFolder.INTERVENE.equals(run.command())) {
            return InterventionRescoring.analyse(reader, listener);
        }
        return new AnswersAnalysis(reader, resolve(options, run.settings()), listener).run();
    }

    /** Joins the finished shard folders of one run into {@code out}, then analyses it. */
    public static Outcome merge(Path out, List<Path> shardDirs, Options options, BatchListener listener) {
        List<RunFolder> shards = ShardMerge.check(shardDirs, null);
        ShardMerge.join(out, shards, !RunFolder.INTERVENE.equals(shards.get(0).command()));
        return analyse(out, options, listener);
    }

    static Resolved resolve(Options o, JsonObject settings) {
        boolean layer0 = o.includeLayer0() != null ? o.includeLayer0() : bool(settings, "include_layer0", false);
        long seed = o.seed() != null ? o.seed() : number(settings, "control_seed", 0).longValue();
        int resamples = o.resamples() != null ? o.resamples()
                : number(settings, "control_resamples", Bootstrap.DEFAULT_RESAMPLES).intValue();
        double level = number(settings, "control_level", Bootstrap.DEFAULT_LEVEL).doubleValue();
        ControlSettings control;
        try {
            control = new ControlSettings(seed, resamples, level);
        } catch (IllegalArgumentException e) {
            throw new GapScopeException("analyse: " + e.getMessage(), e);
        }
        List<CriticalTokenSelection> selections = o.selections() != null && !o.selections().isEmpty() ? o.selections()
                : List.of(CriticalTokenSelection.defaults(), CriticalTokenSelection.allTokens());
        int selectLayer = o.selectLayer() != null ? o.selectLayer() : 0;
        if (selectLayer < 0) {
            throw new GapScopeException("--select-layer must not be negative, got " + selectLayer);
        }
        return new Resolved(AnalysisSettings.defaults().withIncludeLayer0(layer0).withDtwExtension(false), control,
                List.copyOf(selections), selectLayer, o.path() != null ? o.path() : SimilarityMetric.COSINE);
    }

    private static boolean bool(JsonObject settings, String key, boolean otherwise) {
        try {
            return settings.has(key) ? settings.get(key).getAsBoolean() : otherwise;
        } catch (RuntimeException e) {
            throw new GapScopeException("run.json: settings." + key + " must be true or false", e);
        }
    }

    private static Number number(JsonObject settings, String key, Number otherwise) {
        try {
            return settings.has(key) ? settings.get(key).getAsNumber() : otherwise;
        } catch (RuntimeException e) {
            throw new GapScopeException("run.json: settings." + key + " must be a number", e);
        }
    }

    /** The dataset's file name as run.json gives it ({@code ""} when it names none). */
    static String datasetName(RunFolder run) {
        JsonObject info = run.info();
        if (!info.has("dataset") || !info.get("dataset").isJsonPrimitive()) {
            return "";
        }
        Path p = Path.of(info.get("dataset").getAsString()).getFileName();
        return p == null ? "" : p.toString();
    }

    /** Writes the records (in line order) as results.jsonl, whole, then moved into place. */
    static void writeRecords(RunFolder run, List<JsonObject> records) {
        StringBuilder sb = new StringBuilder();
        for (JsonObject r : records) {
            sb.append(r).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(run.resolve(RunFolder.RESULTS_JSONL), out -> out.write(bytes));
    }

    /** Removes a file GapScope derived earlier and no longer writes (control.jsonl of format 1). */
    static boolean removeStale(RunFolder run, String name) {
        try {
            return Files.deleteIfExists(run.resolve(name));
        } catch (IOException e) {
            throw new GapScopeException(run.resolve(name) + ": cannot remove: " + e.getMessage(), e);
        }
    }

    /** The record's key fields scored and ordered: the common part of both kinds of analysis. */
    static JsonObject scored(RunReader reader, RunRecord r) {
        JsonObject json = reader.recordJson(r);
        if (r.id() != null && !r.gold().isEmpty()) {
            AnswerScoring.score(json, AnswerScoring.example(r, reader.folder().resolve(RunFolder.RESULTS_JSONL)
                    + ", dataset line " + r.line()));
        }
        return json;
    }

    /** The intervention table of an intervention run, its answers scored by GapScope. */
    static final class InterventionRescoring {

        private InterventionRescoring() {
        }

        static Outcome analyse(RunReader reader, BatchListener listener) {
            RunFolder run = reader.folder();
            JsonObject settings = run.settings();
            List<String> conditions;
            try {
                conditions = InterventionRun.conditionKeys(settings);
            } catch (RuntimeException e) {
                throw new GapScopeException(run.resolve(RunFolder.RUN_JSON) + ": the intervention settings cannot be "
                        + "read (methods, tokens, layer, selection_layer, path, max_tokens): " + e.getMessage(), e);
            }
            List<JsonObject> records = new ArrayList<>();
            listener.begin(COMMAND, reader.records().size(), 0);
            for (RunRecord r : reader.records()) {
                JsonObject json = scored(reader, r);
                if (r.ok()) {
                    JsonObject iv = json.has("interventions") && json.get("interventions").isJsonObject()
                            ? json.getAsJsonObject("interventions") : new JsonObject();
                    for (String c : conditions) {
                        if (!iv.has(c) || !iv.get(c).isJsonObject() || !iv.getAsJsonObject(c).has("answer")) {
                            throw new GapScopeException(run.resolve(RunFolder.RESULTS_JSONL) + ", dataset line "
                                    + r.line() + ": no answer under interventions.\"" + c + "\"");
                        }
                        if (!iv.getAsJsonObject(c).has("positions")) {
                            throw new GapScopeException(run.resolve(RunFolder.RESULTS_JSONL) + ", dataset line "
                                    + r.line() + ": interventions.\"" + c + "\" has no \"positions\"");
                        }
                    }
                }
                records.add(Evaluation.canonical(json));
                listener.step(false);
            }
            ResultsCsv.write(run.resolve(RunFolder.RESULTS_CSV), InterventionTable.columns(conditions), records);
            JsonObject summary = InterventionTable.write(run, records, conditions, run.model(), datasetName(run),
                    settings, InterventionRun.savedCalibration(run, settings));
            writeRecords(run, records);
            return new Outcome(run, run.command(), records.size(), summary, List.of());
        }
    }

    /** {@code bottom:3} or {@code all}, for messages. */
    static String selections(List<CriticalTokenSelection> selections) {
        return String.join(",", selections.stream().map(InterventionRun::selectionKey).toList()).toLowerCase(Locale.ROOT);
    }
}
