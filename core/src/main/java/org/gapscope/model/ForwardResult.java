package org.gapscope.model;

/**
 * The outcome of one forward pass: the logits at the last position (the next-token distribution).
 *
 * @param sequenceLength the number of positions that were run
 * @param lastLogits float32 logits of the last position, one per vocabulary entry
 */
public record ForwardResult(int sequenceLength, float[] lastLogits) {

    /** Copies the logits. */
    public ForwardResult {
        lastLogits = lastLogits.clone();
    }

    /** The logits (a copy). */
    @Override
    public float[] lastLogits() {
        return lastLogits.clone();
    }

    /** The most likely next token (greedy choice; the lowest id wins a tie). */
    public int nextToken() {
        return LayeredModel.argMax(lastLogits);
    }
}
