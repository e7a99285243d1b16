package org.gapscope.app.window;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.app.alignment.AlignmentViewModel;
import org.gapscope.app.audio.AudioViewModel;
import org.gapscope.app.audio.ClipCache;
import org.gapscope.app.cka.CkaViewModel;
import org.gapscope.app.curves.LayerCurvesViewModel;
import org.gapscope.app.dataset.DatasetViewModel;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.export.ExportViewModel;
import org.gapscope.app.interventions.InterventionsViewModel;
import org.gapscope.app.lens.LensViewModel;
import org.gapscope.app.model.ModelViewModel;
import org.gapscope.app.run.RunViewModel;
import org.gapscope.app.session.Session;
import org.gapscope.app.session.SessionPart;
import org.gapscope.app.session.SessionStore;
import org.gapscope.app.task.StatusLine;
import org.gapscope.app.task.Tasks;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSetReader;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

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
    private final StringProperty selectedTab = new SimpleStringProperty();
    private final SessionStore sessions;
    private final List<SessionPart<?>> parts = new ArrayList<>();
    private final ClipCache clips;
    private final ExamplesViewModel examples;
    private final AudioViewModel audio;
    private final ModelViewModel model;
    private final RunViewModel run;
    private final AlignmentViewModel alignment;
    private final ExportViewModel export;
    private final DatasetViewModel dataset;
    private final LayerCurvesViewModel curves;
    private final LensViewModel lens;
    private final CkaViewModel cka;
    private final InterventionsViewModel interventions;

    /**
     * Creates the view model.
     *
     * @param version   the program version
     * @param locations where shipped and user files live
     * @param status    the status line every feature writes to
     * @param tasks     the long tasks (status bar progress and cancel)
     * @param features  the feature view models, wired
     * @param sessions  saves and opens session files
     * @param views     the features' parts of a session, in the order they are restored (after the window's)
     */
    public MainViewModel(String version, Locations locations, StatusLine status, Tasks tasks, Features features,
            SessionStore sessions, List<SessionPart<?>> views) {
        this.version = version;
        this.locations = locations;
        this.status = status;
        this.tasks = tasks;
        this.features = features;
        this.sessions = sessions;
        parts.add(windowPart());
        parts.addAll(views);
        this.clips = features.clips();
        this.examples = features.examples();
        this.audio = features.audio();
        this.model = features.model();
        this.run = features.run();
        this.alignment = features.alignment();
        this.export = features.export();
        this.dataset = features.dataset();
        this.curves = features.curves();
        this.cka = features.cka();
        this.interventions = features.interventions();
        this.lens = features.lens();
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

    /**
     * Opens a run folder (File ▸ Open run…, {@code ./gapscope --run RUN_DIR}) in the background: its
     * examples replace the list with the model's answers, each analysed from its stored captures when
     * selected, and the dataset view shows its summary; the window keeps working meanwhile.
     */
    public void openRun(Path folder) {
        features.runs().open(folder);
    }

    /** What is loaded and how every view is set, each view's part under its key. */
    public Session snapshot() {
        return sessions.capture(parts);
    }

    /** Saves the session to {@code file} (atomically: a crash never leaves a half-written session). */
    public void saveSession(Path file) {
        Session session = snapshot();
        tasks.start("Saving the session", ctx -> {
            sessions.save(session, file);
            return file;
        }, saved -> setStatus("Saved the session to " + saved),
                error -> setStatus("Could not save the session: " + error.getMessage()));
    }

    /**
     * Opens a session file (of this version or an earlier one): each view restores its part (the tab,
     * the theme, the views' settings, the model, the example set and the example). A file that is not a
     * session changes nothing.
     */
    public void openSession(Path file) {
        Session session;
        try {
            session = sessions.open(file);
        } catch (GapScopeException e) {
            setStatus("Could not open the session: " + e.getMessage());
            return;
        }
        restore(session);
        setStatus("Opened the session " + file.getFileName());
    }

    /** Gives each view its part of {@code session}. */
    public void restore(Session session) {
        sessions.restore(session, parts);
    }

    private SessionPart<WindowSession> windowPart() {
        return SessionPart.of(WindowSession.KEY, WindowSession.class,
                () -> new WindowSession(selectedTab.get(), darkTheme.get(), presentationMode.get()), saved -> {
                    SessionPart.set(saved.darkTheme(), darkTheme::set);
                    SessionPart.set(saved.presentationMode(), presentationMode::set);
                    SessionPart.set(saved.tab(), selectedTab::set);
                });
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

    /** The title of the analysis tab shown (the window keeps it in step with its tabs). */
    public StringProperty selectedTabProperty() {
        return selectedTab;
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

    /** The logit-lens view. */
    public LensViewModel lens() {
        return lens;
    }

    /** The cross-layer CKA view. */
    public CkaViewModel cka() {
        return cka;
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
