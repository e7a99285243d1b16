package org.gapscope.evaluation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.ExampleScores;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.capture.CaptureFile;
import org.gapscope.capture.Modality;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.dataset.WordTimings;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.intervention.CriticalTokens;
import org.gapscope.npy.AtomicFiles;
import org.gapscope.npy.DType;
import org.gapscope.run.ResultLog;
import org.gapscope.run.ResultsCsv;
import org.gapscope.run.RunFolder;
import org.gapscope.run.RunReader;
import org.gapscope.run.RunRecord;
import org.gapscope.run.ScoresJson;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * {@code gapscope analyse} on a run of answers and captures ({@code evaluate}, the capture kit, any
 * writer of docs/run-format.md): each evaluated example analysed from its stored captures, with its
 * mismatched-pair control and critical tokens, journalled so that an interrupted analysis resumes;
 * then the records rewritten, the CSV, {@code critical_tokens.jsonl} and {@code summary.json}.
 */
final class AnswersAnalysis {

    private final RunReader reader;
    private final RunFolder run;
    private final RunAnalysis.Resolved settings;
    private final BatchListener listener;
    private final JsonObject settingsJson;
    private final Map<Integer, Example> examples;
    private int[] layers;
    private int hiddenSize;
    private String reference;
    private AnalysisSettings analysis;
    private int selectIndex;

    AnswersAnalysis(RunReader reader, RunAnalysis.Resolved settings, BatchListener listener) {
        this.reader = reader;
        this.run = reader.folder();
        this.examples = datasetExamples(run);
        this.settings = settings;
        this.listener = listener;
        this.settingsJson = settings.toJson();
    }

    RunAnalysis.Outcome run() {
        List<RunRecord> ok = reader.records().stream().filter(RunRecord::ok).toList();
        checkCapturesNamed(ok);
        ControlPairs pairs = ControlPairs.over(reader.records().stream().filter(r -> r.id() != null)
                .map(r -> new ControlPairs.Member(r.line(), r.id())).toList(), settings.control().seed());
        if (!ok.isEmpty()) {
            setReference(reader.capture(ok.get(0), Modality.SPEECH));
        }
        int analysed = 0;
        try (ResultLog journal = ResultLog.open(run.resolve(RunAnalysis.PROGRESS_JSONL), "line")) {
            List<RunRecord> remaining = ok.stream().filter(r -> !journal.get(Integer.toString(r.line()))
                    .map(e -> settingsJson.equals(e.get("settings"))).orElse(false)).toList();
            listener.begin(RunAnalysis.COMMAND, remaining.size(), ok.size() - remaining.size());
            for (RunRecord r : remaining) {
                if (listener.shouldStop()) {
                    throw new GapScopeException(run.folder() + ": analysis stopped after " + analysed
                            + " examples; run the same command to resume");
                }
                journal.append(Integer.toString(r.line()), analyse(r, pairs));
                analysed++;
                listener.step(false);
            }
            return finish(journal, analysed);
        }
    }

    /** Every evaluated example must name both captures, and the files must be there. */
    private void checkCapturesNamed(List<RunRecord> ok) {
        for (RunRecord r : ok) {
            for (Modality m : Modality.values()) {
                if (r.capture(m).isEmpty()) {
                    throw new GapScopeException(run.folder() + ": line " + r.line() + " (" + r.id() + ") names no "
                            + m.id() + " capture; analyse needs the speech and text captures of every evaluated "
                            + "example (a run of evaluate --captures text or none was analysed as it ran)");
                }
                if (!Files.isRegularFile(run.resolve(r.capture(m).get()))) {
                    throw new GapScopeException(run.resolve(r.capture(m).get()) + ": the " + m.id() + " capture of line "
                            + r.line() + " (" + r.id() + ") is missing");
                }
            }
        }
    }

    /** The first speech capture fixes the hidden states and size every capture of the run must have. */
    private void setReference(CaptureFile first) {
        layers = first.layers();
        hiddenSize = first.hiddenSize();
        reference = first.path().getFileName().toString();
        boolean subset = ScoresJson.isSubset(layers);
        analysis = settings.analysis().withIncludeLayer0(settings.analysis().includeLayer0() || layers[0] != 0);
        selectIndex = Arrays.binarySearch(layers, settings.selectLayer());
        if (selectIndex < 0) {
            throw new GapScopeException(run.folder() + ": --select-layer " + settings.selectLayer()
                    + " is not among the hidden states the captures hold (" + Arrays.toString(layers) + ")");
        }
        if (subset && layers.length - (analysis.includeLayer0() ? 0 : 1) < 1) {
            throw new GapScopeException(first.path() + ": holds only hidden state 0; the scores need at least one layer");
        }
    }

