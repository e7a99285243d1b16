package org.gapscope.app.interventions;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.export.FigureSource;
import org.gapscope.app.session.SessionPart;
import org.gapscope.app.task.TaskHandle;
import org.gapscope.app.task.Tasks;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ExampleRun;
import org.gapscope.engine.StoredRun;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.InterventionSettings;
import org.gapscope.intervention.RewriteKind;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;

/**
 * State and commands of the interventions view: the method, which tokens (Bottom-k with k, All, or
 * tokens picked on the path), the rewrite layers and the path that selects; running it on the current
 * example (answers before and after beside the gold one) and over the whole set (accuracy table).
 */
public final class InterventionsViewModel implements FigureSource {

    /** How critical tokens are chosen. */
    public enum Tokens {
        /** The k tokens with the worst path value (paper: k = 3). */
        BOTTOM_K("Bottom-k"),
        /** Every token on the path. */
        ALL("All"),
        /** Tokens the user picked. */
        PICKED("Picked on the path");

        private final String label;

        Tokens(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * One example's before/after.
     *
     * @param example       the example
     * @param plan          the rewrite applied
     * @param before        answer to the unedited speech
     * @param after         answer after the rewrite
     * @param correctBefore judged (null: no gold)
     * @param correctAfter  judged (null: no gold)
     */
    public record Outcome(ExampleRun example, InterventionPlan plan, String before, String after,
            Boolean correctBefore, Boolean correctAfter) {
    }

    /** One row of the accuracy table. */
    public record AccuracyRow(String condition, String accuracy, String change, String n) {
    }

    private final Tasks tasks;
    private final ReadOnlyObjectProperty<ExampleEngine> model;
    private final ReadOnlyObjectProperty<StoredRun> stored;
    private final ReadOnlyObjectWrapper<int[]> rewrittenTokens = new ReadOnlyObjectWrapper<>(new int[0]);
    private final ObjectProperty<RewriteKind> kind = new SimpleObjectProperty<>(RewriteKind.ANGLE_PROJECTION);
    private final ObjectProperty<Tokens> tokens = new SimpleObjectProperty<>(Tokens.BOTTOM_K);
    private final IntegerProperty k = new SimpleIntegerProperty(CriticalTokenSelection.DEFAULT_K);
    private final StringProperty layers = new SimpleStringProperty("0");
    private final BooleanProperty ownPath = new SimpleBooleanProperty(true);
    private final IntegerProperty selectionLayer = new SimpleIntegerProperty(0);
    private final ObjectProperty<SimilarityMetric> pathMetric = new SimpleObjectProperty<>(SimilarityMetric.COSINE);
    private final PickedTokens picked = new PickedTokens();
    private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pickedSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<int[]> layerSpan = new ReadOnlyObjectWrapper<>(new int[] {0, 0});
    private final SetAccuracyTable setTable;
    private ExampleRun result;
    private TaskHandle task;

    /**
     * Creates the view model.
     *
     * @param model      the engine of the loaded model
     * @param analysis   the analysis settings examples run with
     * @param audio      an example's decoded audio (any thread)
     * @param examples   the example list (the set the table runs over)
     * @param stored     the run folder opened (null: none): its examples come from stored captures, so an
     *                   intervention needs that run's model open as a bundle
     */
    public InterventionsViewModel(Tasks tasks, ReadOnlyObjectProperty<ExampleEngine> model,
            Supplier<AnalysisSettings> analysis, Function<Example, AudioClip> audio, ExamplesViewModel examples,
            ReadOnlyObjectProperty<StoredRun> stored) {
        this.tasks = tasks;
        this.model = model;
        this.stored = stored;
        this.setTable = new SetAccuracyTable(tasks, model::get, analysis, audio, examples);
        model.addListener(o -> {
            setTable.clear();
            if (result != null && task == null && outcome.get() == null) {
                ready(); // a run's example: interventions go on or off with the model opened
            }
        });
        layers.addListener((obs, old, text) -> layerSpan.set(span(text)));
        // an outcome belongs to the settings it ran with: any change takes it (and its marks) off the screen
        for (javafx.beans.Observable setting : List.of(kind, tokens, k, layers, ownPath, selectionLayer, pathMetric)) {
            setting.addListener(o -> settingsChanged());
        }
        picked.set().addListener((SetChangeListener<Integer>) c -> settingsChanged());
        picked.set().addListener((SetChangeListener<Integer>) c -> updatePickedSummary());
        pathMetric.addListener(o -> updatePickedSummary());
        selectionLayer.addListener(o -> updatePickedSummary());
        ownPath.addListener(o -> updatePickedSummary());
        updatePickedSummary();
    }

    /**
     * Follows the current example's result. Picked tokens stay when the same example is shown again
     * with the same tokens (analysed again), and are cleared otherwise.
     */
    public void show(ExampleRun shown) {
        if (task != null) {
            task.supersede();
            task = null;
        }
        result = shown;
        picked.follow(shown);
        updatePickedSummary();
        outcome.set(null);
        ready();
    }

    private void ready() {
        String off = offReason(result);
        message.set(result == null ? "" : off != null ? off : "Choose a method and tokens, then Run.");
    }

    /**
     * Why no intervention can run on {@code shown}, or null when one can: an example of an opened run is
     * analysed from its stored captures, and rewriting its speech needs the run's model itself (its
     * bundle open, by the same name) and the example's audio.
     */
    String offReason(ExampleRun shown) {
        StoredRun run = stored.get();
        if (shown == null || run == null || run.entryOf(shown.example()).isEmpty()) {
            return null;
        }
        ExampleEngine current = model.get();
        if (current == null || !current.modelName().equals(run.model())) {
            return "Interventions are off: " + shown.example().id() + " comes from the run folder "
                    + run.folder().getFileName() + ", analysed from the run's stored captures of " + run.model()
                    + "; rewriting its speech needs that model. Open its bundle (File ▸ Open model…) to run them"
                    + (current == null ? "." : " (the model open is " + current.modelName() + ").");
        }
        if (shown.example().audioFile().isEmpty()) {
            return "Interventions are off: " + shown.example().id() + " has no audio here ("
                    + run.datasetNote().orElse("the run's dataset names none") + ").";
        }
        return null;
    }

    /**
     * Picks or unpicks a token clicked on a path in the alignment view: the tokens become the picked
     * ones, and that path (its layer and metric) selects the speech positions rewritten, so the cells
     * clicked are exactly the ones the intervention rewrites.
     */
    public void pickOnPath(int token, int layer, SimilarityMetric metric) {
        if (result == null || token < 0 || token >= result.text().tokens().size()) {
            return;
        }
        tokens.set(Tokens.PICKED);
        pathMetric.set(metric);
        ownPath.set(false);
        selectionLayer.set(layer);
        picked.toggle(token);
        int n = picked.set().size();
        message.set(n == 0 ? "No tokens picked." : "Picked " + n + " token(s); Run to rewrite their path cells.");
    }

    private void settingsChanged() {
        if (outcome.get() == null && rewrittenTokens.get().length == 0) {
            return;
        }
        if (task != null) {
            task.supersede();
            task = null;
        }
        outcome.set(null);
        rewrittenTokens.set(new int[0]);
        String off = offReason(result);
        message.set(off != null ? off : "The settings changed: Run for the answers under them.");
    }

    /** The lowest and highest layer named in {@code text}, or null when it names none or cannot be read. */
    private static int[] span(String text) {
        try {
            int[] l = RewriteLayers.parse(text);
            return new int[] {l[0], l[l.length - 1]};
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Picks {@code tokens} when the example {@code exampleId} is next shown (a session being reopened). */
    public void restorePicked(String exampleId, int[] tokens) {
        picked.restore(exampleId, tokens);
    }

    /** The picked tokens, ascending. */
    public int[] pickedTokens() {
        return picked.sorted();
    }

    private void updatePickedSummary() {
        List<String> names = picked.names();
        if (names.isEmpty()) {
            pickedSummary.set("No tokens picked: Ctrl+click the path dots in the Alignment view (or turn on its "
                    + "“Pick tokens” button), or tick tokens below.");
            return;
        }
        String path = pathMetric.get().key() + " path of " + (ownPath.get() ? "each rewrite layer" : "layer " + selectionLayer.get());
        pickedSummary.set("Picked on the " + path + ": " + String.join(", ", names));
    }

    /** The settings as chosen (picked tokens aside). */
    public InterventionSettings settings() {
        int[] rewrite = RewriteLayers.parse(layers.get());
        CriticalTokenSelection selection = tokens.get() == Tokens.BOTTOM_K ? CriticalTokenSelection.bottomK(k.get())
                : CriticalTokenSelection.allTokens();
        return new InterventionSettings(kind.get(), selection, rewrite,
                ownPath.get() ? OptionalInt.empty() : OptionalInt.of(selectionLayer.get()), pathMetric.get());
    }

    /** The plan for {@code r} under {@code s}, honouring picked tokens. */
    InterventionPlan plan(ExampleRun r, InterventionSettings s, boolean usePicked) {
        for (int l : s.rewriteLayers()) {
            if (l >= r.layerCount()) {
                throw new GapScopeException("layers: " + l + " does not exist; this model has layers 0 to " + (r.layerCount() - 1));
            }
        }
        if (!usePicked) {
            return InterventionPlan.of(r.analysis(), r.text().states(), s);
        }
        if (picked.set().isEmpty()) {
            throw new GapScopeException("no tokens picked: Ctrl+click path dots in the Alignment view, or tick tokens in the list");
        }
        return InterventionPlan.ofTokens(r.analysis(), r.text().states(), s, pickedTokens());
    }

    /** Runs the intervention on the current example (background). */
    public void runExample() {
        ExampleRun shown = result;
        ExampleEngine current = model.get();
        if (shown == null || current == null) {
            message.set("Select an analysed example first.");
            return;
        }
        String off = offReason(shown);
        if (off != null) {
            message.set(off);
            return;
        }
        InterventionPlan plan;
        try {
            plan = plan(shown, settings(), tokens.get() == Tokens.PICKED);
        } catch (RuntimeException e) {
            // nothing ran: no earlier outcome may stand under this message as if it were its result
            outcome.set(null);
            rewrittenTokens.set(new int[0]);
            message.set(e.getMessage());
            return;
        }
        rewrittenTokens.set(plan.rewrites().get(0).tokens().selectedTokens());
        message.set("Running " + describe(plan) + " on " + shown.example().id() + " ...");
        task = tasks.start("Intervention on " + shown.example().id(), ctx -> current.intervene(shown, plan, ctx),
                after -> {
                    task = null;
                    if (result != shown) {
                        return;
                    }
                    outcome.set(new Outcome(shown, plan, shown.speech().answer(), after, shown.speechCorrect(),
                            ExampleEngine.judge(shown.example(), after)));
                    message.set(String.format(Locale.ROOT, "%s rewrote %d speech position(s).", describe(plan),
                            plan.rewrites().stream().mapToInt(r -> r.speechPositions().length).sum()));
                }, error -> {
                    task = null;
                    message.set("Intervention failed: " + error.getMessage());
                }, () -> task = null);
    }

    /**
     * Runs text, speech and the four paper conditions (angle/length × Bottom-k/All, with the chosen k,
     * layers and path) over every example of the set (background), filling the accuracy table.
     */
    public void runSet() {
        StoredRun run = stored.get();
        ExampleEngine current = model.get();
        if (run != null && (current == null || !current.modelName().equals(run.model()))) {
            message.set("The table runs every example through the model: open " + run.model()
                    + "'s bundle (File ▸ Open model…) to run it over the run's examples.");
            return;
        }
        setTable.run(this::settings, k.get());
    }

    private String describe(InterventionPlan plan) {
        return plan.settings().kind().key() + " · " + selectionLabel(plan) + " · rewritten at layers "
                + Arrays.toString(plan.settings().rewriteLayers());
    }

    /**
     * Which tokens a plan rewrote and on which path they were found, e.g. {@code picked on the cosine path
     * of layer 2}: the layer that selects, which need not be the layer rewritten.
     */
    String selectionLabel(InterventionPlan plan) {
        String which = tokens.get() == Tokens.PICKED ? "picked" : plan.settings().selection().label();
        String metric = plan.settings().pathMetric().key();
        if (plan.settings().selectionLayer().isPresent()) {
            return which + " on the " + metric + " path of layer " + plan.settings().selectionLayer().getAsInt();
        }
        return which + " on the " + metric + " path of " + (plan.rewrites().size() == 1
                ? "layer " + plan.rewrites().get(0).tokens().layer() : "each rewrite layer");
    }

    @Override
    public FigureRenderer figure() {
        Outcome o = outcome.get();
        return o == null ? null : InterventionFigure.of(o, selectionLabel(o.plan()), setTable.accuracy());
    }

    @Override
    public String fileStem() {
        Outcome o = outcome.get();
        return o == null ? "intervention" : "intervention-" + o.example().example().id() + "-" + o.plan().settings().kind().key();
    }

    /** Angle projection or length normalization. */
    public ObjectProperty<RewriteKind> kindProperty() {
        return kind;
    }

    /** Bottom-k, All or picked. */
    public ObjectProperty<Tokens> tokensProperty() {
        return tokens;
    }

    /** k of Bottom-k. */
    public IntegerProperty kProperty() {
        return k;
    }

    /** The lowest and highest rewrite layer in the layers field (the range slider shows them); null while it cannot be read. */
    public ReadOnlyObjectProperty<int[]> layerSpanProperty() {
        return layerSpan.getReadOnlyProperty();
    }

    /** Rewrite layers, e.g. {@code 0} or {@code 0,2-3}. */
    public StringProperty layersProperty() {
        return layers;
    }

    /** Whether each rewrite layer's own path selects (true) or {@link #selectionLayerProperty()} does. */
    public BooleanProperty ownPathProperty() {
        return ownPath;
    }

    /** The layer whose path selects, when not each layer's own. */
    public IntegerProperty selectionLayerProperty() {
        return selectionLayer;
    }

    /** Which path selects the tokens. */
    public ObjectProperty<SimilarityMetric> pathMetricProperty() {
        return pathMetric;
    }

    /** Tokens picked on the path (indices). */
    public ObservableSet<Integer> picked() {
        return picked.set();
    }

    /** The current example's before/after (null: not run). */
    public ReadOnlyObjectProperty<Outcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** The accuracy table rows. */
    public ObservableList<AccuracyRow> table() {
        return setTable.rows();
    }

    /** Notes and errors for the example. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Which tokens are picked and on which path, for the view. */
    public ReadOnlyStringProperty pickedSummaryProperty() {
        return pickedSummary.getReadOnlyProperty();
    }

    /** Notes for the table. */
    public ReadOnlyStringProperty tableNoteProperty() {
        return setTable.noteProperty();
    }

    /** The tokens whose path cells the latest intervention rewrote (the alignment view frames them). */
    public ReadOnlyObjectProperty<int[]> rewrittenTokensProperty() {
        return rewrittenTokens.getReadOnlyProperty();
    }

    /** This view's part of a session: its settings and the picked tokens. */
    public SessionPart<InterventionsSession> sessionPart() {
        return InterventionsSession.part(this);
    }

    /** The example shown (null: none). */
    public ExampleRun result() {
        return result;
    }
}
