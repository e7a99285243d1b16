package org.gapscope.app.window;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.Score;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.alignment.AlignmentViewModel;
import org.gapscope.app.audio.AudioViewModel;
import org.gapscope.app.audio.ClipCache;
import org.gapscope.app.curves.LayerCurvesViewModel;
import org.gapscope.app.dataset.DatasetViewModel;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.export.ExportViewModel;
import org.gapscope.app.interventions.InterventionsViewModel;
import org.gapscope.app.model.ModelViewModel;
import org.gapscope.app.run.RunViewModel;
import org.gapscope.app.session.Session;
import org.gapscope.app.session.SessionStore;
import org.gapscope.app.task.StatusLine;
import org.gapscope.app.task.Tasks;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.figure.ColorMap;
import org.gapscope.intervention.RewriteKind;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * State of the main window: the status line, the running tasks, the interface settings (theme,
 * presentation mode), sessions, opening what ships, and the feature view models it is made of (built
 * and wired to each other by the composition root, handed in here ready).
 */
public final class MainViewModel {

    private final String version;
    private final Locations locations;
    private final StatusLine status;
    private final Tasks tasks;
    private final Features features;
    private final BooleanProperty darkTheme = new SimpleBooleanProperty(false);
    private final BooleanProperty presentationMode = new SimpleBooleanProperty(false);
    private final SessionStore sessions = new SessionStore();
    private final ClipCache clips;
    private final ExamplesViewModel examples;
    private final AudioViewModel audio;
    private final ModelViewModel model;
    private final RunViewModel run;
    private final AlignmentViewModel alignment;
    private final ExportViewModel export;
    private final DatasetViewModel dataset;
    private final LayerCurvesViewModel curves;
    private final InterventionsViewModel interventions;

    /**
     * Creates the view model.
     *
     * @param version   the program version
     * @param locations where shipped and user files live
     * @param status    the status line every feature writes to
     * @param tasks     the long tasks (status bar progress and cancel)
     * @param features  the feature view models, wired
     */
    public MainViewModel(String version, Locations locations, StatusLine status, Tasks tasks, Features features) {
        this.version = version;
        this.locations = locations;
        this.status = status;
        this.tasks = tasks;
        this.features = features;
        this.clips = features.clips();
        this.examples = features.examples();
        this.audio = features.audio();
        this.model = features.model();
        this.run = features.run();
        this.alignment = features.alignment();
        this.export = features.export();
        this.dataset = features.dataset();
        this.curves = features.curves();
        this.interventions = features.interventions();
    }

