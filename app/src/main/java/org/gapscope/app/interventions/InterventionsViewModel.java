package org.gapscope.app.interventions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AlignmentPath;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.examples.ExampleRow;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.export.FigureSource;
import org.gapscope.app.session.SessionPart;
import org.gapscope.app.task.TaskHandle;
import org.gapscope.app.task.Tasks;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ExampleRun;
import org.gapscope.engine.InterventionSweep;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.InterventionData;
import org.gapscope.figure.InterventionRenderer;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

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
    private final Supplier<AnalysisSettings> analysis;
    private final Function<Example, AudioClip> audio;
    private final ExamplesViewModel examples;
    private final ReadOnlyObjectWrapper<int[]> rewrittenTokens = new ReadOnlyObjectWrapper<>(new int[0]);
    private final Consumer<String> status;
    private final ObjectProperty<RewriteKind> kind = new SimpleObjectProperty<>(RewriteKind.ANGLE_PROJECTION);
    private final ObjectProperty<Tokens> tokens = new SimpleObjectProperty<>(Tokens.BOTTOM_K);
    private final IntegerProperty k = new SimpleIntegerProperty(CriticalTokenSelection.DEFAULT_K);
    private final StringProperty layers = new SimpleStringProperty("0");
    private final BooleanProperty ownPath = new SimpleBooleanProperty(true);
    private final IntegerProperty selectionLayer = new SimpleIntegerProperty(0);
    private final ObjectProperty<SimilarityMetric> pathMetric = new SimpleObjectProperty<>(SimilarityMetric.COSINE);
    private final ObservableSet<Integer> picked = FXCollections.observableSet();
    private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>();
    private final ObservableList<AccuracyRow> table = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper tableNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pickedSummary = new ReadOnlyStringWrapper("");
    private String restoreFor;
    private int[] restorePicked;
    private InterventionData.AccuracyTable accuracy;
    private ExampleRun result;
    private TaskHandle task;

    /**
     * Creates the view model.
     *
     * @param model      the engine of the loaded model
     * @param analysis   the analysis settings examples run with
     * @param audio      an example's decoded audio (any thread)
     * @param examples   the example list (the set the table runs over)
     * @param status     one-line messages for the status bar
     */
    public InterventionsViewModel(Tasks tasks, ReadOnlyObjectProperty<ExampleEngine> model,
            Supplier<AnalysisSettings> analysis, Function<Example, AudioClip> audio, ExamplesViewModel examples,
            Consumer<String> status) {
        this.tasks = tasks;
        this.model = model;
        this.analysis = analysis;
        this.audio = audio;
        this.examples = examples;
        this.status = status;
        model.addListener(o -> {
            table.clear();
            accuracy = null;
        });
        picked.addListener((javafx.collections.SetChangeListener<Integer>) c -> updatePickedSummary());
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
        ExampleRun previous = result;
        result = shown;
        boolean sameText = previous != null && shown != null && previous.example().id().equals(shown.example().id())
                && previous.text().tokens().equals(shown.text().tokens());
        if (!sameText) {
            picked.clear();
        }
        if (shown != null && restorePicked != null && shown.example().id().equals(restoreFor)) {
            for (int j : restorePicked) {
                if (j >= 0 && j < shown.text().tokens().size()) {
                    picked.add(j);
                }
            }
            restorePicked = null;
            restoreFor = null;
        }
        updatePickedSummary();
        outcome.set(null);
        message.set(shown == null ? "" : "Choose a method and tokens, then Run.");
    }

    /**
     * Picks or unpicks a token clicked on a path in the alignment view: the tokens become the picked
     * ones, and that path (its layer and metric) selects the speech positions rewritten, so the cells
     * clicked are exactly the ones the intervention rewrites.
     */
    public void pickOnPath(int token, int layer, SimilarityMetric metric) {
        ExampleRun shown = result;
        if (shown == null || token < 0 || token >= shown.text().tokens().size()) {
            return;
        }
        tokens.set(Tokens.PICKED);
        pathMetric.set(metric);
        ownPath.set(false);
        selectionLayer.set(layer);
        if (!picked.remove(token)) {
            picked.add(token);
        }
        message.set(picked.isEmpty() ? "No tokens picked." : "Picked " + picked.size() + " token(s); Run to rewrite their path cells.");
    }

    /** Picks {@code tokens} when the example {@code exampleId} is next shown (a session being reopened). */
    public void restorePicked(String exampleId, int[] tokens) {
        if (exampleId == null || tokens == null || tokens.length == 0) {
            return;
        }
        if (result != null && result.example().id().equals(exampleId)) {
            for (int j : tokens) {
                if (j >= 0 && j < result.text().tokens().size()) {
                    picked.add(j);
                }
            }
            return;
        }
        restoreFor = exampleId;
        restorePicked = tokens.clone();
    }

    /** The picked tokens, ascending. */
    public int[] pickedTokens() {
        return picked.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private void updatePickedSummary() {
        ExampleRun shown = result;
        if (picked.isEmpty() || shown == null) {
            pickedSummary.set("No tokens picked: Ctrl+click the path dots in the Alignment view (or turn on its "
                    + "“Pick tokens” button), or tick tokens below.");
            return;
        }
        List<String> names = new ArrayList<>();
        for (int j : pickedTokens()) {
            names.add("“" + (j < shown.text().tokens().size() ? shown.text().tokens().get(j) : "?") + "” (" + j + ")");
        }
        String path = pathMetric.get().key() + " path of " + (ownPath.get() ? "each rewrite layer" : "layer " + selectionLayer.get());
        pickedSummary.set("Picked on the " + path + ": " + String.join(", ", names));
    }

    /** The settings as chosen (picked tokens aside). */
    public InterventionSettings settings() {
        int[] rewrite = parseLayers(layers.get());
        CriticalTokenSelection selection = tokens.get() == Tokens.BOTTOM_K ? CriticalTokenSelection.bottomK(k.get())
                : CriticalTokenSelection.allTokens();
        return new InterventionSettings(kind.get(), selection, rewrite,
                ownPath.get() ? OptionalInt.empty() : OptionalInt.of(selectionLayer.get()), pathMetric.get());
    }

    /** Parses {@code 0}, {@code 0,2}, {@code 1-3} into sorted layers. */
    public static int[] parseLayers(String text) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String part : (text == null ? "" : text).split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    int a = Integer.parseInt(p.substring(0, dash).strip());
                    int b = Integer.parseInt(p.substring(dash + 1).strip());
                    for (int l = Math.min(a, b); l <= Math.max(a, b); l++) {
                        out.add(l);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new GapScopeException("layers: \"" + p + "\" is not a layer number or range (e.g. 0, 2-4)");
            }
        }
        if (out.isEmpty()) {
            throw new GapScopeException("layers: give at least one layer (0 = the LLM input)");
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
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
        if (picked.isEmpty()) {
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
        InterventionPlan plan;
        try {
            plan = plan(shown, settings(), tokens.get() == Tokens.PICKED);
        } catch (RuntimeException e) {
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
                    if (!(error instanceof CancellationException)) {
                        message.set("Intervention failed: " + error.getMessage());
                    }
                });
    }

    /**
     * Runs text, speech and the four paper conditions (angle/length × Bottom-k/All, with the chosen k,
     * layers and path) over every example of the set (background), filling the accuracy table.
     */
    public void runSet() {
        ExampleEngine current = model.get();
        List<Example> set = examples.allRows().stream().map(ExampleRow::example)
                .filter(e -> e.audioFile().isPresent() && !e.transcript().isBlank()).toList();
        if (current == null || set.isEmpty()) {
            tableNote.set(current == null ? "Open a model first." : "Load an example set first.");
            return;
        }
        InterventionSettings base;
        try {
            base = settings();
        } catch (RuntimeException e) {
            tableNote.set(e.getMessage());
            return;
        }
        List<InterventionSettings> conditions = new ArrayList<>();
        for (RewriteKind method : RewriteKind.values()) {
            for (CriticalTokenSelection which : List.of(CriticalTokenSelection.bottomK(k.get()),
                    CriticalTokenSelection.allTokens())) {
                conditions.add(new InterventionSettings(method, which, base.rewriteLayers(), base.selectionLayer(),
                        base.pathMetric()));
            }
        }
        tableNote.set("Running " + set.size() + " examples × 6 conditions ...");
        AnalysisSettings settings = analysis.get();
        task = tasks.start("Interventions over the example set", ctx -> table(InterventionSweep.run(current, set, audio,
                settings, conditions, ctx)),
                rows -> {
                    task = null;
                    accuracy = rows;
                    table.clear();
                    double base0 = rows.rows().get(1).accuracy();
                    for (int i = 0; i < rows.rows().size(); i++) {
                        InterventionData.AccuracyRow r = rows.rows().get(i);
                        table.add(new AccuracyRow(r.condition(), String.format(Locale.ROOT, "%.1f %%", r.accuracy()),
                                i < 2 ? "" : String.format(Locale.ROOT, "%+.1f", r.accuracy() - base0), Integer.toString(r.n())));
                    }
                    tableNote.set("Accuracy over " + rows.rows().get(0).n() + " examples with a gold answer; change vs speech. "
                            + "Layers " + Arrays.toString(base.rewriteLayers()) + ", " + base.pathMetric().key() + " path.");
                }, error -> {
                    task = null;
                    tableNote.set(error instanceof CancellationException ? "Cancelled; the earlier table is kept."
                            : "Could not run the set: " + error.getMessage());
                });
    }

    private InterventionData.AccuracyTable table(List<InterventionSweep.Row> rows) {
        return new InterventionData.AccuracyTable(datasetName(), rows.stream()
                .map(r -> new InterventionData.AccuracyRow(r.condition(), r.percent(), r.judged())).toList(), 1);
    }

    private String datasetName() {
        var set = examples.exampleSetProperty().get();
        return set == null ? "examples" : set.source().getFileName().toString();
    }

    private String describe(InterventionPlan plan) {
        String which = tokens.get() == Tokens.PICKED ? "picked tokens" : plan.settings().selection().label();
        return plan.settings().kind().key() + " · " + which + " · layers " + Arrays.toString(plan.settings().rewriteLayers());
    }

    @Override
    public FigureRenderer figure() {
        Outcome o = outcome.get();
        if (o == null) {
            return null;
        }
        ExampleRun r = o.example();
        InterventionPlan.LayerRewrite first = o.plan().rewrites().get(0);
        AlignmentPath path = r.analysis().path(o.plan().settings().pathMetric(), first.tokens().layer());
        double[] times = new double[r.analysis().speechTokens()];
        float[] t = r.speech().times();
        for (int i = 0; i < times.length; i++) {
            times[i] = t.length == times.length ? t[i] : i * 0.1;
        }
        String method = o.plan().settings().kind() == RewriteKind.ANGLE_PROJECTION ? "angle projection" : "length normalization";
        String selection = tokens.get() == Tokens.PICKED ? "picked" : o.plan().settings().selection().label();
        return new InterventionRenderer(new InterventionData(method, selection, first.layer(), gold(r.example()),
                o.before(), o.after(), o.correctBefore(), o.correctAfter(), r.text().tokens(), times, path.speechIndex(),
                first.tokens().selectedTokens(), accuracy, r.model() + " · " + r.example().id()));
    }

    private static String gold(Example e) {
        return String.join(" | ", e.answers());
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
        return picked;
    }

    /** The current example's before/after (null: not run). */
    public ReadOnlyObjectProperty<Outcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** The accuracy table rows. */
    public ObservableList<AccuracyRow> table() {
        return table;
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
        return tableNote.getReadOnlyProperty();
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
