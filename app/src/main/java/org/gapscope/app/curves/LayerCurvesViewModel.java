package org.gapscope.app.curves;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.gapscope.analysis.LayerCurves;
import org.gapscope.analysis.Score;
import org.gapscope.app.examples.ControlPartners;
import org.gapscope.app.export.FigureSource;
import org.gapscope.app.model.Checkpoints;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.session.SessionPart;
import org.gapscope.app.task.TaskHandle;
import org.gapscope.app.task.Tasks;
import org.gapscope.dataset.Example;
import org.gapscope.engine.DatasetRun;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ExampleRun;
import org.gapscope.engine.Monitor;
import org.gapscope.engine.StoredRun;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.LayerCurvesData;
import org.gapscope.figure.LayerCurvesRenderer;
import org.gapscope.figure.ScoreVsGapData;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * State of the layer curves view: the current example's pooled cosine and Euclidean distance per layer,
 * optionally with the dataset mean ± 1 sd (after the set was run), the mismatched-pair control (this
 * example's speech against the text of its partner under the control's derangement, GapScope's control,
 * the same pair as in the dataset's control and {@code evaluate}'s), and the same example run through
 * other checkpoints. Each overlay is computed by the engine in the background when switched on.
 */
public final class LayerCurvesViewModel implements FigureSource {

    /** The lightest shade of a regime's colour (its earliest checkpoint); the last is in full colour. */
    static final double MAX_SHADE = 0.6;
    /** The colour group of a checkpoint series: this prefix and its regime. */
    static final String REGIME_GROUP = "regime ";
    /** The colour group of the current example and its control. */
    static final String EXAMPLE_GROUP = "example";

    private final Tasks tasks;
    private final ControlPartners partners;
    private final ReadOnlyObjectProperty<ExampleEngine> model;
    private final ReadOnlyObjectProperty<DatasetRun> datasetRun;
    private final ReadOnlyObjectProperty<StoredRun> stored;
    private final ModelOpener opener;
    private final Supplier<Path> modelsFolder;
    private final BooleanProperty showMean = new SimpleBooleanProperty(true);
    private final BooleanProperty showControl = new SimpleBooleanProperty(true);
    private final BooleanProperty showCheckpoints = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<LayerCurvesData> curves = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private ExampleRun result;
    private LayerCurvesData.Series control;
    private String controlNote = "";
    private List<LayerCurvesData.Series> checkpoints = List.of();
    private TaskHandle controlTask;
    private TaskHandle checkpointTask;

    /**
     * Creates the view model; {@code partners} pairs an example with its control partner (the control's
     * seed, as the dataset view's); an example of the opened run folder {@code stored} gets its control
     * from the run's stored text captures.
     */
    public LayerCurvesViewModel(Tasks tasks, ControlPartners partners, ReadOnlyObjectProperty<ExampleEngine> model,
            ReadOnlyObjectProperty<DatasetRun> datasetRun, ReadOnlyObjectProperty<StoredRun> stored,
            ModelOpener opener, Supplier<Path> modelsFolder) {
        this.tasks = tasks;
        this.partners = partners;
        this.model = model;
        this.datasetRun = datasetRun;
        this.stored = stored;
        this.opener = opener;
        this.modelsFolder = modelsFolder;
        showMean.addListener(o -> rebuild());
        showControl.addListener((obs, old, on) -> {
            if (on && control == null && controlTask == null) {
                computeControl();
            }
            rebuild();
        });
        showCheckpoints.addListener((obs, old, on) -> {
            // the note is about the checkpoint curves: it goes when they do
            message.set(on && !checkpoints.isEmpty() ? checkpoints.size() + " checkpoints drawn." : "");
            if (on && checkpoints.isEmpty()) {
                computeCheckpoints();
            }
            rebuild();
        });
        datasetRun.addListener(o -> rebuild());
    }

    /** Shows the curves of {@code shown} (null: nothing). */
    public void show(ExampleRun shown) {
        result = shown;
        control = null;
        controlNote = "";
        checkpoints = List.of();
        for (TaskHandle t : new TaskHandle[] {controlTask, checkpointTask}) {
            if (t != null) {
                t.supersede();
            }
        }
        controlTask = null;
        checkpointTask = null;
        message.set("");
        if (shown != null) {
            if (showControl.get()) {
                computeControl();
            }
            if (showCheckpoints.get()) {
                computeCheckpoints();
            }
        }
        rebuild();
    }

