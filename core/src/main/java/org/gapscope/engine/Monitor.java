package org.gapscope.engine;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a long engine call reports to and checks: progress, and a cancel flag read between steps
 * (the explorer's task context is one; the command line passes {@link #NONE}).
 */
public interface Monitor {

    /** Never cancels, ignores progress. */
    Monitor NONE = new Monitor() {
        @Override
        public void progress(double fraction, String message) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /** Reports progress: {@code fraction} in [0, 1] (negative: unknown) and a short message; any thread. */
    void progress(double fraction, String message);

    /** Whether the work should stop. */
    boolean isCancelled();

    /** Throws {@link CancellationException} when the work should stop; call between steps. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancellationException("cancelled");
        }
    }

    /**
     * This monitor seen by one part of a longer job: the part's progress {@code [0, 1]} is mapped
     * onto {@code [from, to]} of the whole and its messages prefixed with {@code label}.
     */
    default Monitor part(double from, double to, String label) {
        Monitor whole = this;
        return new Monitor() {
            @Override
            public void progress(double fraction, String message) {
                whole.progress(from + (to - from) * Math.max(0, fraction), label + ": " + message);
            }

            @Override
            public boolean isCancelled() {
                return whole.isCancelled();
            }
        };
    }

    /**
     * Runs one item of a batch that goes on without it when it fails: returns its result, or null
     * after telling {@code skipped} why; a cancel is never swallowed (it stops the batch).
     */
    static <T> T orSkip(Supplier<T> work, Consumer<String> skipped) {
        try {
            return work.get();
        } catch (CancellationException cancelled) {
            throw cancelled;
        } catch (RuntimeException e) {
            skipped.accept(e.getMessage() == null ? e.toString() : e.getMessage());
            return null;
        }
    }
}
