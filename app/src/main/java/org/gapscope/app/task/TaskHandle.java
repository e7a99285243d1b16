package org.gapscope.app.task;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One long task as the window sees it: its title, progress and message (updated on the UI thread),
 * and a cancel command. Cancelling takes effect at once for the window (the task's result, if it
 * still arrives, is discarded); the work itself stops at its next {@link TaskContext#checkCancelled()}.
 */
public final class TaskHandle implements TaskContext {

    private final String title;
    private final BackgroundExecutor executor;
    private Runnable onCancel = () -> { };
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<double[]> pendingFraction = new AtomicReference<>();
    private final AtomicReference<String> pendingMessage = new AtomicReference<>();
    private final AtomicBoolean updateScheduled = new AtomicBoolean();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private volatile boolean quiet;

    TaskHandle(String title, BackgroundExecutor executor) {
        this.title = title;
        this.executor = executor;
    }

    /** What cancelling does for the window (set once, before the task starts). */
    void onCancel(Runnable action) {
        this.onCancel = action;
    }

    /** What the task does, e.g. {@code Opening model gapscope-mini}. */
    public String title() {
        return title;
    }

    /** Progress in [0, 1], or -1 while unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The latest progress message. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Cancels the task (UI thread); the window forgets it at once. Repeated calls do nothing. */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            onCancel.run();
        }
    }

    /** Cancels the task because newer work replaces it: like {@link #cancel()} but without a status message. */
    public void supersede() {
        quiet = true;
        cancel();
    }

    boolean isQuiet() {
        return quiet;
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    @Override
    public void progress(double fraction, String text) {
        pendingFraction.set(new double[] {fraction});
        if (text != null) {
            pendingMessage.set(text);
        }
        // coalesce: at most one pending UI update however fast the work reports
        if (updateScheduled.compareAndSet(false, true)) {
            executor.onUiThread(() -> {
                updateScheduled.set(false);
                double[] f = pendingFraction.get();
                if (f != null) {
                    progress.set(Double.isNaN(f[0]) ? -1 : Math.min(1, f[0]));
                }
                String m = pendingMessage.get();
                if (m != null) {
                    message.set(m);
                }
            });
        }
    }

    @Override
    public String toString() {
        return "Task[" + title + "]";
    }
}
