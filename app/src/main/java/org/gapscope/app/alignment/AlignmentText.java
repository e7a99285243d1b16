package org.gapscope.app.alignment;

import java.util.Locale;

import org.gapscope.analysis.DtwAlignmentPath;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Score;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.engine.ExampleRun;
import org.gapscope.figure.WordSpans;

/** The alignment view's read-outs: the layer's scores, the example's averages, the cell under the pointer. */
final class AlignmentText {

    private AlignmentText() {
    }

    /** The colour scale's label for {@code m}. */
    static String scaleLabel(SimilarityMetric m) {
        // the distance's colours run backwards (AlignmentView), so that bright is the aligned end in both
        return m == SimilarityMetric.COSINE ? "cosine similarity" : "Euclidean distance (brighter = closer)";
    }

    /** Layer {@code l}'s path score, monotonicity and consistency (and the DTW path's, when shown). */
    static String layer(ExampleAnalysis a, int l, SimilarityMetric m, boolean showDtw) {
        String text = String.format(Locale.ROOT, "Layer %d%s · path score %s · monotonicity %s · consistency %s", l,
                l == 0 ? " (input embeddings)" : "", num(a.score(HeatmapExport.aps(m), l)),
                num(a.score(HeatmapExport.monotonicity(m), l)), num(a.score(Score.CONSISTENCY, l)));
        if (showDtw && a.hasDtwExtension()) {
            DtwAlignmentPath d = HeatmapExport.dtw(a, m, l);
            text += String.format(Locale.ROOT, " · DTW (GapScope extension) score %s, agrees with path on %.0f%%",
                    num(d.score()), 100 * d.agreementWith(a.path(m, l)));
        }
        return text;
    }

    /** The example's scores averaged over its layers. */
    static String example(ExampleAnalysis a) {
        LayerRange r = a.averagedLayers();
        return String.format(Locale.ROOT,
                "Example, mean over layers %s: APS cosine %s, Euclidean %s · monotonicity cosine %s, Euclidean %s · consistency %s",
                r, num(a.score(Score.APS_COSINE)), num(a.score(Score.APS_EUCLIDEAN)),
                num(a.score(Score.MONOTONICITY_COSINE)), num(a.score(Score.MONOTONICITY_EUCLIDEAN)),
                num(a.score(Score.CONSISTENCY)));
    }

    /** The cell at speech position {@code speech} and token {@code token}: its time span, token and value. */
    static String cell(ExampleRun shown, HeatmapPicture p, int speech, int token, SimilarityMetric m) {
        double[] span = shown.speechSpan(speech);
        String where = Double.isNaN(span[0]) ? String.format(Locale.ROOT, "position %d", speech)
                : String.format(Locale.ROOT, "%.2f–%.2f s (position %d)", span[0], span[1], speech);
        boolean onPath = p.path() != null && p.path()[token] == speech;
        boolean inSpan = p.spans() != null && p.spans().contains(speech, token);
        return String.format(Locale.ROOT, "speech %s · token “%s” (%d) · %s %.4f%s%s", where, p.tokens().get(token),
                token, m == SimilarityMetric.COSINE ? "cosine" : "distance", p.at(speech, token),
                onPath ? " · on the alignment path" : "",
                inSpan ? " · in the reference span of " + WordSpans.describe(p.spans().boxOf(token)) : "");
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
