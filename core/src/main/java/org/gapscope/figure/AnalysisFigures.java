package org.gapscope.figure;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import org.gapscope.analysis.AlignmentPath;
import org.gapscope.analysis.DatasetSummary;
import org.gapscope.analysis.DtwAlignmentPath;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.GapRegression;
import org.gapscope.analysis.LayerCurves;
import org.gapscope.analysis.Provenance;
import org.gapscope.analysis.Score;
import org.gapscope.analysis.SimilarityMatrix;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.LogMelSpectrogram;
import org.gapscope.audio.ProsodySettings;
import org.gapscope.audio.ProsodyTrack;
import org.gapscope.intervention.CriticalTokens;
import org.gapscope.intervention.InterventionSettings;
import org.gapscope.intervention.RewriteKind;
import org.gapscope.lenses.CkaMatrix;

/**
 * Adapts analysis and audio results into figure data: the one place that knows both sides, so
 * that the explorer and the command line draw the same figure from the same result.
 */
public final class AnalysisFigures {

    /** Envelope bins for an audio strip: enough for a 600 dpi double-column figure. */
    public static final int ENVELOPE_BINS = 4000;

    /**
     * The fewest examples a ± 1 sd band is drawn from: a standard deviation of two curves is their
     * half-difference times 0.71, which a band presents as a spread it does not measure.
     */
    public static final int MIN_BAND_EXAMPLES = 3;

    private AnalysisFigures() {
    }

    /** The figure's metric for an analysis metric. */
    public static HeatmapData.Metric metric(SimilarityMetric metric) {
        return metric == SimilarityMetric.COSINE ? HeatmapData.Metric.COSINE : HeatmapData.Metric.EUCLIDEAN;
    }

    /**
     * The heatmap of {@code matrix} with the example's alignment path at the matrix's layer, the
     * DTW extension's path when {@code withDtw} and computed, and this layer's APS, monotonicity and
     * consistency in the caption.
     *
     * @param tokens the text tokens (null: numbered)
     * @param times the start time of each speech position in seconds (null: the axis shows position indices)
     */
    public static HeatmapData heatmap(ExampleAnalysis analysis, SimilarityMatrix matrix, List<String> tokens,
            double[] times, boolean withDtw, ColorRange range) {
        int layer = matrix.layer();
        SimilarityMetric metric = matrix.metric();
        AlignmentPath path = analysis.path(metric, layer);
        int ts = matrix.speechCount();
        int tt = matrix.textCount();
        float[][] values = new float[ts][tt];
        for (int i = 0; i < ts; i++) {
            for (int j = 0; j < tt; j++) {
                values[i][j] = matrix.at(i, j);
            }
        }
        List<String> labels = tokens != null ? tokens : numbered(tt);
        HeatmapData.Builder b = new HeatmapData.Builder(values, labels, times, metric(metric), layer)
                .optPath(path.speechIndex())
                .optColorRange(range)
                .optTitle(title(analysis.provenance()));
        if (times == null) {
            b.optPositionAxis();
        }
        OptionalDouble mono = path.monotonicity();
        b.optScores(new HeatmapData.Scores(path.score(), mono.isPresent() ? mono.getAsDouble() : Double.NaN,
                analysis.score(Score.CONSISTENCY, layer), "layer " + layer));
        if (withDtw && analysis.hasDtwExtension()) {
            b.optDtwPath(dtwCells(analysis, metric, layer));
        }
        return b.build();
    }

    /** The cells of the DTW extension's path: for each token, its span of speech positions. */
    static int[][] dtwCells(ExampleAnalysis analysis, SimilarityMetric metric, int layer) {
        DtwAlignmentPath dtw = (metric == SimilarityMetric.COSINE ? analysis.dtwCosine() : analysis.dtwEuclidean())
                .get(layer);
        int[] start = dtw.spanStart();
        int[] end = dtw.spanEnd();
        List<int[]> cells = new ArrayList<>();
        for (int j = 0; j < start.length; j++) {
            for (int i = start[j]; i <= end[j]; i++) {
                cells.add(new int[] {i, j});
            }
        }
        return cells.toArray(int[][]::new);
    }

    /** One example's layer curves as one series. */
    public static LayerCurvesData.Series series(String label, LayerCurves curves, LayerCurvesData.Kind kind) {
        return new LayerCurvesData.Series(label, 0, curves.cosine(), curves.euclidean(), null, null, kind, null);
    }

