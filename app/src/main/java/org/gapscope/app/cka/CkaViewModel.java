package org.gapscope.app.cka;

import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.gapscope.app.export.FigureSource;
import org.gapscope.app.session.SessionPart;
import org.gapscope.app.task.TaskContext;
import org.gapscope.app.task.TaskHandle;
import org.gapscope.app.task.Tasks;
import org.gapscope.dataset.Example;
import org.gapscope.engine.CkaOfExample;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ExampleRun;
import org.gapscope.engine.StoredRun;
import org.gapscope.figure.AnalysisFigures;
import org.gapscope.figure.CkaData;
import org.gapscope.figure.CkaRenderer;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.lenses.CkaMatrix;
import org.gapscope.lenses.LensSources;
import org.gapscope.run.SummaryCka;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * State of the cross-layer CKA view (Hsu et al. 2026): for the example shown, its (L+1) x (L+1) matrix
 * of matched pairs, GapScope's mismatched-pair control (its speech against the text of its control
 * partner, the pair {@code evaluate} calls its control) or their difference, computed by core
 * ({@link CkaOfExample}) in the background; or, when an opened run folder's summary has it, the
 * dataset's matrix ({@link SummaryCka}, as {@code gapscope figure cka --from RUN} draws it). Keeps the
 * hover read-out and the read-outs below the figure: pairing, diagonal mean, band widths, the control.
 */
public final class CkaViewModel implements FigureSource {

    /** Which matrix the view shows: the example's or the opened run's dataset matrix. */
    public enum Scope {
        /** The example shown, computed from its captures. */
        EXAMPLE("example"),
        /** The opened run's dataset matrix, from its summary.json. */
        DATASET("dataset");

        private final String key;

        Scope(String key) {
            this.key = key;
        }

        /** The name saved in sessions. */
        public String key() {
            return key;
        }

