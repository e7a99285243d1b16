package org.gapscope.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import org.gapscope.GapScopeVersion;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.app.alignment.AlignmentViewModel;
import org.gapscope.app.audio.AudioDisplay;
import org.gapscope.app.audio.AudioViewModel;
import org.gapscope.app.audio.ClipCache;
import org.gapscope.app.cka.CkaViewModel;
import org.gapscope.app.curves.LayerCurvesViewModel;
import org.gapscope.app.dataset.DatasetViewModel;
import org.gapscope.app.desktop.AudioServices;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.examples.ControlPartners;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.export.ExportViewModel;
import org.gapscope.app.interventions.InterventionsViewModel;
import org.gapscope.app.lens.LensViewModel;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.model.ModelViewModel;
import org.gapscope.app.run.RunViewModel;
import org.gapscope.app.runs.RunFolderViewModel;
import org.gapscope.app.session.SessionPart;
import org.gapscope.app.session.SessionStore;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.app.task.StatusLine;
import org.gapscope.app.task.Tasks;
import org.gapscope.app.window.Features;
import org.gapscope.app.window.MainViewModel;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;
import org.gapscope.engine.WarmUp;

import javafx.collections.SetChangeListener;

/**
 * Builds every service and view model once and wires them to each other; the only place where objects
 * are wired together (no static singletons anywhere else, no view model builds another).
 */
public final class CompositionRoot implements AutoCloseable {

    /** The mismatched-pair control of every view: seed 0, as {@code gapscope evaluate}'s default. */
    static final ControlSettings CONTROL = ControlSettings.defaults();

    private final String version;
    private final ExecutorService workers;
    private final MainViewModel mainViewModel;

    private CompositionRoot(String version, ExecutorService workers, BackgroundExecutor executor, Locations locations,
            AudioServices audioServices, ModelOpener opener) {
        this.version = version;
        this.workers = workers;
        this.mainViewModel = wire(version, executor, locations, audioServices, opener);
    }

    /** The services of the desktop program: heavy work on daemon worker threads, the runtime's bundles. */
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
        return new CompositionRoot(GapScopeVersion.get(), workers, executor, Locations.fromSystemProperty(),
                AudioServices.system(), ModelOpener.BUNDLES);
    }

    /** The explorer on other services (tests: a synchronous executor, fake devices, a stand-in model). */
    public static CompositionRoot of(String version, BackgroundExecutor executor, Locations locations,
            AudioServices audioServices, ModelOpener opener) {
        return new CompositionRoot(version, null, executor, locations, audioServices, opener);
    }

    private static void warmUp(BackgroundExecutor executor, Runnable work) {
        executor.submit(() -> {
            work.run();
            return Boolean.TRUE;
        }, done -> { }, failed -> { });
    }

    private static MainViewModel wire(String version, BackgroundExecutor executor, Locations locations,
            AudioServices audioServices, ModelOpener opener) {
        StatusLine status = new StatusLine("No model loaded. Open a model bundle folder to start (File ▸ Open model…).");
        Tasks tasks = new Tasks(executor, status::show);
        ClipCache clips = new ClipCache(audioServices.loader());
        Function<Example, AudioClip> audio = e -> clips.get(e.audio()).clip();
        Supplier<Path> models = () -> locations.modelsFolder().orElse(null);

        ExamplesViewModel examples = new ExamplesViewModel(executor, status::show);
        // what the audio pane reports (no speaker, no microphone, a recording saved) is about the example shown
        AudioViewModel audioPane = new AudioViewModel(tasks, clips, audioServices.recorder(), audioServices.player(),
                locations::recordingsFolder, message -> status.showUntil(message, examples.selectedProperty()), examples);
        ModelViewModel model = new ModelViewModel(tasks, opener, status::show);
        RunFolderViewModel runs = new RunFolderViewModel(tasks, status::show);
        RunViewModel run = new RunViewModel(tasks, clips, model.engineProperty(), runs.openedProperty(),
                message -> status.showUntil(message, examples.selectedProperty()));
        DatasetViewModel dataset = new DatasetViewModel(tasks, clips, examples, model.engineProperty(),
                run.settingsProperty()::get, CONTROL, opener, models, status::show);
        // the per-example controls of the layer curves and the CKA view pair an example with the same partner
        ControlPartners partners = new ControlPartners(examples, dataset.runProperty(), CONTROL.seed());
        LayerCurvesViewModel curves = new LayerCurvesViewModel(tasks, partners, model.engineProperty(),
                dataset.runProperty(), runs.openedProperty(), opener, models);
        CkaViewModel cka = new CkaViewModel(tasks, partners::partnerOf, model.engineProperty(), runs.openedProperty());
        InterventionsViewModel interventions = new InterventionsViewModel(tasks, model.engineProperty(),
                run.settingsProperty()::get, audio, examples, runs.openedProperty());
        AlignmentViewModel alignment = new AlignmentViewModel(tasks, audioPane::playRange,
                pick -> interventions.pickOnPath(pick.token(), pick.layer(), pick.metric()));
        // the heatmap's audio strips draw from the display data the audio pane already built for that clip
        alignment.stripAudioFrom(result -> {
            AudioDisplay cached = result.example().audio() == null ? null : clips.peek(result.example().audio());
            return cached != null && cached.clip() == result.clip() ? cached
                    : AudioDisplay.of(result.clip(), result.example().id());
        });
        alignment.exportStripsWhen(audioPane.prosody().showPitchProperty()::get,
                audioPane.prosody().showLevelProperty()::get);
        LensViewModel lens = new LensViewModel(tasks, model.engineProperty());
        ExportViewModel export = new ExportViewModel(tasks, status::show);

        examples.selectedProperty().addListener((obs, old, row) -> {
            audioPane.show(row);
            run.show(row);
        });
        run.resultProperty().addListener((obs, old, result) -> {
            if (result != null) {
                model.keptModelWorked();
            }
            alignment.show(result);
            curves.show(result);
            cka.show(result);
            interventions.show(result);
            lens.show(result);
            alignment.showPicked(interventions.pickedTokens());
        });
        interventions.picked().addListener((SetChangeListener<Integer>) c ->
                alignment.showPicked(interventions.pickedTokens()));
        interventions.rewrittenTokensProperty().addListener((obs, old, tokens) -> alignment.mark(tokens));
        // an opened run's examples replace the list, its summary fills the dataset view; a set loaded closes it
        runs.openedProperty().addListener((obs, old, opened) -> {
            if (opened != null) {
                examples.showRun(opened);
            }
            dataset.showStored(opened);
        });
        examples.exampleSetProperty().addListener((obs, old, set) -> {
            if (set != null) {
                runs.close();
            }
        });

        Features features = new Features(examples, clips, audioPane, model, runs, run, alignment, curves, cka,
                interventions, lens, dataset, export);
        // restored in this order: the views' settings, then the model, then the set and the example (which run)
        List<SessionPart<?>> sessionParts = List.of(run.sessionPart(), audioPane.sessionPart(), alignment.sessionPart(),
                curves.sessionPart(), cka.sessionPart(), interventions.sessionPart(), lens.sessionPart(),
                dataset.sessionPart(), model.sessionPart(),
                examples.sessionPart());
        return new MainViewModel(version, locations, status, tasks, features, new SessionStore(), sessionParts);
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
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
