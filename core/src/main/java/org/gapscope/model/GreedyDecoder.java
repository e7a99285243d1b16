package org.gapscope.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.gapscope.GapScopeException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Greedy decoding: the most likely token, one at a time, until a stop token, the requested number of
 * tokens or the model's {@code max_positions}. With a key/value cache the prompt runs once and each new
 * token runs one position; without one the whole sequence runs again for every token. The hooks'
 * interventions rewrite the prompt's positions and captures record the prompt pass; under the cache
 * the prompt's states are computed once, so both ways the later tokens see the same rewritten prompt.
 */
final class GreedyDecoder {

    private final ModelParts parts;
    private final DecoderStack stack;
    private final PromptTokenizer tokenizer;

    GreedyDecoder(ModelParts parts, DecoderStack stack, PromptTokenizer tokenizer) {
        this.parts = parts;
        this.stack = stack;
        this.tokenizer = tokenizer;
    }

    Generation generate(Prompt prompt, int maxTokens, ForwardHook[] hooks, boolean useCache) {
        if (maxTokens < 1) {
            throw new GapScopeException("the maximum number of new tokens must be at least 1, not " + maxTokens);
        }
        List<Long> out = new ArrayList<>();
        Generation.StopReason reason = useCache ? cached(prompt, maxTokens, hooks, out) : whole(prompt, maxTokens, hooks, out);
        long[] ids = toArray(out);
        long[] answerIds = reason == Generation.StopReason.STOP_TOKEN ? Arrays.copyOf(ids, ids.length - 1) : ids;
        List<String> tokens = new ArrayList<>();
        for (long id : ids) {
            tokens.add(tokenizer.tokenString(id));
        }
        return new Generation(tokenizer.decode(answerIds), ids, tokens, reason);
    }

    /** Every step runs the prompt and the tokens so far through every layer (interventions each time). */
    private Generation.StopReason whole(Prompt prompt, int maxTokens, ForwardHook[] hooks, List<Long> out) {
        boolean first = true;
        while (out.size() < maxTokens) {
            if (prompt.length() + out.size() > parts.manifest().maxPositions()) {
                return Generation.StopReason.MAX_POSITIONS;
            }
            long next;
            try (NDManager scope = parts.manager().newSubManager()) {
                NDArray x = stack.embed(scope, prompt, toArray(out));
                NDArray h = stack.run(scope, x, PassHooks.of(hooks, first, prompt, parts), null);
                next = argMaxOfLast(h);
            }
            first = false;
            out.add(next);
            if (tokenizer.isStop(next)) {
                return Generation.StopReason.STOP_TOKEN;
            }
        }
        return Generation.StopReason.MAX_TOKENS;
    }

    /** The prompt once with the hooks, filling the cache; then one new position per token. */
    private Generation.StopReason cached(Prompt prompt, int maxTokens, ForwardHook[] hooks, List<Long> out) {
        try (NDManager generation = parts.manager().newSubManager(); LayerCache cache = stack.newCache(generation)) {
            while (out.size() < maxTokens) {
                if (prompt.length() + out.size() > parts.manifest().maxPositions()) {
                    return Generation.StopReason.MAX_POSITIONS;
                }
                long next;
                try (NDManager scope = generation.newSubManager()) {
                    NDArray h = out.isEmpty()
                            ? stack.run(scope, stack.embed(scope, prompt, new long[0]),
                                    PassHooks.of(hooks, true, prompt, parts), cache)
                            : stack.run(scope, stack.embedIds(scope, new long[] {out.get(out.size() - 1)}),
                                    PassHooks.NONE, cache);
                    next = argMaxOfLast(h);
                }
                out.add(next);
                if (tokenizer.isStop(next)) {
                    return Generation.StopReason.STOP_TOKEN;
                }
            }
            return Generation.StopReason.MAX_TOKENS;
        }
    }

    /** The greedy choice at the last position of {@code [1, T, d]} (the lowest id wins a tie). */
    private long argMaxOfLast(NDArray h) {
        long t = h.getShape().get(1);
        NDArray logits = parts.lmHead(h.get(new NDIndex().addAllDim().addSliceDim(t - 1, t)));
        return argMax(logits.toType(DataType.FLOAT32, false).toFloatArray());
    }

    static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    static long[] toArray(List<Long> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
