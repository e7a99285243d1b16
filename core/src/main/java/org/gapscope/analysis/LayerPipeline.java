package org.gapscope.analysis;

import java.util.Locale;

/**
 * The scheduling beside {@link ExampleAnalyzer}: hands it one layer at a time with everything the
 * science needs — both modalities' rows, their {@link RowStatistics} and the layer's dot products —
 * computed ahead on background threads. A reader thread ({@link LayerSource}) copies and checks the
 * layers; the dot products come from a GEMM thread reading memory-mapped float32 files in place
 * ({@link GramSource}) when both inputs are such files, else from the reader after its copy. Up to
 * {@link LayerSource#AHEAD} layers are in flight. Also keeps the timings that
 * {@code -Dgapscope.trace=true} prints.
 */
final class LayerPipeline implements AutoCloseable {

    private final LayerSource source;
    private final GramSource grams;
    private long waitedNanos;
    private long handedOutAt;
    private long computedNanos;

    private LayerPipeline(LayerSource source, GramSource grams) {
        this.source = source;
        this.grams = grams;
    }

    /** Starts reading (and multiplying) the layers of {@code speech} and {@code text}. */
    static LayerPipeline start(HiddenStates speech, HiddenStates text) {
        Sgemm.startInBackground();
        boolean inPlace = GramSource.supports(speech, text);
        LayerSource source = new LayerSource(speech, text, !inPlace);
        GramSource grams = inPlace ? new GramSource((NpyHiddenStates) speech, (NpyHiddenStates) text) : null;
        return new LayerPipeline(source, grams);
    }

    /** The next layer in order 0..L, with its dot products; waits until it is ready. */
    LayerSource.Layer next() {
        long t0 = System.nanoTime();
        if (handedOutAt != 0) {
            computedNanos += t0 - handedOutAt;
        }
        LayerSource.Layer layer = source.next();
        if (grams != null) {
            layer.dots = grams.next();
        }
        handedOutAt = System.nanoTime();
        waitedNanos += handedOutAt - t0;
        return layer;
    }

    /** Hands a layer's buffers back, so that the next layers can be prepared in them. */
    void release(LayerSource.Layer layer) {
        if (grams != null) {
            grams.release(layer.dots);
            layer.dots = null;
        }
        source.release(layer);
    }

    /** Where the consumer's time went: waiting for layers, working on them, and the GEMMs' own time. */
    String timings() {
        return String.format(Locale.ROOT, "consumer: %d ms waiting for layers, %d ms computing; GEMM on the %s thread",
                waitedNanos / 1_000_000, computedNanos / 1_000_000, grams != null
                        ? String.format(Locale.ROOT, "gapscope-gemm (%d ms)", grams.gemmNanos / 1_000_000)
                        : "gapscope-layer-reader");
    }

    @Override
    public void close() {
        try (LayerSource s = source) {
            if (grams != null) {
                grams.close();
            }
        }
    }
}
