package org.gapscope.lenses;

import java.util.Objects;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.HiddenStates;

/**
 * The paired speech vectors of one example as hidden states {@code [L+1, T_t, d]}: at every layer, row j
 * is the mean of the speech positions a {@link TokenPairing} gives text token j. A view: each
 * {@link #copyLayer} reads that layer of the speech states.
 */
public final class PairedSpeech implements HiddenStates {

    private final HiddenStates speech;
    private final TokenPairing pairing;
    private float[] buffer;

    private PairedSpeech(HiddenStates speech, TokenPairing pairing) {
        this.speech = speech;
        this.pairing = pairing;
    }

    /**
     * The paired view of {@code speech}.
     *
     * @throws GapScopeException when the pairing was made for another number of speech positions
     */
    public static PairedSpeech of(HiddenStates speech, TokenPairing pairing) {
        Objects.requireNonNull(speech, "speech");
        Objects.requireNonNull(pairing, "pairing");
        if (pairing.speechPositions() != speech.tokenCount()) {
            throw new GapScopeException(speech.name() + " has " + speech.tokenCount() + " positions, the pairing was "
                    + "made for " + pairing.speechPositions());
        }
        return new PairedSpeech(speech, pairing);
    }

    /** The pairing used. */
    public TokenPairing pairing() {
        return pairing;
    }

    @Override
    public String name() {
        return speech.name() + " (paired " + pairing.method().key() + ")";
    }

    @Override
    public int layerCount() {
        return speech.layerCount();
    }

    @Override
    public int tokenCount() {
        return pairing.textTokens();
    }

    @Override
    public int hiddenSize() {
        return speech.hiddenSize();
    }

    @Override
    public synchronized void copyLayer(int layer, float[] destination) {
        if (buffer == null) {
            buffer = new float[speech.tokenCount() * speech.hiddenSize()];
        }
        speech.copyLayer(layer, buffer);
        pairing.pairedRows(buffer, speech.hiddenSize(), destination);
    }
}
