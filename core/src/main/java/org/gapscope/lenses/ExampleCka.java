package org.gapscope.lenses;

import java.util.Objects;

import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.LayerListener;
import org.gapscope.analysis.PhaseTrace;
import org.gapscope.analysis.Provenance;

/**
 * Cross-layer CKA of one example, riding along an analysis pass: as a {@link LayerListener} given to
 * {@link org.gapscope.analysis.ExampleAnalyzer#analyze(HiddenStates, HiddenStates,
 * org.gapscope.analysis.AnalysisSettings, String, String, LayerListener)} it pairs each layer's speech
 * rows with the text tokens and hands them to a {@link CrossLayerCka.Accumulator}, so the hidden states
 * are read once for both; {@link #finish} gives the matrix. Owns native buffers: close it.
 */
public final class ExampleCka implements LayerListener, AutoCloseable {

    private final TokenPairing pairing;
    private final int hiddenSize;
    private final float[] paired;
    private final CrossLayerCka.Accumulator accumulator;
    /** Time spent pairing rows and in the accumulator (for -Dgapscope.trace). */
    private long pairingNanos;
    private long gramNanos;

    /** For an example of {@code layers} = L+1 hidden states of width {@code hiddenSize}, paired by {@code pairing}. */
    public ExampleCka(TokenPairing pairing, int layers, int hiddenSize) {
        this.pairing = Objects.requireNonNull(pairing, "pairing");
        this.hiddenSize = hiddenSize;
        this.paired = new float[pairing.textTokens() * hiddenSize];
        this.accumulator = new CrossLayerCka.Accumulator(layers, pairing.textTokens(), hiddenSize);
    }

    /** The pairing used. */
    public TokenPairing pairing() {
        return pairing;
    }

    @Override
    public void layer(int layer, float[] speechRows, float[] textRows) {
        long t0 = System.nanoTime();
        pairing.pairedRows(speechRows, hiddenSize, paired);
        long t1 = System.nanoTime();
        accumulator.add(layer, paired, textRows);
        pairingNanos += t1 - t0;
        gramNanos += System.nanoTime() - t1;
    }

    /** The CKA matrix once every layer has been seen. */
    public CkaMatrix finish(Provenance provenance) {
        long t0 = System.nanoTime();
        CkaMatrix m = accumulator.finish(pairing.describe(), provenance);
        if (PhaseTrace.enabled()) {
            PhaseTrace.mark(String.format(java.util.Locale.ROOT, "CKA: %d ms pairing rows, %d ms centring and Gram "
                    + "matrices, %d ms finishing", pairingNanos / 1_000_000, gramNanos / 1_000_000,
                    (System.nanoTime() - t0) / 1_000_000));
        }
        return m;
    }

    /** CKA of one example read on its own (outside an analysis pass). */
    public static CkaMatrix compute(HiddenStates speech, HiddenStates text, TokenPairing pairing, Provenance provenance) {
        return CrossLayerCka.compute(PairedSpeech.of(speech, pairing), text, pairing.describe(), provenance);
    }

    @Override
    public void close() {
        accumulator.close();
    }
}
