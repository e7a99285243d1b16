package org.gapscope.analysis;

/**
 * The Alignment Path Score of METHOD.md, APS = (1 / (L T_t)) sum_l sum_j A_l[i*_j, j]: per layer
 * the mean path value over text tokens, and its mean over the provenance's layer range.
 *
 * @param provenance where it came from
 * @param metric     cosine (higher = more aligned) or Euclidean (lower = more aligned)
 * @param perLayer   per hidden-state index 0..L
 * @param mean       average over the provenance's layer range
 */
public record AlignmentPathScore(Provenance provenance, SimilarityMetric metric, double[] perLayer, double mean) {

    /** Copies the per-layer array. */
    public AlignmentPathScore {
        perLayer = perLayer.clone();
    }

    @Override
    public double[] perLayer() {
        return perLayer.clone();
    }

    /** The score at {@code layer}. */
    public double at(int layer) {
        return perLayer[layer];
    }

    static AlignmentPathScore of(Provenance provenance, SimilarityMetric metric, double[] perLayer) {
        return new AlignmentPathScore(provenance, metric, perLayer, Averages.over(perLayer, provenance.layers()));
    }
}
