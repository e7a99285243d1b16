package org.gapscope.app.shell;

import java.io.File;
import java.util.Locale;

import org.controlsfx.control.StatusBar;
import org.gapscope.app.examples.ExamplesView;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The explorer's main window: menu bar, example list on the left, audio pane above the analysis
 * views (one tab each), status bar below. Regions without content show an empty state that says
 * what will appear in them.
 */
public final class MainWindow extends BorderPane {

    /** Node ids the tests and stylesheets rely on. */
    public static final String EXAMPLES_ID = "examples";
    public static final String AUDIO_ID = "audio-pane";
    public static final String VIEWS_ID = "analysis-views";
    public static final String STATUS_ID = "status-bar";

    private final MainViewModel viewModel;

    /** Builds the window bound to {@code viewModel}. */
    public MainWindow(MainViewModel viewModel) {
        this.viewModel = viewModel;
        ExamplesView examples = new ExamplesView(viewModel.examples());
        examples.setId(EXAMPLES_ID);
        examples.setMinWidth(240);

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
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.25);

        SplitPane main = new SplitPane(examples, centre);
        main.setDividerPositions(0.26);

        StatusBar status = new StatusBar();
        status.setId(STATUS_ID);
        status.textProperty().bind(viewModel.statusProperty());

        setTop(menuBar());
        setCenter(main);
        setBottom(status);

        viewModel.presentationModeProperty().addListener((obs, old, on) -> applyStyle());
        viewModel.darkThemeProperty().addListener((obs, old, on) -> applyStyle());
        applyStyle();
    }

    private MenuBar menuBar() {
        MenuItem openSet = new MenuItem("Open example set…");
        openSet.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        openSet.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Open example set (JSON Lines)");
            chooser.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter("Example sets (*.jsonl)", "*.jsonl", "*.json"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File file = chooser.showOpenDialog(getScene().getWindow());
            if (file != null) {
                viewModel.examples().load(file.toPath());
            }
        });
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> getScene().getWindow().hide());
        Menu file = new Menu("File", null, openSet, quit);

        MenuItem next = new MenuItem("Next example");
        next.setAccelerator(new KeyCodeCombination(KeyCode.DOWN, KeyCombination.SHORTCUT_DOWN));
        next.setOnAction(e -> viewModel.examples().next());
        MenuItem previous = new MenuItem("Previous example");
        previous.setAccelerator(new KeyCodeCombination(KeyCode.UP, KeyCombination.SHORTCUT_DOWN));
        previous.setOnAction(e -> viewModel.examples().previous());
        Menu examples = new Menu("Examples", null, next, previous);

        CheckMenuItem presentation = new CheckMenuItem("Presentation mode (large fonts)");
        presentation.setAccelerator(new KeyCodeCombination(KeyCode.F5));
        presentation.selectedProperty().bindBidirectional(viewModel.presentationModeProperty());
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.selectedProperty().bindBidirectional(viewModel.darkThemeProperty());
        Menu view = new Menu("View", null, presentation, dark);

        MenuBar bar = new MenuBar(file, examples, view);
        bar.setId("menu-bar");
        return bar;
    }

    private void applyStyle() {
        StringBuilder style = new StringBuilder();
        style.append(String.format(Locale.ROOT, "-fx-font-size: %dpx;",
                viewModel.presentationModeProperty().get() ? 20 : 13));
        if (viewModel.darkThemeProperty().get()) {
            style.append("-fx-base: #2b2b2e; -fx-background: #1e1e20; -fx-control-inner-background: #26262a;"
                    + " -fx-accent: #4a90d9; -fx-focus-color: #4a90d9;");
        }
        setStyle(style.toString());
    }

    private static Tab tab(String title, String emptyText) {
        Tab tab = new Tab(title, emptyState(title, emptyText + " Select an example to begin."));
        tab.setId("tab-" + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
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
