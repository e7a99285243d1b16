package org.gapscope.cli.figure;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.NpyHiddenStates;
import org.gapscope.analysis.SimilarityMatrix;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.ProsodySettings;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.figure.AnalysisFigures;
import org.gapscope.figure.AudioStripData;
import org.gapscope.figure.ColorRange;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.HeatmapData;
import org.gapscope.figure.HeatmapRenderer;
import org.gapscope.figure.WordSpans;
import org.gapscope.lenses.ReferenceAlignmentHitRate;
import org.gapscope.lenses.ReferenceSpans;
import org.gapscope.lenses.ReferenceWords;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gapscope figure heatmap}: one layer's similarity matrix with its alignment path. */
@Command(name = "heatmap", mixinStandardHelpOptions = true,
        description = {
            "The alignment heatmap at one layer: speech time across, text tokens down, the alignment path",
            "(arg-max per token for cosine, arg-min for Euclidean), APS, monotonicity and consistency.",
            "S and T are [L+1, T, d] arrays: .npy files, or capture .npz files whose 'tokens' and 'times'",
            "label the axes (without them tokens are numbered and the speech axis counts positions).",
            "With --words, each word's reference span is boxed and the ALAS-style hit rate is in the caption."})
final class HeatmapFigure extends FigureSubcommand {

    @Option(names = "--speech", required = true, paramLabel = "S", description = "speech hidden states")
    Path speech;

    @Option(names = "--text", required = true, paramLabel = "T", description = "text hidden states")
    Path text;

    @Option(names = "--layer", paramLabel = "N", description = "layer to show (0 = input embeddings); default: the last")
    Integer layer;

    @Option(names = "--metric", defaultValue = "cosine", paramLabel = "cosine|euclidean",
            description = "similarity measure; default ${DEFAULT-VALUE}")
    String metric;

    @Option(names = "--range", defaultValue = "auto", paramLabel = "auto|MIN:MAX",
            description = "colour bar range, e.g. 0:1 to compare figures (values beyond it are marked at the bar's"
                    + " ends); default ${DEFAULT-VALUE}")
    String range;

    @Option(names = "--dtw", description = "also draw GapScope's monotonic DTW path (an extension, not in the paper)")
    boolean dtw;

    @Option(names = "--audio", paramLabel = "FILE",
            description = "draw this clip's waveform and log-mel spectrogram above, on the same time axis")
    Path audio;

    @Mixin
    ProsodyOptions prosody = new ProsodyOptions();

    @Option(names = "--words", paramLabel = "FILE.json|SET.jsonl",
            description = "reference word timings, as metrics --words takes them, or a dataset whose line for the"
                    + " example (--example, else the one the speech capture names) has \"words\": box each word's span"
                    + " of speech positions and give the ALAS-style hit rate (arXiv 2505.19937)")
    Path words;

    @Option(names = "--example", paramLabel = "ID",
            description = "with --words SET.jsonl: the example whose word timings to use (default: the speech"
                    + " capture's own)")
    String example;

    @Option(names = "--seconds-per-position", paramLabel = "S",
            description = "speech position spacing in seconds when S carries no times (e.g. 0.04)")
    Double secondsPerPosition;

