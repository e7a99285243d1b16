package org.gapscope.app.interventions;

import java.util.List;
import java.util.function.Function;

import org.controlsfx.control.RangeSlider;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.desktop.TableFit;
import org.gapscope.app.export.FigureCanvas;
import org.gapscope.engine.ExampleRun;
import org.gapscope.intervention.RewriteKind;

import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The interventions view: settings and Run, the answers before and after, the accuracy table over the set. */
public final class InterventionsView extends VBox {

    /** Node ids used by tests. */
    public static final String RUN_ID = "intervention-run";
    public static final String RUN_SET_ID = "intervention-run-set";
    public static final String METHOD_ID = "intervention-method";
    public static final String AFTER_ID = "intervention-after";
    public static final String BEFORE_ID = "intervention-before";
    public static final String MESSAGE_ID = "intervention-message";
    public static final String TOKENS_ID = "intervention-tokens";
    public static final String PICKED_ID = "intervention-picked";
    public static final String COPY_ID = "intervention-copy";
    public static final String GOLD_ID = "intervention-gold";
    public static final String RANGE_ID = "intervention-layer-range";
    public static final String LAYERS_ID = "intervention-layers";

    private final FlowPane tokenPicker = new FlowPane(4, 4);
    private final FigureCanvas figure = new FigureCanvas();
    private final RangeSlider range = new RangeSlider(0, 1, 0, 0);
    private boolean syncing;

