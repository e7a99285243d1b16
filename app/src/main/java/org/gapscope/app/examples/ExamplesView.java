package org.gapscope.app.examples;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.gapscope.app.desktop.TableFit;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;

/** The example list: filter box, sort order and a table of examples with their marks and APS. */
public final class ExamplesView extends VBox {

    /** Node ids used by tests. */
    public static final String TABLE_ID = "example-table";
    public static final String FILTER_ID = "example-filter";
    public static final String SKIPPED_ID = "example-skipped";

    private static final String EMS = "gapscope.width.ems";

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
        // as wide as the longest id in the list's font (ids share long prefixes: "seen-u0…" told nothing)
        Runnable fitIds = () -> fitIdColumn(table, id, filter.getFont());
        viewModel.shownRows().addListener((ListChangeListener<ExampleRow>) c -> fitIds.run());
        filter.fontProperty().addListener(o -> fitIds.run());
        TableColumn<ExampleRow, String> transcript = new TableColumn<>("Question");
        transcript.setCellValueFactory(c -> Bindings.createStringBinding(() -> c.getValue().example().transcript(),
                c.getValue().exampleProperty()));
        TableColumn<ExampleRow, String> text = new TableColumn<>("T");
        text.setCellValueFactory(c -> Bindings.createStringBinding(
                () -> ExampleRow.mark(c.getValue().textCorrectProperty().get()), c.getValue().textCorrectProperty()));
        fixed(text, 2.0, filter.getFont());
        TableColumn<ExampleRow, String> speech = new TableColumn<>("S");
        speech.setCellValueFactory(c -> Bindings.createStringBinding(
                () -> ExampleRow.mark(c.getValue().speechCorrectProperty().get()), c.getValue().speechCorrectProperty()));
        fixed(speech, 2.0, filter.getFont());
        TableColumn<ExampleRow, String> aps = new TableColumn<>("APS");
        aps.setCellValueFactory(c -> Bindings.createStringBinding(() -> {
            Double v = c.getValue().apsProperty().get();
            return v == null ? "–" : String.format(Locale.ROOT, "%.3f", v);
        }, c.getValue().apsProperty()));
        fixed(aps, 3.6, filter.getFont());
        // the question takes what is left: the last column that can be resized
        TableColumn<?, ?>[] fixedColumns = {text, speech, aps};
        filter.fontProperty().addListener(o -> {
            for (TableColumn<?, ?> c : fixedColumns) {
                fixed(c, (Double) c.getProperties().get(EMS), filter.getFont());
            }
        });
        TableColumn<ExampleRow, String> typedAnswer = answerColumn("Typed answer", ExampleRow::textAnswerProperty);
        TableColumn<ExampleRow, String> spokenAnswer = answerColumn("Spoken answer", ExampleRow::speechAnswerProperty);
        // a run's examples come with the model's answers: shown beside the marks
        typedAnswer.visibleProperty().bind(viewModel.fromRunProperty());
        spokenAnswer.visibleProperty().bind(viewModel.fromRunProperty());
        table.getColumns().setAll(List.of(id, transcript, text, speech, aps, typedAnswer, spokenAnswer));
        fitIds.run();
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
                reveal(table, row);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        Hyperlink skipped = new Hyperlink();
        skipped.setId(SKIPPED_ID);
        skipped.textProperty().bind(Bindings.concat(viewModel.skippedProperty(), "…"));
        skipped.visibleProperty().bind(viewModel.skippedProperty().isNotEmpty());
        skipped.managedProperty().bind(skipped.visibleProperty());
        skipped.setTooltip(new Tooltip("Show the lines of the example set that could not be read"));
        skipped.setOnAction(e -> showSkipped(viewModel));
        getChildren().setAll(filter, sort, table, skipped);
    }

    /**
     * Scrolls just enough for {@code row} to be fully visible: nothing when it is (a click keeps the rows
     * around it where they were), else to the nearer edge. {@code TableView.scrollTo} would put it at
     * the top every time.
     */
    private static void reveal(TableView<ExampleRow> table, ExampleRow row) {
        int index = table.getItems().indexOf(row);
        if (index < 0) {
            return;
        }
        if (table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            flow.scrollTo(index);
        } else {
            table.scrollTo(index); // not shown yet: no rows to keep in place
        }
    }

    private static void fitIdColumn(TableView<ExampleRow> table, TableColumn<ExampleRow, String> column, Font font) {
        double width = TableFit.width(table, column, font);
        column.setMinWidth(width);
        column.setPrefWidth(width);
    }

    /** A column {@code ems} wide in {@code font}, neither stretched nor squeezed by the table. */
    private static void fixed(TableColumn<?, ?> column, double ems, Font font) {
        column.getProperties().put(EMS, ems);
        double width = Math.ceil(ems * font.getSize());
        column.setMinWidth(width);
        column.setPrefWidth(width);
        column.setMaxWidth(width);
        column.setResizable(false);
    }

    private static void showSkipped(ExamplesViewModel viewModel) {
        TextArea lines = new TextArea(viewModel.skippedLines());
        lines.setEditable(false);
        lines.setWrapText(true);
        lines.setPrefRowCount(Math.min(12, Math.max(3, (int) viewModel.skippedLines().lines().count())));
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.setTitle("Skipped lines");
        alert.setHeaderText(viewModel.skippedProperty().get() + " of "
                + viewModel.exampleSetProperty().get().source().getFileName());
        alert.getDialogPane().setContent(lines);
        alert.show();
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
