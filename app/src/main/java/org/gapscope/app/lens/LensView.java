package org.gapscope.app.lens;

import java.util.ArrayList;
import java.util.List;

import org.gapscope.app.export.FigureCanvas;
import org.gapscope.figure.LensRenderer;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The logit-lens view: a layer chooser and k, the grid of top-1 tokens (speech positions by time, text
 * tokens, layers up) with lens agreement per layer as a curve beside it, drawn by the same renderer as
 * {@code gapscope figure lens}; the pointer over a cell lists its top-k tokens with probabilities.
 */
public final class LensView extends VBox {

    /** Node ids used by tests. */
    public static final String CANVAS_ID = "lens-canvas";
    public static final String HOVER_ID = "lens-hover";
    public static final String SUMMARY_ID = "lens-summary";
    public static final String LAYERS_ID = "lens-layers";
    public static final String TOP_ID = "lens-top";
    public static final String EXPORT_ID = "lens-export";
    public static final String COPY_ID = "lens-copy";

    /** The largest k offered. */
    static final int MAX_TOP = 20;

    /** The least height the figure gets; below it the tab scrolls (MainWindow puts the view in a scroll pane). */
    public static final double FIGURE_MIN_HEIGHT = 280;

    private final LensViewModel viewModel;
    private final FigureCanvas canvas = new FigureCanvas();
    private final FlowPane layerBoxes = new FlowPane(8, 2);
    private final List<CheckBox> boxes = new ArrayList<>();
    private final Label hover = new Label();

    /** Builds the view bound to {@code viewModel}. */
    public LensView(LensViewModel viewModel, Runnable onExport, Runnable onCopy, ObservableBooleanValue dark,
            ObservableStringValue emptyMessage) {
        this.viewModel = viewModel;
        setSpacing(6);
        setPadding(new Insets(6));
        Label layersLabel = new Label("Layers:");
        layersLabel.setMinWidth(Region.USE_PREF_SIZE);
        layerBoxes.setId(LAYERS_ID);
        HBox.setHgrow(layerBoxes, Priority.ALWAYS);
        Spinner<Integer> top = new Spinner<>(1, MAX_TOP, viewModel.topProperty().get());
        top.setId(TOP_ID);
        top.setEditable(true);
        top.getEditor().setPrefColumnCount(3);
        top.setMinWidth(Region.USE_PREF_SIZE);
        top.valueProperty().addListener((obs, old, v) -> viewModel.topProperty().set(v));
        viewModel.topProperty().addListener((obs, old, v) -> top.getValueFactory().setValue(v.intValue()));
        top.setTooltip(new Tooltip("Tokens listed per cell when the pointer is on it"));
        Label topLabel = new Label("Top k:");
        topLabel.setMinWidth(Region.USE_PREF_SIZE);
        Button export = new Button("Export…");
        export.setId(EXPORT_ID);
        export.setOnAction(e -> onExport.run());
        export.disableProperty().bind(viewModel.dataProperty().isNull());
        export.setMinWidth(Region.USE_PREF_SIZE);
        Button copy = new Button("Copy");
        copy.setId(COPY_ID);
        copy.setOnAction(e -> onCopy.run());
        copy.disableProperty().bind(viewModel.dataProperty().isNull());
        copy.setMinWidth(Region.USE_PREF_SIZE);
        copy.setTooltip(new Tooltip("Copy the logit-lens figure (image) and its data (CSV text) to the clipboard"));
        HBox controls = new HBox(8, layersLabel, layerBoxes, topLabel, top, export, copy);
        controls.setAlignment(Pos.CENTER_LEFT);

        Label source = new Label(viewModel.source() + ". Each layer is read only when chosen: with a large "
                + "vocabulary a layer costs 2 d V multiply-adds per position.");
        source.setStyle("-fx-text-fill: derive(-fx-text-base-color, 30%);");
        source.setWrapText(true);
        source.setMinHeight(Region.USE_PREF_SIZE);

        canvas.setId(CANVAS_ID);
        canvas.visibleProperty().bind(viewModel.dataProperty().isNotNull());
        canvas.setDark(dark.get());
        dark.addListener((obs, old, on) -> canvas.setDark(on));
        viewModel.dataProperty().addListener((obs, old, d) -> canvas.show(d == null ? null : viewModel.figure()));
        canvas.setOnMouseMoved(e -> hover.setText(viewModel.describe(cellAt(e.getX(), e.getY()))));
        canvas.setOnMouseExited(e -> hover.setText(""));
        Label empty = new Label();
        empty.textProperty().bind(Bindings.createStringBinding(() -> !viewModel.messageProperty().get().isEmpty()
                ? viewModel.messageProperty().get() : emptyMessage.get(), viewModel.messageProperty(), emptyMessage));
        empty.getStyleClass().add("empty-state");
        empty.setWrapText(true);
        empty.visibleProperty().bind(viewModel.dataProperty().isNull());
        StackPane stack = new StackPane(canvas, empty);
        VBox.setVgrow(stack, Priority.ALWAYS);
        stack.setMinHeight(FIGURE_MIN_HEIGHT); // a grid, not a strip: the tab scrolls when the window is too low

        hover.setId(HOVER_ID);
        hover.setWrapText(true);
        hover.setMinHeight(Region.USE_PREF_SIZE);
        Label summary = new Label();
        summary.setId(SUMMARY_ID);
        summary.textProperty().bind(viewModel.summaryProperty());
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        Label note = new Label();
        note.textProperty().bind(viewModel.messageProperty());
        note.visibleProperty().bind(viewModel.dataProperty().isNotNull());
        note.managedProperty().bind(note.visibleProperty());
        getChildren().addAll(controls, source, stack, hover, summary, note);

        viewModel.hiddenStatesProperty().addListener((obs, old, n) -> buildBoxes(n.intValue()));
        viewModel.layers().addListener((SetChangeListener<Integer>) c -> syncBoxes());
        buildBoxes(viewModel.hiddenStatesProperty().get());
    }

    /** The cell under a point of the canvas, or null. */
    private LensRenderer.Cell cellAt(double x, double y) {
        return viewModel.dataProperty().get() == null ? null
                : new LensRenderer(viewModel.dataProperty().get()).cellAt(x, y, canvas.getWidth(), canvas.getHeight(),
                        canvas.style());
    }

    private void buildBoxes(int hiddenStates) {
        boxes.clear();
        for (int l = 0; l < hiddenStates; l++) {
            int layer = l;
            CheckBox box = new CheckBox(Integer.toString(l));
            box.setId("lens-layer-" + l);
            box.setSelected(viewModel.layers().contains(l));
            box.selectedProperty().addListener((obs, old, on) -> {
                if (on) {
                    viewModel.layers().add(layer);
                } else {
                    viewModel.layers().remove(layer);
                }
            });
            box.setTooltip(new Tooltip(l == 0 ? "Hidden state 0: the input embeddings" : "The output of decoder layer " + l));
            boxes.add(box);
        }
        layerBoxes.getChildren().setAll(boxes);
    }

    private void syncBoxes() {
        for (int l = 0; l < boxes.size(); l++) {
            boxes.get(l).setSelected(viewModel.layers().contains(l));
        }
    }

    /** Presentation mode: larger text in the figure. */
    public void setPresentation(boolean on) {
        canvas.setFontSize(on ? 18 : 12);
    }
}
