package org.gapscope.app.curves;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.gapscope.figure.FigureTheme;
import org.gapscope.figure.LayerCurvesData;

import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.util.StringConverter;

/**
 * The layer curves view: cosine similarity and Euclidean distance against layer, side by side; dataset
 * mean with its ± 1 sd band, mismatched-pair controls dashed, other checkpoints in their own colours.
 * Each point's tooltip and the read-out below give the values at the layer under the pointer.
 */
public final class LayerCurvesView extends VBox {

    /** Node ids used by tests. */
    public static final String COSINE_CHART_ID = "curves-cosine";
    public static final String EUCLIDEAN_CHART_ID = "curves-euclidean";
    public static final String HOVER_ID = "curves-hover";
    public static final String EXPORT_ID = "curves-export";
    public static final String COPY_ID = "curves-copy";

    private final BandChart cosine = new BandChart("cosine similarity");
    private final BandChart euclidean = new BandChart("Euclidean distance");
    private final Label hover = new Label();
    private final FlowPane legend = new FlowPane();
    private LayerCurvesData data;
    private boolean dark;

    /** Builds the view bound to {@code viewModel}. */
    public LayerCurvesView(LayerCurvesViewModel viewModel, Runnable onExport, Runnable onCopy, ObservableBooleanValue dark,
            ObservableStringValue emptyMessage) {
        setSpacing(6);
        setPadding(new Insets(6));
        CheckBox mean = new CheckBox("Dataset mean ± 1 sd");
        mean.selectedProperty().bindBidirectional(viewModel.showMeanProperty());
        mean.setTooltip(new Tooltip("The mean curve of the example set (run it in the Dataset tab) with a band of one standard deviation"));
        CheckBox control = new CheckBox("Mismatched control (dashed)");
        control.selectedProperty().bindBidirectional(viewModel.showControlProperty());
        control.setTooltip(new Tooltip("GapScope's control: the same measure for this speech against another example's text"));
        CheckBox checkpoints = new CheckBox("Other checkpoints");
        checkpoints.selectedProperty().bindBidirectional(viewModel.showCheckpointsProperty());
        checkpoints.setTooltip(new Tooltip("Runs this example through every bundle in the models folder"));
        Button export = new Button("Export…");
        export.setId(EXPORT_ID);
        export.setOnAction(e -> onExport.run());
        export.disableProperty().bind(viewModel.curvesProperty().isNull());
        Button copy = new Button("Copy");
        copy.setId(COPY_ID);
        copy.setOnAction(e -> onCopy.run());
        copy.disableProperty().bind(viewModel.curvesProperty().isNull());
        copy.setTooltip(new Tooltip("Copy the layer-curves figure (image) and its data (CSV text) to the clipboard"));
        // the ticks wrap onto a second row rather than shrink to "Dataset mean ±…" (presentation mode's large font)
        FlowPane toggles = new FlowPane(12, 4, mean, control, checkpoints);
        HBox.setHgrow(toggles, Priority.ALWAYS);
        export.setMinWidth(Region.USE_PREF_SIZE);
        copy.setMinWidth(Region.USE_PREF_SIZE);
        HBox controls = new HBox(12, toggles, export, copy);
        controls.setAlignment(Pos.CENTER_LEFT);

        cosine.setId(COSINE_CHART_ID);
        euclidean.setId(EUCLIDEAN_CHART_ID);
        HBox charts = new HBox(8, cosine, euclidean);
        charts.visibleProperty().bind(viewModel.curvesProperty().isNotNull());
        HBox.setHgrow(cosine, Priority.ALWAYS);
        HBox.setHgrow(euclidean, Priority.ALWAYS);
        Label empty = new Label();
        empty.textProperty().bind(emptyMessage);
        empty.getStyleClass().add("empty-state");
        empty.setWrapText(true);
        empty.visibleProperty().bind(viewModel.curvesProperty().isNull());
        StackPane stack = new StackPane(charts, empty);
        VBox.setVgrow(stack, Priority.ALWAYS);

        Label summary = new Label();
        summary.textProperty().bind(viewModel.summaryProperty());
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        legend.setHgap(14);
        legend.setVgap(2);
        Label note = new Label();
        note.textProperty().bind(viewModel.messageProperty());
        hover.setId(HOVER_ID);
        hover.setMinHeight(Region.USE_PREF_SIZE); // every series' values, wrapped, never cut off
        hover.setWrapText(true);
        legend.setMinHeight(Region.USE_PREF_SIZE);
        getChildren().setAll(controls, stack, legend, summary, hover, note);

        viewModel.curvesProperty().addListener((obs, old, d) -> show(d));
        this.dark = dark.get();
        dark.addListener((obs, old, on) -> {
            this.dark = on;
            show(data);
        });
        for (BandChart chart : new BandChart[] {cosine, euclidean}) {
            chart.setOnMouseMoved(e -> {
                NumberAxis x = (NumberAxis) chart.getXAxis();
                Point2D p = x.sceneToLocal(e.getSceneX(), e.getSceneY());
                Number layer = x.getValueForDisplay(p.getX());
                hoverAt(layer == null ? -1 : (int) Math.round(layer.doubleValue()));
            });
            chart.setOnMouseExited(e -> hoverAt(restingLayer()));
        }
        show(viewModel.curvesProperty().get());
    }

