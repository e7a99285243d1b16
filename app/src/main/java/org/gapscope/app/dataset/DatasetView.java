package org.gapscope.app.dataset;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.gapscope.analysis.Score;
import org.gapscope.app.desktop.ScrollingColumn;
import org.gapscope.app.desktop.TableFit;
import org.gapscope.app.export.FigureCanvas;
import org.gapscope.figure.ScoreVsGapData;
import org.gapscope.figure.ScoreVsGapRenderer;

import javafx.application.Platform;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The dataset view: run the set; accuracy and GAP; the score table with the mismatched-pair control;
 * a scatter of per-example scores (click a point to open its example); score vs GAP across checkpoints.
 */
public final class DatasetView extends SplitPane {

    /** Node ids used by tests. */
    public static final String RUN_ID = "dataset-run";
    public static final String ACCURACY_ID = "dataset-accuracy";
    public static final String SCATTER_ID = "dataset-scatter";
    public static final String CHECKPOINTS_ID = "dataset-checkpoints";
    public static final String COPY_TABLE_ID = "dataset-copy-table";
    public static final String COPY_FIGURE_ID = "dataset-copy-figure";

    private FigureCanvas figure;
    private double[] beforePresentation;
    private boolean presenting;
    private final ScatterChart<Number, Number> scatter = new ScatterChart<>(new NumberAxis(), new NumberAxis());