    @Override
    FigureRenderer draw() {
        SimilarityMetric m = SimilarityMetric.parse(metric);
        ColorRange colorRange = parseRange(range);
        if (prosody.asked() && audio == null) {
            throw new GapScopeException("--pitch and --level need --audio (the clip whose tracks are drawn)");
        }
        ProsodySettings prosodySettings = prosody.asked() ? prosody.settings() : null;
        NpyHiddenStates s = NpyHiddenStates.read(speech);
        NpyHiddenStates t = NpyHiddenStates.read(text);
        int last = s.layerCount() - 1;
        int l = layer == null ? last : layer;
        if (l < 0 || l > last) {
            throw new GapScopeException("--layer " + l + " is outside 0.." + last + " (" + speech + " has "
                    + s.layerCount() + " hidden states)");
        }
        CaptureLabels sl = CaptureLabels.read(speech);
        CaptureLabels tl = CaptureLabels.read(text);
        double[] times = sl.times();
        if (times == null && secondsPerPosition != null) {
            if (!(secondsPerPosition > 0)) {
                throw new GapScopeException("--seconds-per-position must be positive, not " + secondsPerPosition);
            }
            times = HeatmapData.uniformTimes(s.tokenCount(), secondsPerPosition, 0);
        }
        if (times != null && times.length != s.tokenCount()) {
            throw new GapScopeException(speech + ": " + times.length + " times for " + s.tokenCount()
                    + " speech positions");
        }
        List<String> tokens = tl.tokens();
        if (tokens != null && tokens.size() != t.tokenCount()) {
            throw new GapScopeException(text + ": " + tokens.size() + " tokens for " + t.tokenCount()
                    + " text positions");
        }
        AnalysisSettings settings = AnalysisSettings.defaults().withDtwExtension(dtw);
        ExampleAnalysis analysis = ExampleAnalyzer.analyze(s, t, settings, sl.model(), sl.example());
        SimilarityMatrix matrix = SimilarityMatrix.compute(s, t, l, m);
        HeatmapData data = AnalysisFigures.heatmap(analysis, matrix, tokens, times, dtw, colorRange);
        AudioClip clip = audio == null ? null : new AudioLoader().load(audio);
        if (example != null && words == null) {
            throw new GapScopeException("--example picks a line of the dataset given with --words SET.jsonl");
        }
        if (words != null) {
            ReferenceWords reference = readWords(example != null ? example : sl.example());
            data = data.withSpans(spans(reference, analysis, m, l, s.tokenCount(), t.tokenCount(), tokens, times,
                    clip));
        }
        if (output.title != null) {
            data = data.withTitle(output.title);
        }
        AudioStripData strip = null;
        if (audio != null) {
            if (times == null) {
                throw new GapScopeException("--audio needs speech times: give a capture .npz with 'times' or"
                        + " --seconds-per-position");
            }
            strip = AnalysisFigures.audio(clip, new WhisperLogMel(80).compute(clip), "");
            if (prosodySettings != null) {
                return new HeatmapRenderer(data, strip, prosody.strips(clip, prosodySettings, ""));
            }
        }
        return new HeatmapRenderer(data, strip);
    }

    /** The word spans of {@code --words} with the hit rate of the shown path at layer {@code l}. */
    private static WordSpans spans(ReferenceWords reference, ExampleAnalysis analysis, SimilarityMetric m, int l,
            int speechCount, int textCount, List<String> tokens, double[] times, AudioClip clip) {
        float[] start = null;
        if (times != null) {
            start = new float[times.length];
            for (int i = 0; i < times.length; i++) {
                start[i] = (float) times[i];
            }
        }
        double clipSeconds = clip != null ? clip.durationSeconds() : reference.duration();
        ReferenceSpans spans = reference.spans(speechCount, textCount, tokens, start, clipSeconds);
        return WordSpans.of(spans, ReferenceAlignmentHitRate.of(analysis, m, spans.pairing()), l);
    }

    /** The words file, or the line of example {@code id} of a dataset ({@code .jsonl}). */
    private ReferenceWords readWords(String id) {
        if (!words.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl")) {
            return ReferenceWords.read(words);
        }
        if (id.isEmpty()) {
            throw new GapScopeException("--words " + words + " is a dataset: name the example with --example ID (the"
                    + " speech capture names none)");
        }
        ExampleSet set = ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP).optAudioOptional().read(words);
        Example e = set.find(id).orElseThrow(() -> new GapScopeException(words + ": no example \"" + id + "\""
                + (set.problems().isEmpty() ? "" : " (" + set.problems().size() + " broken lines, the first: "
                        + set.problems().get(0) + ")")));
        if (!e.hasWords()) {
            throw new GapScopeException(words + ": example \"" + id + "\" has no \"words\" (reference word timings)");
        }
        return new ReferenceWords(words + " (example " + id + ")", e.transcript(), e.words(), null, Double.NaN);
    }

    /** {@code auto} or {@code MIN:MAX} with MIN below MAX. */
    static ColorRange parseRange(String spec) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("auto")) {
            return ColorRange.auto();
        }
        String[] parts = s.split(":");
        try {
            if (parts.length == 2) {
                double lo = Double.parseDouble(parts[0]);
                double hi = Double.parseDouble(parts[1]);
                if (Double.isFinite(lo) && Double.isFinite(hi) && lo < hi) {
                    return ColorRange.fixed(lo, hi);
                }
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new GapScopeException("--range must be auto or MIN:MAX with MIN < MAX (e.g. 0:1), not '" + spec + "'");
    }
}
