package org.gapscope.analysis;

import java.util.List;
import java.util.Objects;

/**
 * Everything METHOD.md measures for one example (one speech and one text capture of the same
 * query), plus GapScope's DTW extension: every per-layer value for hidden states 0..L and the
 * averages over {@link #averagedLayers()}.
 *
 * @param provenance            model, example, layers averaged and program version ({@code metric} = {@code all})
 * @param settings              the settings used
 * @param layerCount            L+1
 * @param speechTokens          T_s
 * @param textTokens            T_t
 * @param hiddenSize            d
 * @param layerCurves           pooled cosine and Euclidean per layer
 * @param cosinePaths           the cosine alignment path at each layer 0..L
 * @param euclideanPaths        the Euclidean alignment path at each layer 0..L
 * @param apsCosine             APS on the cosine paths
 * @param apsEuclidean          APS on the Euclidean paths
 * @param monotonicityCosine    Spearman of the cosine paths
 * @param monotonicityEuclidean Spearman of the Euclidean paths
 * @param consistency           agreement of the two paths
 * @param dtwCosine             GapScope's DTW extension on the cosine matrix per layer (empty if not computed)
 * @param dtwEuclidean          GapScope's DTW extension on the distance matrix per layer (empty if not computed)
 */
public record ExampleAnalysis(Provenance provenance, AnalysisSettings settings, int layerCount, int speechTokens,
        int textTokens, int hiddenSize, LayerCurves layerCurves, List<AlignmentPath> cosinePaths,
        List<AlignmentPath> euclideanPaths, AlignmentPathScore apsCosine, AlignmentPathScore apsEuclidean,
        Monotonicity monotonicityCosine, Monotonicity monotonicityEuclidean, Consistency consistency,
        List<DtwAlignmentPath> dtwCosine, List<DtwAlignmentPath> dtwEuclidean) {

    /** Validates and copies the lists. */
    public ExampleAnalysis {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(settings, "settings");
        cosinePaths = List.copyOf(cosinePaths);
        euclideanPaths = List.copyOf(euclideanPaths);
        dtwCosine = List.copyOf(dtwCosine);
        dtwEuclidean = List.copyOf(dtwEuclidean);
        if (cosinePaths.size() != layerCount || euclideanPaths.size() != layerCount) {
            throw new IllegalArgumentException("expected one path per layer (" + layerCount + ")");
        }
    }

    /** The layers the averages run over (1..L, or 0..L with layer 0 included). */
    public LayerRange averagedLayers() {
        return provenance.layers();
    }

    /** The alignment path for {@code metric} at {@code layer}. */
    public AlignmentPath path(SimilarityMetric metric, int layer) {
        return (metric == SimilarityMetric.COSINE ? cosinePaths : euclideanPaths).get(layer);
    }

    /** The APS record for {@code metric}. */
    public AlignmentPathScore aps(SimilarityMetric metric) {
        return metric == SimilarityMetric.COSINE ? apsCosine : apsEuclidean;
    }

    /** The monotonicity record for {@code metric}. */
    public Monotonicity monotonicity(SimilarityMetric metric) {
        return metric == SimilarityMetric.COSINE ? monotonicityCosine : monotonicityEuclidean;
    }

    /** Whether GapScope's DTW extension was computed. */
    public boolean hasDtwExtension() {
        return !dtwCosine.isEmpty();
    }

    /** The example-level average of {@code score}; NaN for a monotonicity undefined at every averaged layer. */
    public double score(Score score) {
        return switch (score) {
            case COSINE -> layerCurves.meanCosine();
            case EUCLIDEAN -> layerCurves.meanEuclidean();
            case APS_COSINE -> apsCosine.mean();
            case APS_EUCLIDEAN -> apsEuclidean.mean();
            case MONOTONICITY_COSINE -> monotonicityCosine.mean().orElse(Double.NaN);
            case MONOTONICITY_EUCLIDEAN -> monotonicityEuclidean.mean().orElse(Double.NaN);
            case CONSISTENCY -> consistency.mean();
        };
    }

    /** The value of {@code score} at one layer; NaN where monotonicity is undefined. */
    public double score(Score score, int layer) {
        return switch (score) {
            case COSINE -> layerCurves.cosine()[layer];
            case EUCLIDEAN -> layerCurves.euclidean()[layer];
            case APS_COSINE -> apsCosine.at(layer);
            case APS_EUCLIDEAN -> apsEuclidean.at(layer);
            case MONOTONICITY_COSINE -> monotonicityCosine.at(layer).orElse(Double.NaN);
            case MONOTONICITY_EUCLIDEAN -> monotonicityEuclidean.at(layer).orElse(Double.NaN);
            case CONSISTENCY -> consistency.at(layer);
        };
    }
}
