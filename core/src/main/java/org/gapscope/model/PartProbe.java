package org.gapscope.model;

import java.util.Locale;

import org.gapscope.GapScopeException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Runs every part of a freshly loaded bundle once on a small input and checks what comes out against
 * the manifest: output shapes against {@code hidden_size} and {@code vocab_size}, and for a format 2
 * bundle that each layer returns keys/values of the declared {@code kv_cache} shape and that a cached
 * step over one more position gives what a whole pass gives there. A part that fails names its file
 * and libtorch's own cause.
 */
final class PartProbe {

    private static final int POSITIONS = 4;

    private final ModelParts parts;
    private final DecoderStack stack;
    private final BundleManifest manifest;

    private PartProbe(ModelParts parts, DecoderStack stack) {
        this.parts = parts;
        this.stack = stack;
        this.manifest = parts.manifest();
    }

    /** Probes every part; throws a {@link GapScopeException} naming the first part that disagrees. */
    static void check(ModelParts parts, DecoderStack stack) {
        new PartProbe(parts, stack).run();
    }

    private void run() {
        int d = manifest.hiddenSize();
        FeatureSettings f = manifest.features();
        int frames = f.padToFrames() != null ? f.padToFrames() : Math.min(f.maxFrames(), 100);
        try (NDManager scope = parts.manager().newSubManager()) {
            NDArray feats = scope.zeros(new Shape(1, f.melBins(), frames), parts.computeType());
            Shape s = parts.speechEncoder(feats, scope.create(new long[] {frames})).getShape();
            expect(s.dimension() == 3 && s.get(0) == 1 && s.get(2) == d, manifest.parts().speechEncoder(),
                    "outputs " + s + ", expected [1, T, " + d + "] (hidden_size " + d + ")");
            long[] ids = new long[POSITIONS];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i % manifest.vocabSize();
            }
            NDArray h = stack.embedIds(scope, ids);
            expect(h.getShape().equals(new Shape(1, POSITIONS, d)), manifest.parts().embedTokens(),
                    "outputs " + h.getShape() + ", expected (1, " + POSITIONS + ", " + d + ") (hidden_size " + d + ")");
            LayerCache cache = stack.canCache() ? stack.newCache(scope) : null;
            NDArray head = h.get(new NDIndex(":, 0:" + (POSITIONS - 1)));
            NDArray last = h.get(new NDIndex(":, " + (POSITIONS - 1) + ":"));
            for (int i = 0; i < parts.layerCount(); i++) {
                String part = manifest.parts().layers().get(i);
                h = stack.whole(scope, i, h);
                expect(h.getShape().equals(new Shape(1, POSITIONS, d)), part,
                        "outputs " + h.getShape() + ", expected (1, " + POSITIONS + ", " + d + ") (hidden_size " + d + ")");
                if (cache != null) {
                    head = stack.step(scope, i, head, cache, 0);
                    checkCacheShape(cache, i, part, POSITIONS - 1);
                    last = stack.step(scope, i, last, cache, POSITIONS - 1);
                    checkCacheShape(cache, i, part, POSITIONS);
                    checkStep(h, last, part);
                }
            }
            Shape logits = parts.lmHead(h).getShape();
            expect(logits.equals(new Shape(1, POSITIONS, manifest.vocabSize())), manifest.parts().lmHead(),
                    "outputs " + logits + ", expected (1, " + POSITIONS + ", " + manifest.vocabSize() + ") (vocab_size "
                            + manifest.vocabSize() + ")");
        }
    }

    private void checkCacheShape(LayerCache cache, int layer, String part, int positions) {
        BundleManifest.KvCacheShape c = manifest.kvCache();
        Shape want = new Shape(1, c.numKvHeads(), positions, c.headDim());
        Shape keys = cache.keys(layer).getShape();
        Shape values = cache.values(layer).getShape();
        expect(keys.equals(want) && values.equals(want), part, "returns keys " + keys + " and values " + values
                + " after " + positions + " positions, expected " + want + " (kv_cache: num_kv_heads " + c.numKvHeads()
                + ", head_dim " + c.headDim() + ")");
    }

    /** The cached step's output must equal the whole pass's last position (to the compute dtype's rounding). */
    private void checkStep(NDArray whole, NDArray step, String part) {
        float[] a = whole.get(new NDIndex(":, " + (POSITIONS - 1) + ":")).toType(DataType.FLOAT32, false).toFloatArray();
        float[] b = step.toType(DataType.FLOAT32, false).toFloatArray();
        double diff = 0;
        double scale = 1;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        double tolerance = parts.computeType() == DataType.FLOAT32 ? 1e-3 : 5e-2;
        expect(diff <= tolerance * scale, part, String.format(Locale.ROOT,
                "gives at position %d from its key/value cache what differs from its whole pass by %.3g (values up to"
                        + " %.3g): the cache, the offset or the causal mask is wrong", POSITIONS - 1, diff, scale));
    }

    private void expect(boolean ok, String part, String problem) {
        if (!ok) {
            throw new GapScopeException(parts.bundle().resolve(part) + ": part " + part + " " + problem);
        }
    }
}
