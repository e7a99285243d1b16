package org.gapscope.lenses;

import java.nio.FloatBuffer;
import java.util.Objects;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.CentredGram;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.NativeEngine;
import org.gapscope.analysis.Provenance;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cross-layer linear CKA between the paired speech vectors X_a (speech layer a) and the text vectors
 * Y_b (text layer b), n paired tokens of width d each (METHOD.md, after Hsu et al. 2026): with every
 * column centred, CKA(a, b) = ||Y_b^T X_a||_F^2 / (||X_a^T X_a||_F ||Y_b^T Y_b||_F), computed through
 * the n x n Gram matrices K_a = X_a X_a^T, M_b = Y_b Y_b^T when n < d (tr(K_a M_b) / (||K_a||_F ||M_b||_F)),
 * through d x d ones otherwise. Undefined (NaN) when n < 2 or a centred Gram matrix is zero.
 *
 * <p>Numerics: on the n x n route the Gram matrices are float32 symmetric products (OpenBLAS, {@link
 * CentredGram}) of rows centred by their float32 column means, then centred exactly in double; on the
 * d x d route columns are centred in double and the cross products are float32 GEMMs (ND4J); traces and
 * norms are summed in double (docs/decisions/lenses.md).
 */
public final class CrossLayerCka {

    /** {@link CkaMatrix#route()} through n x n Gram matrices. */
    public static final String GRAM_N = "n_by_n_gram";
    /** {@link CkaMatrix#route()} through d x d matrices. */
    public static final String GRAM_D = "d_by_d_gram";

    private CrossLayerCka() {
    }

    /**
     * CKA for every (speech layer, text layer) pair, reading each layer of each side once.
     *
     * @param pairedSpeech the paired speech vectors [L+1, n, d] (e.g. {@link PairedSpeech})
     * @param text         the text vectors [L+1, n, d]
     * @param pairing      how the pairs were made, recorded in the result
     */
    public static CkaMatrix compute(HiddenStates pairedSpeech, HiddenStates text, String pairing, Provenance provenance) {
        Objects.requireNonNull(pairedSpeech, "pairedSpeech");
        Objects.requireNonNull(text, "text");
        if (pairedSpeech.layerCount() != text.layerCount() || pairedSpeech.tokenCount() != text.tokenCount()
                || pairedSpeech.hiddenSize() != text.hiddenSize()) {
            throw new GapScopeException("CKA needs paired rows of one shape: " + pairedSpeech.name() + " is ["
                    + pairedSpeech.layerCount() + ", " + pairedSpeech.tokenCount() + ", " + pairedSpeech.hiddenSize()
                    + "], " + text.name() + " is [" + text.layerCount() + ", " + text.tokenCount() + ", "
                    + text.hiddenSize() + "]");
        }
        int n = text.tokenCount();
        int d = text.hiddenSize();
        try (Accumulator acc = new Accumulator(text.layerCount(), n, d)) {
            float[] x = new float[n * d];
            float[] y = new float[n * d];
            for (int l = 0; l < text.layerCount(); l++) {
                pairedSpeech.copyLayer(l, x);
                text.copyLayer(l, y);
                acc.add(l, x, y);
            }
            return acc.finish(pairing, provenance);
        }
    }

    /**
     * Takes one layer of both sides at a time (in any order, each layer once) and keeps only what CKA
     * needs: per layer the upper triangles of the two centred n x n Gram matrices (n < d), or the centred
     * rows (n >= d). Memory: (L+1) n (n+1) floats, or 2 (L+1) n d floats. Owns native buffers: close it.
     */
    public static final class Accumulator implements AutoCloseable {

        private final int layers;
        private final int n;
        private final int d;
        private final boolean gramN;
        private final float[][] speech;
        private final float[][] text;
        private final double[] speechNorm;
        private final double[] textNorm;
        private final boolean[] seen;
        private final float[] centred;
        private CentredGram grams;

