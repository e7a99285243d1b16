package org.gapscope.model;

import java.util.Arrays;

import org.gapscope.GapScopeException;
import org.gapscope.lenses.LensHead;
import org.gapscope.lenses.TopTokens;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The logit lens on a loaded model: the bundle's {@code lm_head} part (final norm + LM head) applied
 * to hidden states of any layer, on the model's device, with the softmax and the top-k taken there too,
 * so that only k ids and probabilities per row come back. Rows go through in chunks of at most
 * {@link #MAX_LOGITS} logits, so memory stays bounded for a large vocabulary.
 */
public final class LmHeadLens implements LensHead {

    /** The most logits (rows x vocabulary) one chunk computes at once (64 MiB of float32). */
    public static final int MAX_LOGITS = 1 << 24;

    private final LayeredModel model;
    private final int maxLogits;

    /** The lens of {@code model} (which must stay open while the lens is used). */
    public LmHeadLens(LayeredModel model) {
        this(model, MAX_LOGITS);
    }

    /** The lens with chunks of at most {@code maxLogits} logits (tests use small chunks). */
    LmHeadLens(LayeredModel model, int maxLogits) {
        this.model = model;
        this.maxLogits = maxLogits;
    }

    @Override
    public int vocabSize() {
        return model.manifest().vocabSize();
    }

    @Override
    public int hiddenSize() {
        return model.hiddenSize();
    }

    @Override
    public TopTokens top(float[] rows, int count, int k) {
        int d = hiddenSize();
        int v = vocabSize();
        if (k < 1 || k > v) {
            throw new GapScopeException("--top must be between 1 and the vocabulary size " + v + ", not " + k);
        }
        if (count < 0 || (long) count * d > rows.length) {
            throw new IllegalArgumentException(count + " rows of " + d + " in " + rows.length + " values");
        }
        int[][] ids = new int[count][k];
        float[][] probs = new float[count][k];
        int chunk = Math.max(1, maxLogits / v);
        synchronized (model) {
            for (int from = 0; from < count; from += chunk) {
                int n = Math.min(chunk, count - from);
                try (NDManager scope = model.newScope()) {
                    float[] part = Arrays.copyOfRange(rows, from * d, (from + n) * d);
                    NDArray h = scope.create(part, new Shape(1, n, d)).toType(model.computeType(), false);
                    NDArray p = model.lmHeadLogits(h).toType(DataType.FLOAT32, false).softmax(-1);
                    NDList top = p.topK(k, -1, true, true);
                    float[] values = top.get(0).toFloatArray();
                    long[] indices = top.get(1).toType(DataType.INT64, false).toLongArray();
                    for (int r = 0; r < n; r++) {
                        for (int j = 0; j < k; j++) {
                            ids[from + r][j] = (int) indices[r * k + j];
                            probs[from + r][j] = values[r * k + j];
                        }
                    }
                }
            }
        }
        return new TopTokens(ids, probs);
    }

    @Override
    public String token(int id) {
        synchronized (model) {
            return model.tokenString(id);
        }
    }
}