    private void computeControl() {
        ExampleRun shown = result;
        StoredRun run = stored.get();
        if (shown != null && run != null && run.entryOf(shown.example()).isPresent()) {
            storedControl(shown, run);
            return;
        }
        ExampleEngine current = model.get();
        if (shown == null || current == null) {
            return;
        }
        Example partner = partners.partnerOf(shown.example(), shown.model());
        if (partner == null) {
            controlNote = "No other example with a transcript to pair with: no mismatched control.";
            return;
        }
        controlTask = tasks.start("Mismatched control for " + shown.example().id(),
                ctx -> current.control(shown, partner, ctx).layerCurves(), curvesOfPair -> {
            controlTask = null;
            if (result != shown) {
                return;
            }
            control = controlSeries(shown.example().id(), partner.id(), curvesOfPair);
            controlNote = "Control: this example's speech against the text of " + partner.id()
                    + " (GapScope's mismatched pair, not in the paper).";
            rebuild();
        }, error -> {
            controlTask = null;
            if (result == shown) {
                controlNote = "Mismatched control failed: " + error.getMessage();
                rebuild();
            }
        }, () -> controlTask = null);
    }

    /** The dashed control curve: the speech of {@code example} against the text of {@code partner}. */
    private static LayerCurvesData.Series controlSeries(String example, String partner, LayerCurves pair) {
        return new LayerCurvesData.Series("mismatched control (speech " + example + ", text " + partner + "; GapScope)",
                0, pair.cosine(), pair.euclidean(), null, null, LayerCurvesData.Kind.CONTROL, EXAMPLE_GROUP);
    }

    /** The control of an example of an opened run: its speech against its partner's stored text capture. */
    private void storedControl(ExampleRun shown, StoredRun run) {
        int line = run.entryOf(shown.example()).orElseThrow().record().line();
        controlTask = tasks.start("Mismatched control for " + shown.example().id(), ctx -> run.control(shown, line),
                pair -> {
                    controlTask = null;
                    if (result != shown) {
                        return;
                    }
                    LayerCurves c = pair.getValue().layerCurves();
                    String partner = pair.getKey().example().id();
                    control = controlSeries(shown.example().id(), partner, c);
                    controlNote = "Control: this example's speech against the stored text capture of " + partner
                            + " (the run's own pair, seed " + run.controlSeed() + "; GapScope's control, not in the paper).";
                    rebuild();
                }, error -> {
                    controlTask = null;
                    if (result == shown) {
                        controlNote = "No mismatched control: " + error.getMessage();
                        rebuild();
                    }
                }, () -> controlTask = null);
    }

    private void computeCheckpoints() {
        ExampleRun shown = result;
        if (shown == null) {
            return;
        }
        List<Checkpoints.Entry> found = Checkpoints.find(modelsFolder.get());
        if (found.isEmpty()) {
            message.set("No other checkpoints found in " + modelsFolder.get() + ".");
            return;
        }
        checkpointTask = tasks.start("Example " + shown.example().id() + " through " + found.size() + " checkpoints", ctx -> {
            List<LayerCurvesData.Series> series = new ArrayList<>();
            for (int k = 0; k < found.size(); k++) {
                ctx.checkCancelled();
                Checkpoints.Entry entry = found.get(k);
                ctx.progress(k / (double) found.size(), entry.label());
                int index = k;
                // a checkpoint with another shape or a broken file is left out, not fatal
                LayerCurves c = Monitor.orSkip(() -> {
                    try (ExampleEngine m = ExampleEngine.of(opener.open(entry.folder(), ctx))) {
                        return m.run(shown.example(), shown.clip(), shown.analysis().settings(), ctx).analysis()
                                .layerCurves();
                    }
                }, skipped -> { });
                if (c != null) {
                    series.add(checkpointSeries(found, index, c));
                }
            }
            return series;
        }, series -> {
            checkpointTask = null;
            if (result == shown) {
                checkpoints = series;
                message.set(series.size() + " checkpoints drawn.");
                rebuild();
            }
        }, error -> {
            checkpointTask = null;
            message.set("Checkpoints failed: " + error.getMessage());
        }, () -> checkpointTask = null);
    }

