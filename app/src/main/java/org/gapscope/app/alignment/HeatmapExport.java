package org.gapscope.app.alignment;

import org.gapscope.analysis.DtwAlignmentPath;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.Score;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.audio.ProsodyAnalyzer;
import org.gapscope.audio.ProsodySettings;
import org.gapscope.audio.ProsodyTrack;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.engine.ExampleRun;
import org.gapscope.figure.AnalysisFigures;
import org.gapscope.figure.AudioStripData;
import org.gapscope.figure.ColorRange;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.HeatmapData;
import org.gapscope.figure.HeatmapRenderer;

/**
 * The exported heatmap of what the alignment view shows, drawn by the shared figure renderer: the
 * layer's matrix with the overlays that are on (the reference word spans among them), the scores, the clip's
 * audio strip and, when the audio
 * pane shows them, the F0 and level strips.
 */
final class HeatmapExport {

    private HeatmapExport() {
    }

    /** The figure of {@code p} (layer {@code l}, metric {@code m}) of {@code shown}, with the picture's paths. */
    static FigureRenderer figure(ExampleRun shown, HeatmapPicture p, int l, SimilarityMetric m, boolean sharedScale,
            boolean pitch, boolean level) {
        ExampleAnalysis a = shown.analysis();
        float[][] rows = new float[p.speechCount()][p.textCount()];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(p.values(), i * p.textCount(), rows[i], 0, p.textCount());
        }
        double[] times = new double[p.speechCount()];
        for (int i = 0; i < times.length; i++) {
            times[i] = p.hasTimes() ? p.times()[i] : i;
        }
        HeatmapData.Builder b = new HeatmapData.Builder(rows, p.tokens(), times,
                m == SimilarityMetric.COSINE ? HeatmapData.Metric.COSINE : HeatmapData.Metric.EUCLIDEAN, l);
        if (!p.hasTimes()) {
            b.optPositionAxis();
        }
        // the paths as the screen draws them: the same arrays, drawn by the same routine (figure.HeatmapPaths)
        if (p.path() != null) {
            b.optPath(p.path());
        }
        if (p.dtwPath() != null) {
            b.optDtwPath(p.dtwPath());
        }
        if (p.spans() != null) {
            b.optSpans(p.spans());
        }
        b.optScores(new HeatmapData.Scores(a.score(aps(m), l), a.score(monotonicity(m), l),
                a.score(Score.CONSISTENCY, l), "layer " + l));
        if (sharedScale) {
            b.optColorRange(ColorRange.fixed(p.lo(), p.hi()));
        }
        b.optTitle(shown.model() + " · " + shown.example().id() + " · “" + shown.example().transcript() + "”");
        AudioStripData audio = AnalysisFigures.audio(shown.clip(), new WhisperLogMel(80).compute(shown.clip()), "");
        if (pitch || level) {
            ProsodyTrack track = ProsodyAnalyzer.analyze(shown.clip(), ProsodySettings.defaults());
            if (track.frames() > 0) {
                return new HeatmapRenderer(b.build(), audio, AnalysisFigures.prosody(track, pitch, level, ""));
            }
        }
        return new HeatmapRenderer(b.build(), audio);
    }

    /** GapScope's DTW path at layer {@code l} for metric {@code m}. */
    static DtwAlignmentPath dtw(ExampleAnalysis a, SimilarityMetric m, int l) {
        return (m == SimilarityMetric.COSINE ? a.dtwCosine() : a.dtwEuclidean()).get(l);
    }

    /** The path score of {@code m}. */
    static Score aps(SimilarityMetric m) {
        return m == SimilarityMetric.COSINE ? Score.APS_COSINE : Score.APS_EUCLIDEAN;
    }

    /** The monotonicity of {@code m}'s path. */
    static Score monotonicity(SimilarityMetric m) {
        return m == SimilarityMetric.COSINE ? Score.MONOTONICITY_COSINE : Score.MONOTONICITY_EUCLIDEAN;
    }
}