    private void checkShape(CaptureFile c, RunRecord r, RunRecord.Answer answer) {
        if (!Arrays.equals(layers, c.layers()) || c.hiddenSize() != hiddenSize) {
            throw new GapScopeException(c.path() + ": holds hidden states " + Arrays.toString(c.layers()) + " of size "
                    + c.hiddenSize() + ", " + reference + " holds " + Arrays.toString(layers) + " of size " + hiddenSize
                    + " (one model and one --layers choice per run)");
        }
        if (answer != null && answer.length() >= 0 && answer.length() != c.length()) {
            throw new GapScopeException(c.path() + ": has " + c.length() + " positions, the record of line " + r.line()
                    + " says " + answer.length());
        }
    }

    /** One example's journal entry: scores, control and critical tokens, or why its captures cannot be analysed. */
    private JsonObject analyse(RunRecord r, ControlPairs pairs) {
        CaptureFile speech = reader.capture(r, Modality.SPEECH);
        checkShape(speech, r, r.speech());
        CaptureFile text = reader.capture(r, Modality.TEXT);
        checkShape(text, r, r.text());
        JsonObject entry = new JsonObject();
        entry.addProperty("line", r.line());
        entry.add("settings", settingsJson);
        entry.addProperty("text_tokens", text.length());
        entry.addProperty("speech_positions", speech.length());
        HiddenStates s = speech.hiddenStates();
        ExampleAnalysis a;
        try {
            a = ExampleAnalyzer.analyze(s, text.hiddenStates(), analysis, run.model(), r.id());
        } catch (GapScopeException e) {
            entry.addProperty("failed", Evaluation.reason(e));
            return entry;
        }
        entry.add("scores", ScoresJson.toJson(ExampleScores.of(a), layers));
        entry.add("critical_tokens", criticalTokens(a));
        Optional<ControlPairs.Member> partner = pairs.partnerOf(r.line());
        HiddenStates[] partnerText = {null};
        partner.ifPresent(p -> entry.add("control", control(r, s, p, partnerText)));
        entry.add("lenses", lenses(r, speech, text, a, partnerText[0]));
        return entry;
    }

    /**
     * The example's lenses ({@link ExampleLenses}): paired by the word timings of its dataset line when
     * the dataset named in run.json can be read here and the line is the same example, else proportional.
     */
    private JsonObject lenses(RunRecord r, CaptureFile speech, CaptureFile text, ExampleAnalysis a,
            HiddenStates partnerText) {
        Example example = examples.get(r.line());
        boolean same = example != null && example.id().equals(r.id());
        double seconds = r.speech() != null ? r.speech().seconds() : Double.NaN;
        ExampleLenses.Input in = new ExampleLenses.Input(RunFolder.RESULTS_JSONL + " line " + r.line(),
                same ? example.transcript() : "", same ? example.words() : WordTimings.NONE, speech.hiddenStates(),
                text.hiddenStates(), text.tokens(), speech.times(), seconds, a, partnerText);
        return ExampleLenses.compute(in, run, ExampleLenses.rowsName(r.line(), r.id()),
                speech.dtype() == DType.FLOAT16, false);
    }

