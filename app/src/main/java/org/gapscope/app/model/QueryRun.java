package org.gapscope.app.model;

import java.util.List;

import org.gapscope.analysis.HiddenStates;

/**
 * One query run through the model: the hidden states of its span at every layer, the span's token
 * names (and, for speech, each position's start time), and the greedy answer.
 *
 * @param states the hidden states [L+1, T, d] of the query span
 * @param tokens the span's tokens (text) or position names (speech)
 * @param times  start time in seconds of each speech position; empty for text
 * @param answer the greedy answer
 */
public record QueryRun(HiddenStates states, List<String> tokens, float[] times, String answer) {

    /** Copies the token list. */
    public QueryRun {
        tokens = List.copyOf(tokens);
    }
}