    /** Builds the view bound to {@code viewModel}. */
    public InterventionsView(InterventionsViewModel viewModel, Runnable onExport, Runnable onCopy,
            ObservableStringValue emptyMessage) {
        setSpacing(8);
        setPadding(new Insets(8));

        ComboBox<RewriteKind> method = new ComboBox<>();
        method.setId(METHOD_ID);
        method.getItems().setAll(RewriteKind.values());
        method.setConverter(new StringConverter<>() {
            @Override
            public String toString(RewriteKind k) {
                return k == null ? "" : k == RewriteKind.ANGLE_PROJECTION ? "Angle projection" : "Length normalization";
            }

            @Override
            public RewriteKind fromString(String s) {
                return null;
            }
        });
        method.valueProperty().bindBidirectional(viewModel.kindProperty());
        method.setTooltip(new Tooltip("Angle projection: keep the speech norm, take the aligned text token's direction.\n"
                + "Length normalization: keep the speech direction, take the text token's norm."));
        ComboBox<InterventionsViewModel.Tokens> tokens = new ComboBox<>();
        tokens.setId(TOKENS_ID);
        tokens.getItems().setAll(InterventionsViewModel.Tokens.values());
        tokens.valueProperty().bindBidirectional(viewModel.tokensProperty());
        Spinner<Integer> k = new Spinner<>(1, 50, viewModel.kProperty().get());
        k.getEditor().setPrefColumnCount(3);
        k.valueProperty().addListener((obs, old, v) -> viewModel.kProperty().set(v));
        viewModel.kProperty().addListener((obs, old, v) -> k.getValueFactory().setValue(v.intValue()));
        k.disableProperty().bind(viewModel.tokensProperty().isNotEqualTo(InterventionsViewModel.Tokens.BOTTOM_K));
        TextField layers = new TextField();
        layers.textProperty().bindBidirectional(viewModel.layersProperty());
        layers.setPrefColumnCount(6);
        layers.setId(LAYERS_ID);
        range.setId(RANGE_ID);
        layers.setTooltip(new Tooltip("Layers whose speech positions are rewritten: 0 = the LLM input; e.g. 0 or 0,2-3"));
        range.setShowTickMarks(true);
        range.setShowTickLabels(true);
        range.setMajorTickUnit(1);
        range.setMinorTickCount(0);
        range.setSnapToTicks(true);
        range.setPrefWidth(150);
        range.setTooltip(new Tooltip("Drag the ends to choose a range of rewrite layers"));
        range.lowValueProperty().addListener(o -> rangeToText(viewModel));
        range.highValueProperty().addListener(o -> rangeToText(viewModel));
        // the field is what runs: the slider follows it (typed, restored or dragged)
        viewModel.layerSpanProperty().addListener((obs, old, span) -> spanToRange(span));
        spanToRange(viewModel.layerSpanProperty().get());
        ComboBox<SimilarityMetric> path = new ComboBox<>();
        path.getItems().setAll(SimilarityMetric.values());
        path.valueProperty().bindBidirectional(viewModel.pathMetricProperty());
        path.setConverter(new StringConverter<>() {
            @Override
            public String toString(SimilarityMetric m) {
                return m == null ? "" : m == SimilarityMetric.COSINE ? "cosine" : "Euclidean";
            }

            @Override
            public SimilarityMetric fromString(String s) {
                return SimilarityMetric.parse(s);
            }
        });
        path.setTooltip(new Tooltip("Which alignment path selects the tokens"));
        CheckBox own = new CheckBox("or each rewrite layer's own");
        own.selectedProperty().bindBidirectional(viewModel.ownPathProperty());
        Spinner<Integer> selecting = new Spinner<>(0, 999, viewModel.selectionLayerProperty().get());
        selecting.getEditor().setPrefColumnCount(3);
        selecting.valueProperty().addListener((obs, old, v) -> viewModel.selectionLayerProperty().set(v));
        viewModel.selectionLayerProperty().addListener((obs, old, v) -> selecting.getValueFactory().setValue(v.intValue()));
        selecting.disableProperty().bind(viewModel.ownPathProperty());
        selecting.setTooltip(new Tooltip("The layer whose path selects the tokens"));

        Button run = new Button("Run on this example");
        run.setId(RUN_ID);
        run.setDefaultButton(false);
        run.setOnAction(e -> viewModel.runExample());
        Button runSet = new Button("Run over the set");
        runSet.setId(RUN_SET_ID);
        runSet.setOnAction(e -> viewModel.runSet());
        runSet.setTooltip(new Tooltip("Text, speech, and angle/length × Bottom-k/All on every example"));
        Button export = new Button("Export…");
        export.setOnAction(e -> onExport.run());
        export.disableProperty().bind(viewModel.outcomeProperty().isNull());
        Button copy = new Button("Copy");
        copy.setId(COPY_ID);
        copy.setOnAction(e -> onCopy.run());
        copy.disableProperty().bind(viewModel.outcomeProperty().isNull());
        copy.setTooltip(new Tooltip("Copy the intervention figure (image) and its data (CSV text) to the clipboard"));

        Label rewriteLabel = new Label("Rewrite at layers");
        rewriteLabel.setLabelFor(layers);
        rewriteLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox rewrite = new HBox(6, rewriteLabel, layers, range);
        rewrite.setAlignment(Pos.CENTER_LEFT);
        HBox selection = new HBox(6, new Label("Tokens from the"), path, new Label("path of layer"), selecting, own);
        selection.setAlignment(Pos.CENTER_LEFT);
        FlowPane settings = new FlowPane(8, 6, new Label("Method"), method, new Label("Tokens"), tokens, new Label("k"), k,
                rewrite, selection);
        settings.setAlignment(Pos.CENTER_LEFT);
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox actions = new HBox(8, run, runSet, spring, export, copy);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label pickedLabel = new Label();
        pickedLabel.setId(PICKED_ID);
        pickedLabel.textProperty().bind(viewModel.pickedSummaryProperty());
        pickedLabel.setWrapText(true);
        pickedLabel.setStyle("-fx-font-weight: bold;");
        Label pickNote = new Label("Ctrl+click path dots in the Alignment view, or tick the tokens whose aligned speech"
                + " positions are rewritten:");
        pickNote.setWrapText(true);
        VBox picker = new VBox(4, pickedLabel, pickNote, tokenPicker);
        picker.visibleProperty().bind(viewModel.tokensProperty().isEqualTo(InterventionsViewModel.Tokens.PICKED));
        picker.managedProperty().bind(picker.visibleProperty());

        Label gold = new Label();
        Label before = new Label();
        before.setId(BEFORE_ID);
        Label after = new Label();
        after.setId(AFTER_ID);
        for (Label l : List.of(gold, before, after)) {
            l.setStyle("-fx-font-size: 1.15em;");
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE); // wrap, never "forty ..."
            l.setMaxWidth(Double.MAX_VALUE);
        }
        gold.setId(GOLD_ID);
        viewModel.outcomeProperty().addListener((obs, old, o) -> {
            gold.setText(o == null ? "" : String.join(" | ", o.example().example().answers()));
            before.setText(o == null ? "" : judged(o.before(), o.correctBefore()));
            after.setText(o == null ? "" : judged(o.after(), o.correctAfter()));
            before.setStyle(style(o == null ? null : o.correctBefore()));
            after.setStyle(style(o == null ? null : o.correctAfter()));
        });
        GridPane answers = new GridPane();
        answers.setHgap(24);
        answers.setVgap(4);
        for (int c = 0; c < 3; c++) {
            ColumnConstraints third = new ColumnConstraints();
            third.setPercentWidth(100 / 3.0);
            third.setHgrow(Priority.ALWAYS);
            answers.getColumnConstraints().add(third);
        }
        answers.addRow(0, heading("Gold answer"), heading("Speech, before"), heading("Speech, after"));
        answers.addRow(1, gold, before, after);

