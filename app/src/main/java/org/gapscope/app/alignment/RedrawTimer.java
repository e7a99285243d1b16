package org.gapscope.app.alignment;

/** Counts redraws and their time on the UI thread, for the explorer benchmark. */
final class RedrawTimer {

    private long redraws;
    private long nanos;

    /** The clock at the start of a redraw. */
    long start() {
        return System.nanoTime();
    }

    /** A redraw that started at {@code start} ended. */
    void done(long start) {
        redraws++;
        nanos += System.nanoTime() - start;
    }

    /** Redraws so far and their total time in nanoseconds. */
    long[] statistics() {
        return new long[] {redraws, nanos};
    }
}
