package org.gapscope.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
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
import org.gapscope.run.ResultLog;
import org.gapscope.run.ResultsCsv;
import org.gapscope.run.RunFolder;
import org.gapscope.run.ScoresJson;
import org.gapscope.run.Shard;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * {@code gapscope evaluate} as a library: every example of a dataset (or of one shard of it) run as
 * text and as speech, answers scored, both captures analysed (and kept on disk as
 * {@link CapturesKept} says), the mismatched-pair control computed at once against the text of the
 * example's partner ({@link ControlPairs}), one record per example streamed to {@code results.jsonl}
 * as it finishes (CSV regenerated alongside); then, for a whole dataset, {@code summary.json}
 * ({@link EvaluationSummary}). Running it again on the same folder resumes where it stopped.
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
     * @param captures which captures are kept on disk
     * @param analysis which layers the averages run over (the DTW extension is not used here)
     * @param control the mismatched-pair control's seed, resamples and level
     * @param lens whether each example's lens agreement (logit lens through the model's LM head, every
     *        hidden state) is computed ({@code --lens}; off by default: 2 d V multiply-adds per row)
     */
    public record Settings(int maxTokens, boolean float16, CapturesKept captures, AnalysisSettings analysis,
            ControlSettings control, boolean lens) {

        /** The default number of new tokens per answer. */
        public static final int DEFAULT_MAX_TOKENS = 32;

        /** Validates. */
        public Settings {
            if (maxTokens < 1) {
                throw new GapScopeException("--max-tokens must be at least 1, not " + maxTokens);
            }
            Objects.requireNonNull(captures, "captures");
            Objects.requireNonNull(analysis, "analysis");
            Objects.requireNonNull(control, "control");
            analysis = analysis.withDtwExtension(false);
        }

        /** Settings without lens agreement. */
        public Settings(int maxTokens, boolean float16, CapturesKept captures, AnalysisSettings analysis,
                ControlSettings control) {
            this(maxTokens, float16, captures, analysis, control, false);
        }

        /** 32 tokens, float16 text captures kept, layers 1..L, the default control. */
        public static Settings defaults() {
            return new Settings(DEFAULT_MAX_TOKENS, true, CapturesKept.TEXT, AnalysisSettings.defaults(),
                    ControlSettings.defaults());
        }

        /** The same settings with another token limit. */
        public Settings withMaxTokens(int n) {
            return new Settings(n, float16, captures, analysis, control, lens);
        }

        /** The same settings with another control. */
        public Settings withControl(ControlSettings c) {
            return new Settings(maxTokens, float16, captures, analysis, c, lens);
        }

        /** The same settings keeping other captures. */
        public Settings withCaptures(CapturesKept kept) {
            return new Settings(maxTokens, float16, kept, analysis, control, lens);
        }

        /** The same settings with or without lens agreement. */
        public Settings withLens(boolean on) {
            return new Settings(maxTokens, float16, captures, analysis, control, on);
        }

        /** Reads what {@link #toJson()} wrote. */
        public static Settings fromJson(JsonObject o) {
            try {
                AnalysisSettings analysis = AnalysisSettings.defaults()
                        .withIncludeLayer0(o.get("include_layer0").getAsBoolean());
                ControlSettings control = new ControlSettings(o.get("control_seed").getAsLong(),
                        o.get("control_resamples").getAsInt(), o.get("control_level").getAsDouble());
                CapturesKept kept = o.has("captures") ? CapturesKept.parse(o.get("captures").getAsString())
                        : CapturesKept.ALL;
                boolean lens = o.has("lens") && o.get("lens").getAsBoolean();
                return new Settings(o.get("max_tokens").getAsInt(), "float16".equals(o.get("capture_dtype").getAsString()),
                        kept, analysis, control, lens);
            } catch (RuntimeException e) {
                throw new GapScopeException("run.json: the evaluation settings cannot be read (" + e.getMessage() + ")", e);
            }
        }

        /** As recorded in {@code run.json}. */
        public JsonObject toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("max_tokens", maxTokens);
            m.put("capture_dtype", float16 ? "float16" : "float32");
            m.put("captures", captures.key());
            m.put("include_layer0", analysis.includeLayer0());
            m.put("control_seed", control.seed());
            m.put("control_resamples", control.resamples());
            m.put("control_level", control.level());
            if (lens) {
                // only when on, so that a run written before --lens existed resumes with the same settings
                m.put("lens", true);
            }
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
        if (settings.lens() && !engine.hasLens()) {
            throw new GapScopeException("--lens needs the model's LM head to read the logit lens through; "
                    + runner.modelName() + " has none");
        }
        JsonObject identity = RunFolder.identity(COMMAND, runner.modelName(), runner.fingerprint(), set.source(),
                RunFolder.sha256(set.source()), shard, settings.toJson());
        RunFolder folder = RunFolder.openOrCreate(out, identity);
        List<DatasetEntry> all = DatasetEntry.inFileOrder(set);
        List<DatasetEntry> entries = DatasetEntry.of(all, shard);
        ControlPairs pairs = ControlPairs.over(members(all), settings.control().seed());
        Map<Integer, Example> byLine = new HashMap<>();
        set.examples().forEach(e -> byLine.put(e.line(), e));
        int processed = 0;
        boolean stopped = false;
        try (ResultLog log = ResultLog.open(folder.resolve(RunFolder.RESULTS_JSONL), "line")) {
            List<DatasetEntry> remaining = entries.stream().filter(e -> !log.contains(e.key())).toList();
            listener.begin(COMMAND, remaining.size(), entries.size() - remaining.size());
            createCaptureFolder(folder);
            PartnerTexts partners = new PartnerTexts(folder, log, byLine, runner, times, this::asStored);
            long lastCsv = System.nanoTime();
            for (DatasetEntry entry : remaining) {
                if (listener.shouldStop()) {
                    stopped = true;
                    break;
                }
                JsonObject record = canonical(process(entry, folder, pairs, partners));
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
                summary = times.time(Stage.ANALYSIS, () -> EvaluationSummary.write(folder, records, runner.modelName(),
                        set.source().getFileName().toString(), settings.control(), listener));
            } else if (complete) {
                listener.note("shard " + shard + " is complete; join the shards with: gapscope evaluate --merge --out DIR "
                        + "SHARD_DIR...");
            }
            RunFolder.writeJson(folder.resolve(RunFolder.TIMINGS_JSON), times.toJson(processed));
            return new Outcome(folder, processed, entries.size(), complete, summary, times);
        }
    }

    /** The examples of a dataset (its entries that are not broken lines), in line order, for the control's pairs. */
    static List<ControlPairs.Member> members(List<DatasetEntry> all) {
        return all.stream().filter(e -> !e.broken()).map(e -> new ControlPairs.Member(e.line(), e.example().id()))
                .toList();
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
        JsonObject summary = EvaluationSummary.write(merged, records, info.get("model").getAsString(), dataset,
                settings.control(), listener);
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

    /**
     * Runs one entry; per-example failures become a failed record, never an exception. The text pass
     * comes first and its capture is kept (when kept at all) before the audio is read, so that the
     * text of an example whose audio fails can still serve another example's control.
     */
    private JsonObject process(DatasetEntry entry, RunFolder folder, ControlPairs pairs, PartnerTexts partners) {
        return ExampleSteps.record(entry, times, (example, record, steps) -> {
            JsonObject captures = new JsonObject();
            ModelRunner.Answered text = steps.text(engine, example, record);
            if (settings.captures().keepsText()) {
                String file = captureName(entry, "text");
                steps.run(Stage.FILES, () -> text.capture().save(folder.resolve(file), settings.float16()));
                captures.addProperty("text", file);
                record.add("captures", captures);
            }
            ModelRunner.SpeechInput input = steps.audio(engine, audioLoader, example);
            ModelRunner.Answered speech = steps.speech(engine, example, input, record);
            if (settings.captures().keepsSpeech()) {
                String file = captureName(entry, "speech");
                steps.run(Stage.FILES, () -> speech.capture().save(folder.resolve(file), settings.float16()));
                captures.addProperty("speech", file);
            }
            HiddenStates s = asStored(speech.capture());
            HiddenStates t = asStored(text.capture());
            ExampleAnalysis analysis = steps.time(Stage.ANALYSIS, () -> engine.analyse(s, t, settings.analysis(),
                    example.id()));
            record.add("scores", ScoresJson.toJson(ExampleScores.of(analysis)));
            HiddenStates[] partnerText = {null};
            pairs.partnerOf(entry.line()).ifPresent(p -> record.add("control", control(example, s, p, partners,
                    partnerText)));
            ExampleLenses.Input lensInput = new ExampleLenses.Input("dataset line " + entry.line(), example.transcript(),
                    example.words(), s, t, text.capture().tokens(), speech.capture().times(), input.seconds(), analysis,
                    partnerText[0]);
            record.add("lenses", steps.time(Stage.ANALYSIS, () -> ExampleLenses.compute(lensInput, folder,
                    ExampleLenses.rowsName(entry.line(), example.id()), settings.float16(),
                    !settings.captures().keepsText())));
            if (settings.lens()) {
                record.add(ExampleLenses.LENS_AGREEMENT, steps.time(Stage.ANALYSIS, () -> ExampleLenses.agreement(
                        engine.lensAgreement(example, s, t, text.capture().tokens(), speech.capture().times(),
                                input.seconds()), analysis.averagedLayers())));
            }
        });
    }

    /**
     * The record's control entry: speech of {@code example} against the partner's text, or why there is
     * none; {@code partnerText[0]} becomes the partner's text when the control was computed.
     */
    private JsonObject control(Example example, HiddenStates speech, ControlPairs.Member partner,
            PartnerTexts partners, HiddenStates[] partnerText) {
        JsonObject c = ControlPairs.entry(partner);
        try {
            HiddenStates text = partners.text(partner);
            ExampleScores scores = times.time(Stage.CONTROL, () -> ExampleScores.of(ExampleAnalyzer.analyze(speech, text,
                    settings.analysis(), runner.modelName(), example.id() + "|" + partner.id())));
            c.add("scores", ScoresJson.toJson(scores));
            partnerText[0] = text;
        } catch (RuntimeException e) {
            c.addProperty("reason", reason(e));
        }
        return c;
    }

    /** A capture's values as the analysis sees them: what the file holds (float16-rounded unless float32 is kept). */
    private HiddenStates asStored(Capture c) {
        return (settings.float16() ? roundedToFloat16(c) : c).asHiddenStates();
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
            if (e.isMultipleChoice()) {
                JsonArray choices = new JsonArray();
                e.choices().forEach(choices::add);
                record.add("choices", choices);
            }
        }
        return record;
    }

    /** The order of a record's keys in results.jsonl (others follow in the order they came). */
    static final List<String> KEY_ORDER = List.of("line", "status", "id", "task", "gold", "choices", "stage", "reason",
            "text", "speech", "captures", "scores", "control", "lenses", "lens_agreement", "interventions");

    /** The record with its keys in {@link #KEY_ORDER}, whatever order its steps added them in. */
    static JsonObject canonical(JsonObject record) {
        JsonObject out = new JsonObject();
        for (String key : KEY_ORDER) {
            if (record.has(key)) {
                out.add(key, record.get(key));
            }
        }
        record.entrySet().stream().filter(e -> !out.has(e.getKey())).forEach(e -> out.add(e.getKey(), e.getValue()));
        return out;
    }

    static JsonObject answer(Example example, ModelRunner.Answered answer, String lengthKey, int length) {
        JsonObject o = new JsonObject();
        o.addProperty("answer", answer.answer());
        o.addProperty("correct", AnswerMatcher.isCorrect(example, answer.answer()));
        o.addProperty(lengthKey, length);
        noteCut(o, answer);
        return o;
    }

    /** Adds {@code "note": "answer cut at max_positions"} to an answer's record when generation was cut there. */
    static void noteCut(JsonObject record, ModelRunner.Answered answer) {
        if (answer.cutAtMaxPositions()) {
            record.addProperty("note", ModelRunner.Answered.CUT_NOTE);
        }
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
