package org.gapscope.analysis;

/**
 * Consistency of METHOD.md: the share of text tokens whose aligned speech position is the same on
 * the cosine and the Euclidean path, per layer and averaged over the provenance's layer range.
 *
 * @param provenance where it came from
 * @param perLayer   per hidden-state index 0..L, in [0, 1]
 * @param mean       average over the provenance's layer range
 */
public record Consistency(Provenance provenance, double[] perLayer, double mean) {

    /** Copies the per-layer array. */
    public Consistency {
        perLayer = perLayer.clone();
    }

    @Override
    public double[] perLayer() {
        return perLayer.clone();
    }

    /** The share at {@code layer}. */
    public double at(int layer) {
        return perLayer[layer];
    }

    static Consistency of(Provenance provenance, double[] perLayer) {
        return new Consistency(provenance, perLayer, Averages.over(perLayer, provenance.layers()));
    }
}
