package org.gapscope.app.task;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The long tasks of the window: starts them on the background executor, lists the running ones (the
 * status bar shows the latest with its progress and a cancel button) and turns cancelling, failure
 * and success into exactly one callback each. A cancelled task's late result is dropped (closed
 * first when it is {@link AutoCloseable}), so nothing already loaded is replaced by it.
 */
public final class Tasks {

    private final BackgroundExecutor executor;
    private final Consumer<String> status;
    private final ObservableList<TaskHandle> running = FXCollections.observableArrayList();
    private final ObjectBinding<TaskHandle> latest = Bindings.createObjectBinding(
            () -> running.isEmpty() ? null : running.get(running.size() - 1), running);

    /** Tasks on {@code executor}; {@code status} receives one-line messages (cancelled, failed). */
    public Tasks(BackgroundExecutor executor, Consumer<String> status) {
        this.executor = executor;
        this.status = status;
    }

    /**
     * Starts {@code work} in the background as a cancellable task shown in the status bar.
     * {@code onSuccess} runs on the UI thread with the result unless the task was cancelled;
     * {@code onFailure} runs with the error, or with a {@link CancellationException} as soon as the
     * user cancels.
     */
    public <T> TaskHandle start(String title, Function<TaskContext, T> work, Consumer<T> onSuccess,
            Consumer<Throwable> onFailure) {
        TaskHandle[] self = new TaskHandle[1];
        TaskHandle handle = new TaskHandle(title, executor, () -> {
            running.remove(self[0]);
            if (!self[0].isQuiet()) {
                status.accept("Cancelled: " + title + ". What was loaded before is unchanged.");
            }
            onFailure.accept(new CancellationException(title + " cancelled"));
        });
        self[0] = handle;
        running.add(handle);
        executor.submit(() -> work.apply(handle), result -> {
            if (handle.isCancelled()) {
                discard(result);
                return;
            }
            running.remove(handle);
            onSuccess.accept(result);
        }, error -> {
            if (handle.isCancelled()) {
                return;
            }
            running.remove(handle);
            if (error instanceof CancellationException) {
                status.accept("Cancelled: " + title + ".");
            }
            onFailure.accept(error);
        });
        return handle;
    }

    /** The running tasks, oldest first. */
    public ObservableList<TaskHandle> running() {
        return running;
    }

    /** The most recently started task still running, or null. */
    public ObjectBinding<TaskHandle> latest() {
        return latest;
    }

    /** Cancels every running task (e.g. on closing the window). */
    public void cancelAll() {
        for (TaskHandle t : running.toArray(TaskHandle[]::new)) {
            t.cancel();
        }
    }

    /** The executor the tasks run on. */
    public BackgroundExecutor executor() {
        return executor;
    }

    private static void discard(Object result) {
        if (result instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.getLogger(Tasks.class.getName()).log(System.Logger.Level.WARNING,
                        "closing the result of a cancelled task failed", e);
            }
        }
    }
}
