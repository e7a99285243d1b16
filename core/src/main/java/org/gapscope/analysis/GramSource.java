package org.gapscope.analysis;

import java.nio.FloatBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.bytedeco.javacpp.FloatPointer;

/**
 * Runs each layer's float32 GEMM (text rows times speech rows transposed) on a background thread,
 * up to {@link LayerSource#AHEAD} layers ahead of the consumer, with OpenBLAS ({@link Sgemm}) reading
 * the rows straight from memory-mapped float32 {@code .npy} files (no copy). The GEMM needs neither the norms nor the
 * checks, so it runs beside the thread that computes them; bad values are reported by
 * {@link LayerSource} (the consumer asks it first). Only for {@link #supports supported} inputs.
 */
final class GramSource implements AutoCloseable {

    private final NpyHiddenStates speech;
    private final NpyHiddenStates text;
    private final int layerCount;
    private final int speechCount;
    private final int textCount;
    private final int hidden;
    private final BlockingQueue<float[]> free;
    private final LookAhead<float[]> ahead;
    private FloatPointer out;
    /** Time the background thread spent in the GEMMs (for -Dgapscope.trace). */
    volatile long gemmNanos;

    /** Whether OpenBLAS can read both arrays in place (memory-mapped float32 in the platform's byte order). */
    static boolean supports(HiddenStates speech, HiddenStates text) {
        return speech instanceof NpyHiddenStates s && text instanceof NpyHiddenStates t
                && s.directFloatLayer(0) != null && t.directFloatLayer(0) != null;
    }

    GramSource(NpyHiddenStates speech, NpyHiddenStates text) {
        this.speech = speech;
        this.text = text;
        this.layerCount = speech.layerCount();
        this.speechCount = speech.tokenCount();
        this.textCount = text.tokenCount();
        this.hidden = speech.hiddenSize();
        int buffers = Math.min(LayerSource.AHEAD, layerCount);
        this.free = new ArrayBlockingQueue<>(buffers);
        for (int k = 0; k < buffers; k++) {
            free.add(new float[textCount * speechCount]);
        }
        this.ahead = new LookAhead<>("gapscope-gemm", layerCount, buffers, index -> () -> compute(index));
    }

    private float[] compute(int index) throws InterruptedException {
        float[] gram = free.take();
        Sgemm.awaitReady();
        long t0 = System.nanoTime();
        if (out == null) {
            out = new FloatPointer((long) textCount * speechCount);
        }
        // the views keep the mappings reachable while OpenBLAS reads them
        FloatBuffer speechView = speech.directFloatLayer(index);
        FloatBuffer textView = text.directFloatLayer(index);
        Sgemm.textTimesSpeech(textView, textCount, speechView, speechCount, hidden, out);
        out.get(gram);
        gemmNanos += System.nanoTime() - t0;
        return gram;
    }

    /** The next layer's dot products, text-major [T_t * T_s], in order 0..L; hand it back with {@link #release}. */
    float[] next() {
        return ahead.next("computing dot products");
    }

    /** Returns a gram buffer for reuse and queues the next layer's GEMM. */
    void release(float[] gram) {
        free.offer(gram);
        ahead.advance();
    }

    /** Stops the background thread and frees the native output buffer. */
    @Override
    public void close() {
        if (ahead.stop() && out != null) {
            out.close();
        }
    }
}