    private void hoverAt(int layer) {
        if (data == null || layer < 0) {
            hover.setText("");
            return;
        }
        StringBuilder text = new StringBuilder("Layer " + layer + (layer == 0 ? " (input embeddings)" : "") + ":");
        for (LayerCurvesData.Series s : data.series()) {
            int k = layer - s.firstLayer();
            if (k >= 0 && k < s.layers()) {
                text.append(String.format(Locale.ROOT, "  %s cos %.3f, dist %.3f;", shortLabel(s.label()),
                        s.cosine()[k], s.euclidean()[k]));
            }
        }
        hover.setText(text.toString());
    }

    /** The layer read out while the pointer is off the charts: the last (the read-out keeps its size). */
    private int restingLayer() {
        if (data == null) {
            return -1;
        }
        int last = -1;
        for (LayerCurvesData.Series s : data.series()) {
            last = Math.max(last, s.firstLayer() + s.layers() - 1);
        }
        return last;
    }

    private static String shortLabel(String label) {
        return label.length() > 40 ? label.substring(0, 39) + "…" : label;
    }

    private void show(LayerCurvesData next) {
        data = next;
        cosine.clear();
        euclidean.clear();
        legend.getChildren().clear();
        if (next == null) {
            hover.setText("");
            return;
        }
        Map<String, Integer> groups = new HashMap<>();
        int nextColor = 0;
        int maxLayer = 0;
        String lastRegime = null;
        for (int s = 0; s < next.series().size(); s++) {
            LayerCurvesData.Series series = next.series().get(s);
            String key = series.colorGroup() != null ? "g:" + series.colorGroup() : "s:" + s;
            Integer color = groups.get(key);
            if (color == null) {
                color = nextColor++;
                groups.put(key, color);
            }
            FigureTheme theme = dark ? FigureTheme.DARK : FigureTheme.LIGHT;
            var awt = series.shaded(theme.series(color), theme.background()); // java.awt.Color, as the figure's
            Color fx = Color.rgb(awt.getRed(), awt.getGreen(), awt.getBlue());
            String regime = regimeOf(series);
            if (regime != null && !regime.equals(lastRegime)) {
                Label heading = new Label(regime + ":");
                heading.setStyle("-fx-font-weight: bold;");
                legend.getChildren().add(heading);
            }
            lastRegime = regime;
            legend.getChildren().add(legendItem(series, fx));
            cosine.add(series, series.cosine(), series.cosineSd(), fx, "cosine");
            euclidean.add(series, series.euclidean(), series.euclideanSd(), fx, "distance");
            maxLayer = Math.max(maxLayer, series.firstLayer() + series.layers() - 1);
        }
        for (BandChart chart : new BandChart[] {cosine, euclidean}) {
            NumberAxis x = (NumberAxis) chart.getXAxis();
            x.setAutoRanging(false);
            x.setLowerBound(-0.5);
            x.setUpperBound(maxLayer + 0.5);
            x.setTickUnit(Math.max(1, Math.ceil(maxLayer / 12.0)));
        }
        hoverAt(restingLayer());
    }

    /** The training regime of a checkpoint's series, or null for any other series. */
    static String regimeOf(LayerCurvesData.Series series) {
        String group = series.colorGroup();
        return group != null && group.startsWith(LayerCurvesViewModel.REGIME_GROUP)
                ? group.substring(LayerCurvesViewModel.REGIME_GROUP.length()) : null;
    }

    /** The line width of a series: the current example widest, checkpoints thin, so the example stands out. */
    static double width(LayerCurvesData.Series s) {
        if (s.kind() == LayerCurvesData.Kind.MEAN) {
            return 3;
        }
        if (s.kind() == LayerCurvesData.Kind.INDIVIDUAL) {
            return 0.8;
        }
        if (regimeOf(s) != null) {
            return 1.4;
        }
        return LayerCurvesViewModel.EXAMPLE_GROUP.equals(s.colorGroup()) && s.kind() == LayerCurvesData.Kind.SERIES ? 3.2 : 2;
    }

    private static Node legendItem(LayerCurvesData.Series series, Color color) {
        Line line = new Line(0, 0, 22, 0);
        line.setStroke(color);
        line.setStrokeWidth(width(series));
        if (series.kind() == LayerCurvesData.Kind.CONTROL) {
            line.getStrokeDashArray().setAll(6.0, 4.0);
        }
        String text = regimeOf(series) != null && series.label().startsWith(regimeOf(series) + " · ")
                ? series.label().substring(regimeOf(series).length() + 3) : series.label();
        Label label = new Label(text, line);
        label.setGraphicTextGap(6);
        return label;
    }