    /**
     * Builds the view bound to {@code viewModel}; {@code onCopyTable} copies the accuracy and score
     * table, {@code onCopyRegression} the score-vs-GAP figure.
     */
    public DatasetView(DatasetViewModel viewModel, Runnable onExportRegression, Runnable onCopyRegression,
            Runnable onCopyTable, ObservableBooleanValue dark) {
        Button run = new Button("Run the example set");
        run.setId(RUN_ID);
        run.setOnAction(e -> viewModel.runSet());
        run.disableProperty().bind(viewModel.runningProperty());
        Label accuracy = new Label();
        accuracy.setId(ACCURACY_ID);
        accuracy.textProperty().bind(viewModel.accuracyProperty());
        accuracy.setStyle("-fx-font-weight: bold;");
        accuracy.setWrapText(true);
        Label message = new Label();
        message.textProperty().bind(viewModel.messageProperty());
        message.setWrapText(true);

        TableView<DatasetViewModel.ScoreRow> table = new TableView<>(viewModel.table());
        table.getColumns().setAll(List.of(
                column("Score", DatasetViewModel.ScoreRow::score, 150),
                column("Matched", DatasetViewModel.ScoreRow::matched, 75),
                column("Mismatched", DatasetViewModel.ScoreRow::mismatched, 85),
                column("Margin", DatasetViewModel.ScoreRow::margin, 70),
                column("95 % interval", DatasetViewModel.ScoreRow::interval, 130),
                column("n", DatasetViewModel.ScoreRow::examples, 40)));
        table.setPlaceholder(new Label("No results yet."));
        // every column as wide as its text ("Mat…", "[0.124, 0.18…" read as nothing), the table as tall as its rows
        TableFit.fit(table, message.fontProperty(), true);

        ComboBox<Score> x = scoreBox(viewModel.xScoreProperty().get());
        x.valueProperty().bindBidirectional(viewModel.xScoreProperty());
        ComboBox<Score> y = scoreBox(viewModel.yScoreProperty().get());
        y.valueProperty().bindBidirectional(viewModel.yScoreProperty());
        Label legendNote = new Label("● green: spoken question answered right · ◆ red: wrong · grey: no gold answer. "
                + "Click a point to open its example.");
        legendNote.setWrapText(true);
        legendNote.setMinHeight(Region.USE_PREF_SIZE);
        HBox axes = new HBox(6, new Label("x"), x, new Label("y"), y);
        axes.setAlignment(Pos.CENTER_LEFT);
        scatter.setId(SCATTER_ID);
        scatter.setAnimated(false);
        scatter.setLegendVisible(false);
        ((NumberAxis) scatter.getXAxis()).setForceZeroInRange(false);
        ((NumberAxis) scatter.getYAxis()).setForceZeroInRange(false);
        VBox.setVgrow(scatter, Priority.ALWAYS);
        viewModel.points().addListener((ListChangeListener<DatasetViewModel.ScatterPoint>) c -> redrawScatter(viewModel));
        // the scores by the names the paper and the score-vs-GAP figure use ("APS (cosine)"), not JSON keys
        viewModel.xScoreProperty().addListener(o -> scatter.getXAxis().setLabel(viewModel.xScoreProperty().get().label()));
        viewModel.yScoreProperty().addListener(o -> scatter.getYAxis().setLabel(viewModel.yScoreProperty().get().label()));
        scatter.getXAxis().setLabel(viewModel.xScoreProperty().get().label());
        scatter.getYAxis().setLabel(viewModel.yScoreProperty().get().label());
        scatter.setMinHeight(180); // a scatter, not a strip: the column scrolls when the window is too low

        accuracy.setMinHeight(Region.USE_PREF_SIZE);
        message.setMinHeight(Region.USE_PREF_SIZE);
        Button copyTable = new Button("Copy table");
        copyTable.setId(COPY_TABLE_ID);
        copyTable.setOnAction(e -> onCopyTable.run());
        copyTable.disableProperty().bind(viewModel.runProperty().isNull());
        copyTable.setTooltip(new Tooltip("Copy the accuracies and the score table (CSV text) to the clipboard"));
        FlowPane actions = new FlowPane(8, 4, run, copyTable);
        VBox left = new VBox(6, actions, accuracy, message, table, axes, legendNote, scatter);
        left.setPadding(new Insets(6));

        Button checkpoints = new Button("Run across checkpoints");
        checkpoints.setId(CHECKPOINTS_ID);
        checkpoints.setOnAction(e -> viewModel.runCheckpoints());
        checkpoints.disableProperty().bind(viewModel.runningProperty());
        checkpoints.setTooltip(new Tooltip("Runs the set through every bundle in the models folder, then fits the score against GAP"));
        ComboBox<Score> regress = scoreBox(viewModel.regressionScoreProperty().get());
        regress.valueProperty().bindBidirectional(viewModel.regressionScoreProperty());
        Button export = new Button("Export…");
        export.setOnAction(e -> onExportRegression.run());
        export.disableProperty().bind(viewModel.regressionProperty().isNull());
        checkpoints.setMinWidth(Region.USE_PREF_SIZE);
        export.setMinWidth(Region.USE_PREF_SIZE);
        Button copy = new Button("Copy");
        copy.setId(COPY_FIGURE_ID);
        copy.setOnAction(e -> onCopyRegression.run());
        copy.disableProperty().bind(viewModel.regressionProperty().isNull());
        copy.setMinWidth(Region.USE_PREF_SIZE);
        Label scoreLabel = new Label("score");
        scoreLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(regress, Priority.SOMETIMES);
        // wraps in presentation mode's large font instead of pushing Export and Copy out of the window
        HBox scoreChoice = new HBox(8, scoreLabel, regress);
        scoreChoice.setAlignment(Pos.CENTER_LEFT);
        FlowPane top = new FlowPane(8, 4, checkpoints, scoreChoice, export, copy);
        top.setAlignment(Pos.CENTER_LEFT);
        Label fit = new Label();
        fit.textProperty().bind(viewModel.regressionTextProperty());
        fit.setWrapText(true);
        fit.setMinHeight(Region.USE_PREF_SIZE); // each regime's R² read whole
        figure = new FigureCanvas();
        VBox.setVgrow(figure, Priority.ALWAYS);
        figure.setDark(dark.get());
        dark.addListener((obs, old, on) -> figure.setDark(on));
        viewModel.regressionProperty().addListener((obs, old, d) -> figure.show(d == null ? null : new ScoreVsGapRenderer(d)));
        VBox right = new VBox(6, top, fit, figure);
        right.setPadding(new Insets(6));

        getItems().setAll(ScrollingColumn.of(left), ScrollingColumn.of(right));
        redrawScatter(viewModel);
        ScoreVsGapData now = viewModel.regressionProperty().get();
        figure.show(now == null ? null : new ScoreVsGapRenderer(now));
        setDividerPositions(0.62); // the score table's columns (and its scroll bar) whole at the default window size
    }

