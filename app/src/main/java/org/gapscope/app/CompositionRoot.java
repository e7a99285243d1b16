package org.gapscope.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.gapscope.GapScopeVersion;
import org.gapscope.app.model.DjlSpeechModel;
import org.gapscope.app.shell.AudioServices;
import org.gapscope.app.shell.BackgroundExecutor;
import org.gapscope.app.shell.Locations;
import org.gapscope.app.shell.MainViewModel;

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
                DjlSpeechModel.opener());
    }

    /** The services of the desktop program: heavy work on daemon worker threads. */
    public static CompositionRoot forDesktop() {
        // the native libraries load while the window is built and the example set is read
        DjlSpeechModel.warmUpInBackground();
        AnalysisWarmUp.startInBackground();
        // two workers: a model run does not hold up decoding the next example's audio
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "gapscope-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new CompositionRoot(GapScopeVersion.get(), workers, BackgroundExecutor.onFxThread(workers));
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
