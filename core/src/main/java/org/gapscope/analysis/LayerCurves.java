package org.gapscope.analysis;

/**
 * The coarse-grained layer curves of METHOD.md: at every layer, the cosine similarity and the
 * Euclidean distance between the mean-pooled speech and the mean-pooled text representation, and
 * the model scores S (their means over the provenance's layer range).
 *
 * @param provenance    where it came from
 * @param cosine        cos(mean_i h^s_{l,i}, mean_j h^t_{l,j}) per hidden-state index 0..L
 * @param euclidean     ||mean_i h^s_{l,i} - mean_j h^t_{l,j}||_2 per hidden-state index 0..L
 * @param meanCosine    S for cosine: the mean of {@code cosine} over the layer range
 * @param meanEuclidean S for distance: the mean of {@code euclidean} over the layer range
 */
public record LayerCurves(Provenance provenance, double[] cosine, double[] euclidean, double meanCosine,
        double meanEuclidean) {

    /** Validates equal lengths and copies the arrays. */
    public LayerCurves {
        if (cosine.length != euclidean.length) {
            throw new IllegalArgumentException("cosine and euclidean curves differ in length");
        }
        cosine = cosine.clone();
        euclidean = euclidean.clone();
    }

    @Override
    public double[] cosine() {
        return cosine.clone();
    }

    @Override
    public double[] euclidean() {
        return euclidean.clone();
    }

    /** Number of hidden states L+1. */
    public int layerCount() {
        return cosine.length;
    }

    /** The curve for {@code metric}. */
    public double[] curve(SimilarityMetric metric) {
        return metric == SimilarityMetric.COSINE ? cosine() : euclidean();
    }

    static LayerCurves of(Provenance provenance, double[] cosine, double[] euclidean) {
        return new LayerCurves(provenance, cosine, euclidean, Averages.over(cosine, provenance.layers()),
                Averages.over(euclidean, provenance.layers()));
    }
}