    /**
     * Dataset layer curves: each example (thin when there are many), the matched-pair mean with a
     * band of one standard deviation over examples (from {@link #MIN_BAND_EXAMPLES} examples on), and
     * the mismatched-pair control dashed in the mean's colour ({@code summary} may be null for
     * examples only).
     */
    public static LayerCurvesData datasetCurves(List<String> labels, List<LayerCurves> examples,
            DatasetSummary summary, String title) {
        if (labels.size() != examples.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + examples.size() + " examples");
        }
        List<LayerCurvesData.Series> series = new ArrayList<>();
        LayerCurvesData.Kind kind = examples.size() > 6 ? LayerCurvesData.Kind.INDIVIDUAL : LayerCurvesData.Kind.SERIES;
        for (int k = 0; k < examples.size(); k++) {
            series.add(series(labels.get(k), examples.get(k), kind));
        }
        if (summary != null) {
            double[][] cos = new double[examples.size()][];
            double[][] euc = new double[examples.size()][];
            for (int k = 0; k < examples.size(); k++) {
                cos[k] = examples.get(k).cosine();
                euc[k] = examples.get(k).euclidean();
            }
            boolean band = examples.size() >= MIN_BAND_EXAMPLES;
            series.add(new LayerCurvesData.Series("dataset mean" + (band ? " \u00b1 1 sd" : "") + " (n = "
                    + summary.examples() + ")", 0, summary.matchedCurve(Score.COSINE),
                    summary.matchedCurve(Score.EUCLIDEAN), band ? sd(cos) : null, band ? sd(euc) : null,
                    LayerCurvesData.Kind.MEAN, "dataset"));
            series.add(new LayerCurvesData.Series("mismatched-pair control (GapScope's addition)", 0,
                    summary.mismatchedCurve(Score.COSINE), summary.mismatchedCurve(Score.EUCLIDEAN), null, null,
                    LayerCurvesData.Kind.CONTROL, "dataset"));
        }
        return new LayerCurvesData(series, title);
    }

    /** Per-layer sample standard deviation over rows (NaN values skipped; NaN with fewer than two). */
    static double[] sd(double[][] rows) {
        int layers = rows[0].length;
        double[] out = new double[layers];
        for (int l = 0; l < layers; l++) {
            double sum = 0;
            int n = 0;
            for (double[] r : rows) {
                if (!Double.isNaN(r[l])) {
                    sum += r[l];
                    n++;
                }
            }
            if (n < 2) {
                out[l] = Double.NaN;
                continue;
            }
            double mean = sum / n;
            double sq = 0;
            for (double[] r : rows) {
                if (!Double.isNaN(r[l])) {
                    sq += (r[l] - mean) * (r[l] - mean);
                }
            }
            out[l] = Math.sqrt(sq / (n - 1));
        }
        return out;
    }

    /**
     * The score-vs-GAP scatter of a regression across models or checkpoints, with a fitted line.
     * The figure puts GAP on x and the score on y (the paper's axes), so its line is the
     * least-squares fit of the score on GAP, not the regression's GAP-on-score line; the R² of
     * the two fits is the same.
     */
    public static ScoreVsGapData scatter(GapRegression regression, String yLabel, String title) {
        List<ScoreVsGapData.Point> points = new ArrayList<>();
        for (GapRegression.Point p : regression.points()) {
            points.add(new ScoreVsGapData.Point(p.model(), p.gap(), p.score(), ""));
        }
        ScoreVsGapData.Fit fit = points.size() >= 3 ? ScoreVsGapData.Fit.leastSquares(points) : null;
        return new ScoreVsGapData(points, fit, null, yLabel == null ? regression.scoreName() : yLabel, title);
    }

    /**
     * The before/after figure of one intervention: the path that selected the critical tokens,
     * those tokens marked, and the answers the runtime generated before and after the rewrite.
     *
     * @param path the alignment path at the selecting layer ({@code critical.layer()})
     * @param tokens the text tokens (null: numbered)
     * @param times the start time of each speech position in seconds
     * @param correctBefore whether the answer before counts as correct (null: not judged)
     * @param correctAfter whether the answer after counts as correct (null: not judged)
     * @param accuracy the dataset-level table, or null
     */
    public static InterventionData intervention(InterventionSettings settings, CriticalTokens critical,
            AlignmentPath path, List<String> tokens, double[] times, String gold, String before, String after,
            Boolean correctBefore, Boolean correctAfter, InterventionData.AccuracyTable accuracy, String title) {
        int[] rewriteLayers = settings.rewriteLayers();
        String method = settings.kind() == RewriteKind.ANGLE_PROJECTION ? "angle projection" : "length normalization";
        if (rewriteLayers.length > 1) {
            StringBuilder b = new StringBuilder(method).append(" (layers");
            for (int l : rewriteLayers) {
                b.append(' ').append(l);
            }
            method = b.append(')').toString();
        }
        String selection = critical.selection().all() ? "All" : "Bottom-" + critical.selection().k();
        if (critical.layer() != rewriteLayers[0]) {
            selection += ", path of layer " + critical.layer();
        }
        List<String> labels = tokens != null ? tokens : numbered(path.tokenCount());
        return new InterventionData(method, selection, rewriteLayers[0], gold, before, after, correctBefore,
                correctAfter, labels, times, path.speechIndex(), critical.selectedTokens(), accuracy, title);
    }

    /** The audio strip of a clip: its waveform envelope and the log-mel spectrogram the model hears (may be null). */
    public static AudioStripData audio(AudioClip clip, LogMelSpectrogram mel, String title) {
        float[][] spec = null;
        double hop = 1.0 / LogMelSpectrogram.FRAME_RATE;
        if (mel != null) {
            int frames = mel.validFrames();
            spec = new float[frames][mel.mels()];
            for (int t = 0; t < frames; t++) {
                for (int m = 0; m < mel.mels(); m++) {
                    spec[t][m] = mel.value(m, t);
                }
            }
        }
        return AudioStripData.fromSamples(clip.samples(), clip.sampleRate(), spec, hop, ENVELOPE_BINS, title);
    }

    /** The pitch and/or level strips of a clip's prosody track (at least one of them). */
    public static ProsodyStripData prosody(ProsodyTrack track, boolean pitch, boolean level, String title) {
        ProsodySettings s = track.settings();
        return new ProsodyStripData(Math.max(track.durationSeconds(), 1e-3), track.times(), track.f0Hz(),
                track.levelDb(), pitch, level, s.pitchFloorHz(), s.pitchCeilingHz(), s.describe(track.sampleRate()),
                title);
    }

    private static List<String> numbered(int n) {
        List<String> t = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            t.add("#" + j);
        }
        return t;
    }

    private static String title(Provenance p) {
        List<String> parts = new ArrayList<>();
        if (p.model() != null && !p.model().isBlank()) {
            parts.add(p.model());
        }
        if (p.example() != null && !p.example().isBlank()) {
            parts.add(p.example());
        }
        return String.join(" \u00b7 ", parts);
    }

    /**
     * The cross-layer CKA figure's data for {@code panel}: the matched matrix, the mismatched one, or
     * matched minus mismatched; the pairing and n are those of the matrix drawn (the matched one's for
     * the difference, with the control's pairing beside it).
     *
     * @param mismatched GapScope's control, or null when there is none (then only the matched panel can be drawn)
     * @param difference matched minus mismatched as stored (a summary's {@code cka_difference}), or null to
     *                   subtract here
     * @param source     the lens's label with its source
     * @throws IllegalArgumentException when the panel needs the control and there is none
     */
    public static CkaData cka(CkaData.Panel panel, CkaMatrix matched, CkaMatrix mismatched, double[][] difference,
            int[] layers, String source, String title) {
        if (panel != CkaData.Panel.MATCHED && mismatched == null) {
            throw new IllegalArgumentException("the " + panel.key() + " panel needs GapScope's mismatched-pair control");
        }
        return switch (panel) {
            case MATCHED -> new CkaData(panel, layers, matched.values(), source, matched.pairing(), matched.pairs(), title);
            case MISMATCHED -> new CkaData(panel, layers, mismatched.values(), source, mismatched.pairing(),
                    mismatched.pairs(), title);
            case DIFFERENCE -> new CkaData(panel, layers, difference != null ? difference : matched.minus(mismatched), source, matched.pairing()
                    + " (matched) \u2212 " + mismatched.pairing() + " (mismatched)", matched.pairs(), title);
        };
    }
}