        Label message = new Label();
        message.setId(MESSAGE_ID);
        message.textProperty().bind(Bindings.createStringBinding(() -> viewModel.result() == null
                ? emptyMessage.get() : viewModel.messageProperty().get(), viewModel.messageProperty(), emptyMessage));
        message.setWrapText(true);

        TableView<InterventionsViewModel.AccuracyRow> table = new TableView<>(viewModel.table());
        table.getColumns().setAll(List.of(
                column("Condition", InterventionsViewModel.AccuracyRow::condition, 190),
                column("Accuracy", InterventionsViewModel.AccuracyRow::accuracy, 80),
                column("Change [95 % CI]", InterventionsViewModel.AccuracyRow::change, 150),
                column("n", InterventionsViewModel.AccuracyRow::n, 60)));
        table.setPlaceholder(new Label("Run over the set to fill the accuracy table."));
        Label tableNote = new Label();
        tableNote.textProperty().bind(viewModel.tableNoteProperty());
        tableNote.setWrapText(true);
        tableNote.setMinHeight(Region.USE_PREF_SIZE); // the footer is read, not cut
        // Condition, Accuracy, Change and n all in view at the window's default size, the table as tall as its rows
        TableFit.fit(table, tableNote.fontProperty(), true);

        viewModel.picked().addListener((SetChangeListener<Integer>) c -> {
            for (Node n : tokenPicker.getChildren()) {
                ToggleButton b = (ToggleButton) n;
                boolean on = viewModel.picked().contains((Integer) b.getUserData());
                if (b.isSelected() != on) {
                    b.setSelected(on);
                }
            }
        });

        figure.setMinWidth(260);
        viewModel.outcomeProperty().addListener((obs, old, o) -> figure.show(o == null ? null : viewModel.figure()));
        VBox results = new VBox(8, answers, table, tableNote);
        SplitPane split = new SplitPane(results, figure);
        split.setDividerPositions(0.5);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().setAll(settings, actions, picker, message, split);
    }

    /** Light or dark surroundings for the figure. */
    public void setDark(boolean on) {
        figure.setDark(on);
    }

    /** Presentation mode: larger text in the figure. */
    public void setPresentation(boolean on) {
        figure.setFontSize(on ? 18 : 12);
    }

    private void spanToRange(int[] span) {
        if (span == null || Math.round(range.getLowValue()) == span[0] && Math.round(range.getHighValue()) == span[1]) {
            return; // a field being typed keeps the last layers that could be read; a drag is already shown
        }
        syncing = true;
        try {
            double hi = Math.min(span[1], range.getMax());
            range.setLowValue(range.getMin());
            range.setHighValue(hi);
            range.setLowValue(Math.min(span[0], hi));
        } finally {
            syncing = false;
        }
    }

    private void rangeToText(InterventionsViewModel viewModel) {
        if (syncing) {
            return;
        }
        long lo = Math.round(range.getLowValue());
        long hi = Math.round(range.getHighValue());
        viewModel.layersProperty().set(lo == hi ? Long.toString(lo) : lo + "-" + hi);
    }

    /** Rebuilds the token picker and the layer range for the example shown. */
    public void showTokens(InterventionsViewModel viewModel, ExampleRun shown) {
        tokenPicker.getChildren().clear();
        if (shown == null) {
            return;
        }
        syncing = true;
        range.setMax(shown.layerCount() - 1);
        syncing = false;
        spanToRange(viewModel.layerSpanProperty().get());
        List<String> names = shown.text().tokens();
        for (int j = 0; j < names.size(); j++) {
            int token = j;
            ToggleButton b = new ToggleButton(names.get(j));
            b.setUserData(j);
            b.setSelected(viewModel.picked().contains(j));
            b.selectedProperty().addListener((obs, old, on) -> {
                if (on) {
                    viewModel.picked().add(token);
                } else {
                    viewModel.picked().remove(token);
                }
            });
            tokenPicker.getChildren().add(b);
        }
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setStyle("-fx-font-weight: bold; -fx-opacity: 0.8;");
        return l;
    }

    private static String judged(String answer, Boolean correct) {
        String mark = correct == null ? "" : correct ? "  ✓ correct" : "  ✗ wrong";
        return (answer.isBlank() ? "(no answer)" : "“" + answer + "”") + mark;
    }

    private static String style(Boolean correct) {
        String colour = correct == null ? "" : correct ? "-fx-text-fill: #1a7f37;" : "-fx-text-fill: #c62828;";
        return "-fx-font-size: 1.15em; " + colour;
    }

    private static <R> TableColumn<R, String> column(String title, Function<R, String> value, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
