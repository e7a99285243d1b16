package org.gapscope.app.curves;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.LayerCurves;
import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.analysis.Score;
import org.gapscope.app.dataset.DatasetRun;
import org.gapscope.app.examples.ExampleRow;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.export.FigureSource;
import org.gapscope.app.model.Checkpoints;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.model.QueryRun;
import org.gapscope.app.model.SpeechModel;
import org.gapscope.app.run.ExampleResult;
import org.gapscope.app.run.ExampleRunner;
import org.gapscope.app.shell.TaskHandle;
import org.gapscope.app.shell.Tasks;
import org.gapscope.dataset.Example;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.LayerCurvesData;
import org.gapscope.figure.LayerCurvesRenderer;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * State of the layer curves view: the current example's pooled cosine and Euclidean distance per layer,
 * optionally with the dataset mean ± 1 sd (after the set was run), the mismatched-pair control (this
 * example's speech against another example's text, GapScope's control), and the same example run
 * through other checkpoints. Each overlay is computed in the background when switched on.
 */
public final class LayerCurvesViewModel implements FigureSource {

    private final Tasks tasks;
    private final ExamplesViewModel examples;
    private final ReadOnlyObjectProperty<SpeechModel> model;
    private final ReadOnlyObjectProperty<DatasetRun> datasetRun;
    private final ModelOpener opener;
    private final Supplier<Path> modelsFolder;
    private final BooleanProperty showMean = new SimpleBooleanProperty(true);
    private final BooleanProperty showControl = new SimpleBooleanProperty(true);
    private final BooleanProperty showCheckpoints = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<LayerCurvesData> curves = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private ExampleResult result;
    private LayerCurvesData.Series control;
    private String controlNote = "";
    private List<LayerCurvesData.Series> checkpoints = List.of();
    private TaskHandle controlTask;
    private TaskHandle checkpointTask;

    /** Creates the view model. */
    public LayerCurvesViewModel(Tasks tasks, ExamplesViewModel examples, ReadOnlyObjectProperty<SpeechModel> model,
            ReadOnlyObjectProperty<DatasetRun> datasetRun, ModelOpener opener, Supplier<Path> modelsFolder) {
        this.tasks = tasks;
        this.examples = examples;
        this.model = model;
        this.datasetRun = datasetRun;
        this.opener = opener;
        this.modelsFolder = modelsFolder;
        showMean.addListener(o -> rebuild());
        showControl.addListener((obs, old, on) -> {
            if (on && control == null) {
                computeControl();
            }
            rebuild();
        });
        showCheckpoints.addListener((obs, old, on) -> {
            if (on && checkpoints.isEmpty()) {
                computeCheckpoints();
            }
            rebuild();
        });
        datasetRun.addListener(o -> rebuild());
    }

    /** Shows the curves of {@code shown} (null: nothing). */
    public void show(ExampleResult shown) {
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
        ExampleResult shown = result;
        SpeechModel current = model.get();
        if (shown == null || current == null) {
            return;
        }
        Example partner = partnerOf(shown.example());
        if (partner == null) {
            controlNote = "No other example with a transcript to pair with: no mismatched control.";
            return;
        }
        controlTask = tasks.start("Mismatched control for " + shown.example().id(), ctx -> {
            QueryRun text = current.runText(partner.id(), partner.transcript(), ctx);
            ExampleAnalysis a = ExampleAnalyzer.analyze(shown.speech().states(), text.states(),
                    shown.analysis().settings(), current.card().name(), shown.example().id() + "|" + partner.id());
            return a.layerCurves();
        }, curvesOfPair -> {
            controlTask = null;
            if (result != shown) {
                return;
            }
            control = new LayerCurvesData.Series("mismatched control (speech " + shown.example().id() + ", text "
                    + partner.id() + "; GapScope)", 0, curvesOfPair.cosine(), curvesOfPair.euclidean(), null, null,
                    LayerCurvesData.Kind.CONTROL, "example");
            controlNote = "Control: this example's speech against the text of " + partner.id()
                    + " (GapScope's mismatched pair, not in the paper).";
            rebuild();
        }, error -> {
            controlTask = null;
            if (!(error instanceof CancellationException) && result == shown) {
                controlNote = "Mismatched control failed: " + error.getMessage();
                rebuild();
            }
        });
    }

    /** The example paired with {@code example} in the control: its image under a seeded derangement of the set. */
    private Example partnerOf(Example example) {
        List<Example> usable = examples.allRows().stream().map(ExampleRow::example)
                .filter(e -> !e.transcript().isBlank()).toList();
        int index = usable.indexOf(example);
        if (usable.size() < 2) {
            return null;
        }
        if (index < 0) {
            return usable.get(0);
        }
        int[] sigma = MismatchedPairControl.derangement(usable.size(), 1234);
        return usable.get(sigma[index]);
    }

    private void computeCheckpoints() {
        ExampleResult shown = result;
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
                try (SpeechModel m = opener.open(entry.folder(), ctx)) {
                    ExampleResult r = ExampleRunner.run(m, shown.example(), shown.clip(), shown.analysis().settings(), ctx);
                    LayerCurves c = r.analysis().layerCurves();
                    series.add(new LayerCurvesData.Series(entry.label(), 0, c.cosine(), c.euclidean(), null, null,
                            LayerCurvesData.Kind.SERIES, entry.group().isEmpty() ? null : entry.group() + k));
                } catch (RuntimeException e) {
                    if (e instanceof CancellationException) {
                        throw e;
                    }
                    // a checkpoint with another shape or a broken file is left out, not fatal
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
            if (!(error instanceof CancellationException)) {
                message.set("Checkpoints failed: " + error.getMessage());
            }
        });
    }

    private void rebuild() {
        ExampleResult shown = result;
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
                c.euclidean(), null, null, LayerCurvesData.Kind.SERIES, "example"));
        curves.set(new LayerCurvesData(series, shown.model() + " · " + shown.example().id()));
        String mean = showMean.get() && !sameModel ? " Run the example set (Dataset tab) for the mean band." : "";
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

    /** Progress notes and errors of the overlays. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
