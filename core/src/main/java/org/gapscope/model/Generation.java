package org.gapscope.model;

import java.util.List;

/**
 * A greedy answer.
 *
 * @param text the decoded answer (special tokens skipped; the stop token not included)
 * @param tokenIds the generated ids, including the stop token when one ended the answer
 * @param tokens the generated token strings, in the same order
 * @param stopReason why generation ended
 */
public record Generation(String text, long[] tokenIds, List<String> tokens, StopReason stopReason) {

    /** Why greedy generation stopped. */
    public enum StopReason {
        /** The model produced one of the bundle's stop tokens. */
        STOP_TOKEN,
        /** The requested maximum number of new tokens was reached. */
        MAX_TOKENS,
        /** The sequence reached the model's max_positions. */
        MAX_POSITIONS
    }

    /** Copies the arrays. */
    public Generation {
        tokenIds = tokenIds.clone();
        tokens = List.copyOf(tokens);
    }

    /** Whether the answer stopped because the sequence reached the model's max_positions (it may be cut short). */
    public boolean cutAtMaxPositions() {
        return stopReason == StopReason.MAX_POSITIONS;
    }

    /** The generated ids (a copy). */
    @Override
    public long[] tokenIds() {
        return tokenIds.clone();
    }
}
