package org.gapscope.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleScores;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.audio.AudioLoader;
import org.gapscope.capture.Capture;
import org.gapscope.dataset.AnswerMatcher;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ModelRunner;
import org.gapscope.npy.NpyArray;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * {@code gapscope evaluate} as a library: every example of a dataset (or of one shard of it) run as
 * text and as speech, answers scored, both captures kept on disk and analysed, one record per
 * example streamed to {@code results.jsonl} as it finishes (CSV regenerated alongside); then, for a
 * whole dataset, the mismatched-pair control and {@code summary.json} ({@link EvaluationSummary}).
 * Running it again on the same folder resumes where it stopped.
 */
public final class Evaluation {

    /** The command name recorded in {@code run.json}. */
    public static final String COMMAND = "evaluate";

    private static final long CSV_INTERVAL_NANOS = 10_000_000_000L;

    /**
     * Settings of an evaluation.
     *
     * @param maxTokens most new tokens per greedy answer
     * @param float16 keep captures (and analyse them) in float16
     * @param analysis which layers the averages run over (the DTW extension is not used here)
     * @param control the mismatched-pair control's seed, resamples and level
     */
    public record Settings(int maxTokens, boolean float16, AnalysisSettings analysis, ControlSettings control) {

        /** The default number of new tokens per answer. */
        public static final int DEFAULT_MAX_TOKENS = 32;

        /** Validates. */
        public Settings {
            if (maxTokens < 1) {
                throw new GapScopeException("--max-tokens must be at least 1, not " + maxTokens);
            }
            Objects.requireNonNull(analysis, "analysis");
            Objects.requireNonNull(control, "control");
            analysis = analysis.withDtwExtension(false);
        }

        /** 32 tokens, float16 captures, layers 1..L, the default control. */
        public static Settings defaults() {
            return new Settings(DEFAULT_MAX_TOKENS, true, AnalysisSettings.defaults(), ControlSettings.defaults());
        }

        /** The same settings with another token limit. */
        public Settings withMaxTokens(int n) {
            return new Settings(n, float16, analysis, control);
        }

        /** The same settings with another control. */
        public Settings withControl(ControlSettings c) {
            return new Settings(maxTokens, float16, analysis, c);
        }

        /** Reads what {@link #toJson()} wrote. */
        public static Settings fromJson(JsonObject o) {
            try {
                AnalysisSettings analysis = AnalysisSettings.defaults()
                        .withIncludeLayer0(o.get("include_layer0").getAsBoolean());
                ControlSettings control = new ControlSettings(o.get("control_seed").getAsLong(),
                        o.get("control_resamples").getAsInt(), o.get("control_level").getAsDouble());
                return new Settings(o.get("max_tokens").getAsInt(), "float16".equals(o.get("capture_dtype").getAsString()),
                        analysis, control);
            } catch (RuntimeException e) {
                throw new GapScopeException("run.json: the evaluation settings cannot be read (" + e.getMessage() + ")", e);
            }
        }

