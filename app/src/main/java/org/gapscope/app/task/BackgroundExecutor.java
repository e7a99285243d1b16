package org.gapscope.app.task;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.application.Platform;

/**
 * Runs slow work off the FX thread and delivers its result back on it. Tests use
 * {@link #synchronous()}, which runs everything at once on the caller's thread, so view models can
 * be tested without a toolkit.
 */
public interface BackgroundExecutor {

    /** Runs {@code work} in the background, then {@code onSuccess} or {@code onFailure} on the UI thread. */
    <T> void submit(Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs {@code action} on the UI thread: later when called from elsewhere, at once in tests. */
    void onUiThread(Runnable action);

    /** An executor that works on {@code workers} and reports back on the JavaFX application thread. */
    static BackgroundExecutor onFxThread(Executor workers) {
        return new BackgroundExecutor() {
            @Override
            public <T> void submit(Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                workers.execute(() -> {
                    try {
                        T result = work.get();
                        Platform.runLater(() -> onSuccess.accept(result));
                    } catch (RuntimeException | Error e) {
                        Platform.runLater(() -> onFailure.accept(e));
                    }
                });
            }

            @Override
            public void onUiThread(Runnable action) {
                if (Platform.isFxApplicationThread()) {
                    action.run();
                } else {
                    Platform.runLater(action);
                }
            }
        };
    }

    /** An executor that runs work and callbacks immediately on the calling thread (for tests). */
    static BackgroundExecutor synchronous() {
        return new BackgroundExecutor() {
            @Override
            public <T> void submit(Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                T result;
                try {
                    result = work.get();
                } catch (RuntimeException e) {
                    onFailure.accept(e);
                    return;
                }
                onSuccess.accept(result);
            }

            @Override
            public void onUiThread(Runnable action) {
                action.run();
            }
        };
    }
}
