package org.gapscope.lenses;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Objects;

import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.LayerListener;
import org.gapscope.analysis.NpyHiddenStates;
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
    private final int[] start;
    private final int[] end;
    private final NpyHiddenStates speechInPlace;
    private final NpyHiddenStates textInPlace;
    /** Time spent pairing rows and in the accumulator (for -Dgapscope.trace). */
    private long pairingNanos;
    private long gramNanos;
    private long cpuNanos;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** For an example of {@code layers} = L+1 hidden states of width {@code hiddenSize}, paired by {@code pairing}. */
    public ExampleCka(TokenPairing pairing, int layers, int hiddenSize) {
        this(pairing, layers, hiddenSize, null, null);
    }

    /**
     * As {@link #ExampleCka(TokenPairing, int, int)}, for the analysis of {@code speech} and {@code text}:
     * a side that is a memory-mapped float32 {@code .npy} file is read in place by the native products
     * instead of from the analysis's copy.
     */
    public ExampleCka(TokenPairing pairing, int layers, int hiddenSize, HiddenStates speech, HiddenStates text) {
        this.pairing = Objects.requireNonNull(pairing, "pairing");
        this.hiddenSize = hiddenSize;
        this.accumulator = new CrossLayerCka.Accumulator(layers, pairing.textTokens(), hiddenSize);
        this.paired = accumulator.takesUnpaired() ? new float[0] : new float[pairing.textTokens() * hiddenSize];
        this.start = pairing.start();
        this.end = pairing.end();
        this.speechInPlace = accumulator.takesUnpaired() ? mapped(speech) : null;
        this.textInPlace = accumulator.takesUnpaired() ? mapped(text) : null;
    }

    private static NpyHiddenStates mapped(HiddenStates h) {
        return h instanceof NpyHiddenStates n && n.layerCount() > 0 && n.directFloatLayer(0) != null ? n : null;
    }

    /**
     * Whether the layers are read in place from memory-mapped files (else from the analysis's copies;
     * only the n x n route, n < d, reads in place).
     */
    boolean readsInPlace() {
        return speechInPlace != null && textInPlace != null;
    }

    /** The pairing used. */
    public TokenPairing pairing() {
        return pairing;
    }

    @Override
    public void layer(int layer, float[] speechRows, float[] textRows) {
        long c0 = PhaseTrace.enabled() ? THREADS.getCurrentThreadCpuTime() : 0;
        long t0 = System.nanoTime();
        if (accumulator.takesUnpaired()) {
            // pairing, centring and both Gram matrices in native code (the time counts as Gram time)
            accumulator.addUnpaired(layer, speechRows, speechInPlace == null ? null : speechInPlace.directFloatLayer(layer),
                    pairing.speechPositions(), start, end, textRows,
                    textInPlace == null ? null : textInPlace.directFloatLayer(layer));
            gramNanos += System.nanoTime() - t0;
        } else {
            pairing.pairedRows(speechRows, hiddenSize, paired);
            long t1 = System.nanoTime();
            accumulator.add(layer, paired, textRows);
            pairingNanos += t1 - t0;
            gramNanos += System.nanoTime() - t1;
        }
        if (PhaseTrace.enabled()) {
            cpuNanos += THREADS.getCurrentThreadCpuTime() - c0;
        }
    }

    /** The CKA matrix once every layer has been seen. */
    public CkaMatrix finish(Provenance provenance) {
        long c0 = PhaseTrace.enabled() ? THREADS.getCurrentThreadCpuTime() : 0;
        long t0 = System.nanoTime();
        CkaMatrix m = accumulator.finish(pairing.describe(), provenance);
        if (PhaseTrace.enabled()) {
            cpuNanos += THREADS.getCurrentThreadCpuTime() - c0;
            PhaseTrace.mark(String.format(java.util.Locale.ROOT, "CKA: %d ms pairing rows (in Java), %d ms centring "
                    + "and Gram matrices, %d ms finishing; %d ms of CPU in all", pairingNanos / 1_000_000,
                    gramNanos / 1_000_000, (System.nanoTime() - t0) / 1_000_000, cpuNanos / 1_000_000));
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
