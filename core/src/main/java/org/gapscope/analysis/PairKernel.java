package org.gapscope.analysis;

import org.gapscope.GapScopeException;

/**
 * The per-layer work for one (speech, text) pair of fixed shape: from the layer's float32 dot
 * products h^t_j . h^s_i (one GEMM, computed ahead by {@link LayerPipeline}) both similarity matrices
 * follow with the double-precision row norms; each token's arg-best is then certified by
 * recomputing, in double, every candidate the float32 error bound cannot rule out (see
 * docs/decisions/analysis-numerics.md).
 */
final class PairKernel {

    /** What one layer yields. */
    record LayerOutcome(double pooledCosine, double pooledEuclidean, AlignmentPath cosinePath,
            AlignmentPath euclideanPath, DtwAlignmentPath dtwCosine, DtwAlignmentPath dtwEuclidean) {
    }

    private final String speechName;
    private final String textName;
    private final int speechCount;
    private final int textCount;
    private final int hidden;
    private final double gamma;
    /** Text-major float32-derived cosine and squared distance, [textCount * speechCount]. */
    private final double[] cosine;
    private final double[] squaredDistance;
    private final double[] distanceError;
    private final double[] dtwCost;
    private final Dtw aligner;

    /** A kernel for hidden states of these shapes; the names go into error messages. */
    PairKernel(HiddenStates speech, HiddenStates text) {
        this.speechName = speech.name();
        this.textName = text.name();
        this.speechCount = speech.tokenCount();
        this.textCount = text.tokenCount();
        this.hidden = speech.hiddenSize();
        this.gamma = Vectors.float32DotErrorFactor(hidden);
        this.cosine = new double[textCount * speechCount];
        this.squaredDistance = new double[textCount * speechCount];
        this.distanceError = new double[textCount * speechCount];
        this.dtwCost = new double[textCount * speechCount];
        this.aligner = new Dtw(textCount, speechCount);
    }

    /** One layer's pooled curves, alignment paths and (optionally) DTW, from its rows, statistics and dot products. */
    LayerOutcome compute(LayerSource.Layer in, boolean dtw) {
        int layer = in.index;
        float[] speech = in.speech;
        float[] text = in.text;
        RowStatistics ss = in.speechStats;
        RowStatistics st = in.textStats;
        double pooledCosine = pooledCosine(layer, speechName, ss, textName, st);
        double pooledEuclidean = Vectors.distance(ss.mean, st.mean);
        fillMatrices(in.dots, ss, st);
        int[] cosIndex = new int[textCount];
        double[] cosValue = new double[textCount];
        int[] eucIndex = new int[textCount];
        double[] eucValue = new double[textCount];
        double[] best = new double[1];
        for (int j = 0; j < textCount; j++) {
            cosIndex[j] = bestCosine(j, 0, speechCount - 1, speech, ss, text, st, best);
            cosValue[j] = best[0];
            eucIndex[j] = bestEuclidean(j, 0, speechCount - 1, speech, text, best);
            eucValue[j] = best[0];
        }
        AlignmentPath cosPath = new AlignmentPath(layer, SimilarityMetric.COSINE, cosIndex, cosValue);
        AlignmentPath eucPath = new AlignmentPath(layer, SimilarityMetric.EUCLIDEAN, eucIndex, eucValue);
        DtwAlignmentPath dtwCos = null;
        DtwAlignmentPath dtwEuc = null;
        if (dtw) {
            dtwCos = dtw(layer, SimilarityMetric.COSINE, speech, ss, text, st);
            dtwEuc = dtw(layer, SimilarityMetric.EUCLIDEAN, speech, ss, text, st);
        }
        return new LayerOutcome(pooledCosine, pooledEuclidean, cosPath, eucPath, dtwCos, dtwEuc);
    }

    private static double pooledCosine(int layer, String speechName, RowStatistics ss, String textName,
            RowStatistics st) {
        if (isZero(ss.mean)) {
            throw new GapScopeException(speechName + ": the mean-pooled vector of layer " + layer
                    + " is zero, so the pooled cosine is undefined");
        }
        if (isZero(st.mean)) {
            throw new GapScopeException(textName + ": the mean-pooled vector of layer " + layer
                    + " is zero, so the pooled cosine is undefined");
        }
        return Vectors.cosine(ss.mean, st.mean);
    }

