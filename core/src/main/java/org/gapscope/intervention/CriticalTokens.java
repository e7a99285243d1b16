package org.gapscope.intervention;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

import org.gapscope.analysis.AlignmentPath;
import org.gapscope.analysis.SimilarityMetric;

/**
 * The critical tokens chosen from one alignment path, and the speech positions they rewrite.
 *
 * <p>Bottom-k ranks text tokens by their path value, worst first (lowest cosine, or largest
 * distance), ties to the lower token index, and keeps the first k (all of them when the text has
 * fewer than k tokens). All keeps every token. Several selected tokens may share one aligned
 * speech position; that position is rewritten once, with the selected token whose path value there
 * is best (highest cosine, or smallest distance; ties to the lower token index), so
 * {@link #speechPositions()} has no duplicates and is sorted.
 *
 * @param layer           the layer whose path selected the tokens
 * @param metric          the path's measure
 * @param selection       Bottom-k or All
 * @param selectedTokens  the selected text tokens, in ranking order (Bottom-k) or index order (All)
 * @param speechPositions the distinct speech positions to rewrite, ascending
 * @param sourceTokens    for each of {@code speechPositions}, the text token whose vector it takes
 */
public record CriticalTokens(int layer, SimilarityMetric metric, CriticalTokenSelection selection,
        int[] selectedTokens, int[] speechPositions, int[] sourceTokens) {

    /** Validates and copies the arrays. */
    public CriticalTokens {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(selection, "selection");
        if (speechPositions.length != sourceTokens.length) {
            throw new IllegalArgumentException("positions and source tokens differ in length");
        }
        selectedTokens = selectedTokens.clone();
        speechPositions = speechPositions.clone();
        sourceTokens = sourceTokens.clone();
    }

    @Override
    public int[] selectedTokens() {
        return selectedTokens.clone();
    }

    @Override
    public int[] speechPositions() {
        return speechPositions.clone();
    }

    @Override
    public int[] sourceTokens() {
        return sourceTokens.clone();
    }

    /** Selects critical tokens from {@code path}. */
    public static CriticalTokens select(AlignmentPath path, CriticalTokenSelection selection) {
        int n = path.tokenCount();
        double[] value = path.value();
        boolean higherIsBetter = path.metric().higherIsBetter();
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        int[] selected;
        if (selection.all()) {
            selected = new int[n];
            for (int j = 0; j < n; j++) {
                selected[j] = j;
            }
        } else {
            // worst first: ascending cosine, descending distance; Arrays.sort is stable, so ties keep index order
            Comparator<Integer> worstFirst = higherIsBetter
                    ? Comparator.comparingDouble(j -> value[j])
                    : Comparator.comparingDouble(j -> -value[j]);
            Arrays.sort(order, worstFirst);
            selected = new int[Math.min(selection.k(), n)];
            for (int r = 0; r < selected.length; r++) {
                selected[r] = order[r];
            }
        }
        return onPath(path, selection, selected);
    }

    /**
     * Exactly the given text tokens (e.g. picked by hand on the path), with the same rule for shared
     * speech positions as {@link #select}; recorded with the All selection, applied to these tokens only.
     *
     * @throws IllegalArgumentException when no token is given, or a token is not on the path
     */
    public static CriticalTokens picked(AlignmentPath path, int[] tokens) {
        int[] chosen = Arrays.stream(tokens).distinct().sorted().toArray();
        if (chosen.length == 0) {
            throw new IllegalArgumentException("no tokens picked");
        }
        if (chosen[0] < 0 || chosen[chosen.length - 1] >= path.tokenCount()) {
            throw new IllegalArgumentException("picked token " + (chosen[0] < 0 ? chosen[0] : chosen[chosen.length - 1])
                    + " is not on the path of " + path.tokenCount() + " tokens");
        }
        return onPath(path, CriticalTokenSelection.allTokens(), chosen);
    }

    private static CriticalTokens onPath(AlignmentPath path, CriticalTokenSelection selection, int[] selected) {
        double[] value = path.value();
        int[] positionOf = path.speechIndex();
        int[] sorted = selected.clone();
        Arrays.sort(sorted);
        int[] positions = Arrays.stream(sorted).map(j -> positionOf[j]).distinct().sorted().toArray();
        int[] sources = new int[positions.length];
        for (int p = 0; p < positions.length; p++) {
            int best = -1;
            for (int j : sorted) {
                if (positionOf[j] == positions[p]
                        && (best < 0 || path.metric().better(value[j], value[best]))) {
                    best = j;
                }
            }
            sources[p] = best;
        }
        return new CriticalTokens(path.layer(), path.metric(), selection, selected, positions, sources);
    }
}
