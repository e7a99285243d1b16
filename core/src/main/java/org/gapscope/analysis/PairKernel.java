package org.gapscope.analysis;

import org.gapscope.GapScopeException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-layer work for one (speech, text) pair of fixed shape: one float32 GEMM gives every dot
 * product h^t_j . h^s_i, from which both similarity matrices follow with the double-precision row
 * norms; each token's arg-best is then certified by recomputing, in double, every candidate the
 * float32 error bound cannot rule out (see docs/decisions/analysis-numerics.md). Owns its native
 * buffers: close it.
 */
final class PairKernel implements AutoCloseable {

    /** What one layer yields. */
    record LayerOutcome(double pooledCosine, double pooledEuclidean, AlignmentPath cosinePath,
            AlignmentPath euclideanPath, DtwAlignmentPath dtwCosine, DtwAlignmentPath dtwEuclidean) {
    }

    private final int speechCount;
    private final int textCount;
    private final int hidden;
    private final double gamma;
    /** Input arrays for {@link #gram(float[], float[])}, allocated on first use. */
    private INDArray speechNd;
    private INDArray textNd;
    private INDArray gramNd;
    private final float[] gram;
    /** Text-major float32-derived cosine and squared distance, [textCount * speechCount]. */
    private final double[] cosine;
    private final double[] squaredDistance;
    private final double[] distanceError;
    private final double[] dtwCost;
    private final Dtw aligner;
    /** Time spent in the copies into ND4J and the GEMM (for -Dgapscope.trace). */
    long gemmNanos;

    PairKernel(int speechCount, int textCount, int hidden) {
        this.speechCount = speechCount;
        this.textCount = textCount;
        this.hidden = hidden;
        this.gamma = Vectors.float32DotErrorFactor(hidden);
        this.gram = new float[textCount * speechCount];
        this.cosine = new double[textCount * speechCount];
        this.squaredDistance = new double[textCount * speechCount];
        this.distanceError = new double[textCount * speechCount];
        this.dtwCost = new double[textCount * speechCount];
        this.aligner = new Dtw(textCount, speechCount);
        Nd4jRuntime.ensureQuiet();
    }

    /** Dot products of every text row with every speech row, text-major, through one float32 GEMM. */
    float[] gram(float[] speech, float[] text) {
        if (speechNd == null) {
            speechNd = Nd4j.create(DataType.FLOAT, new long[] {speechCount, hidden}, 'c');
            textNd = Nd4j.create(DataType.FLOAT, new long[] {textCount, hidden}, 'c');
        }
        speechNd.data().asNioFloat().put(speech, 0, speechCount * hidden);
        textNd.data().asNioFloat().put(text, 0, textCount * hidden);
        return gram(speechNd, textNd);
    }

    /** As {@link #gram(float[], float[])} from the rows already in ND4J arrays [T_s, d] and [T_t, d]. */
    float[] gram(INDArray speechRows, INDArray textRows) {
        long t0 = System.nanoTime();
        if (gramNd == null) {
            gramNd = Nd4j.create(DataType.FLOAT, new long[] {textCount, speechCount}, 'c');
        }
        Nd4j.gemm(textRows, speechRows, gramNd, false, true, 1.0, 0.0);
        gramNd.data().asNioFloat().get(gram);
        gemmNanos += System.nanoTime() - t0;
        return gram;
    }

    /**
     * One layer's pooled curves, paths and (optionally) DTW; {@code speechRows}/{@code textRows}
     * hold the same values as {@code speech}/{@code text} as ND4J arrays for the GEMM.
     */
    LayerOutcome compute(int layer, String speechName, float[] speech, RowStatistics ss, String textName,
            float[] text, RowStatistics st, INDArray speechRows, INDArray textRows, boolean dtw) {
        return compute(layer, speechName, speech, ss, textName, text, st, gram(speechRows, textRows), dtw);
    }

    /**
     * As {@link #compute(int, String, float[], RowStatistics, String, float[], RowStatistics, INDArray,
     * INDArray, boolean)} from this layer's dot products already computed (text-major, see {@link #gram}).
     */
    LayerOutcome compute(int layer, String speechName, float[] speech, RowStatistics ss, String textName,
            float[] text, RowStatistics st, float[] dots, boolean dtw) {
        double pooledCosine = pooledCosine(layer, speechName, ss, textName, st);
        double pooledEuclidean = Vectors.distance(ss.mean, st.mean);
        fillMatrices(dots, ss, st);
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

    @Override
    public void close() {
        if (speechNd != null) {
            speechNd.close();
            textNd.close();
        }
        if (gramNd != null) {
            gramNd.close();
        }
    }
}
