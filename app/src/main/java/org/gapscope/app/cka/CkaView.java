package org.gapscope.app.cka;

import org.gapscope.app.export.FigureCanvas;
import org.gapscope.figure.CkaData;
import org.gapscope.figure.CkaRenderer;

import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The cross-layer CKA view: a matched / mismatched / difference switch and an example / dataset switch
 * above core's CKA figure (speech layer up, text layer across, grey undefined cells, colour bar, dots on
 * each speech layer's band), the hovered cell's values below it, then the pairing, diagonal means, band
 * widths and the control.
 */
public final class CkaView extends VBox {

    /** The least height the figure gets; below it the tab scrolls (MainWindow puts the view in a scroll pane). */
    public static final double FIGURE_MIN_HEIGHT = 280;

    /** Node ids used by tests. */
    public static final String MATCHED_ID = "cka-matched";
    public static final String MISMATCHED_ID = "cka-mismatched";
    public static final String DIFFERENCE_ID = "cka-difference";
    public static final String EXAMPLE_ID = "cka-example";
    public static final String DATASET_ID = "cka-dataset";
    public static final String FIGURE_ID = "cka-figure";
    public static final String HOVER_ID = "cka-hover";
    public static final String DETAILS_ID = "cka-details";
    public static final String EXPORT_ID = "cka-export";
    public static final String COPY_ID = "cka-copy";

    private final FigureCanvas figure = new FigureCanvas();

    /**
     * Builds the view bound to {@code viewModel}; {@code emptyMessage} says what to do while no example
     * has been analysed.
     */
    public CkaView(CkaViewModel viewModel, Runnable onExport, Runnable onCopy, ObservableBooleanValue dark,
            ObservableStringValue emptyMessage) {
        setSpacing(6);
        setPadding(new Insets(6));

        ToggleGroup panels = new ToggleGroup();
        ToggleButton matched = toggle("Matched", MATCHED_ID, CkaData.Panel.MATCHED, panels,
                "This example's speech against its own text");
        ToggleButton mismatched = toggle("Mismatched", MISMATCHED_ID, CkaData.Panel.MISMATCHED, panels,
                "GapScope's control: the speech against the text of the control partner (as evaluate pairs them)");
        ToggleButton difference = toggle("Difference", DIFFERENCE_ID, CkaData.Panel.DIFFERENCE, panels,
                "Matched \u2212 mismatched, cell by cell");
        bind(panels, viewModel.panelProperty().get());
        panels.selectedToggleProperty().addListener((obs, old, t) -> {
            if (t == null) {
                panels.selectToggle(old); // one panel is always chosen
            } else {
                viewModel.panelProperty().set((CkaData.Panel) t.getUserData());
            }
        });
        viewModel.panelProperty().addListener((obs, old, p) -> bind(panels, p));

        ToggleGroup scopes = new ToggleGroup();
        ToggleButton example = toggle("This example", EXAMPLE_ID, CkaViewModel.Scope.EXAMPLE, scopes,
                "The matrix of the example shown, from its captures");
        ToggleButton dataset = toggle("Dataset (run)", DATASET_ID, CkaViewModel.Scope.DATASET, scopes,
                "The dataset matrix of the opened run folder (its summary.json, as gapscope figure cka --from RUN)");
        dataset.disableProperty().bind(viewModel.datasetAvailableProperty().not()
                .and(viewModel.scopeProperty().isNotEqualTo(CkaViewModel.Scope.DATASET)));
        bind(scopes, viewModel.scopeProperty().get());
        scopes.selectedToggleProperty().addListener((obs, old, t) -> {
            if (t == null) {
                scopes.selectToggle(old);
            } else {
                viewModel.scopeProperty().set((CkaViewModel.Scope) t.getUserData());
            }
        });
        viewModel.scopeProperty().addListener((obs, old, s) -> bind(scopes, s));

        Button export = new Button("Export\u2026");
        export.setId(EXPORT_ID);
        export.setOnAction(e -> onExport.run());
        export.disableProperty().bind(viewModel.dataProperty().isNull());
        Button copy = new Button("Copy");
        copy.setId(COPY_ID);
        copy.setOnAction(e -> onCopy.run());
        copy.disableProperty().bind(viewModel.dataProperty().isNull());
        copy.setTooltip(new Tooltip("Copy the CKA figure (image) and its data (CSV text) to the clipboard"));
        export.setMinWidth(Region.USE_PREF_SIZE);
        copy.setMinWidth(Region.USE_PREF_SIZE);
        FlowPane switches = new FlowPane(12, 4, new HBox(matched, mismatched, difference), new HBox(example, dataset));
        HBox.setHgrow(switches, Priority.ALWAYS);
        HBox controls = new HBox(12, switches, export, copy);
        controls.setAlignment(Pos.CENTER_LEFT);

        figure.setId(FIGURE_ID);
        figure.visibleProperty().bind(viewModel.dataProperty().isNotNull());
        figure.setDark(dark.get());
        dark.addListener((obs, old, on) -> figure.setDark(on));
        Label empty = new Label();
        empty.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> viewModel.messageProperty().get().isEmpty() ? emptyMessage.get() : viewModel.messageProperty().get(),
                viewModel.messageProperty(), emptyMessage));
        empty.getStyleClass().add("empty-state");
        empty.setWrapText(true);
        empty.visibleProperty().bind(viewModel.dataProperty().isNull());
        StackPane stack = new StackPane(figure, empty);
        VBox.setVgrow(stack, Priority.ALWAYS);
        stack.setMinHeight(FIGURE_MIN_HEIGHT); // a matrix, not a strip: the tab scrolls when the window is too low

        Label hover = new Label();
        hover.setId(HOVER_ID);
        hover.textProperty().bind(viewModel.hoverProperty());
        hover.setMinHeight(Region.USE_PREF_SIZE);
        Label details = new Label();
        details.setId(DETAILS_ID);
        details.textProperty().bind(viewModel.detailsProperty());
        details.setWrapText(true);
        details.setMinHeight(Region.USE_PREF_SIZE);
        getChildren().setAll(controls, stack, hover, details);

        figure.setOnMouseMoved(e -> {
            int[] cell = figure.renderer() instanceof CkaRenderer r
                    ? r.cellAt(e.getX(), e.getY(), figure.getWidth(), figure.getHeight(), figure.style()) : null;
            viewModel.hoverAt(cell == null ? -1 : cell[0], cell == null ? -1 : cell[1]);
        });
        figure.setOnMouseExited(e -> viewModel.hoverAt(-1, -1));
        viewModel.dataProperty().addListener((obs, old, d) -> figure.show(viewModel.figure()));
        figure.show(viewModel.figure());
    }

    /** A button of {@code group} standing for {@code value} (a panel or a scope). */
    private static ToggleButton toggle(String text, String id, Object value, ToggleGroup group, String tip) {
        ToggleButton b = new ToggleButton(text);
        b.setId(id);
        b.setUserData(value);
        b.setToggleGroup(group);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private static void bind(ToggleGroup group, Object value) {
        for (Toggle t : group.getToggles()) {
            if (t.getUserData() == value && !t.isSelected()) {
                group.selectToggle(t);
            }
        }
    }

    /** Presentation mode: larger text in the figure. */
    public void setPresentation(boolean on) {
        figure.setFontSize(on ? 18 : 12);
    }
}
