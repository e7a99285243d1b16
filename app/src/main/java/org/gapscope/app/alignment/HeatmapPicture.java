package org.gapscope.app.alignment;

import java.util.List;

import org.gapscope.figure.WordSpans;

/**
 * What the on-screen heatmap draws for one layer: the matrix (speech positions by text tokens), its
 * axes and colour scale, the alignment path, GapScope's DTW path, the reference word spans, marked and
 * picked tokens. Arrays are used
 * as given (the view model makes a fresh picture per layer and never changes it).
 *
 * @param values      row-major {@code values[speech * textCount + token]}
 * @param speechCount T_s
 * @param textCount   T_t
 * @param tokens      the text tokens, one per column of the matrix
 * @param times       start time in seconds of each speech position (empty: positions only)
 * @param lo          value at the low end of the colour scale
 * @param hi          value at the high end
 * @param scaleLabel  what the colours mean, e.g. {@code cosine similarity}
 * @param path        the alignment path (speech position per token), or null
 * @param dtwPath     GapScope's DTW path through every cell of its frame path, {speech position, token} in
 *                    order ({@link org.gapscope.figure.HeatmapPaths#dtwSteps}), or null
 * @param marked      tokens to mark (e.g. the critical tokens of an intervention), possibly empty
 * @param picked      tokens picked on the path for an intervention, possibly empty
 * @param spans       the reference word spans with the path's hit rate, or null (none, or hidden)
 */
public record HeatmapPicture(float[] values, int speechCount, int textCount, List<String> tokens, float[] times,
        double lo, double hi, String scaleLabel, int[] path, int[][] dtwPath, int[] marked, int[] picked,
        WordSpans spans) {

    /** Validates sizes. */
    public HeatmapPicture {
        if (speechCount < 1 || textCount < 1 || values.length != speechCount * textCount) {
            throw new IllegalArgumentException("matrix " + speechCount + " x " + textCount + " with " + values.length + " values");
        }
        if (tokens.size() != textCount) {
            throw new IllegalArgumentException(tokens.size() + " tokens for " + textCount + " columns");
        }
        if (times.length != 0 && times.length != speechCount) {
            throw new IllegalArgumentException(times.length + " times for " + speechCount + " speech positions");
        }
        if (!(hi > lo)) {
            throw new IllegalArgumentException("colour scale " + lo + " .. " + hi);
        }
        if (path != null && path.length != textCount) {
            throw new IllegalArgumentException(path.length + " path positions for " + textCount + " tokens");
        }
        if (spans != null && spans.tokenCount() != textCount) {
            throw new IllegalArgumentException("word spans for " + spans.tokenCount() + " tokens, " + textCount
                    + " columns");
        }
        tokens = List.copyOf(tokens);
        marked = marked == null ? new int[0] : marked;
        picked = picked == null ? new int[0] : picked;
    }

    /** Whether the speech axis is in seconds. */
    public boolean hasTimes() {
        return times.length == speechCount;
    }

    /** The value at speech position {@code i} and token {@code j}. */
    public float at(int i, int j) {
        return values[i * textCount + j];
    }
}