        /** For {@code layers} = L+1 layers of {@code n} paired rows of width {@code d}. */
        public Accumulator(int layers, int n, int d) {
            if (layers < 1 || n < 0 || d < 1) {
                throw new IllegalArgumentException("CKA over " + layers + " layers of " + n + " x " + d);
            }
            if ((long) n * Math.max(n, d) > Integer.MAX_VALUE - 16) {
                throw new GapScopeException("CKA over " + n + " paired tokens of width " + d + " is too large");
            }
            this.layers = layers;
            this.n = n;
            this.d = d;
            this.gramN = n < d;
            this.speech = new float[layers][];
            this.text = new float[layers][];
            this.speechNorm = new double[layers];
            this.textNorm = new double[layers];
            this.seen = new boolean[layers];
            this.centred = gramN ? new float[0] : new float[n * d];
        }

        /** Adds layer {@code layer}: paired speech rows and text rows, each row-major [n, d] (not kept). */
        public void add(int layer, float[] pairedSpeech, float[] textRows) {
            if (seen[layer]) {
                throw new IllegalStateException("layer " + layer + " added twice");
            }
            seen[layer] = true;
            if (n < 2) {
                return;
            }
            if (gramN) {
                storeSpeechGram(layer, grams().ofRows(pairedSpeech, null));
                storeTextGram(layer, grams().ofRows(textRows, null));
            } else {
                speech[layer] = centredRows(pairedSpeech);
                text[layer] = centredRows(textRows);
            }
        }

        /**
         * Adds layer {@code layer} of an example from its unpaired speech rows [speechPositions, d]
         * (paired here: row j the mean of positions {@code start[j]..end[j]-1}) and its text rows [n, d],
         * each on the heap or, when its buffer is not null, read in place from direct memory.
         */
        void addUnpaired(int layer, float[] speechRows, FloatBuffer speechDirect, int speechPositions, int[] start,
                int[] end, float[] textRows, FloatBuffer textDirect) {
            if (seen[layer]) {
                throw new IllegalStateException("layer " + layer + " added twice");
            }
            if (!gramN || n < 2) {
                throw new IllegalStateException("unpaired rows are taken on the n x n route only");
            }
            seen[layer] = true;
            storeSpeechGram(layer, grams().ofPairedRows(speechRows, speechDirect, speechPositions, start, end));
            storeTextGram(layer, grams().ofRows(textRows, textDirect));
        }

        /**
         * Keeps a layer's centred speech Gram matrix (full [n * n], symmetric) as its upper triangle with
         * the off-diagonal entries doubled (exact in float), the text one's as its plain upper triangle, so
         * that tr(K M) is one dot product of half the length; the norms are taken from the full matrices.
         */
        private void storeSpeechGram(int layer, float[] gram) {
            speechNorm[layer] = frobenius(gram);
            speech[layer] = upperTriangle(gram, 2f);
        }

        /** As {@link #storeSpeechGram}, for the text side (off-diagonal entries as they are). */
        private void storeTextGram(int layer, float[] gram) {
            textNorm[layer] = frobenius(gram);
            text[layer] = upperTriangle(gram, 1f);
        }

        private float[] upperTriangle(float[] full, float offDiagonal) {
            float[] packed = new float[n * (n + 1) / 2];
            int p = 0;
            for (int i = 0; i < n; i++) {
                packed[p++] = full[i * n + i];
                for (int j = i + 1; j < n; j++) {
                    packed[p++] = offDiagonal * full[i * n + j];
                }
            }
            return packed;
        }

        /** Whether this accumulator keeps n x n Gram matrices (n < d, n >= 2): {@link #addUnpaired} works. */
        boolean takesUnpaired() {
            return gramN && n >= 2;
        }

        private CentredGram grams() {
            if (grams == null) {
                grams = new CentredGram(n, d);
            }
            return grams;
        }

        /** The centred rows (the d x d route). */
        private float[] centredRows(float[] rows) {
            centre(rows, centred);
            return centred.clone();
        }

