package org.gapscope.analysis;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Per-layer work for indices 0..count-1, run in order on one named daemon thread and kept a fixed
 * number of layers ahead of the consumer: {@link #next} takes the oldest result, {@link #advance}
 * (called when the consumer hands back a buffer) queues the next index. Shared by the reader of the
 * hidden states ({@link LayerSource}) and the in-place GEMM ({@link GramSource}).
 */
final class LookAhead<T> {

    private final ExecutorService executor;
    private final Queue<Future<T>> pending = new ArrayDeque<>();
    private final IntFunction<Callable<T>> work;
    private final int count;
    private int nextIndex;

    /** Starts the thread and queues the first {@code min(ahead, count)} indices. */
    LookAhead(String threadName, int count, int ahead, IntFunction<Callable<T>> work) {
        this.count = count;
        this.work = work;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        for (int k = 0; k < Math.min(ahead, count); k++) {
            advance();
        }
    }

    /** Queues the next index, if any is left. */
    void advance() {
        if (nextIndex < count) {
            pending.add(executor.submit(work.apply(nextIndex++)));
        }
    }

    /** The next result in index order; waits for it ({@code what} names the work in a failure). */
    T next(String what) {
        Future<T> f = pending.poll();
        if (f == null) {
            throw new IllegalStateException("no more layers");
        }
        return Background.await(f, what);
    }

    /** Stops the thread; true when it has ended (so its buffers may be freed). */
    boolean stop() {
        executor.shutdownNow();
        try {
            return executor.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
