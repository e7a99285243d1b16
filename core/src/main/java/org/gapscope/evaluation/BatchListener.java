package org.gapscope.evaluation;

/**
 * Hears a batch's progress: each phase ({@code evaluate}, {@code control}, ...) begins with its
 * number of items, then one step per finished item. {@link #shouldStop()} lets a caller end the
 * batch cleanly between items (the results so far stay, and the same command resumes).
 */
public interface BatchListener {

    /** A listener that does nothing. */
    BatchListener SILENT = new BatchListener() {
    };

    /** A phase starts: {@code total} items to do, {@code alreadyDone} found from an earlier run. */
    default void begin(String phase, int total, int alreadyDone) {
    }

    /** One item of the current phase finished. */
    default void step(boolean failed) {
    }

    /** A line for the user (notes, warnings). */
    default void note(String message) {
    }

    /** Whether the batch should stop before the next item. */
    default boolean shouldStop() {
        return false;
    }

    /** A listener printing a progress bar (on a terminal) or plain lines on standard error. */
    static BatchListener progressOnStandardError() {
        return new BatchListener() {
            private ProgressReporter reporter;

            @Override
            public void begin(String phase, int total, int alreadyDone) {
                String label = alreadyDone > 0 ? phase + " (" + alreadyDone + " done before)" : phase;
                reporter = total > 0 ? ProgressReporter.onStandardError(label, total) : null;
            }

            @Override
            public void step(boolean failed) {
                if (reporter != null) {
                    reporter.step(failed);
                }
            }

            @Override
            public void note(String message) {
                System.err.println("gapscope: " + message);
            }
        };
    }
}