    /**
     * Checkpoint {@code k}'s curves: coloured by its training regime (every checkpoint of a regime shares
     * the regime's colour, so 14 checkpoints of two regimes take two colours and none takes the current
     * example's), lightened the earlier it is in training (the last of a regime in full colour), labelled
     * with the regime and what is left of its name.
     */
    static LayerCurvesData.Series checkpointSeries(List<Checkpoints.Entry> all, int k, LayerCurves c) {
        Checkpoints.Entry entry = all.get(k);
        String regime = entry.group().isEmpty() ? "checkpoints" : entry.group();
        List<Checkpoints.Entry> same = all.stream().filter(e -> e.group().equals(entry.group())).toList();
        int rank = same.indexOf(entry);
        double shade = same.size() < 2 ? 0 : MAX_SHADE * (same.size() - 1 - rank) / (same.size() - 1);
        // with a regime the colour and legend heading say it, so the label keeps the step ("frozen · step800");
        // bundles found without an index keep their folder names
        List<String> labels = all.stream().filter(e -> e.group().equals(entry.group())).map(Checkpoints.Entry::label)
                .toList();
        String label = entry.group().isEmpty() ? entry.label()
                : entry.group() + " · " + ScoreVsGapData.shortLabel(entry.label(), entry.group(), labels);
        return new LayerCurvesData.Series(label, 0, c.cosine(), c.euclidean(), null, null, LayerCurvesData.Kind.SERIES,
                REGIME_GROUP + regime, shade);
    }

    private void rebuild() {
        ExampleRun shown = result;
        if (shown == null) {
            curves.set(null);
            summary.set("");
            return;
        }
        List<LayerCurvesData.Series> series = new ArrayList<>();
        DatasetRun set = datasetRun.get();
        boolean sameModel = set != null && set.model().equals(shown.model()) && !set.outcomes().isEmpty();
        if (showMean.get() && sameModel) {
            double[][] cos = set.curveMeanAndSd(true);
            double[][] euc = set.curveMeanAndSd(false);
            if (cos[0].length == shown.layerCount()) {
                series.add(new LayerCurvesData.Series("dataset mean ± 1 sd (" + set.outcomes().size() + " examples)", 0,
                        cos[0], euc[0], cos[1], euc[1], LayerCurvesData.Kind.MEAN, "dataset"));
                if (showControl.get() && set.summary() != null) {
                    series.add(new LayerCurvesData.Series("dataset mismatched control (GapScope)", 0,
                            set.summary().mismatchedCurve(Score.COSINE), set.summary().mismatchedCurve(Score.EUCLIDEAN),
                            null, null, LayerCurvesData.Kind.CONTROL, "dataset"));
                }
            }
        }
        if (showCheckpoints.get()) {
            series.addAll(checkpoints);
        }
        LayerCurves c = shown.analysis().layerCurves();
        if (showControl.get() && control != null) {
            series.add(control);
        }
        series.add(new LayerCurvesData.Series(shown.example().id() + " (" + shown.model() + ")", 0, c.cosine(),
                c.euclidean(), null, null, LayerCurvesData.Kind.SERIES, EXAMPLE_GROUP));
        curves.set(new LayerCurvesData(series, shown.model() + " · " + shown.example().id()));
        boolean fromRun = stored.get() != null && stored.get().entryOf(shown.example()).isPresent();
        String mean = !showMean.get() || sameModel ? "" : fromRun
                ? " No mean band for a run folder's example (its summary holds the means, not their spread)."
                : " Run the example set (Dataset tab) for the mean band.";
        summary.set(String.format(Locale.ROOT, "S over layers %s: cosine %.3f · Euclidean %.3f. %s%s",
                shown.analysis().averagedLayers(), c.meanCosine(), c.meanEuclidean(),
                showControl.get() ? controlNote : "", mean));
    }

    @Override
    public FigureRenderer figure() {
        LayerCurvesData data = curves.get();
        return data == null ? null : new LayerCurvesRenderer(data);
    }

    @Override
    public String fileStem() {
        return result == null ? "layer-curves" : "layer-curves-" + result.example().id();
    }

    /** The series to draw (null: none). */
    public ReadOnlyObjectProperty<LayerCurvesData> curvesProperty() {
        return curves.getReadOnlyProperty();
    }

    /** Whether the dataset mean band is drawn. */
    public BooleanProperty showMeanProperty() {
        return showMean;
    }

    /** Whether the mismatched-pair control is drawn (dashed). */
    public BooleanProperty showControlProperty() {
        return showControl;
    }

    /** Whether other checkpoints are drawn. */
    public BooleanProperty showCheckpointsProperty() {
        return showCheckpoints;
    }

    /** The example's model scores and notes. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** This view's part of a session: its overlays. */
    public SessionPart<CurvesSession> sessionPart() {
        return CurvesSession.part(this);
    }

    /** Progress notes and errors of the overlays. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
