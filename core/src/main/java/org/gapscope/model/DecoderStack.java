package org.gapscope.model;

import org.gapscope.GapScopeException;
import org.gapscope.capture.Modality;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The language model's input embeddings and its decoder layers, run one layer at a time with the
 * pass's hooks at every hidden state (0 = input embeddings, l = output of layer l). Knows both calling
 * conventions of docs/bundle-format.md: format 1 layers take the whole sequence; format 2 layers take
 * and return a key/value cache and a position offset, so that a cached step runs only new positions.
 */
final class DecoderStack {

    private final ModelParts parts;

    DecoderStack(ModelParts parts) {
        this.parts = parts;
    }

    /** Whether the layers can run from a key/value cache (format 2). */
    boolean canCache() {
        return parts.manifest().hasKvCache();
    }

    /** A new, empty cache for one generation, owned by a sub-manager of {@code scope}. */
    LayerCache newCache(NDManager scope) {
        if (!canCache()) {
            throw new IllegalStateException(parts.manifest().name() + " is a format 1 bundle: its layers have no cache");
        }
        return new LayerCache(scope, parts.layerCount(), parts.manifest().kvCache(), parts.computeType());
    }

    /** The prompt's input embeddings {@code [1, T, d]} followed by those of {@code appended} ids. */
    NDArray embed(NDManager scope, Prompt prompt, long[] appended) {
        if (prompt.modality() == Modality.TEXT) {
            return embedIds(scope, concat(prompt.prefixIds(), prompt.queryIds(), prompt.suffixIds(), appended));
        }
        NDList pieces = new NDList();
        if (prompt.prefixIds().length > 0) {
            pieces.add(embedIds(scope, prompt.prefixIds()));
        }
        SpeechEmbeddings s = prompt.speech();
        pieces.add(scope.create(s.data(), new Shape(1, s.positions(), s.hiddenSize())).toType(parts.computeType(), false));
        long[] rest = concat(prompt.suffixIds(), appended);
        if (rest.length > 0) {
            pieces.add(embedIds(scope, rest));
        }
        return pieces.size() == 1 ? pieces.head() : NDArrays.concat(pieces, 1);
    }

    /** Input embeddings {@code [1, n, d]} of token ids, in the compute dtype. */
    NDArray embedIds(NDManager scope, long[] ids) {
        return parts.embedTokens(scope.create(ids, new Shape(1, ids.length)));
    }

    /**
     * Runs every layer on {@code h} (input embeddings {@code [1, T, d]}) with the hooks; returns the
     * last layer's output (before the final norm). Without a cache, {@code h} is the whole sequence;
     * with one, {@code h} holds the positions after the cached ones, and the cache takes their keys
     * and values.
     */
    NDArray run(NDManager scope, NDArray h, PassHooks hooks, LayerCache cache) {
        int offset = cache == null ? 0 : cache.length();
        long total = offset + h.getShape().get(1);
        if (total > parts.manifest().maxPositions()) {
            throw new GapScopeException("the sequence is " + total + " positions long; " + parts.manifest().name()
                    + " accepts at most " + parts.manifest().maxPositions() + " (max_positions)");
        }
        NDArray x = hooks.at(scope, h, 0);
        for (int l = 1; l <= parts.layerCount(); l++) {
            x = cache == null ? whole(scope, l - 1, x) : step(scope, l - 1, x, cache, offset);
            x = hooks.at(scope, x, l);
        }
        hooks.finish();
        return x;
    }

    /** Layer {@code index} over a whole sequence (format 2: with an empty cache at offset 0). */
    NDArray whole(NDManager scope, int index, NDArray h) {
        if (!canCache()) {
            return parts.layer(index, h).head();
        }
        BundleManifest.KvCacheShape c = parts.manifest().kvCache();
        Shape empty = new Shape(1, c.numKvHeads(), 0, c.headDim());
        return parts.layer(index, h, scope.zeros(empty, h.getDataType()), scope.zeros(empty, h.getDataType()),
                scope.create(new long[] {0})).head();
    }

    /** Layer {@code index} on new positions from {@code offset} on, against and into the cache. */
    NDArray step(NDManager scope, int index, NDArray h, LayerCache cache, int offset) {
        NDList out = parts.layer(index, h, cache.keys(index), cache.values(index), scope.create(new long[] {offset}));
        if (out.size() != 3) {
            throw new GapScopeException(parts.bundle().resolve(parts.manifest().parts().layers().get(index))
                    + ": a format 2 layer must return (hidden, keys, values), this one returns " + out.size()
                    + " value(s)");
        }
        cache.update(index, out.get(1), out.get(2));
        return out.head();
    }

    static long[] concat(long[]... pieces) {
        int n = 0;
        for (long[] p : pieces) {
            n += p.length;
        }
        long[] out = new long[n];
        int at = 0;
        for (long[] p : pieces) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
