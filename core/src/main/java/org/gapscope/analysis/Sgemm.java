package org.gapscope.analysis;

import java.nio.FloatBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.gapscope.GapScopeException;

/**
 * The analysis' one native operation: a float32 matrix product of text rows with speech rows, by
 * OpenBLAS's {@code cblas_sgemm} through JavaCPP's preset (the same OpenBLAS that ND4J wraps, without
 * ND4J's start-up: ~0.3 s of CPU less per command; docs/decisions/analysis-numerics.md). The library
 * loads once, on a background thread, so that callers can read and check hidden states meanwhile.
 */
final class Sgemm {

    /** System property that overrides the number of BLAS threads the analysis uses. */
    static final String THREADS_PROPERTY = "gapscope.blas.threads";

    // cblas.h: CblasRowMajor, CblasNoTrans, CblasTrans
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static volatile Future<Void> started;

    private Sgemm() {
    }

    /** Starts loading OpenBLAS on a daemon thread (later calls return at once). */
    static Future<Void> startInBackground() {
        Future<Void> f = started;
        if (f == null) {
            synchronized (Sgemm.class) {
                f = started;
                if (f == null) {
                    CompletableFuture<Void> future = new CompletableFuture<>();
                    Thread thread = new Thread(() -> {
                        try {
                            PhaseTrace.mark("OpenBLAS load");
                            openblas_nolapack.blas_set_num_threads(threads());
                            PhaseTrace.mark("OpenBLAS loaded");
                            future.complete(null);
                        } catch (Throwable t) {
                            future.completeExceptionally(new GapScopeException(
                                    "cannot load OpenBLAS, the native linear-algebra library: " + t, t));
                        }
                    }, "gapscope-blas-start");
                    thread.setDaemon(true);
                    thread.start();
                    started = future;
                    f = future;
                }
            }
        }
        return f;
    }

    /** Waits until OpenBLAS is loaded (starting it if needed). */
    static void awaitReady() {
        Background.await(startInBackground(), "loading OpenBLAS");
    }

    /**
     * BLAS threads for the similarity GEMMs: one core is left to the thread that reads the next
     * layer, so on a 2-core machine the GEMM runs single-threaded (measured faster there, and without
     * the idle spinning of a second BLAS thread); {@code -Dgapscope.blas.threads=N} overrides.
     */
    static int threads() {
        Integer configured = Integer.getInteger(THREADS_PROPERTY);
        if (configured != null && configured > 0) {
            return configured;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /**
     * As {@link #textTimesSpeech(FloatBuffer, int, FloatBuffer, int, int, FloatPointer)} from rows on
     * the heap (copied once into native memory); loads OpenBLAS if needed. For one-off products.
     */
    static float[] textTimesSpeech(float[] text, int tt, float[] speech, int ts, int d) {
        awaitReady();
        try (FloatPointer t = new FloatPointer(text); FloatPointer s = new FloatPointer(speech);
                FloatPointer out = new FloatPointer((long) tt * ts)) {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, tt, ts, d, 1f, t, d, s, d, 0f, out, ts);
            float[] dots = new float[tt * ts];
            out.get(dots);
            return dots;
        }
    }

    /**
     * {@code out[j * ts + i] = text_j . speech_i} (text-major), from row-major {@code text} [tt, d]
     * and {@code speech} [ts, d] in direct buffers (read in place, e.g. a memory-mapped file);
     * {@code out} must hold tt * ts floats. OpenBLAS must be loaded ({@link #awaitReady}).
     */
    static void textTimesSpeech(FloatBuffer text, int tt, FloatBuffer speech, int ts, int d, FloatPointer out) {
        // pointers that wrap the buffers' memory (from their positions), owning nothing
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, TRANS, tt, ts, d, 1f, new FloatPointer(text), d,
                new FloatPointer(speech), d, 0f, out, ts);
    }
}
