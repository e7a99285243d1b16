package org.gapscope.lenses;

/**
 * What the logit lens needs from a model: its final norm + LM head (a bundle's {@code lm_head} part)
 * applied to any hidden states, and the text of a token id.
 */
public interface LensHead {

    /** The vocabulary size V. */
    int vocabSize();

    /** The hidden size d the head takes. */
    int hiddenSize();

    /**
     * The {@code k} most probable tokens (softmax of the head's logits over the whole vocabulary) of each
     * of {@code count} hidden states, row-major {@code [count, d]}, best first.
     */
    TopTokens top(float[] rows, int count, int k);

    /** The text of token {@code id} (decoded, special tokens included). */
    String token(int id);
}
