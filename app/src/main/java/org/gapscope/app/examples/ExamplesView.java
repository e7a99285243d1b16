package org.gapscope.app.examples;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The example list: filter box, sort order and a table of examples with their marks and APS. */
public final class ExamplesView extends VBox {

    /** Node ids used by tests. */
    public static final String TABLE_ID = "example-table";
    public static final String FILTER_ID = "example-filter";

    /** Builds the view bound to {@code viewModel}. */
    public ExamplesView(ExamplesViewModel viewModel) {
        setSpacing(6);
        setPadding(new Insets(6));

        TextField filter = new TextField();
        filter.setId(FILTER_ID);
        filter.setPromptText("Filter by id, words, answer, task");
        filter.textProperty().bindBidirectional(viewModel.filterProperty());

        ComboBox<ExamplesViewModel.SortOrder> sort = new ComboBox<>();
        sort.getItems().setAll(ExamplesViewModel.SortOrder.values());
        sort.valueProperty().bindBidirectional(viewModel.sortOrderProperty());
        sort.setMaxWidth(Double.MAX_VALUE);
        sort.setTooltip(new Tooltip("Sort order of the list"));

        TableView<ExampleRow> table = new TableView<>(viewModel.shownRows());
        table.setId(TABLE_ID);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label("No example set loaded.\nOpen a dataset (.jsonl) from the File menu;\n"
                + "the built-in sample loads at start when it is installed.");
        placeholder.setWrapText(true);
        table.setPlaceholder(placeholder);

        TableColumn<ExampleRow, String> id = new TableColumn<>("Id");
        id.setCellValueFactory(c -> Bindings.createStringBinding(() -> c.getValue().example().id(),
                c.getValue().exampleProperty()));
        id.setPrefWidth(70);
        TableColumn<ExampleRow, String> transcript = new TableColumn<>("Question");
        transcript.setCellValueFactory(c -> Bindings.createStringBinding(() -> c.getValue().example().transcript(),
                c.getValue().exampleProperty()));
        TableColumn<ExampleRow, String> text = new TableColumn<>("T");
        text.setCellValueFactory(c -> Bindings.createStringBinding(
                () -> ExampleRow.mark(c.getValue().textCorrectProperty().get()), c.getValue().textCorrectProperty()));
        text.setPrefWidth(28);
        text.setMinWidth(24);
        text.setMaxWidth(40);
        TableColumn<ExampleRow, String> speech = new TableColumn<>("S");
        speech.setCellValueFactory(c -> Bindings.createStringBinding(
                () -> ExampleRow.mark(c.getValue().speechCorrectProperty().get()), c.getValue().speechCorrectProperty()));
        speech.setPrefWidth(28);
        speech.setMinWidth(24);
        speech.setMaxWidth(40);
        TableColumn<ExampleRow, String> aps = new TableColumn<>("APS");
        aps.setCellValueFactory(c -> Bindings.createStringBinding(() -> {
            Double v = c.getValue().apsProperty().get();
            return v == null ? "–" : String.format(Locale.ROOT, "%.3f", v);
        }, c.getValue().apsProperty()));
        aps.setPrefWidth(52);
        aps.setMinWidth(44);
        aps.setMaxWidth(70);
        TableColumn<ExampleRow, String> typedAnswer = answerColumn("Typed answer", ExampleRow::textAnswerProperty);
        TableColumn<ExampleRow, String> spokenAnswer = answerColumn("Spoken answer", ExampleRow::speechAnswerProperty);
        // a run's examples come with the model's answers: shown beside the marks
        typedAnswer.visibleProperty().bind(viewModel.fromRunProperty());
        spokenAnswer.visibleProperty().bind(viewModel.fromRunProperty());
        table.getColumns().setAll(List.of(id, transcript, text, speech, aps, typedAnswer, spokenAnswer));
        text.setText("T");
        text.setGraphic(null);
        text.getStyleClass().add("mark-column");
        speech.getStyleClass().add("mark-column");
        Tooltip.install(table, new Tooltip("T / S: typed / spoken question answered correctly (✓ ✗, – not run yet)"));

        // each row's tooltip: the model's typed and spoken answers with the gold one
        table.setRowFactory(view -> {
            TableRow<ExampleRow> r = new TableRow<>();
            Tooltip tip = new Tooltip();
            tip.setWrapText(true);
            tip.setMaxWidth(480);
            r.itemProperty().addListener((obs, old, item) -> {
                tip.textProperty().unbind();
                if (item == null) {
                    r.setTooltip(null);
                } else {
                    tip.textProperty().bind(Bindings.concat(item.example().id(), ": ", item.example().transcript(),
                            "\n", item.answersBinding()));
                    r.setTooltip(tip);
                }
            });
            return r;
        });

        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null && row != viewModel.selectedProperty().get()) {
                viewModel.selectedProperty().set(row);
            }
        });
        viewModel.selectedProperty().addListener((obs, old, row) -> {
            if (row != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(row);
            }
            if (row != null) {
                table.scrollTo(row);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().setAll(filter, sort, table);
    }

    private static TableColumn<ExampleRow, String> answerColumn(String title,
            Function<ExampleRow, ObjectProperty<String>> answer) {
        TableColumn<ExampleRow, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> Bindings.createStringBinding(() -> {
            String a = answer.apply(c.getValue()).get();
            return a == null ? "–" : a;
        }, answer.apply(c.getValue())));
        column.setPrefWidth(90);
        column.setMinWidth(50);
        return column;
    }
}