        /** As recorded in {@code run.json}. */
        public JsonObject toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("max_tokens", maxTokens);
            m.put("capture_dtype", float16 ? "float16" : "float32");
            m.put("include_layer0", analysis.includeLayer0());
            m.put("control_seed", control.seed());
            m.put("control_resamples", control.resamples());
            m.put("control_level", control.level());
            return RunFolder.settings(m);
        }
    }

    /**
     * What one invocation did.
     *
     * @param folder the run folder
     * @param processed entries processed by this invocation
     * @param entries entries of the dataset (or shard)
     * @param complete whether every entry now has a record
     * @param summary the summary written, or null (a shard, or stopped early)
     * @param times where the time went
     */
    public record Outcome(RunFolder folder, int processed, int entries, boolean complete, JsonObject summary,
            StageTimes times) {
    }

    private final ModelRunner runner;
    private final ExampleEngine engine;
    private final AudioLoader audioLoader;
    private final Settings settings;
    private final BatchListener listener;
    private final StageTimes times = new StageTimes();

    private Evaluation(ModelRunner runner, AudioLoader audioLoader, Settings settings, BatchListener listener) {
        this.runner = runner;
        this.engine = new ExampleEngine(runner, settings.maxTokens());
        this.audioLoader = audioLoader;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Evaluates {@code set} (the entries of {@code shard}) into {@code out}, resuming what an earlier
     * invocation left; writes {@code summary.json} when the shard is the whole dataset and complete.
     */
    public static Outcome run(ModelRunner runner, ExampleSet set, Path out, Shard shard, Settings settings,
            BatchListener listener) {
        return new Evaluation(runner, new AudioLoader(), settings, listener).run(set, out, shard);
    }

    private Outcome run(ExampleSet set, Path out, Shard shard) {
        JsonObject identity = RunFolder.identity(COMMAND, runner.modelName(), runner.fingerprint(), set.source(),
                RunFolder.sha256(set.source()), shard, settings.toJson());
        RunFolder folder = RunFolder.openOrCreate(out, identity);
        List<DatasetEntry> entries = DatasetEntry.of(DatasetEntry.inFileOrder(set), shard);
        int processed = 0;
        boolean stopped = false;
        try (ResultLog log = ResultLog.open(folder.resolve(RunFolder.RESULTS_JSONL), "line")) {
            List<DatasetEntry> remaining = entries.stream().filter(e -> !log.contains(e.key())).toList();
            listener.begin(COMMAND, remaining.size(), entries.size() - remaining.size());
            createCaptureFolder(folder);
            long lastCsv = System.nanoTime();
            for (DatasetEntry entry : remaining) {
                if (listener.shouldStop()) {
                    stopped = true;
                    break;
                }
                JsonObject record = process(entry, folder);
                times.run(Stage.FILES, () -> log.append(entry.key(), record));
                processed++;
                listener.step(!"ok".equals(record.get("status").getAsString()));
                if (System.nanoTime() - lastCsv > CSV_INTERVAL_NANOS) {
                    writeCsv(folder, log.records());
                    lastCsv = System.nanoTime();
                }
            }
            List<JsonObject> records = inLineOrder(log.records());
            times.run(Stage.FILES, () -> writeCsv(folder, records));
            boolean complete = !stopped && entries.stream().allMatch(e -> log.contains(e.key()));
            folder.writeStatus(entries.size(), records.size(), complete);
            JsonObject summary = null;
            if (complete && shard.count() == 1) {
                summary = EvaluationSummary.write(folder, records, rel -> folder.resolve(rel), runner.modelName(),
                        set.source().getFileName().toString(), settings, listener, times);
            } else if (complete) {
                listener.note("shard " + shard + " is complete; join the shards with: gapscope evaluate --merge --out DIR "
                        + "SHARD_DIR...");
            }
            RunFolder.writeJson(folder.resolve(RunFolder.TIMINGS_JSON), times.toJson(processed));
            return new Outcome(folder, processed, entries.size(), complete, summary, times);
        }
    }

    /**
     * Joins complete shard folders into {@code out} ({@code evaluate --merge}) and writes the summary
     * of the whole dataset, equal to what one unsharded run would have written.
     */
    public static Outcome merge(Path out, List<Path> shardDirs, BatchListener listener) {
        StageTimes times = new StageTimes();
        List<RunFolder> shards = ShardMerge.check(shardDirs, COMMAND);
        RunFolder merged = ShardMerge.join(out, shards, true);
        JsonObject info = merged.info();
        Settings settings = Settings.fromJson(info.getAsJsonObject("settings"));
        List<JsonObject> records;
        try (ResultLog log = ResultLog.open(merged.resolve(RunFolder.RESULTS_JSONL), "line")) {
            records = inLineOrder(log.records());
        }
        writeCsv(merged, records);
        String dataset = Path.of(info.get("dataset").getAsString()).getFileName().toString();
        JsonObject summary = EvaluationSummary.write(merged, records, merged::resolve, info.get("model").getAsString(),
                dataset, settings, listener, times);
        RunFolder.writeJson(merged.resolve(RunFolder.TIMINGS_JSON), times.toJson(0));
        return new Outcome(merged, 0, records.size(), true, summary, times);
    }

    static void createCaptureFolder(RunFolder folder) {
        try {
            Files.createDirectories(folder.resolve(RunFolder.CAPTURES));
        } catch (java.io.IOException e) {
            throw new GapScopeException(folder.resolve(RunFolder.CAPTURES) + ": cannot create: " + e.getMessage(), e);
        }
    }

    /** Records sorted by their dataset line. */
    static List<JsonObject> inLineOrder(List<JsonObject> records) {
        List<JsonObject> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(r -> r.get("line").getAsInt()));
        return sorted;
    }

    static void writeCsv(RunFolder folder, List<JsonObject> records) {
        ResultsCsv.write(folder.resolve(RunFolder.RESULTS_CSV), ResultsCsv.EVALUATE, inLineOrder(records));
    }

    /** Runs one entry; per-example failures become a failed record, never an exception. */
    private JsonObject process(DatasetEntry entry, RunFolder folder) {
        return ExampleSteps.record(entry, times, (example, record, steps) -> {
            ExampleSteps.Answers answers = steps.answer(engine, audioLoader, example, record);
            record.getAsJsonObject("speech").addProperty("seconds",
                    Math.round(answers.input().seconds() * 1000) / 1000.0);
            Capture s = answers.speech().capture();
            Capture t = answers.text().capture();
            String speechFile = captureName(entry, "speech");
            String textFile = captureName(entry, "text");
            steps.run(Stage.FILES, () -> {
                s.save(folder.resolve(speechFile), settings.float16());
                t.save(folder.resolve(textFile), settings.float16());
            });
            JsonObject captures = new JsonObject();
            captures.addProperty("speech", speechFile);
            captures.addProperty("text", textFile);
            record.add("captures", captures);
            ExampleScores scores = steps.time(Stage.ANALYSIS, () -> {
                HiddenStates sa = (settings.float16() ? roundedToFloat16(s) : s).asHiddenStates();
                HiddenStates ta = (settings.float16() ? roundedToFloat16(t) : t).asHiddenStates();
                ExampleAnalysis a = engine.analyse(sa, ta, settings.analysis(), example.id());
                return ExampleScores.of(a);
            });
            record.add("scores", ScoresJson.toJson(scores));
        });
    }

    /**
     * The capture with every value rounded to float16 and back: what a float16 file holds, so that
     * scores computed now equal scores recomputed later from the file.
     */
    static Capture roundedToFloat16(Capture c) {
        int n = c.length() * c.hiddenSize();
        float[] flat = new float[c.layerCount() * n];
        float[] layer = new float[n];
        for (int l = 0; l < c.layerCount(); l++) {
            c.copyLayer(l, layer);
            System.arraycopy(layer, 0, flat, l * n, n);
        }
        float[] rounded = NpyArray.ofFloats(flat, flat.length).toFloat16().toFloatArray();
        return Capture.wrap(rounded, c.layerCount(), c.length(), c.hiddenSize(), c.tokens(), c.times(), c.meta());
    }

    static JsonObject base(DatasetEntry entry) {
        JsonObject record = new JsonObject();
        record.addProperty("line", entry.line());
        record.addProperty("status", "ok");
        if (entry.broken()) {
            record.add("id", com.google.gson.JsonNull.INSTANCE);
            record.addProperty("task", "");
            record.add("gold", new JsonArray());
        } else {
            Example e = entry.example();
            record.addProperty("id", e.id());
            record.addProperty("task", e.task());
            JsonArray gold = new JsonArray();
            e.answers().forEach(gold::add);
            record.add("gold", gold);
        }
        return record;
    }

    static JsonObject answer(Example example, String answer, String lengthKey, int length) {
        JsonObject o = new JsonObject();
        o.addProperty("answer", answer);
        o.addProperty("correct", AnswerMatcher.isCorrect(example, answer));
        o.addProperty(lengthKey, length);
        return o;
    }

    static JsonObject failed(JsonObject record, Stage stage, String reason) {
        record.addProperty("status", "failed");
        record.addProperty("stage", stage.key());
        record.addProperty("reason", reason);
        return record;
    }

    /** One line saying why an example failed: the message of a user-facing error, else the exception. */
    static String reason(RuntimeException e) {
        String message = e.getMessage();
        String text = e instanceof GapScopeException && message != null ? message
                : e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** {@code captures/L000012-some_id.speech.npz}: the line keeps names unique, the id keeps them readable. */
    static String captureName(DatasetEntry entry, String modality) {
        String id = entry.example().id().replaceAll("[^A-Za-z0-9._-]", "_");
        if (id.length() > 60) {
            id = id.substring(0, 60);
        }
        return RunFolder.CAPTURES + "/" + String.format(java.util.Locale.ROOT, "L%06d-%s.%s.npz", entry.line(), id,
                modality);
    }
}
