package org.gapscope.app.shell;

import java.util.concurrent.CancellationException;

/** What a long task sees while it runs: a place to report progress and a cancel flag to check. */
public interface TaskContext {

    /** Reports progress: {@code fraction} in [0, 1] (negative: unknown) and a short message; any thread. */
    void progress(double fraction, String message);

    /** Whether the user cancelled the task. */
    boolean isCancelled();

    /** Throws {@link CancellationException} when the user cancelled the task; call between steps. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancellationException("cancelled");
        }
    }

    /** A context that never cancels and ignores progress (for work started without a monitor). */
    static TaskContext none() {
        return new TaskContext() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }
}
