package org.gapscope.analysis;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A_l of METHOD.md at one layer: {@code A[i, j]} = cosine similarity or Euclidean distance between
 * speech position i and text token j, T_s x T_t, row-major, for display (heatmaps). Computed from
 * one float32 GEMM with double row norms, so entries carry float32 rounding; the alignment paths
 * in {@link ExampleAnalysis} are certified exact and may differ from a naive arg-max of this matrix
 * only where two entries are equal to float32 precision.
 *
 * @param layer       hidden-state index
 * @param metric      cosine or Euclidean
 * @param speechCount T_s (rows)
 * @param textCount   T_t (columns)
 * @param values      row-major {@code values[i * textCount + j]}
 */
public record SimilarityMatrix(int layer, SimilarityMetric metric, int speechCount, int textCount, float[] values) {

    /** Validates the size and copies the values. */
    public SimilarityMatrix {
        Objects.requireNonNull(metric, "metric");
        if ((long) speechCount * textCount != values.length) {
            throw new IllegalArgumentException(values.length + " values for a " + speechCount + " x " + textCount
                    + " matrix");
        }
        values = values.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** A[i, j]. */
    public float at(int speechPosition, int textToken) {
        Objects.checkIndex(speechPosition, speechCount);
        Objects.checkIndex(textToken, textCount);
        return values[speechPosition * textCount + textToken];
    }

    /** Smallest entry (for a colour scale). */
    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** Largest entry (for a colour scale). */
    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Computes A_l for one metric. */
    public static SimilarityMatrix compute(HiddenStates speech, HiddenStates text, int layer, SimilarityMetric metric) {
        return computeBoth(speech, text, layer).get(metric);
    }

    /** Computes A_l for both metrics from one matrix product. */
    public static Map<SimilarityMetric, SimilarityMatrix> computeBoth(HiddenStates speech, HiddenStates text,
            int layer) {
        ExampleAnalyzer.validate(speech, text);
        Objects.checkIndex(layer, speech.layerCount());
        int ts = speech.tokenCount();
        int tt = text.tokenCount();
        int d = speech.hiddenSize();
        float[] s = speech.layer(layer);
        float[] t = text.layer(layer);
        RowStatistics ss = RowStatistics.of(speech.name(), layer, s, ts, d);
        RowStatistics st = RowStatistics.of(text.name(), layer, t, tt, d);
        float[] cos = new float[ts * tt];
        float[] dist = new float[ts * tt];
        float[] gram = Sgemm.textTimesSpeech(t, tt, s, ts, d);
        for (int j = 0; j < tt; j++) {
            for (int i = 0; i < ts; i++) {
                double g = gram[j * ts + i];
                cos[i * tt + j] = (float) (g / (ss.norms[i] * st.norms[j]));
                dist[i * tt + j] = (float) Math.sqrt(Math.max(0, ss.squaredNorms[i] + st.squaredNorms[j] - 2 * g));
            }
        }
        Map<SimilarityMetric, SimilarityMatrix> out = new EnumMap<>(SimilarityMetric.class);
        out.put(SimilarityMetric.COSINE, new SimilarityMatrix(layer, SimilarityMetric.COSINE, ts, tt, cos));
        out.put(SimilarityMetric.EUCLIDEAN, new SimilarityMatrix(layer, SimilarityMetric.EUCLIDEAN, ts, tt, dist));
        return out;
    }
}
