package org.gapscope.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.audio.AudioClip;
import org.gapscope.capture.Capture;
import org.gapscope.capture.CaptureFile;
import org.gapscope.capture.Modality;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.run.RunFolder;
import org.gapscope.run.RunReader;
import org.gapscope.run.RunRecord;
import org.gapscope.run.RunSummary;
import org.gapscope.run.SummaryCka;

import com.google.gson.JsonElement;

/**
 * A run folder (docs/run-format.md, written by {@code evaluate} or by any other program) opened for the
 * explorer: every example listed at once with the model's typed and spoken answers from its record,
 * and, on demand, one example analysed from its stored captures (METHOD.md's measures, as {@code
 * gapscope analyse} computes them) into the same {@link ExampleRun} a live model gives, so that every
 * analysis view shows it without the model. Transcripts and audio come from the run's dataset file
 * when it is still there and unchanged.
 */
public final class StoredRun {

    /**
     * One listed example.
     *
     * @param record  its record in {@code results.jsonl}
     * @param example the example: from the run's dataset file, or made from the record (no transcript,
     *                no audio) when that file is not available
     */
    public record Entry(RunRecord record, Example example) {
    }

    private final RunReader reader;
    private final List<Entry> entries;
    private final Map<Integer, Entry> byLine = new HashMap<>();
    private final String datasetNote;
    private final int brokenLines;

    private StoredRun(RunReader reader, List<Entry> entries, String datasetNote, int brokenLines) {
        this.reader = reader;
        this.entries = Collections.unmodifiableList(entries);
        this.datasetNote = datasetNote;
        this.brokenLines = brokenLines;
        entries.forEach(e -> byLine.put(e.record().line(), e));
    }

    /**
     * Opens {@code folder}: reads {@code run.json} and every record (no capture), then the dataset file
     * the run names, if it is there and its SHA-256 is the run's.
     *
     * @throws GapScopeException with one line naming the problem when the folder is not a readable run
     */
    public static StoredRun open(Path folder) {
        RunReader reader = RunReader.open(folder);
        Map<Integer, Example> fromDataset = new HashMap<>();
        String note = dataset(reader.folder(), fromDataset);
        List<Entry> entries = new ArrayList<>();
        int broken = 0;
        for (RunRecord r : reader.records()) {
            if (r.brokenLine()) {
                broken++;
                continue;
            }
            Example known = fromDataset.get(r.line());
            entries.add(new Entry(r, known != null && known.id().equals(r.id()) ? known : fromRecord(r)));
        }
        return new StoredRun(reader, entries, note, broken);
    }

