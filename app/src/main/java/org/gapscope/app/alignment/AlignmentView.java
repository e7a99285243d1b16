package org.gapscope.app.alignment;

import java.util.List;

import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.figure.ColorMap;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The alignment view: layer slider (arrow keys and Page Up/Down scrub too), cosine/Euclidean toggle,
 * path, DTW and reference word span overlays, the audio strips toggle, colour options and export above the
 * heatmap (the clip's waveform and mel band strips over its speech time axis); the layer's and the
 * example's scores and the hover read-out below it.
 */
public final class AlignmentView extends VBox {

    /** Node ids used by tests. */
    public static final String SLIDER_ID = "alignment-layer";
    public static final String COSINE_ID = "alignment-cosine";
    public static final String EUCLIDEAN_ID = "alignment-euclidean";
    public static final String HEATMAP_ID = "alignment-heatmap";
    public static final String EXPORT_ID = "alignment-export";
    public static final String COPY_ID = "alignment-copy";
    public static final String SCORES_ID = "alignment-scores";
    public static final String HOVER_ID = "alignment-hover";
    public static final String PICK_ID = "alignment-pick";
    public static final String SPANS_ID = "alignment-spans";
    public static final String STRIPS_ID = "alignment-strips";

    private final HeatmapCanvas heatmap = new HeatmapCanvas();

    /**
     * Builds the view bound to {@code viewModel}; {@code onExport} opens the export dialog, {@code onCopy}
     * copies the figure and its data to the clipboard.
     */
    public AlignmentView(AlignmentViewModel viewModel, Runnable onExport, Runnable onCopy, ObservableBooleanValue dark,
            ObservableStringValue emptyMessage) {
        setSpacing(6);
        setPadding(new Insets(6));

        Slider slider = new Slider(0, 1, 0);
        slider.setId(SLIDER_ID);
        slider.setMajorTickUnit(1);
        slider.setMinorTickCount(0);
        slider.setSnapToTicks(true);
        slider.setShowTickMarks(true);
        slider.setBlockIncrement(1);
        slider.setPrefWidth(260);
        slider.maxProperty().bind(viewModel.maxLayerProperty());
        slider.valueProperty().addListener((obs, old, v) -> viewModel.layerProperty().set((int) Math.round(v.doubleValue())));
        viewModel.layerProperty().addListener((obs, old, v) -> {
            if (Math.round(slider.getValue()) != v.intValue()) {
                slider.setValue(v.intValue());
            }
        });
        slider.setValue(viewModel.layerProperty().get());
        slider.setTooltip(new Tooltip("Layer (0 = input embeddings). Arrow keys or Page Up/Down step through layers."));
        Label layerLabel = new Label();
        layerLabel.textProperty().bind(Bindings.createStringBinding(() -> "Layer " + viewModel.layerProperty().get()
                + " / " + viewModel.maxLayerProperty().get(), viewModel.layerProperty(), viewModel.maxLayerProperty()));
        layerLabel.setMinWidth(80);

        ToggleGroup metrics = new ToggleGroup();
        ToggleButton cosine = new ToggleButton("Cosine");
        cosine.setId(COSINE_ID);
        ToggleButton euclidean = new ToggleButton("Euclidean");
        euclidean.setId(EUCLIDEAN_ID);
        cosine.setToggleGroup(metrics);
        euclidean.setToggleGroup(metrics);
        cosine.setUserData(SimilarityMetric.COSINE);
        euclidean.setUserData(SimilarityMetric.EUCLIDEAN);
        metrics.selectToggle(viewModel.metricProperty().get() == SimilarityMetric.COSINE ? cosine : euclidean);
        metrics.selectedToggleProperty().addListener((obs, old, t) -> {
            if (t == null) {
                metrics.selectToggle(old); // one is always chosen
            } else {
                viewModel.metricProperty().set((SimilarityMetric) t.getUserData());
            }
        });
        viewModel.metricProperty().addListener((obs, old, m) -> metrics.selectToggle(m == SimilarityMetric.COSINE ? cosine : euclidean));

        CheckBox path = new CheckBox("Path");
        path.selectedProperty().bindBidirectional(viewModel.showPathProperty());
        path.setTooltip(new Tooltip("The alignment path: for each text token, the best-aligned speech position (paper)"));
        CheckBox dtw = new CheckBox("DTW path (GapScope extension)");
        dtw.selectedProperty().bindBidirectional(viewModel.showDtwProperty());
        dtw.setTooltip(new Tooltip("A monotonic DTW path over the same matrix; an extension, not the paper's method"));
        CheckBox spans = new CheckBox("Word spans");
        spans.setId(SPANS_ID);
        spans.selectedProperty().bindBidirectional(viewModel.showSpansProperty());
        spans.disableProperty().bind(viewModel.spansAvailableProperty().not());
        // a disabled control shows no tooltip of its own, so the tooltip sits on a wrapper that says why
        HBox spansBox = new HBox(spans);
        Tooltip spansTip = new Tooltip();
        spansTip.textProperty().bind(Bindings.createStringBinding(() -> viewModel.spansAvailableProperty().get()
                ? "Reference word spans (ALAS-style, arXiv 2505.19937): for each text token, a framed box over the speech"
                        + " positions inside its word's timing; the hit rate below counts path dots inside their box"
                : viewModel.spansUnavailableProperty().get(), viewModel.spansAvailableProperty(),
                viewModel.spansUnavailableProperty()));
        Tooltip.install(spansBox, spansTip);
        CheckBox strips = new CheckBox("Audio strips");
        strips.setId(STRIPS_ID);
        strips.selectedProperty().bindBidirectional(viewModel.showStripsProperty());
        Tooltip stripsTip = new Tooltip();
        stripsTip.textProperty().bind(Bindings.createStringBinding(() -> {
            String why = viewModel.stripsUnavailableProperty().get();
            return "The clip's waveform and mel band strips above the heatmap, on its speech time axis (they follow"
                    + " the zoom)" + (why.isEmpty() ? "" : ". " + why);
        }, viewModel.stripsUnavailableProperty()));
        strips.setTooltip(stripsTip);
        CheckBox shared = new CheckBox("One scale for all layers");
        shared.selectedProperty().bindBidirectional(viewModel.sharedScaleProperty());
        ComboBox<ColorMap> colors = new ComboBox<>();
        colors.getItems().setAll(ColorMap.values());
        colors.valueProperty().bindBidirectional(viewModel.colorMapProperty());
        colors.setTooltip(new Tooltip("Colour map"));
        ToggleButton pick = new ToggleButton("Pick tokens");
        pick.setId(PICK_ID);
        pick.selectedProperty().bindBidirectional(viewModel.pickTokensProperty());
        pick.setTooltip(new Tooltip("On: clicking a path dot picks (or unpicks) its token for an intervention"
                + " (Interventions tab); off: a click plays that stretch of audio (Shift+click: slowed down, pitch kept)."
                + " Ctrl+click always picks."));
        Button export = new Button("Export…");
        export.setId(EXPORT_ID);
        export.setOnAction(e -> onExport.run());
        export.disableProperty().bind(viewModel.pictureProperty().isNull());
        Button copy = new Button("Copy");
        copy.setId(COPY_ID);
        copy.setOnAction(e -> onCopy.run());
        copy.disableProperty().bind(viewModel.pictureProperty().isNull());
        copy.setTooltip(new Tooltip("Copy the heatmap figure (image) and its data (CSV text) to the clipboard"));

        FlowPane controls = new FlowPane(10, 4, layerLabel, slider, new HBox(cosine, euclidean), path, dtw, spansBox, strips,
                shared, colors, pick, export, copy);
        controls.setAlignment(Pos.CENTER_LEFT);
        for (Node n : List.of(layerLabel, cosine, euclidean, path, dtw, spans, strips, shared, colors, pick, export, copy)) {
            ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        }

        heatmap.setId(HEATMAP_ID);
        heatmap.setOnHover(viewModel::hover);
        heatmap.setOnCellClicked(viewModel::click);
        heatmap.setOnViewWindowChanged(viewModel::viewWindowChanged);
        viewModel.pictureProperty().addListener((obs, old, p) -> {
            heatmap.show(p);
            applyRequestedWindow(viewModel);
        });
        viewModel.requestedWindowProperty().addListener(o -> applyRequestedWindow(viewModel));
        viewModel.colorMapProperty().addListener((obs, old, cm) -> applyColors(cm, viewModel.metricProperty().get()));
        viewModel.metricProperty().addListener((obs, old, m) -> applyColors(viewModel.colorMapProperty().get(), m));
        applyColors(viewModel.colorMapProperty().get(), viewModel.metricProperty().get());
        viewModel.showStripsProperty().addListener(o -> applyStrips(viewModel));
        viewModel.stripAudioProperty().addListener(o -> applyStrips(viewModel));
        applyStrips(viewModel);
        heatmap.setDark(dark.get());
        dark.addListener((obs, old, on) -> heatmap.setDark(on));

        Label empty = new Label();
        empty.textProperty().bind(Bindings.createStringBinding(() -> {
            String own = viewModel.messageProperty().get();
            return viewModel.pictureProperty().get() == null && emptyMessage.get() != null && !emptyMessage.get().isEmpty()
                    ? emptyMessage.get() : own;
        }, viewModel.messageProperty(), viewModel.pictureProperty(), emptyMessage));
        empty.getStyleClass().add("empty-state");
        empty.setWrapText(true);
        empty.visibleProperty().bind(viewModel.pictureProperty().isNull().or(viewModel.messageProperty().isNotEmpty()));
        empty.setMouseTransparent(true);
        StackPane stack = new StackPane(heatmap, empty);
        StackPane.setAlignment(empty, Pos.CENTER);
        VBox.setVgrow(stack, Priority.ALWAYS);

        Label layerScores = new Label();
        layerScores.setId(SCORES_ID);
        layerScores.textProperty().bind(viewModel.layerScoresProperty());
        layerScores.setWrapText(true);
        layerScores.setMinHeight(Region.USE_PREF_SIZE);
        Label exampleScores = new Label();
        exampleScores.textProperty().bind(viewModel.exampleScoresProperty());
        exampleScores.setWrapText(true);
        exampleScores.setMinHeight(Region.USE_PREF_SIZE);
        Label hover = new Label();
        hover.setId(HOVER_ID);
        hover.textProperty().bind(viewModel.hoverProperty());
        hover.setMinHeight(18);
        hover.getStyleClass().add("hover-readout");

        getChildren().setAll(controls, stack, layerScores, exampleScores, hover);
        setOnKeyPressed(e -> {
            KeyCode code = e.getCode();
            if (e.getTarget() == slider) {
                return; // the slider steps by itself
            }
            if (code == KeyCode.RIGHT || code == KeyCode.PAGE_UP || code == KeyCode.UP) {
                viewModel.step(1);
                e.consume();
            } else if (code == KeyCode.LEFT || code == KeyCode.PAGE_DOWN || code == KeyCode.DOWN) {
                viewModel.step(-1);
                e.consume();
            }
        });
        heatmap.show(viewModel.pictureProperty().get());
        applyRequestedWindow(viewModel);
        heatmap.setFocusTraversable(true);
        heatmap.setOnMouseEntered(e -> heatmap.requestFocus());
    }

    private void applyStrips(AlignmentViewModel viewModel) {
        heatmap.setStrips(viewModel.showStripsProperty().get() ? viewModel.stripAudioProperty().get() : null);
    }

    private void applyRequestedWindow(AlignmentViewModel viewModel) {
        double[] w = viewModel.requestedWindowProperty().get();
        HeatmapPicture p = viewModel.pictureProperty().get();
        if (w != null && p != null && w[1] <= p.speechCount()) {
            heatmap.setViewWindow(w[0], w[1]);
            viewModel.viewWindowApplied();
        }
    }

    /**
     * The colour table of {@code cm} for {@code metric}: a distance runs the map backwards, so that in both
     * views the bright end is the aligned one (high cosine, small distance).
     */
    private void applyColors(ColorMap cm, SimilarityMetric metric) {
        heatmap.setColors(MatrixRaster.table(metric == SimilarityMetric.EUCLIDEAN ? t -> cm.rgb(1 - t) : cm::rgb), cm);
    }

    /** Presentation mode: larger labels on the heatmap. */
    public void setPresentation(boolean on) {
        heatmap.setFontSize(on ? 17 : 11);
    }

    /** The heatmap canvas (for the benchmark). */
    public HeatmapCanvas heatmap() {
        return heatmap;
    }
}
