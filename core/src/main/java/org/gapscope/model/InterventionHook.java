package org.gapscope.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.SpeechRewrite;

/**
 * Rewrites chosen positions of the query span at chosen layers before the next layer sees them
 * (layer 0 = the input embeddings; layer l = the output of decoder layer l, so layer L only changes
 * the logits). Positions count from the start of the query span. Immutable; build with {@link #builder()}.
 */
public final class InterventionHook implements ForwardHook {

    /** Computes the replacement vector of one position from its current vector. */
    @FunctionalInterface
    public interface VectorRewrite {
        /**
         * Returns the new hidden state (length d) for {@code position} of the query span at {@code layer};
         * {@code current} is the state this pass computed there (a copy, float32).
         */
        float[] rewrite(int layer, int position, float[] current);
    }

    /** One position's rewrite at one layer. */
    record Edit(int position, VectorRewrite rewrite) {
    }

    private final Map<Integer, List<Edit>> editsByLayer;

    private InterventionHook(Map<Integer, List<Edit>> editsByLayer) {
        Map<Integer, List<Edit>> copy = new TreeMap<>();
        editsByLayer.forEach((layer, edits) -> copy.put(layer, List.copyOf(edits)));
        this.editsByLayer = Collections.unmodifiableMap(copy);
    }

    /**
     * The runtime hook for an {@link InterventionPlan}: at each of the plan's layers, each planned
     * speech position's current state is rewritten with the plan's rewrite (angle projection or length
     * normalization) towards its aligned text token's vector.
     */
    public static InterventionHook of(InterventionPlan plan) {
        Builder b = builder();
        SpeechRewrite rewrite = plan.settings().kind().rewrite();
        for (InterventionPlan.LayerRewrite r : plan.rewrites()) {
            int[] positions = r.speechPositions();
            float[][] text = r.textVectors();
            for (int k = 0; k < positions.length; k++) {
                float[] target = text[k];
                b.rewrite(r.layer(), positions[k], (layer, position, current) -> rewrite.rewrite(current, target));
            }
        }
        return b.build();
    }

    /** A builder for an intervention. */
    public static Builder builder() {
        return new Builder();
    }

    /** The layers that have edits, ascending. */
    public List<Integer> layers() {
        return new ArrayList<>(editsByLayer.keySet());
    }

    List<Edit> edits(int layer) {
        return editsByLayer.getOrDefault(layer, List.of());
    }

    Map<Integer, List<Edit>> all() {
        return editsByLayer;
    }

    /** Collects edits; each call adds one rewrite of one position at one layer. */
    public static final class Builder {
        private final Map<Integer, List<Edit>> edits = new TreeMap<>();

        private Builder() {
        }

        /** Replaces the state of {@code position} at {@code layer} with {@code vector} (copied). */
        public Builder replace(int layer, int position, float[] vector) {
            float[] v = vector.clone();
            return rewrite(layer, position, (l, p, current) -> v);
        }

        /** Rewrites the state of {@code position} at {@code layer} with a function of its current value. */
        public Builder rewrite(int layer, int position, VectorRewrite rewrite) {
            if (layer < 0 || position < 0) {
                throw new IllegalArgumentException("layer and position must not be negative: " + layer + ", " + position);
            }
            edits.computeIfAbsent(layer, k -> new ArrayList<>()).add(new Edit(position, rewrite));
            return this;
        }

        /** The intervention. */
        public InterventionHook build() {
            return new InterventionHook(edits);
        }
    }
}
