package org.gapscope.lenses;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.HiddenStates;

/**
 * The logit lens on speech positions (nostalgebraist 2020; AudioLens, Yang et al. 2025): a model's
 * final norm + LM head ({@link LensHead}) applied to the hidden states of chosen layers, giving the
 * token distribution each position "reads as" there; and lens agreement between a spoken and a typed
 * query. Only the chosen layers are computed (with a large vocabulary each layer costs
 * 2 d V multiply-adds per position).
 */
public final class LogitLens {

    private LogitLens() {
    }

    /**
     * The top-{@code k} tokens of every position of {@code states} at each of {@code layers}.
     *
     * @param side      {@code speech} or {@code text}, recorded
     * @param positions the positions' names (as many as {@code states} has positions)
     * @throws GapScopeException for a layer that does not exist or a head of another width
     */
    public static LensReadout read(String side, HiddenStates states, List<String> positions, int[] layers, int k,
            LensHead head) {
        Objects.requireNonNull(head, "head");
        int[] chosen = checkLayers(layers, states.layerCount());
        checkWidth(states, head);
        if (positions.size() != states.tokenCount()) {
            throw new IllegalArgumentException(positions.size() + " names for " + states.tokenCount() + " positions");
        }
        List<TopTokens> out = new ArrayList<>();
        float[] rows = new float[states.tokenCount() * states.hiddenSize()];
        for (int layer : chosen) {
            states.copyLayer(layer, rows);
            out.add(head.top(rows, states.tokenCount(), k));
        }
        return new LensReadout(side, positions, chosen, k, out);
    }

    /**
     * Lens agreement at each of {@code layers}: the top-1 lens token of every paired speech vector
     * against that of the text token it is paired with. The text's top-1 is taken from {@code text}'s
     * read-out where it covers the layer, else computed.
     */
    public static LensAgreement agreement(HiddenStates speech, HiddenStates text, TokenPairing pairing, int[] layers,
            LensHead head, LensReadout textReadout) {
        int[] chosen = checkLayers(layers, Math.min(speech.layerCount(), text.layerCount()));
        checkWidth(speech, head);
        checkWidth(text, head);
        if (pairing.textTokens() != text.tokenCount()) {
            throw new GapScopeException("the pairing covers " + pairing.textTokens() + " text tokens, the text has "
                    + text.tokenCount());
        }
        PairedSpeech paired = PairedSpeech.of(speech, pairing);
        int n = text.tokenCount();
        float[] rows = new float[n * text.hiddenSize()];
        double[] share = new double[chosen.length];
        int[][] speechTop = new int[chosen.length][n];
        int[][] textTop = new int[chosen.length][n];
        for (int i = 0; i < chosen.length; i++) {
            paired.copyLayer(chosen[i], rows);
            TopTokens s = head.top(rows, n, 1);
            TopTokens t = textReadout == null ? null : textReadout.at(chosen[i]);
            if (t == null) {
                text.copyLayer(chosen[i], rows);
                t = head.top(rows, n, 1);
            }
            int same = 0;
            for (int j = 0; j < n; j++) {
                speechTop[i][j] = s.top1(j);
                textTop[i][j] = t.top1(j);
                same += speechTop[i][j] == textTop[i][j] ? 1 : 0;
            }
            share[i] = (double) same / n;
        }
        return new LensAgreement(pairing, chosen, share, speechTop, textTop);
    }

    /** The layers sorted and de-duplicated, each checked against 0..count-1. */
    static int[] checkLayers(int[] layers, int count) {
        if (layers.length == 0) {
            throw new GapScopeException("no layer chosen for the logit lens");
        }
        int[] sorted = Arrays.stream(layers).distinct().sorted().toArray();
        if (sorted[0] < 0 || sorted[sorted.length - 1] >= count) {
            throw new GapScopeException("layer " + (sorted[0] < 0 ? sorted[0] : sorted[sorted.length - 1])
                    + " does not exist: the model has hidden states 0.." + (count - 1));
        }
        return sorted;
    }

    private static void checkWidth(HiddenStates states, LensHead head) {
        if (states.hiddenSize() != head.hiddenSize()) {
            throw new GapScopeException(states.name() + " has hidden size " + states.hiddenSize() + ", the lens head takes "
                    + head.hiddenSize());
        }
    }
}