    /**
     * Loads what the program ships (the sample example set and the default model), if it is installed.
     * The set and the model load on the two workers at once; right after the model opens, still in the
     * background, the set's first example is run through it, so that its result is in the cache when
     * the window (built meanwhile on the UI thread) selects that example.
     */
    public void openDefaults() {
        Optional<Path> sample = locations.sampleExampleSet().filter(Files::isRegularFile);
        sample.ifPresent(examples::load);
        Optional<Path> bundle = locations.defaultModel();
        if (bundle.isEmpty()) {
            return;
        }
        if (sample.isEmpty()) {
            model.open(bundle.get());
            return;
        }
        AnalysisSettings chosen = run.settingsProperty().get();
        model.open(bundle.get(), (opened, ctx) -> {
            ctx.progress(-1, "running the first example");
            Example first = ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP).read(sample.get()).examples().get(0);
            return opened.run(first, clips.get(first.audio()).clip(), chosen, ctx);
        }, (opened, first) -> {
            if (first != null && chosen.equals(run.settingsProperty().get())) {
                run.remember(opened, first);
            }
        });
    }

    /** What is loaded and how the views are set, as a session ({@code tab}: the selected tab's title). */
    public Session snapshot(String tab) {
        var set = examples.exampleSetProperty().get();
        var selected = examples.selectedProperty().get();
        var card = model.cardProperty().get();
        List<Session.OwnExample> own = examples.allRows().stream().map(r -> r.example()).filter(e -> e.line() == 0
                && e.audio() != null).map(e -> new Session.OwnExample(e.id(), e.audio().toString(), e.transcript(),
                        e.answers())).toList();
        var settings = run.settingsProperty().get();
        double[] zoom = alignment.viewWindow();
        List<Integer> picked = java.util.Arrays.stream(interventions.pickedTokens()).boxed().toList();
        return new Session(Session.FORMAT_VERSION, set == null ? null : set.source().toAbsolutePath().toString(),
                selected == null ? null : selected.example().id(),
                card == null ? null : card.folder().toAbsolutePath().toString(), tab, alignment.layerProperty().get(),
                alignment.metricProperty().get().key(), alignment.colorMapProperty().get().id(), darkTheme.get(),
                presentationMode.get(), own.isEmpty() ? null : own,
                new Session.ExampleList(examples.filterProperty().get(), examples.sortOrderProperty().get().name()),
                new Session.Analysis(settings.includeLayer0(), settings.dtwExtension()),
                new Session.Alignment(alignment.showPathProperty().get(), alignment.showDtwProperty().get(),
                        alignment.sharedScaleProperty().get(), alignment.pickTokensProperty().get(),
                        zoom == null ? null : zoom[0], zoom == null ? null : zoom[1]),
                new Session.Curves(curves.showMeanProperty().get(), curves.showControlProperty().get(),
                        curves.showCheckpointsProperty().get()),
                new Session.Interventions(interventions.kindProperty().get().key(), interventions.tokensProperty().get().name(),
                        interventions.kProperty().get(), interventions.layersProperty().get(),
                        interventions.ownPathProperty().get(), interventions.selectionLayerProperty().get(),
                        interventions.pathMetricProperty().get().key(), picked.isEmpty() ? null : picked),
                new Session.Dataset(dataset.xScoreProperty().get().name(), dataset.yScoreProperty().get().name(),
                        dataset.regressionScoreProperty().get().name()));
    }

    /** Saves the session to {@code file} (atomically: a crash never leaves a half-written session). */
    public void saveSession(Path file, String tab) {
        Session session = snapshot(tab);
        tasks.start("Saving the session", ctx -> {
            sessions.save(session, file);
            return file;
        }, saved -> setStatus("Saved the session to " + saved), error -> {
            if (!(error instanceof java.util.concurrent.CancellationException)) {
                setStatus("Could not save the session: " + error.getMessage());
            }
        });
    }

    /**
     * Opens a session file: the example set, the selected example, the model, the views' settings;
     * {@code selectTab} gets the tab to show. A file that is not a session changes nothing.
     */
    public void openSession(Path file, Consumer<String> selectTab) {
        Session session;
        try {
            session = sessions.open(file);
        } catch (GapScopeException e) {
            setStatus("Could not open the session: " + e.getMessage());
            return;
        }
        restore(session, selectTab);
        setStatus("Opened the session " + file.getFileName());
    }

    /** Applies {@code session}. */
    public void restore(Session session, Consumer<String> selectTab) {
        if (session.darkTheme() != null) {
            darkTheme.set(session.darkTheme());
        }
        if (session.presentationMode() != null) {
            presentationMode.set(session.presentationMode());
        }
        if (session.metric() != null) {
            try {
                alignment.metricProperty().set(SimilarityMetric.parse(session.metric()));
            } catch (RuntimeException ignored) {
                // an unknown metric keeps the current one
            }
        }
        if (session.colormap() != null) {
            try {
                alignment.colorMapProperty().set(ColorMap.parse(session.colormap()));
            } catch (RuntimeException ignored) {
                // an unknown colour map keeps the current one
            }
        }
        if (session.layer() != null) {
            alignment.layerProperty().set(Math.max(0, session.layer()));
        }
        restoreViews(session);
        if (session.tab() != null) {
            selectTab.accept(session.tab());
        }
        if (session.model() != null) {
            model.open(Paths.get(session.model()));
        }
        Runnable addOwn = () -> {
            if (session.ownExamples() != null) {
                for (Session.OwnExample own : session.ownExamples()) {
                    if (!examples.select(own.id())) {
                        examples.add(new Example(own.id(), Paths.get(own.audio()), own.transcript(),
                                own.answers() == null || own.answers().isEmpty() ? List.of("") : own.answers(), List.of(),
                                "", "own audio", 0));
                    }
                }
            }
            if (session.selectedExample() != null) {
                examples.select(session.selectedExample());
            }
            if (session.examples() != null) {
                set(session.examples().filter(), examples.filterProperty()::set); // loading a set clears the filter
            }
        };
        if (session.exampleSet() != null) {
            examples.load(Paths.get(session.exampleSet()), set -> addOwn.run());
        } else {
            addOwn.run();
        }
    }

    /** The views' settings of {@code session}; a value this version does not know keeps the current one. */
    private void restoreViews(Session session) {
        Session.ExampleList list = session.examples();
        if (list != null) {
            set(parse(list.sort(), ExamplesViewModel.SortOrder::valueOf), examples.sortOrderProperty()::set);
        }
        Session.Analysis analysis = session.analysis();
        if (analysis != null) {
            AnalysisSettings now = run.settingsProperty().get();
            AnalysisSettings next = new AnalysisSettings(
                    analysis.includeLayer0() != null ? analysis.includeLayer0() : now.includeLayer0(),
                    analysis.dtwExtension() != null ? analysis.dtwExtension() : now.dtwExtension());
            if (!next.equals(now)) {
                run.settingsProperty().set(next);
            }
        }
        Session.Alignment a = session.alignment();
        if (a != null) {
            set(a.showPath(), alignment.showPathProperty()::set);
            set(a.showDtw(), alignment.showDtwProperty()::set);
            set(a.sharedScale(), alignment.sharedScaleProperty()::set);
            set(a.pickTokens(), alignment.pickTokensProperty()::set);
            if (a.zoomFrom() != null && a.zoomTo() != null && a.zoomTo() > a.zoomFrom()) {
                alignment.requestViewWindow(new double[] {a.zoomFrom(), a.zoomTo()});
            }
        }
        Session.Curves c = session.curves();
        if (c != null) {
            set(c.showMean(), curves.showMeanProperty()::set);
            set(c.showControl(), curves.showControlProperty()::set);
            set(c.showCheckpoints(), curves.showCheckpointsProperty()::set);
        }
        Session.Interventions i = session.interventions();
        if (i != null) {
            set(parse(i.method(), RewriteKind::parse), interventions.kindProperty()::set);
            set(parse(i.tokens(), InterventionsViewModel.Tokens::valueOf), interventions.tokensProperty()::set);
            set(i.k() != null && i.k() >= 1 ? i.k() : null, interventions.kProperty()::set);
            set(i.layers(), interventions.layersProperty()::set);
            set(i.ownPath(), interventions.ownPathProperty()::set);
            set(i.selectionLayer() != null && i.selectionLayer() >= 0 ? i.selectionLayer() : null,
                    interventions.selectionLayerProperty()::set);
            set(parse(i.pathMetric(), SimilarityMetric::parse), interventions.pathMetricProperty()::set);
            if (i.picked() != null && session.selectedExample() != null) {
                interventions.restorePicked(session.selectedExample(),
                        i.picked().stream().filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray());
            }
        }
        Session.Dataset d = session.dataset();
        if (d != null) {
            set(parse(d.xScore(), Score::valueOf), dataset.xScoreProperty()::set);
            set(parse(d.yScore(), Score::valueOf), dataset.yScoreProperty()::set);
            set(parse(d.regressionScore(), Score::valueOf), dataset.regressionScoreProperty()::set);
        }
    }

    private static <T> void set(T value, Consumer<T> target) {
        if (value != null) {
            target.accept(value);
        }
    }

    private static <T> T parse(String text, java.util.function.Function<String, T> parser) {
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (RuntimeException unknown) {
            return null;
        }
    }

    /** Shows a one-line message in the status bar. */
    public void setStatus(String message) {
        status.show(message);
    }

    /** The line shown in the status bar. */
    public ReadOnlyStringProperty statusProperty() {
        return status.textProperty();
    }

    /** Dark interface theme (exports are always light). */
    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    /** Presentation mode: large fonts for talks. */
    public BooleanProperty presentationModeProperty() {
        return presentationMode;
    }

    /** The long tasks (status bar progress and cancel). */
    public Tasks tasks() {
        return tasks;
    }

    /** The example list. */
    public ExamplesViewModel examples() {
        return examples;
    }

    /** The model and its card. */
    public ModelViewModel model() {
        return model;
    }

    /** The selected example's result. */
    public RunViewModel run() {
        return run;
    }

    /** The alignment view. */
    public AlignmentViewModel alignment() {
        return alignment;
    }

    /** The dataset view. */
    public DatasetViewModel dataset() {
        return dataset;
    }

    /** The layer curves view. */
    public LayerCurvesViewModel curves() {
        return curves;
    }

    /** The interventions view. */
    public InterventionsViewModel interventions() {
        return interventions;
    }

    /** Export settings and commands. */
    public ExportViewModel export() {
        return export;
    }

    /** The audio pane. */
    public AudioViewModel audio() {
        return audio;
    }

    /** Decoded clips shared by the audio pane and the model runs. */
    public ClipCache clips() {
        return clips;
    }

    /** Where shipped resources live. */
    public Locations locations() {
        return locations;
    }

    /** The program version. */
    public String version() {
        return version;
    }

    /** The feature view models. */
    public Features features() {
        return features;
    }
}
