package org.gapscope.app.alignment;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import org.gapscope.analysis.AlignmentPath;
import org.gapscope.analysis.DtwAlignmentPath;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.audio.AudioDisplay;
import org.gapscope.app.audio.TimeRange;
import org.gapscope.app.export.FigureSource;
import org.gapscope.app.session.SessionPart;
import org.gapscope.app.task.Tasks;
import org.gapscope.engine.ExampleRun;
import org.gapscope.figure.ColorMap;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.HeatmapPaths;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * State of the alignment view: the layer and metric shown, the similarity matrices of every layer
 * (computed once per result in the background, current layer first, then cached, so scrubbing only
 * swaps pictures), the path, DTW and reference word span overlays, the scores (with the ALAS-style hit
 * rate when the example has word timings), the clip's audio strips above the matrix, the hover read-out,
 * and click-to-play.
 */
public final class AlignmentViewModel implements FigureSource {

    private final StretchPlayer play;
    private BooleanSupplier exportPitch = () -> false;
    private BooleanSupplier exportLevel = () -> false;
    private final ReadOnlyObjectWrapper<HeatmapPicture> picture = new ReadOnlyObjectWrapper<>();
    private final IntegerProperty layer = new SimpleIntegerProperty(0);
    private final ReadOnlyIntegerWrapper maxLayer = new ReadOnlyIntegerWrapper(0);
    private final ObjectProperty<SimilarityMetric> metric = new SimpleObjectProperty<>(SimilarityMetric.COSINE);
    private final BooleanProperty showPath = new SimpleBooleanProperty(true);
    private final BooleanProperty showDtw = new SimpleBooleanProperty(false);
    private final BooleanProperty sharedScale = new SimpleBooleanProperty(false);
    private final ObjectProperty<ColorMap> colorMap = new SimpleObjectProperty<>(ColorMap.VIRIDIS);
    private final ReadOnlyStringWrapper layerScores = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper exampleScores = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper hover = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Select an example and open a model.");
    private final LayerMatrices matrices;
    private final WordSpanOverlay spans = new WordSpanOverlay();
    private final StripAudio strips;
    private ExampleRun result;
    private int[] marked = new int[0];
    private int[] picked = new int[0];
    private final BooleanProperty pickTokens = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<double[]> requestedWindow = new ReadOnlyObjectWrapper<>();
    private double[] viewWindow;
    private final Consumer<PathPick> onPick;

    /**
     * A text token picked on the path shown, for an intervention.
     *
     * @param token  the text token (row of the heatmap)
     * @param layer  the layer whose path it was picked on
     * @param metric the metric of that path
     */
    public record PathPick(int token, int layer, SimilarityMetric metric) {
    }

    /**
     * Creates the view model with no one to receive picked tokens.
     *
     * @param tasks runs the matrix computations
     * @param play  plays a stretch of the example's audio (a clicked cell)
     */
    public AlignmentViewModel(Tasks tasks, Consumer<TimeRange> play) {
        this(tasks, (range, slowed) -> play.accept(range), pick -> { });
    }

    /** Plays a stretch of the example's audio, at the audio pane's speed or slowed down. */
    @FunctionalInterface
    public interface StretchPlayer {
        /** Plays {@code range}; {@code slowed}: slowed down with the pitch kept (Shift+click). */
        void play(TimeRange range, boolean slowed);
    }

    /**
     * Creates the view model.
     *
     * @param tasks  runs the matrix computations
     * @param play   plays a stretch of the example's audio (a clicked cell; Shift+click slowed down)
     * @param onPick receives a path cell picked for an intervention (picking on, or Ctrl+click)
     */
    public AlignmentViewModel(Tasks tasks, StretchPlayer play, Consumer<PathPick> onPick) {
        this.matrices = new LayerMatrices(tasks);
        this.strips = new StripAudio(tasks.executor());
        this.play = play;
        this.onPick = onPick;
        layer.addListener(o -> update());
        metric.addListener(o -> update());
        showPath.addListener(o -> update());
        showDtw.addListener(o -> update());
        sharedScale.addListener(o -> update());
        spans.showProperty().addListener(o -> update());
    }

    /** Shows {@code shown} (null: nothing); keeps the layer when the new result has it. */
    public void show(ExampleRun shown) {
        result = shown;
        marked = new int[0];
        picked = new int[0];
        spans.show(shown);
        strips.show(shown);
        if (shown == null) {
            matrices.compute(null, 0, l -> { }, message::set);
            picture.set(null);
            layerScores.set("");
            exampleScores.set("");
            hover.set("");
            return;
        }
        int layers = shown.layerCount();
        maxLayer.set(layers - 1);
        if (layer.get() > layers - 1) {
            layer.set(layers - 1);
        } else if (layer.get() == 0 && layers > 1 && !shown.analysis().settings().includeLayer0()) {
            layer.set(Math.min(layers - 1, Math.max(1, layers / 2)));
        }
        exampleScores.set(AlignmentText.example(shown.analysis()));
        matrices.compute(shown, layer.get(), l -> {
            if (l == layer.get() || sharedScale.get()) {
                update();
            }
        }, message::set);
        update();
    }