    /** A line chart that also draws shaded bands (mean ± sd) under its series. */
    static final class BandChart extends LineChart<Number, Number> {
        private final List<double[][]> bands = new ArrayList<>();
        private final List<Polygon> polygons = new ArrayList<>();

        BandChart(String yLabel) {
            super(new NumberAxis(), new NumberAxis());
            getXAxis().setLabel("layer");
            getYAxis().setLabel(yLabel);
            ((NumberAxis) getYAxis()).setForceZeroInRange(false);
            setAnimated(false);
            setCreateSymbols(true);
            setLegendVisible(false);
            setVerticalZeroLineVisible(false);
            NumberAxis x = (NumberAxis) getXAxis();
            x.setMinorTickVisible(false);
            x.setTickLabelFormatter(new StringConverter<Number>() {
                @Override
                public String toString(Number n) {
                    double v = n.doubleValue();
                    return Math.abs(v - Math.rint(v)) < 1e-9 && v >= 0 ? Long.toString(Math.round(v)) : "";
                }

                @Override
                public Number fromString(String s) {
                    return Double.valueOf(s);
                }
            });
            setMinWidth(200);
        }

        void clear() {
            getData().clear();
            getPlotChildren().removeAll(polygons);
            polygons.clear();
            bands.clear();
        }

        void add(LayerCurvesData.Series s, double[] values, double[] sd, Color color, String what) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(s.label());
            List<XYChart.Data<Number, Number>> points = new ArrayList<>();
            for (int k = 0; k < values.length; k++) {
                if (!Double.isNaN(values[k])) {
                    points.add(new XYChart.Data<>(s.firstLayer() + k, values[k]));
                }
            }
            series.setData(FXCollections.observableArrayList(points));
            getData().add(series);
            String hex = String.format(Locale.ROOT, "#%02x%02x%02x", (int) Math.round(color.getRed() * 255),
                    (int) Math.round(color.getGreen() * 255), (int) Math.round(color.getBlue() * 255));
            boolean dashed = s.kind() == LayerCurvesData.Kind.CONTROL;
            double width = width(s);
            double radius = regimeOf(s) != null ? 2 : width > 3 ? 4 : 3;
            series.getNode().setStyle("-fx-stroke: " + hex + "; -fx-stroke-width: " + width + ";"
                    + (dashed ? " -fx-stroke-dash-array: 7 5;" : ""));
            for (XYChart.Data<Number, Number> d : series.getData()) {
                Node symbol = d.getNode();
                if (symbol != null) {
                    symbol.setStyle("-fx-background-color: " + hex + ", " + (dashed ? "white" : hex) + ";"
                            + " -fx-background-radius: " + (radius + 1) + "px; -fx-padding: " + radius + "px;");
                    Tooltip.install(symbol, new Tooltip(String.format(Locale.ROOT, "%s\nlayer %d: %s %.4f", s.label(),
                            d.getXValue().intValue(), what, d.getYValue().doubleValue())));
                }
            }
            if (sd != null) {
                double[][] band = new double[values.length][];
                for (int k = 0; k < values.length; k++) {
                    band[k] = new double[] {s.firstLayer() + k, values[k] - sd[k], values[k] + sd[k]};
                }
                bands.add(band);
                Polygon p = new Polygon();
                p.setFill(color.deriveColor(0, 1, 1, 0.22));
                p.setStroke(null);
                p.setMouseTransparent(true);
                polygons.add(p);
                getPlotChildren().add(0, p);
            }
        }

        @Override
        protected void layoutPlotChildren() {
            super.layoutPlotChildren();
            for (int b = 0; b < bands.size(); b++) {
                double[][] band = bands.get(b);
                List<Double> coords = new ArrayList<>();
                for (double[] row : band) {
                    if (!Double.isNaN(row[2])) {
                        coords.add(getXAxis().getDisplayPosition(row[0]));
                        coords.add(getYAxis().getDisplayPosition(row[2]));
                    }
                }
                for (int k = band.length - 1; k >= 0; k--) {
                    if (!Double.isNaN(band[k][1])) {
                        coords.add(getXAxis().getDisplayPosition(band[k][0]));
                        coords.add(getYAxis().getDisplayPosition(band[k][1]));
                    }
                }
                polygons.get(b).getPoints().setAll(coords);
            }
        }

        @Override
        protected void updateAxisRange() {
            super.updateAxisRange();
            // make the y axis include the bands
            NumberAxis y = (NumberAxis) getYAxis();
            if (y.isAutoRanging() && !bands.isEmpty()) {
                List<Number> extra = new ArrayList<>();
                for (double[][] band : bands) {
                    for (double[] row : band) {
                        extra.add(row[1]);
                        extra.add(row[2]);
                    }
                }
                for (XYChart.Series<Number, Number> s : getData()) {
                    for (XYChart.Data<Number, Number> d : s.getData()) {
                        extra.add(d.getYValue());
                    }
                }
                y.invalidateRange(extra);
            }
        }
    }
}
