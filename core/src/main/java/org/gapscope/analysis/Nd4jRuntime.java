package org.gapscope.analysis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.gapscope.GapScopeException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Starts ND4J once, with its start-up banner turned down to warnings unless the user chose otherwise. */
final class Nd4jRuntime {

    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.org.nd4j";

    /** System property that overrides the number of BLAS threads the analysis uses. */
    static final String THREADS_PROPERTY = "gapscope.blas.threads";
    private static volatile Future<Void> started;

    private Nd4jRuntime() {
    }

    /** Quiets ND4J's INFO banner (it would otherwise fill a CLI's stderr); call before first use. */
    static void ensureQuiet() {
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, "warn");
        }
    }

    /**
     * Starts loading ND4J's native backend (about half a second the first time) on a daemon thread,
     * so that the caller can read and check hidden states meanwhile; later calls return at once.
     */
    static Future<Void> startInBackground() {
        Future<Void> f = started;
        if (f == null) {
            synchronized (Nd4jRuntime.class) {
                f = started;
                if (f == null) {
                    ensureQuiet();
                    CompletableFuture<Void> future = new CompletableFuture<>();
                    Thread thread = new Thread(() -> {
                        try {
                            PhaseTrace.mark("ND4J start");
                            Nd4j.create(DataType.FLOAT, 1, 1).close();
                            Nd4j.factory().blas().setMaxThreads(blasThreads());
                            PhaseTrace.mark("ND4J started");
                            future.complete(null);
                        } catch (Throwable t) {
                            future.completeExceptionally(new GapScopeException(
                                    "cannot start ND4J, the native linear-algebra library: " + t, t));
                        }
                    }, "gapscope-nd4j-start");
                    thread.setDaemon(true);
                    thread.start();
                    started = future;
                    f = future;
                }
            }
        }
        return f;
    }

    /**
     * BLAS threads for the similarity GEMMs: one core is left to the thread that reads the next
     * layer, so on a 2-core machine the GEMM runs single-threaded (measured faster there, and
     * without the idle spinning of a second BLAS thread); {@code -Dgapscope.blas.threads=N} overrides.
     */
    static int blasThreads() {
        Integer configured = Integer.getInteger(THREADS_PROPERTY);
        if (configured != null && configured > 0) {
            return configured;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /** Whether ND4J has started successfully (never blocks). */
    static boolean isReady() {
        Future<Void> f = started;
        return f != null && f.isDone() && !((CompletableFuture<Void>) f).isCompletedExceptionally();
    }

    /** Waits until ND4J is ready (starting it if needed). */
    static void awaitReady() {
        Background.await(startInBackground(), "starting ND4J");
    }
}