    /** Marks tokens (e.g. the critical tokens of an intervention) with a frame around their path cell. */
    public void mark(int[] tokens) {
        marked = tokens == null ? new int[0] : tokens.clone();
        update();
    }

    /** Rings the path cells of the tokens picked for an intervention. */
    public void showPicked(int[] tokens) {
        int[] next = tokens == null ? new int[0] : tokens.clone();
        if (!Arrays.equals(next, picked)) {
            picked = next;
            update();
        }
    }

    /** Whether the current layer's matrices are ready. */
    public boolean ready() {
        return matrices.values(layer.get(), metric.get()) != null;
    }

    private void update() {
        ExampleRun shown = result;
        if (shown == null) {
            return;
        }
        int l = Math.max(0, Math.min(layer.get(), shown.layerCount() - 1));
        ExampleAnalysis a = shown.analysis();
        SimilarityMetric m = metric.get();
        layerScores.set(AlignmentText.layer(a, l, metric.get(), showDtw.get()) + spans.scores(l, m));
        float[] values = matrices.values(l, m);
        if (values == null) {
            message.set("Computing layer " + l + " ...");
            return;
        }
        double[] range = matrices.range(values, m, sharedScale.get());
        double lo = range[0];
        double hi = range[1] > range[0] ? range[1] : range[0] + 1e-6;
        AlignmentPath path = a.path(m, l);
        int[][] dtw = null;
        if (showDtw.get() && a.hasDtwExtension()) {
            DtwAlignmentPath d = HeatmapExport.dtw(a, m, l);
            dtw = HeatmapPaths.dtwSteps(d.spanStart(), d.spanEnd());
        }
        picture.set(new HeatmapPicture(values, a.speechTokens(), a.textTokens(), shown.text().tokens(),
                shown.speech().times(), lo, hi, AlignmentText.scaleLabel(m), showPath.get() ? path.speechIndex() : null,
                dtw, marked, picked, spans.picture(l, m)));
        if (marked.length > 0) {
            layerScores.set(layerScores.get() + " · framed: tokens rewritten by the last intervention");
        }
        message.set("");
    }

    /** Updates the read-out for the cell under the pointer ((-1, -1): none). */
    public void hover(int speech, int token) {
        HeatmapPicture p = picture.get();
        ExampleRun shown = result;
        boolean inside = p != null && shown != null && speech >= 0 && token >= 0 && speech < p.speechCount()
                && token < p.textCount();
        hover.set(inside ? AlignmentText.cell(shown, p, speech, token, metric.get()) : "");
    }

    /** Plays the stretch of audio under the clicked cell. */
    public void click(int speech, int token) {
        click(speech, token, false, false);
    }

    /** A click on a cell, Ctrl held or not ({@code shortcut}), at normal speed. */
    public void click(int speech, int token, boolean shortcut) {
        click(speech, token, shortcut, false);
    }

    /**
     * A click on a cell: with picking on (or {@code shortcut}: Ctrl+click) a path cell picks or unpicks
     * its token for an intervention; otherwise it plays the stretch of audio under the cell, slowed down
     * with its pitch kept when {@code slowed} (Shift+click).
     */
    public void click(int speech, int token, boolean shortcut, boolean slowed) {
        ExampleRun shown = result;
        if (shown == null || speech < 0) {
            return;
        }
        if (pickTokens.get() || shortcut) {
            pick(shown, speech, token);
            return;
        }
        double[] span = shown.speechSpan(speech);
        if (!Double.isNaN(span[0])) {
            play.play(new TimeRange(span[0], span[1]), slowed);
        }
    }

    private void pick(ExampleRun shown, int speech, int token) {
        if (token < 0 || token >= shown.analysis().textTokens()) {
            return;
        }
        int l = Math.max(0, Math.min(layer.get(), shown.layerCount() - 1));
        AlignmentPath path = shown.analysis().path(metric.get(), l);
        if (path.speechIndexOf(token) != speech) {
            hover.set(String.format(Locale.ROOT, "Not a path cell: token “%s” is aligned with speech position %d at this layer;"
                    + " click its dot to pick it.", shown.text().tokens().get(token), path.speechIndexOf(token)));
            return;
        }
        onPick.accept(new PathPick(token, l, metric.get()));
    }

    /** Moves one layer down or up (keys). */
    public void step(int delta) {
        layer.set(Math.max(0, Math.min(maxLayer.get(), layer.get() + delta)));
    }

    @Override
    public FigureRenderer figure() {
        ExampleRun shown = result;
        HeatmapPicture p = picture.get();
        if (shown == null || p == null) {
            return null;
        }
        return HeatmapExport.figure(shown, p, layer.get(), metric.get(), sharedScale.get(), exportPitch.getAsBoolean(),
                exportLevel.getAsBoolean());
    }

    /**
     * Whether the exported heatmap carries the F0 and level strips above its matrix: asked each time a
     * figure is made (the audio pane's Pitch and Level toggles).
     */
    public void exportStripsWhen(BooleanSupplier pitch, BooleanSupplier level) {
        this.exportPitch = pitch;
        this.exportLevel = level;
    }