        /** Parses a saved key. */
        public static Scope parse(String s) {
            for (Scope v : values()) {
                if (v.key.equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown CKA scope '" + s + "'");
        }
    }

    private final Tasks tasks;
    private final BiFunction<Example, String, Example> partnerOf;
    private final ReadOnlyObjectProperty<ExampleEngine> model;
    private final ReadOnlyObjectProperty<StoredRun> stored;
    private final ObjectProperty<CkaData.Panel> panel = new SimpleObjectProperty<>(CkaData.Panel.MATCHED);
    private final ObjectProperty<Scope> scope = new SimpleObjectProperty<>(Scope.EXAMPLE);
    private final BooleanProperty active = new SimpleBooleanProperty(true);
    private final ReadOnlyBooleanWrapper datasetAvailable = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<CkaData> data = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper hover = new ReadOnlyStringWrapper("");
    private ExampleRun result;
    private CkaOfExample example;
    private String exampleError = "";
    private SummaryCka dataset;
    private String datasetNote = "";
    private TaskHandle task;
    private TaskHandle datasetTask;
    private Shown current;

    /**
     * Creates the view model: examples of the opened run folder {@code stored} take their control from
     * the run's stored text captures, others from the typed query of their control partner
     * ({@code partnerOf}: the example and the model's name to the partner, or null when there is none) run
     * through {@code model}.
     */
    public CkaViewModel(Tasks tasks, BiFunction<Example, String, Example> partnerOf,
            ReadOnlyObjectProperty<ExampleEngine> model, ReadOnlyObjectProperty<StoredRun> stored) {
        this.tasks = tasks;
        this.partnerOf = partnerOf;
        this.model = model;
        this.stored = stored;
        panel.addListener(o -> rebuild());
        scope.addListener(o -> rebuild());
        active.addListener((obs, was, on) -> {
            if (on && result != null && example == null && task == null && exampleError.isEmpty()) {
                compute();
            }
        });
        stored.addListener((obs, old, run) -> readDataset(run));
        readDataset(stored.get());
    }

    /** Shows the CKA of {@code shown} (null: nothing); computed now when the view is active, else when it becomes so. */
    public void show(ExampleRun shown) {
        result = shown;
        example = null;
        exampleError = "";
        if (task != null) {
            task.supersede();
            task = null;
        }
        if (shown != null && active.get()) {
            compute();
        }
        rebuildIfShowing(Scope.EXAMPLE);
    }

    /** Redraws when {@code changed} is the scope shown (the other scope's news leaves the picture and the hover alone). */
    private void rebuildIfShowing(Scope changed) {
        if (scope.get() == changed) {
            rebuild();
        }
    }

    private void compute() {
        ExampleRun shown = result;
        Function<TaskContext, CkaOfExample> work = work(shown);
        task = tasks.start("Cross-layer CKA of " + shown.example().id(), work, computed -> {
            task = null;
            if (result == shown) {
                example = computed;
                rebuildIfShowing(Scope.EXAMPLE);
            }
        }, error -> {
            task = null;
            if (result == shown) {
                exampleError = "Cross-layer CKA failed: " + error.getMessage();
                rebuildIfShowing(Scope.EXAMPLE);
            }
        }, () -> task = null);
    }

    /** How the control's partner text is found: the run's stored capture, the live model's typed query, or not at all. */
    private Function<TaskContext, CkaOfExample> work(ExampleRun shown) {
        StoredRun run = stored.get();
        Optional<StoredRun.Entry> entry = run == null ? Optional.empty() : run.entryOf(shown.example());
        if (entry.isPresent()) {
            int line = entry.get().record().line();
            return ctx -> CkaOfExample.stored(run, shown, line);
        }
        ExampleEngine engine = model.get();
        if (engine == null || !engine.modelName().equals(shown.model())) {
            return ctx -> CkaOfExample.of(shown, null, null, "the model that ran this example is not open, so its "
                    + "partner's typed query cannot be run");
        }
        Example partner = partnerOf.apply(shown.example(), shown.model());
        return ctx -> CkaOfExample.live(engine, shown, partner, "no other example with a transcript to pair with", ctx);
    }

    private void readDataset(StoredRun run) {
        if (datasetTask != null) {
            datasetTask.supersede();
            datasetTask = null;
        }
        dataset = null;
        datasetNote = run == null ? "" : "Reading the run's summary ...";
        datasetAvailable.set(false);
        rebuildIfShowing(Scope.DATASET);
        if (run == null) {
            return;
        }
        datasetTask = tasks.start("The dataset CKA of " + run.folder().getFileName(), ctx -> run.cka(), found -> {
            datasetTask = null;
            if (stored.get() != run) {
                return;
            }
            dataset = found.orElse(null);
            datasetNote = found.isPresent() ? "" : "The opened run has no dataset CKA in its summary.json (run gapscope "
                    + "analyse on it, or evaluate with this version).";
            datasetAvailable.set(found.isPresent());
            rebuildIfShowing(Scope.DATASET);
        }, error -> {
            datasetTask = null;
            if (stored.get() == run) {
                datasetNote = "The run's dataset CKA cannot be read: " + error.getMessage();
                rebuildIfShowing(Scope.DATASET);
            }
        }, () -> datasetTask = null);
    }

    /** What one of the two scopes shows: its matrices, where they come from and what they are called. */
    private record Shown(CkaMatrix matched, CkaMatrix mismatched, double[][] difference, int[] layers, String source, String title,
            String pairs, String control) {
    }

    private Shown shown() {
        if (scope.get() == Scope.DATASET) {
            if (dataset == null) {
                message.set(datasetNote.isEmpty() ? "Open a run folder (File \u25b8 Open run\u2026) whose summary.json "
                        + "has the dataset CKA (gapscope evaluate or analyse) to see the dataset matrix." : datasetNote);
                return null;
            }
            StoredRun run = stored.get();
            CkaMatrix m = dataset.matched();
            String control = dataset.mismatched() == null ? "No mismatched control in the run's summary."
                    : String.format(Locale.ROOT, "Control: each example's speech against the text of its partner "
                            + "\u03c3(i), paired proportionally, %d examples (%s).", dataset.controlExamples(),
                            dataset.controlLabel().isEmpty() ? "GapScope's control, not in the paper" : dataset.controlLabel());
            return new Shown(m, dataset.mismatched(), dataset.difference(), dataset.layers(), dataset.label(),
                    (run == null ? m.provenance().model() : run.model()) + " \u00b7 dataset"
                            + (m.provenance().example().isEmpty() ? "" : " " + m.provenance().example()),
                    String.format(Locale.ROOT, "n = %d paired tokens from %d examples", m.pairs(), dataset.examples()),
                    control);
        }
        if (result == null) {
            message.set("");
            return null;
        }
        if (example == null) {
            message.set(!exampleError.isEmpty() ? exampleError : task != null
                    ? "Computing the cross-layer CKA of " + result.example().id() + " \u2026" : "");
            return null;
        }
        int[] layers = new int[example.matched().layerCount()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = l;
        }
        String control = example.mismatched() == null ? "No mismatched control: " + example.controlNote() + "."
                : "Control: this example's speech against the text of " + example.partner()
                        + ", paired proportionally (GapScope's mismatched pair, not in the paper"
                        + (stored.get() != null && stored.get().entryOf(result.example()).isPresent()
                                ? "; the run's own pair, seed " + stored.get().controlSeed() : "") + ").";
        return new Shown(example.matched(), example.mismatched(), example.difference(), layers, LensSources.CKA,
                result.model() + " \u00b7 " + result.example().id(),
                pairs(example.matched()), control);
    }

    /**
     * {@code n = 5 paired tokens}, with a warning when n is well below d: linear CKA of few rows in many
     * dimensions is high even for unrelated pairs (random Gaussian rows, n = 100, d = 4096: about 0.97).
     */
    private static String pairs(CkaMatrix m) {
        String n = "n = " + m.pairs() + " paired tokens";
        return m.hiddenSize() > 0 && 2 * m.pairs() < m.hiddenSize() ? n + ", far fewer than d = " + m.hiddenSize()
                + ": CKA of so few rows is high even for unrelated pairs, so read it against the mismatched control" : n;
    }

    private void rebuild() {
        Shown s = shown();
        current = s;
        hover.set("");
        if (s == null) {
            data.set(null);
            details.set("");
            return;
        }
        details.set(CkaReadouts.details(s.matched(), s.mismatched(), s.layers(), s.source(), s.pairs(), s.control()));
        if (panel.get() != CkaData.Panel.MATCHED && s.mismatched() == null) {
            data.set(null);
            message.set("The " + panel.get().key() + " panel needs GapScope's mismatched control. " + s.control());
            return;
        }
        message.set("");
        data.set(AnalysisFigures.cka(panel.get(), s.matched(), s.mismatched(), s.difference(), s.layers(), s.source(), s.title()));
    }

    /**
     * The read-out for the cell of speech layer index {@code a} and text layer index {@code b} (negative:
     * off the matrix, an empty read-out).
     */
    public void hoverAt(int a, int b) {
        CkaData d = data.get();
        Shown s = current;
        hover.set(d == null || s == null || a < 0 || b < 0 || a >= d.size() || b >= d.size() ? ""
                : CkaReadouts.hover(d, a, b, s.matched(), s.mismatched()));
    }

    @Override
    public FigureRenderer figure() {
        CkaData d = data.get();
        return d == null ? null : new CkaRenderer(d);
    }

    @Override
    public String fileStem() {
        String what = scope.get() == Scope.DATASET ? "dataset" : result == null ? "" : result.example().id();
        return "cka-" + panel.get().key() + (what.isEmpty() ? "" : "-" + what);
    }

    /** Which matrix: matched, mismatched (GapScope's control) or their difference. */
    public ObjectProperty<CkaData.Panel> panelProperty() {
        return panel;
    }

    /** The example's matrix or the opened run's dataset matrix. */
    public ObjectProperty<Scope> scopeProperty() {
        return scope;
    }

    /** Whether the view is on screen: an example's CKA is computed only then (the window binds it to the tab). */
    public BooleanProperty activeProperty() {
        return active;
    }

    /** Whether an opened run's summary has the dataset CKA. */
    public ReadOnlyBooleanProperty datasetAvailableProperty() {
        return datasetAvailable.getReadOnlyProperty();
    }

    /** The figure's data (null: nothing to draw; {@link #messageProperty} says why). */
    public ReadOnlyObjectProperty<CkaData> dataProperty() {
        return data.getReadOnlyProperty();
    }

    /** Source, pairing, diagonal means, band widths and the control, for below the figure. */
    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** Progress, errors, and why nothing is drawn. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The hovered cell's speech layer, text layer and value ("undefined" for a null cell). */
    public ReadOnlyStringProperty hoverProperty() {
        return hover.getReadOnlyProperty();
    }

    /** This view's part of a session: the panel and the scope. */
    public SessionPart<CkaSession> sessionPart() {
        return CkaSession.part(this);
    }
}