        /** Subtracts each column's mean (computed in double). */
        private void centre(float[] rows, float[] out) {
            double[] mean = new double[d];
            for (int i = 0; i < n; i++) {
                int off = i * d;
                for (int k = 0; k < d; k++) {
                    mean[k] += rows[off + k];
                }
            }
            for (int k = 0; k < d; k++) {
                mean[k] /= n;
            }
            for (int i = 0; i < n; i++) {
                int off = i * d;
                for (int k = 0; k < d; k++) {
                    out[off + k] = (float) (rows[off + k] - mean[k]);
                }
            }
        }

        /** CKA for every pair of layers; every layer must have been added. */
        public CkaMatrix finish(String pairing, Provenance provenance) {
            for (int l = 0; l < layers; l++) {
                if (!seen[l]) {
                    throw new IllegalStateException("layer " + l + " was never added");
                }
            }
            double[][] cka = new double[layers][layers];
            if (n < 2) {
                for (double[] row : cka) {
                    java.util.Arrays.fill(row, Double.NaN);
                }
            } else if (gramN) {
                for (int a = 0; a < layers; a++) {
                    for (int b = 0; b < layers; b++) {
                        cka[a][b] = speechNorm[a] == 0 || textNorm[b] == 0 ? Double.NaN
                                : dot(speech[a], text[b]) / (speechNorm[a] * textNorm[b]);
                    }
                }
            } else {
                crossProducts(cka);
            }
            return new CkaMatrix(provenance, pairing, n, d, gramN ? GRAM_N : GRAM_D, cka);
        }

        /** The d x d route: ||Y_b^T X_a||^2 / (||X_a^T X_a|| ||Y_b^T Y_b||) from the centred rows. */
        private void crossProducts(double[][] cka) {
            NativeEngine.awaitReady();
            try (INDArray x = Nd4j.create(DataType.FLOAT, new long[] {n, d}, 'c');
                    INDArray y = Nd4j.create(DataType.FLOAT, new long[] {n, d}, 'c');
                    INDArray c = Nd4j.create(DataType.FLOAT, new long[] {d, d}, 'c')) {
                float[] out = new float[d * d];
                for (int l = 0; l < layers; l++) {
                    x.data().asNioFloat().put(speech[l], 0, n * d);
                    Nd4j.gemm(x, x, c, true, false, 1.0, 0.0);
                    c.data().asNioFloat().get(out);
                    speechNorm[l] = frobenius(out);
                    x.data().asNioFloat().put(text[l], 0, n * d);
                    Nd4j.gemm(x, x, c, true, false, 1.0, 0.0);
                    c.data().asNioFloat().get(out);
                    textNorm[l] = frobenius(out);
                }
                for (int a = 0; a < layers; a++) {
                    x.data().asNioFloat().put(speech[a], 0, n * d);
                    for (int b = 0; b < layers; b++) {
                        if (speechNorm[a] == 0 || textNorm[b] == 0) {
                            cka[a][b] = Double.NaN;
                            continue;
                        }
                        y.data().asNioFloat().put(text[b], 0, n * d);
                        Nd4j.gemm(y, x, c, true, false, 1.0, 0.0);
                        c.data().asNioFloat().get(out);
                        double f = frobenius(out);
                        cka[a][b] = f * f / (speechNorm[a] * textNorm[b]);
                    }
                }
            }
        }

        @Override
        public void close() {
            if (grams != null) {
                grams.close();
            }
        }
    }

    static double frobenius(float[] m) {
        double s0 = 0;
        double s1 = 0;
        int k = 0;
        for (; k + 1 < m.length; k += 2) {
            s0 += (double) m[k] * m[k];
            s1 += (double) m[k + 1] * m[k + 1];
        }
        for (; k < m.length; k++) {
            s0 += (double) m[k] * m[k];
        }
        return Math.sqrt(s0 + s1);
    }

    /** Sum of elementwise products in double (tr(K M) from the packed triangles of {@code storeSpeechGram}, {@code storeTextGram}). */
    static double dot(float[] a, float[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < a.length; k += 4) {
            s0 += (double) a[k] * b[k];
            s1 += (double) a[k + 1] * b[k + 1];
            s2 += (double) a[k + 2] * b[k + 2];
            s3 += (double) a[k + 3] * b[k + 3];
        }
        for (; k < a.length; k++) {
            s0 += (double) a[k] * b[k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