    @Override
    public String fileStem() {
        ExampleRun shown = result;
        return shown == null ? "heatmap" : "heatmap-" + shown.example().id() + "-layer" + layer.get() + "-"
                + metric.get().key();
    }

    /** The picture of the current layer and metric (null: none yet). */
    public ReadOnlyObjectProperty<HeatmapPicture> pictureProperty() {
        return picture.getReadOnlyProperty();
    }

    /** The layer shown (0 = input embeddings). */
    public IntegerProperty layerProperty() {
        return layer;
    }

    /** The highest layer, L. */
    public ReadOnlyIntegerProperty maxLayerProperty() {
        return maxLayer.getReadOnlyProperty();
    }

    /** Cosine similarity or Euclidean distance. */
    public ObjectProperty<SimilarityMetric> metricProperty() {
        return metric;
    }

    /** Whether the alignment path is drawn. */
    public BooleanProperty showPathProperty() {
        return showPath;
    }

    /** Whether the reference word spans are drawn (when the example has word timings). */
    public BooleanProperty showSpansProperty() {
        return spans.showProperty();
    }

    /** Whether the example shown has reference word spans to draw. */
    public ReadOnlyBooleanProperty spansAvailableProperty() {
        return spans.availableProperty();
    }

    /** Why the example shown has no word spans (empty when it has). */
    public ReadOnlyStringProperty spansUnavailableProperty() {
        return spans.unavailableProperty();
    }

    /** Whether GapScope's DTW extension path is drawn (dashed, labelled as an extension). */
    public BooleanProperty showDtwProperty() {
        return showDtw;
    }

    /** One colour scale for all layers (true) or each layer's own range (false). */
    public BooleanProperty sharedScaleProperty() {
        return sharedScale;
    }

    /** The colour map of the heatmap. */
    public ObjectProperty<ColorMap> colorMapProperty() {
        return colorMap;
    }

    /** The current layer's path score, monotonicity and consistency. */
    public ReadOnlyStringProperty layerScoresProperty() {
        return layerScores.getReadOnlyProperty();
    }

    /** The example's averages over layers. */
    public ReadOnlyStringProperty exampleScoresProperty() {
        return exampleScores.getReadOnlyProperty();
    }

    /** What is under the pointer. */
    public ReadOnlyStringProperty hoverProperty() {
        return hover.getReadOnlyProperty();
    }

    /** Computing, or why nothing is shown (empty when a picture is shown). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The heatmap's visible speech range changed ({from, to}, in positions); the view reports it. */
    public void viewWindowChanged(double[] window) {
        HeatmapPicture p = picture.get();
        boolean all = p == null || window == null || (window[0] <= 0 && window[1] >= p.speechCount());
        viewWindow = all ? null : window.clone();
    }

    /** The visible speech range {from, to}, or null when the whole clip is shown (a zoom still to apply counts). */
    public double[] viewWindow() {
        double[] w = requestedWindow.get() != null ? requestedWindow.get() : viewWindow;
        return w == null ? null : w.clone();
    }

    /** Asks the view to zoom to {from, to} once a clip that long is shown (a session being reopened). */
    public void requestViewWindow(double[] window) {
        requestedWindow.set(window == null ? null : window.clone());
    }

    /** A zoom the view should apply when the picture is long enough (null: none); cleared by {@link #viewWindowApplied()}. */
    public ReadOnlyObjectProperty<double[]> requestedWindowProperty() {
        return requestedWindow.getReadOnlyProperty();
    }

    /** The view has applied the requested zoom. */
    public void viewWindowApplied() {
        double[] w = requestedWindow.get();
        requestedWindow.set(null);
        if (w != null) {
            viewWindowChanged(w);
        }
    }

    /** Whether the clip's waveform and mel band strips are drawn above the heatmap. */
    public BooleanProperty showStripsProperty() {
        return strips.showProperty();
    }

    /** The clip of the result shown with its display data, for the strips (null: none yet). */
    public ReadOnlyObjectProperty<AudioDisplay> stripAudioProperty() {
        return strips.displayProperty();
    }

    /** Why there are no audio strips to draw (empty when there are). */
    public ReadOnlyStringProperty stripsUnavailableProperty() {
        return strips.unavailableProperty();
    }

    /** Where the strips find a result's clip with its display data (the audio pane's clip cache); called off the FX thread. */
    public void stripAudioFrom(Function<ExampleRun, AudioDisplay> lookup) {
        strips.from(lookup);
    }

    /** Whether a click on a path cell picks its token for an intervention (instead of playing audio). */
    public BooleanProperty pickTokensProperty() {
        return pickTokens;
    }

    /** This view's part of a session: layer, metric, colour map, overlays, picking and zoom. */
    public SessionPart<AlignmentSession> sessionPart() {
        return AlignmentSession.part(this);
    }

    /** The result shown (null: none). */
    public ExampleRun result() {
        return result;
    }
}