    /**
     * Presentation mode: larger text in the score-vs-GAP figure; leaving it puts the divider back where it
     * was (the larger font's minimum widths may have moved it).
     */
    public void setPresentation(boolean on) {
        figure.setFontSize(on ? 18 : 12);
        if (on && !presenting) {
            beforePresentation = getDividerPositions();
        } else if (!on && presenting && beforePresentation != null) {
            double[] back = beforePresentation;
            Platform.runLater(() -> setDividerPositions(back));
        }
        presenting = on;
    }

    private void redrawScatter(DatasetViewModel viewModel) {
        scatter.getData().clear();
        XYChart.Series<Number, Number> right = new XYChart.Series<>();
        XYChart.Series<Number, Number> wrong = new XYChart.Series<>();
        XYChart.Series<Number, Number> unjudged = new XYChart.Series<>();
        for (DatasetViewModel.ScatterPoint p : viewModel.points()) {
            XYChart.Data<Number, Number> d = new XYChart.Data<>(p.x(), p.y());
            d.setExtraValue(p);
            (p.speechCorrect() == null ? unjudged : p.speechCorrect() ? right : wrong).getData().add(d);
        }
        scatter.getData().setAll(List.of(right, wrong, unjudged));
        for (XYChart.Series<Number, Number> s : scatter.getData()) {
            for (XYChart.Data<Number, Number> d : s.getData()) {
                Node node = d.getNode();
                DatasetViewModel.ScatterPoint p = (DatasetViewModel.ScatterPoint) d.getExtraValue();
                String colour = p.speechCorrect() == null ? "#888888" : p.speechCorrect() ? "#1a7f37" : "#c62828";
                node.setStyle("-fx-background-color: " + colour + "; -fx-background-radius: 5px; -fx-padding: 4px;"
                        + (Boolean.FALSE.equals(p.speechCorrect()) ? " -fx-shape: \"M5,0 L10,5 L5,10 L0,5 Z\";" : ""));
                Tooltip.install(node, new Tooltip(String.format(Locale.ROOT, "%s\n%s %.3f, %s %.3f\nspeech %s", p.id(),
                        viewModel.xScoreProperty().get().label(), p.x(), viewModel.yScoreProperty().get().label(), p.y(),
                        p.speechCorrect() == null ? "not judged" : p.speechCorrect() ? "right" : "wrong")));
                node.setOnMouseClicked(e -> viewModel.open(p.id()));
                node.setCursor(Cursor.HAND);
            }
        }
    }

    private static ComboBox<Score> scoreBox(Score initial) {
        ComboBox<Score> box = new ComboBox<>();
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(Score s) {
                return s == null ? "" : s.label();
            }

            @Override
            public Score fromString(String s) {
                for (Score score : Score.values()) {
                    if (score.label().equals(s)) {
                        return score;
                    }
                }
                return Score.parse(s);
            }
        });
        // a width in ems, not the longest label's: a combo box keeps the preferred width of the largest font it
        // was shown in, so after presentation mode it held its column (and the table in it) too wide
        box.setStyle("-fx-pref-width: 16em; -fx-min-width: 7em;");
        box.getItems().setAll(Score.values());
        box.setValue(initial);
        return box;
    }

    private static <R> TableColumn<R, String> column(String title, Function<R, String> value, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