    private static boolean isZero(double[] v) {
        for (double x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private void fillMatrices(float[] gram, RowStatistics ss, RowStatistics st) {
        for (int j = 0; j < textCount; j++) {
            double tn = st.norms[j];
            double tq = st.squaredNorms[j];
            int row = j * speechCount;
            for (int i = 0; i < speechCount; i++) {
                double g = gram[row + i];
                double sn = ss.norms[i];
                cosine[row + i] = g / (sn * tn);
                squaredDistance[row + i] = ss.squaredNorms[i] + tq - 2 * g;
                // |g - exact| <= gamma |s||t|; the double norms add at most ~1e-12 relative
                distanceError[row + i] = 2 * gamma * sn * tn + 1e-12 * (ss.squaredNorms[i] + tq);
            }
        }
    }

    /**
     * The arg-max over speech positions lo..hi of the exact cosine with text token j; writes the
     * exact value into {@code best[0]}. Positions whose float32 cosine lies more than 2 gamma below
     * the float32 maximum cannot be the exact maximum and are skipped.
     */
    private int bestCosine(int j, int lo, int hi, float[] speech, RowStatistics ss, float[] text,
            RowStatistics st, double[] best) {
        int row = j * speechCount;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = lo; i <= hi; i++) {
            max = Math.max(max, cosine[row + i]);
        }
        double threshold = max - 2 * gamma;
        int arg = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        double tn = st.norms[j];
        for (int i = lo; i <= hi; i++) {
            if (cosine[row + i] >= threshold) {
                double exact = Vectors.dot(speech, i * hidden, text, j * hidden, hidden) / (ss.norms[i] * tn);
                if (exact > bestValue) {
                    bestValue = exact;
                    arg = i;
                }
            }
        }
        best[0] = bestValue;
        return arg;
    }

    /** The arg-min over speech positions lo..hi of the exact distance to text token j (see bestCosine). */
    private int bestEuclidean(int j, int lo, int hi, float[] speech, float[] text, double[] best) {
        int row = j * speechCount;
        double upper = Double.POSITIVE_INFINITY;
        for (int i = lo; i <= hi; i++) {
            upper = Math.min(upper, squaredDistance[row + i] + distanceError[row + i]);
        }
        int arg = -1;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int i = lo; i <= hi; i++) {
            if (squaredDistance[row + i] - distanceError[row + i] <= upper) {
                double exact = Vectors.squaredDistance(speech, i * hidden, text, j * hidden, hidden);
                if (exact < bestValue) {
                    bestValue = exact;
                    arg = i;
                }
            }
        }
        best[0] = Math.sqrt(bestValue);
        return arg;
    }

    private DtwAlignmentPath dtw(int layer, SimilarityMetric metric, float[] speech, RowStatistics ss,
            float[] text, RowStatistics st) {
        double[] cost = dtwCost;
        if (metric == SimilarityMetric.COSINE) {
            for (int k = 0; k < cost.length; k++) {
                cost[k] = 1 - cosine[k];
            }
        } else {
            for (int k = 0; k < cost.length; k++) {
                cost[k] = Math.sqrt(Math.max(0, squaredDistance[k]));
            }
        }
        Dtw.Spans spans = aligner.align(cost);
        int[] index = new int[textCount];
        double[] value = new double[textCount];
        double[] best = new double[1];
        for (int j = 0; j < textCount; j++) {
            index[j] = metric == SimilarityMetric.COSINE
                    ? bestCosine(j, spans.start()[j], spans.end()[j], speech, ss, text, st, best)
                    : bestEuclidean(j, spans.start()[j], spans.end()[j], speech, text, best);
            value[j] = best[0];
        }
        return new DtwAlignmentPath(layer, metric, index, spans.start(), spans.end(), value,
                spans.totalCost() / spans.length());
    }
}
