package org.gapscope.model;

import java.util.List;

/**
 * The log-probability of a given answer after a prompt, under the model: the sum over the answer's
 * tokens of log p(token | prompt, earlier answer tokens).
 *
 * @param logProbability the total (natural log)
 * @param tokens the answer's tokens
 * @param tokenLogProbabilities each token's log-probability
 */
public record AnswerScore(double logProbability, List<String> tokens, double[] tokenLogProbabilities) {

    /** Copies the arrays. */
    public AnswerScore {
        tokens = List.copyOf(tokens);
        tokenLogProbabilities = tokenLogProbabilities.clone();
    }

    /** Each token's log-probability (a copy). */
    @Override
    public double[] tokenLogProbabilities() {
        return tokenLogProbabilities.clone();
    }
}
