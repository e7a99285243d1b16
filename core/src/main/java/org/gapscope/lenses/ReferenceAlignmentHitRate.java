package org.gapscope.lenses;

import java.util.List;
import java.util.Objects;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Provenance;
import org.gapscope.analysis.SimilarityMetric;

/**
 * The ALAS-style reference-alignment hit rate (after Mousavi et al. 2025) of one example's alignment
 * paths: at layer l, hit_l = the share of text tokens j whose path position i*_j is one of the speech
 * positions of its word's span (those whose stretch [times_i, times_{i+1}) overlaps the word's reference
 * timing: the {@link TokenPairing.Method#REFERENCE_WORDS} pairing); baseline_l = the same share if i*_j
 * were uniform over the T_s positions = mean over tokens of (span positions / T_s). Reported per layer,
 * with hit - baseline, and averaged over the averaged layers (1..L by default).
 *
 * @param provenance model, example, metric {@code hit_rate_cosine} or {@code hit_rate_euclidean}, averaged layers
 * @param metric     the path (cosine or Euclidean) scored
 * @param hit        hit_l for every hidden state 0..L
 * @param baseline   baseline_l for every hidden state 0..L (the same at every layer: the spans do not move)
 * @param pairing    the reference pairing whose spans were used
 */
public record ReferenceAlignmentHitRate(Provenance provenance, SimilarityMetric metric, double[] hit,
        double[] baseline, TokenPairing pairing) {

    /** Validates and copies. */
    public ReferenceAlignmentHitRate {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(pairing, "pairing");
        if (hit.length != baseline.length) {
            throw new IllegalArgumentException(hit.length + " hit rates for " + baseline.length + " baselines");
        }
        hit = hit.clone();
        baseline = baseline.clone();
    }

    /**
     * Scores the paths of {@code analysis} for {@code metric}.
     *
     * @throws GapScopeException when the pairing is not by reference words or does not fit the analysis
     */
    public static ReferenceAlignmentHitRate of(ExampleAnalysis analysis, SimilarityMetric metric,
            TokenPairing reference) {
        int[][] paths = new int[analysis.layerCount()][];
        for (int l = 0; l < paths.length; l++) {
            paths[l] = analysis.path(metric, l).speechIndex();
        }
        if (reference.speechPositions() != analysis.speechTokens()) {
            throw new GapScopeException("the word pairing was made for " + reference.speechPositions()
                    + " speech positions, the analysis has " + analysis.speechTokens());
        }
        return of(analysis.provenance().withMetric("hit_rate_" + metric.key()), metric, List.of(paths), reference);
    }

    /** Scores given paths: {@code paths.get(l)[j]} is i*_j at hidden state l. */
    public static ReferenceAlignmentHitRate of(Provenance provenance, SimilarityMetric metric, List<int[]> paths,
            TokenPairing reference) {
        if (reference.method() != TokenPairing.Method.REFERENCE_WORDS) {
            throw new GapScopeException("the reference-alignment hit rate needs reference word timings (the pairing is "
                    + reference.method().key() + ")");
        }
        int tokens = reference.textTokens();
        int positions = reference.speechPositions();
        double spanShare = 0;
        for (int j = 0; j < tokens; j++) {
            spanShare += (double) (reference.endOf(j) - reference.startOf(j)) / positions;
        }
        spanShare /= tokens;
        double[] hit = new double[paths.size()];
        double[] baseline = new double[paths.size()];
        for (int l = 0; l < paths.size(); l++) {
            int[] path = paths.get(l);
            if (path.length != tokens) {
                throw new GapScopeException("the layer-" + l + " path has " + path.length + " tokens, the word pairing "
                        + tokens);
            }
            int hits = 0;
            for (int j = 0; j < tokens; j++) {
                hits += path[j] >= reference.startOf(j) && path[j] < reference.endOf(j) ? 1 : 0;
            }
            hit[l] = (double) hits / tokens;
            baseline[l] = spanShare;
        }
        return new ReferenceAlignmentHitRate(provenance, metric, hit, baseline, reference);
    }

    @Override
    public double[] hit() {
        return hit.clone();
    }

    @Override
    public double[] baseline() {
        return baseline.clone();
    }

    /** hit_l - baseline_l for every layer. */
    public double[] hitMinusBaseline() {
        double[] out = new double[hit.length];
        for (int l = 0; l < out.length; l++) {
            out[l] = hit[l] - baseline[l];
        }
        return out;
    }

    /** The mean hit rate over the averaged layers. */
    public double meanHit() {
        return mean(hit, provenance.layers());
    }

    /** The mean baseline over the averaged layers. */
    public double meanBaseline() {
        return mean(baseline, provenance.layers());
    }

    /** The mean of hit - baseline over the averaged layers. */
    public double meanHitMinusBaseline() {
        return mean(hitMinusBaseline(), provenance.layers());
    }

    private static double mean(double[] x, LayerRange range) {
        double s = 0;
        int count = 0;
        for (int l = range.first(); l <= Math.min(range.last(), x.length - 1); l++) {
            s += x[l];
            count++;
        }
        return count == 0 ? Double.NaN : s / count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReferenceAlignmentHitRate r && provenance.equals(r.provenance) && metric == r.metric
                && java.util.Arrays.equals(hit, r.hit) && java.util.Arrays.equals(baseline, r.baseline)
                && pairing.equals(r.pairing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provenance, metric, java.util.Arrays.hashCode(hit), pairing);
    }
}