    /** Reads the run's dataset into {@code out} by line; returns why it could not, or {@code ""}. */
    private static String dataset(RunFolder run, Map<Integer, Example> out) {
        JsonElement path = run.info().get("dataset");
        if (path == null || !path.isJsonPrimitive() || path.getAsString().isBlank()) {
            return "run.json names no dataset file, so transcripts and audio are not shown";
        }
        Path file = Path.of(path.getAsString());
        if (!file.isAbsolute()) {
            file = run.folder().resolve(file);
        }
        if (!Files.isRegularFile(file)) {
            return "the run's dataset " + file + " is not here, so transcripts and audio are not shown";
        }
        JsonElement sha = run.info().get("dataset_sha256");
        if (sha != null && sha.isJsonPrimitive() && !sha.getAsString().equalsIgnoreCase(RunFolder.sha256(file))) {
            return "the run's dataset " + file + " has changed since the run (its SHA-256 differs), so transcripts "
                    + "and audio are not shown";
        }
        try {
            ExampleSet set = ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP).read(file);
            set.examples().forEach(e -> out.put(e.line(), e));
            return "";
        } catch (GapScopeException e) {
            return "the run's dataset cannot be read (" + e.getMessage() + "), so transcripts and audio are not shown";
        }
    }

    private static Example fromRecord(RunRecord r) {
        List<String> gold = r.gold().isEmpty() ? List.of("") : r.gold();
        return new Example(r.id(), null, "", gold, r.choices(), "", r.task(), r.line());
    }

    /** The folder. */
    public Path folder() {
        return reader.folder().folder();
    }

    /** The model's name, as {@code run.json} gives it. */
    public String model() {
        return reader.folder().model();
    }

    /** What made the folder: {@code evaluate}, {@code capture} or {@code intervene}. */
    public String command() {
        return reader.folder().command();
    }

    /** Every example of the run with an id, in dataset-line order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entry of a dataset line. */
    public Optional<Entry> entry(int line) {
        return Optional.ofNullable(byLine.get(line));
    }

    /** The entry whose example is {@code example} (as listed: an example edited since is not the run's). */
    public Optional<Entry> entryOf(Example example) {
        return entry(example.line()).filter(e -> e.example().equals(example));
    }

    /** Dataset lines the run recorded as unreadable (not listed). */
    public int brokenLines() {
        return brokenLines;
    }

    /** Why transcripts and audio are not shown, or empty when they come from the run's dataset. */
    public Optional<String> datasetNote() {
        return datasetNote.isEmpty() ? Optional.empty() : Optional.of(datasetNote);
    }

    /** Whether {@code status.json} says every entry has its record. */
    public boolean isComplete() {
        return reader.isComplete();
    }

    /** The control's seed the run was written with ({@code settings.control_seed} of run.json; else 0, the default). */
    public long controlSeed() {
        JsonElement seed = reader.folder().settings().get("control_seed");
        return seed != null && seed.isJsonPrimitive() && seed.getAsJsonPrimitive().isNumber() ? seed.getAsLong() : 0;
    }

    /** Whether any record names a speech capture (a run of {@code evaluate --captures text} has none). */
    public boolean keptSpeechCaptures() {
        return entries.stream().anyMatch(e -> e.record().capture(Modality.SPEECH).isPresent());
    }

    /** The summary of an analysed run ({@code gapscope analyse}, or {@code evaluate}'s own). */
    public Optional<RunSummary> summary() {
        return reader.summary().map(o -> RunSummary.of(o, folder().resolve(RunFolder.SUMMARY_JSON).toString()));
    }

    /**
     * The dataset's cross-layer CKA from the run's summary ({@code cka}, its control, the band summary),
     * or empty when the run has no summary or its summary has no CKA.
     *
     * @throws GapScopeException naming the file and key when the summary's CKA is malformed
     */
    public Optional<SummaryCka> cka() {
        return reader.summary().filter(SummaryCka::present)
                .map(o -> SummaryCka.of(o, folder().resolve(RunFolder.SUMMARY_JSON).toString()));
    }

    /**
     * One example analysed from its stored captures with {@code settings} (read now, on the caller's
     * thread); its clip is the example's audio through {@code audio} when there is one, else silence of
     * the spoken query's length (the positions' times still place it).
     *
     * @throws GapScopeException with one line when the example failed in the run, or its captures are
     *                           missing (a run that kept only text captures), unreadable or disagree
     */
    public ExampleRun load(Entry entry, AnalysisSettings settings, Function<Example, AudioClip> audio) {
        RunRecord r = entry.record();
        if (!r.ok()) {
            throw new GapScopeException(r.id() + " failed in this run at the " + r.stage() + " stage: " + r.reason());
        }
        if (RunFolder.INTERVENE.equals(command())) {
            throw new GapScopeException("an intervention run keeps answers, not captures: the answers under each "
                    + "condition are in its records, its table in table.md (gapscope analyse); open the run it came "
                    + "from to see the hidden states");
        }
        if (r.capture(Modality.SPEECH).isEmpty() || r.capture(Modality.TEXT).isEmpty()) {
            Modality missing = r.capture(Modality.SPEECH).isEmpty() ? Modality.SPEECH : Modality.TEXT;
            throw new GapScopeException("the run kept no " + missing.id() + " capture of " + r.id()
                    + (missing == Modality.SPEECH ? " (written with --captures text or none)" : "")
                    + ": the alignment and layer-curves views need the hidden states of both queries; "
                    + "its answers and scores are in the list and the Dataset tab");
        }
        CaptureFile speechFile = reader.capture(r, Modality.SPEECH);
        CaptureFile textFile = reader.capture(r, Modality.TEXT);
        sameStates(speechFile, textFile);
        Capture speech = speechFile.toCapture();
        Capture text = textFile.toCapture();
        AnalysisSettings chosen = settings.withIncludeLayer0(settings.includeLayer0() || speechFile.layers()[0] != 0);
        ExampleAnalysis analysis = ExampleAnalyzer.analyze(speech.asHiddenStates(), text.asHiddenStates(), chosen,
                model(), r.id());
        Example example = entry.example();
        return new ExampleRun(model(), example, clip(example, r, speech, audio),
                new ModelRunner.Answered(r.speech().answer(), speech), new ModelRunner.Answered(r.text().answer(), text),
                analysis, correct(r.speech(), example), correct(r.text(), example));
    }

    /**
     * GapScope's mismatched pair for a loaded example: its speech against the stored text capture of its
     * partner under the control's derangement with the run's seed ({@link #controlSeed}), drawn over
     * every example of the run in line order, as {@code evaluate} and {@code gapscope analyse} pair them.
     *
     * @return the partner's entry and the pair's analysis
     * @throws GapScopeException when the example has no partner or the partner has no text capture
     */
    public Map.Entry<Entry, ExampleAnalysis> control(ExampleRun shown, int line) {
        Map.Entry<Entry, Capture> partner = controlText(line);
        Capture text = partner.getValue();
        return Map.entry(partner.getKey(), ExampleAnalyzer.analyze(shown.speech().states(), text.asHiddenStates(),
                shown.analysis().settings(), model(), shown.example().id() + "|" + partner.getKey().record().id()));
    }

    /**
     * The control's partner of the example on dataset line {@code line} (the run's derangement, as in
     * {@link #control}) and its stored text capture.
     *
     * @throws GapScopeException when the example has no partner or the partner has no text capture
     */
    public Map.Entry<Entry, Capture> controlText(int line) {
        long seed = controlSeed();
        int index = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).record().line() == line) {
                index = i;
            }
        }
        int[] sigma = ControlPairs.derangement(entries.size(), seed);
        if (index < 0 || sigma.length == 0) {
            throw new GapScopeException("no other example in this run to pair with: no mismatched control");
        }
        Entry partner = entries.get(sigma[index]);
        RunRecord p = partner.record();
        if (p.capture(Modality.TEXT).isEmpty()) {
            throw new GapScopeException("the control's partner " + p.id() + " has no text capture in this run"
                    + (p.reason() != null ? " (" + p.reason() + ")" : ""));
        }
        return Map.entry(partner, reader.capture(p, Modality.TEXT).toCapture());
    }

    private static void sameStates(CaptureFile speech, CaptureFile text) {
        if (!Arrays.equals(speech.layers(), text.layers()) || speech.hiddenSize() != text.hiddenSize()) {
            throw new GapScopeException(text.path() + ": holds hidden states " + Arrays.toString(text.layers())
                    + " of size " + text.hiddenSize() + ", the speech capture " + speech.path().getFileName() + " holds "
                    + Arrays.toString(speech.layers()) + " of size " + speech.hiddenSize());
        }
    }

    private static AudioClip clip(Example example, RunRecord r, Capture speech, Function<Example, AudioClip> audio) {
        if (example.audioFile().isPresent()) {
            try {
                return audio.apply(example);
            } catch (RuntimeException e) {
                // the audio pane says why it cannot show the file; the analysis needs only the captures
            }
        }
        double seconds = r.speech().seconds();
        float[] times = speech.times();
        if (!(seconds > 0) && times.length > 0) {
            double step = times.length > 1 ? times[1] - times[0] : 0.04;
            seconds = times[times.length - 1] + step;
        }
        int samples = (int) Math.max(1, Math.round((seconds > 0 ? seconds : 1.0) * AudioClip.SAMPLE_RATE));
        return AudioClip.ofSamples(new float[samples]);
    }

    private static Boolean correct(RunRecord.Answer answer, Example example) {
        return answer.correct() != null ? answer.correct() : ExampleEngine.judge(example, answer.answer());
    }
}
