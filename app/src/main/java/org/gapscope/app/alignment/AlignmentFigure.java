package org.gapscope.app.alignment;

import java.util.ArrayList;
import java.util.List;

import org.gapscope.analysis.DtwAlignmentPath;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.Score;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.engine.ExampleRun;
import org.gapscope.figure.AnalysisFigures;
import org.gapscope.figure.ColorRange;
import org.gapscope.figure.HeatmapData;
import org.gapscope.figure.HeatmapRenderer;

/**
 * The alignment view's heatmap as a paper figure: the shared {@link HeatmapRenderer} on the values shown,
 * with the path, the DTW extension, the layer's scores, the colour scale and the clip's waveform and
 * spectrogram strip, as the view is set.
 */
final class AlignmentFigure {

    private AlignmentFigure() {
    }

    /**
     * The figure of {@code picture} (layer {@code layer}, {@code metric}) of {@code shown}.
     *
     * @param showPath    whether the alignment path is drawn
     * @param showDtw     whether GapScope's DTW path is drawn (when it was computed)
     * @param sharedScale whether the colour scale is the picture's (one for all layers) rather than the figure's own
     */
    static HeatmapRenderer of(ExampleRun shown, HeatmapPicture picture, int layer, SimilarityMetric metric,
            boolean showPath, boolean showDtw, boolean sharedScale) {
        ExampleAnalysis a = shown.analysis();
        float[][] rows = new float[picture.speechCount()][picture.textCount()];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(picture.values(), i * picture.textCount(), rows[i], 0, picture.textCount());
        }
        double[] times = new double[picture.speechCount()];
        for (int i = 0; i < times.length; i++) {
            times[i] = picture.hasTimes() ? picture.times()[i] : i;
        }
        HeatmapData.Builder b = new HeatmapData.Builder(rows, picture.tokens(), times,
                metric == SimilarityMetric.COSINE ? HeatmapData.Metric.COSINE : HeatmapData.Metric.EUCLIDEAN, layer);
        if (!picture.hasTimes()) {
            b.optPositionAxis();
        }
        if (showPath) {
            b.optPath(a.path(metric, layer).speechIndex());
        }
        if (showDtw && a.hasDtwExtension()) {
            DtwAlignmentPath d = dtw(a, metric, layer);
            List<int[]> pairs = new ArrayList<>();
            for (int j = 0; j < d.spanStart().length; j++) {
                for (int i = d.spanStart()[j]; i <= d.spanEnd()[j]; i++) {
                    pairs.add(new int[] {i, j});
                }
            }
            b.optDtwPath(pairs.toArray(int[][]::new));
        }
        b.optScores(new HeatmapData.Scores(a.score(aps(metric), layer), a.score(monotonicity(metric), layer),
                a.score(Score.CONSISTENCY, layer), "layer " + layer));
        if (sharedScale) {
            b.optColorRange(ColorRange.fixed(picture.lo(), picture.hi()));
        }
        b.optTitle(shown.model() + " · " + shown.example().id() + " · “" + shown.example().transcript() + "”");
        return new HeatmapRenderer(b.build(),
                AnalysisFigures.audio(shown.clip(), new WhisperLogMel(80).compute(shown.clip()), ""));
    }

    /** GapScope's DTW path over the same matrix. */
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