    /** The dataset's examples by line, when run.json names a dataset that can be read from here; else none. */
    private static Map<Integer, Example> datasetExamples(RunFolder run) {
        JsonObject info = run.info();
        if (!info.has("dataset") || !info.get("dataset").isJsonPrimitive()) {
            return Map.of();
        }
        Path named = Path.of(info.get("dataset").getAsString());
        for (Path p : List.of(named, run.folder().resolve(named))) {
            if (Files.isRegularFile(p)) {
                try {
                    Map<Integer, Example> byLine = new HashMap<>();
                    ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP).optAudioOptional().read(p).examples()
                            .forEach(e -> byLine.put(e.line(), e));
                    return byLine;
                } catch (GapScopeException e) {
                    return Map.of();
                }
            }
        }
        return Map.of();
    }

    private JsonObject control(RunRecord r, HiddenStates speech, ControlPairs.Member partner,
            HiddenStates[] partnerText) {
        JsonObject c = ControlPairs.entry(partner);
        RunRecord other = reader.record(partner.line()).orElseThrow();
        if (other.capture(Modality.TEXT).isEmpty()) {
            c.addProperty("reason", ControlPairs.noText(partner, other.reason() != null ? other.reason()
                    : "its record names no text capture"));
            return c;
        }
        CaptureFile text = reader.capture(other, Modality.TEXT);
        checkShape(text, other, other.text());
        try {
            c.add("scores", ScoresJson.toJson(ExampleScores.of(ExampleAnalyzer.analyze(speech, text.hiddenStates(),
                    analysis, run.model(), r.id() + "|" + partner.id())), layers));
            partnerText[0] = text.hiddenStates();
        } catch (GapScopeException e) {
            c.addProperty("reason", Evaluation.reason(e));
        }
        return c;
    }

    private JsonObject criticalTokens(ExampleAnalysis a) {
        JsonObject out = new JsonObject();
        for (CriticalTokenSelection selection : settings.selections()) {
            CriticalTokens c = CriticalTokens.select(a.path(settings.path(), selectIndex), selection);
            JsonObject o = new JsonObject();
            o.add("text_tokens", ints(c.selectedTokens()));
            o.add("speech_positions", ints(c.speechPositions()));
            o.add("source_tokens", ints(c.sourceTokens()));
            out.add(InterventionRun.selectionKey(selection), o);
        }
        return out;
    }

    private static JsonArray ints(int[] values) {
        JsonArray a = new JsonArray();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    /** Rewrites the records with the journal's results and writes the derived files. */
    private RunAnalysis.Outcome finish(ResultLog journal, int analysed) {
        List<JsonObject> records = new ArrayList<>();
        StringBuilder critical = new StringBuilder();
        for (RunRecord r : reader.records()) {
            JsonObject json = RunAnalysis.scored(reader, r);
            if (r.ok()) {
                JsonObject entry = journal.get(Integer.toString(r.line())).orElseThrow();
                fill(json, "text", "tokens", entry.get("text_tokens").getAsInt());
                fill(json, "speech", "positions", entry.get("speech_positions").getAsInt());
                if (entry.has("failed")) {
                    json.remove("scores");
                    json.remove("control");
                    json.remove("lenses");
                    Evaluation.failed(json, Stage.ANALYSIS, entry.get("failed").getAsString());
                } else {
                    json.add("scores", entry.get("scores"));
                    if (entry.has("lenses")) {
                        json.add("lenses", entry.get("lenses"));
                    } else {
                        json.remove("lenses");
                    }
                    if (entry.has("control")) {
                        json.add("control", entry.get("control"));
                    } else {
                        json.remove("control");
                    }
                    critical.append(criticalLine(r, entry)).append('\n');
                }
            }
            records.add(Evaluation.canonical(json));
        }
        byte[] tokens = critical.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(run.resolve(RunFolder.CRITICAL_TOKENS_JSONL), out -> out.write(tokens));
        ResultsCsv.write(run.resolve(RunFolder.RESULTS_CSV), ResultsCsv.EVALUATE, records);
        JsonObject summary = EvaluationSummary.write(run, records, run.model(), RunAnalysis.datasetName(run),
                settings.control(), listener);
        RunAnalysis.writeRecords(run, records);
        List<String> notes = new ArrayList<>();
        if (summary.has("note")) {
            notes.add(summary.get("note").getAsString());
        }
        if (RunAnalysis.removeStale(run, RunFolder.CONTROL_JSONL)) {
            notes.add("removed " + RunFolder.CONTROL_JSONL + " (run format 1): each record now holds its control");
        }
        journal.close();
        RunAnalysis.removeStale(run, RunAnalysis.PROGRESS_JSONL);
        return new RunAnalysis.Outcome(run, run.command(), analysed, summary, notes);
    }

    private JsonObject criticalLine(RunRecord r, JsonObject entry) {
        JsonObject o = new JsonObject();
        o.addProperty("line", r.line());
        o.addProperty("id", r.id());
        o.addProperty("select_layer", settings.selectLayer());
        o.addProperty("path", settings.path().key());
        o.addProperty("text_tokens", entry.get("text_tokens").getAsInt());
        o.addProperty("speech_positions", entry.get("speech_positions").getAsInt());
        o.add("selections", entry.get("critical_tokens"));
        return o;
    }

    private static void fill(JsonObject record, String modality, String key, int value) {
        if (record.has(modality) && record.get(modality).isJsonObject() && !record.getAsJsonObject(modality).has(key)) {
            record.getAsJsonObject(modality).addProperty(key, value);
        }
    }
}
