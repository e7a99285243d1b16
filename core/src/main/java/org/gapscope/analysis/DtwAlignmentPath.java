package org.gapscope.analysis;

import java.util.Objects;

/**
 * GapScope's extension, not the paper's method: a monotonic dynamic-time-warping path over the same
 * matrix A_l (cost 1 - cosine, or the distance), from the first token and position to the last.
 * Each text token covers a contiguous span of speech positions; its representative position is the
 * best-aligned one inside that span (ties to the lowest index), so the path can be compared with
 * the unconstrained {@link AlignmentPath}.
 *
 * @param layer          hidden-state index
 * @param metric         the measure of A_l
 * @param speechIndex    the representative speech position of each text token (non-decreasing)
 * @param spanStart      first speech position of each token's span
 * @param spanEnd        last speech position of each token's span
 * @param value          A_l at each representative position (double precision)
 * @param normalizedCost the DTW cost summed along the whole path divided by the path's length
 */
public record DtwAlignmentPath(int layer, SimilarityMetric metric, int[] speechIndex, int[] spanStart,
        int[] spanEnd, double[] value, double normalizedCost) {

    /** Label written wherever this result appears. */
    public static final String LABEL = "GapScope extension (not in the paper): monotonic DTW path";

    /** Validates and copies the arrays. */
    public DtwAlignmentPath {
        Objects.requireNonNull(metric, "metric");
        int n = speechIndex.length;
        if (spanStart.length != n || spanEnd.length != n || value.length != n) {
            throw new IllegalArgumentException("DTW path arrays differ in length");
        }
        speechIndex = speechIndex.clone();
        spanStart = spanStart.clone();
        spanEnd = spanEnd.clone();
        value = value.clone();
    }

    @Override
    public int[] speechIndex() {
        return speechIndex.clone();
    }

    @Override
    public int[] spanStart() {
        return spanStart.clone();
    }

    @Override
    public int[] spanEnd() {
        return spanEnd.clone();
    }

    @Override
    public double[] value() {
        return value.clone();
    }

    /** The DTW path score: the mean of the representative values over text tokens (like APS). */
    public double score() {
        double s = 0;
        for (double v : value) {
            s += v;
        }
        return s / value.length;
    }

    /** Share of text tokens whose representative equals the unconstrained path's position. */
    public double agreementWith(AlignmentPath path) {
        if (path.tokenCount() != speechIndex.length) {
            throw new IllegalArgumentException("paths over different numbers of tokens");
        }
        int same = 0;
        for (int j = 0; j < speechIndex.length; j++) {
            if (speechIndex[j] == path.speechIndexOf(j)) {
                same++;
            }
        }
        return (double) same / speechIndex.length;
    }
}
