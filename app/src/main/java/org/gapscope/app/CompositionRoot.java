package org.gapscope.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.gapscope.GapScopeVersion;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.shell.AudioServices;
import org.gapscope.app.shell.BackgroundExecutor;
import org.gapscope.app.shell.Locations;
import org.gapscope.app.shell.MainViewModel;
import org.gapscope.engine.WarmUp;

/**
 * Builds every service once and hands it to the view models that need it; the only place where
 * objects are wired together (no static singletons anywhere else).
 */
public final class CompositionRoot implements AutoCloseable {

    private final String version;
    private final ExecutorService workers;
    private final MainViewModel mainViewModel;

    private CompositionRoot(String version, ExecutorService workers, BackgroundExecutor executor) {
        this.version = version;
        this.workers = workers;
        this.mainViewModel = new MainViewModel(version, executor, Locations.fromSystemProperty(), AudioServices.system(),
                ModelOpener.BUNDLES);
    }

    /** The services of the desktop program: heavy work on daemon worker threads. */
    public static CompositionRoot forDesktop() {
        // two workers: a model run does not hold up decoding the next example's audio
        AtomicInteger count = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "gapscope-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        BackgroundExecutor executor = BackgroundExecutor.onFxThread(workers);
        // the native libraries load while the window is built (first on the workers, before any task)
        warmUp(executor, WarmUp::runtime);
        warmUp(executor, WarmUp::analysis);
        return new CompositionRoot(GapScopeVersion.get(), workers, executor);
    }

    private static void warmUp(BackgroundExecutor executor, Runnable work) {
        executor.submit(() -> {
            work.run();
            return Boolean.TRUE;
        }, done -> { }, failed -> { });
    }

    /** The main window's view model. */
    public MainViewModel mainViewModel() {
        return mainViewModel;
    }

    /** The program version shown in the title. */
    public String version() {
        return version;
    }

    @Override
    public void close() {
        mainViewModel.tasks().cancelAll();
        mainViewModel.model().close();
        workers.shutdownNow();
    }
}
