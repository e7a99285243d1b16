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
 * status bar shows the latest with its progress and a cancel button) and turns success, failure and
 * cancelling into exactly one callback each; the one place that tells a cancel from a failure. A
 * cancelled task's late result is dropped (closed first when it is {@link AutoCloseable}), so nothing
 * already loaded is replaced by it.
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
     * {@code onFailure} runs with the error when the work failed; a cancel calls neither.
     */
    public <T> TaskHandle start(String title, Function<TaskContext, T> work, Consumer<T> onSuccess,
            Consumer<Throwable> onFailure) {
        return start(title, work, onSuccess, onFailure, () -> { });
    }

    /**
     * As {@link #start(String, Function, Consumer, Consumer)}, and {@code onCancelled} runs once when the
     * task is cancelled (by the user, by newer work superseding it, or by the work stopping itself with a
     * {@link CancellationException}), as soon as the window forgets the task.
     */
    public <T> TaskHandle start(String title, Function<TaskContext, T> work, Consumer<T> onSuccess,
            Consumer<Throwable> onFailure, Runnable onCancelled) {
        TaskHandle handle = new TaskHandle(title, executor);
        handle.onCancel(() -> {
            running.remove(handle);
            if (!handle.isQuiet()) {
                status.accept("Cancelled: " + title + ". What was loaded before is unchanged.");
            }
            onCancelled.run();
        });
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
                onCancelled.run();
            } else {
                onFailure.accept(error);
            }
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
