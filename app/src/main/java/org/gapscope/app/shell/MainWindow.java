package org.gapscope.app.shell;

import org.controlsfx.control.StatusBar;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The explorer's main window: example list on the left, audio pane above the analysis views
 * (one tab each), status bar below. Each region starts with an empty state that says what will
 * appear in it.
 */
public final class MainWindow extends BorderPane {

    /** Node ids the tests and stylesheets rely on. */
    public static final String EXAMPLES_ID = "examples";
    public static final String AUDIO_ID = "audio-pane";
    public static final String VIEWS_ID = "analysis-views";
    public static final String STATUS_ID = "status-bar";

    /** Builds the window bound to {@code viewModel}. */
    public MainWindow(MainViewModel viewModel) {
        VBox examples = new VBox(emptyState("Examples",
                "The examples of the loaded example set appear here, with text/speech correctness and APS."));
        examples.setId(EXAMPLES_ID);
        examples.setMinWidth(220);

        StackPane audio = new StackPane(emptyState("Audio",
                "Waveform and spectrogram of the selected example appear here; record or load a clip."));
        audio.setId(AUDIO_ID);
        audio.setMinHeight(140);

        TabPane views = new TabPane(
                tab("Layer curves", "Cosine and Euclidean distance of speech vs text, layer by layer."),
                tab("Alignment", "Token-level similarity heatmap with its alignment path and APS."),
                tab("Interventions", "Angle projection and length normalization: answers before and after."),
                tab("Dataset", "Text vs speech accuracy, GAP, and scores across checkpoints."));
        views.setId(VIEWS_ID);
        views.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        SplitPane centre = new SplitPane(audio, views);
        centre.setOrientation(javafx.geometry.Orientation.VERTICAL);
        centre.setDividerPositions(0.25);

        SplitPane main = new SplitPane(examples, centre);
        main.setDividerPositions(0.22);

        StatusBar status = new StatusBar();
        status.setId(STATUS_ID);
        status.textProperty().bind(viewModel.statusProperty());

        setCenter(main);
        setBottom(status);
    }

    private static Tab tab(String title, String emptyText) {
        Tab tab = new Tab(title, emptyState(title, emptyText + " Select an example to begin."));
        tab.setId("tab-" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        return tab;
    }

    private static VBox emptyState(String title, String text) {
        Label heading = new Label(title);
        heading.setStyle("-fx-font-weight: bold; -fx-font-size: 1.2em;");
        Label body = new Label(text);
        body.setWrapText(true);
        body.getStyleClass().add("empty-state");
        VBox box = new VBox(8, heading, body);
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(16));
        return box;
    }
}
