package org.gapscope.app.window;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.controlsfx.control.StatusBar;
import org.gapscope.app.alignment.AlignmentView;
import org.gapscope.app.audio.AudioView;
import org.gapscope.app.cka.CkaView;
import org.gapscope.app.curves.LayerCurvesView;
import org.gapscope.app.lens.LensView;
import org.gapscope.app.dataset.DatasetView;
import org.gapscope.app.desktop.FileDialogs;
import org.gapscope.app.desktop.ScrollingColumn;
import org.gapscope.app.examples.ExamplesView;
import org.gapscope.app.export.ExportDialog;
import org.gapscope.app.export.FigureSource;
import org.gapscope.app.interventions.InterventionsView;
import org.gapscope.app.model.ModelCardView;
import org.gapscope.app.run.AnalysisSettingsDialog;
import org.gapscope.app.task.TaskIndicator;

import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

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
    private final FileDialogs dialogs;
    private TabPane views;
    private Presentation presentation;

    /** Builds the window bound to {@code viewModel}, asking for files with the system's choosers. */
    public MainWindow(MainViewModel viewModel) {
        this(viewModel, FileDialogs.system());
    }

    /** Builds the window bound to {@code viewModel}, asking for files through {@code dialogs}. */
    public MainWindow(MainViewModel viewModel, FileDialogs dialogs) {
        this.viewModel = viewModel;
        this.dialogs = dialogs;
        ExamplesView examples = new ExamplesView(viewModel.examples());
        examples.setId(EXAMPLES_ID);
        examples.setMinWidth(240);
        VBox.setVgrow(examples, Priority.ALWAYS);
        VBox left = new VBox(new ModelCardView(viewModel.model(), this::chooseModelFolder), new Separator(), examples);

        AudioView audio = new AudioView(viewModel.audio(), this::chooseAudioFile, viewModel.darkThemeProperty());
        audio.setId(AUDIO_ID);
        // no fixed minimum: the split keeps the pane at least as tall as its rows need (toolbar,
        // canvases at their minimum, message, transcript), also with presentation mode's large fonts

        // the tabs are built when first shown, so the window opens sooner
        Tab cka = lazyTab("CKA", () -> {
            CkaView view = new CkaView(viewModel.cka(), () -> export(viewModel.cka()), () -> copy(viewModel.cka()),
                    viewModel.darkThemeProperty(), viewModel.run().messageProperty());
            view.setPresentation(viewModel.presentationModeProperty().get());
            viewModel.presentationModeProperty().addListener((obs, old, on) -> view.setPresentation(on));
            return ScrollingColumn.of(view);
        });
        // an example's CKA (and its control's typed query) is computed only while its tab is shown
        viewModel.cka().activeProperty().bind(cka.selectedProperty());
        Tab lens = lazyTab("Logit lens", () -> {
            LensView view = new LensView(viewModel.lens(), () -> export(viewModel.lens()), () -> copy(viewModel.lens()),
                    viewModel.darkThemeProperty(), viewModel.run().messageProperty());
            view.setPresentation(viewModel.presentationModeProperty().get());
            viewModel.presentationModeProperty().addListener((obs, old, on) -> view.setPresentation(on));
            return ScrollingColumn.of(view);
        });
        // the lens is read only while its tab is shown (a large vocabulary makes each layer costly)
        viewModel.lens().activeProperty().bind(lens.selectedProperty());
        views = new TabPane(
                lazyTab("Layer curves", () -> new LayerCurvesView(viewModel.curves(), () -> export(viewModel.curves()),
                        () -> copy(viewModel.curves()),
                        viewModel.darkThemeProperty(), viewModel.run().messageProperty())),
                lazyTab("Alignment", () -> {
                    AlignmentView alignment = new AlignmentView(viewModel.alignment(), () -> export(viewModel.alignment()),
                            () -> copy(viewModel.alignment()),
                            viewModel.darkThemeProperty(), viewModel.run().messageProperty());
                    alignment.setPresentation(viewModel.presentationModeProperty().get());
                    viewModel.presentationModeProperty().addListener((obs, old, on) -> alignment.setPresentation(on));
                    return alignment;
                }),
                cka,
                lazyTab("Interventions", () -> {
                    InterventionsView interventions = new InterventionsView(viewModel.interventions(),
                            () -> export(viewModel.interventions()), () -> copy(viewModel.interventions()),
                            viewModel.run().messageProperty());
                    interventions.showTokens(viewModel.interventions(), viewModel.run().resultProperty().get());
                    viewModel.run().resultProperty().addListener((obs, old, r) -> interventions.showTokens(viewModel.interventions(), r));
                    interventions.setDark(viewModel.darkThemeProperty().get());
                    viewModel.darkThemeProperty().addListener((obs, old, on) -> interventions.setDark(on));
                    interventions.setPresentation(viewModel.presentationModeProperty().get());
                    viewModel.presentationModeProperty().addListener((obs, old, on) -> interventions.setPresentation(on));
                    return interventions;
                }),
                lazyTab("Dataset", () -> {
                    DatasetView dataset = new DatasetView(viewModel.dataset(),
                            () -> export(viewModel.dataset().regressionFigure()),
                            () -> copy(viewModel.dataset().regressionFigure()),
                            () -> viewModel.export().copyText("the accuracies and score table", viewModel.dataset().tableCsv(),
                                    ExportDialog::textToClipboard),
                            viewModel.darkThemeProperty());
                    dataset.setPresentation(viewModel.presentationModeProperty().get());
                    viewModel.presentationModeProperty().addListener((obs, old, on) -> dataset.setPresentation(on));
                    return dataset;
                }),
                lens);
        viewModel.presentationModeProperty().addListener((obs, old, on) -> audio.setPresentation(on));
        for (Tab t : views.getTabs()) {
            t.setId("tab-" + t.getText().toLowerCase(Locale.ROOT).replace(' ', '-'));
        }
        views.setId(VIEWS_ID);
        // the view model knows the tab shown (sessions save and restore it)
        viewModel.selectedTabProperty().set(selectedTab());
        views.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) ->
                viewModel.selectedTabProperty().set(tab == null ? null : tab.getText()));
        viewModel.selectedTabProperty().addListener((obs, old, title) -> {
            if (title != null && !title.equals(selectedTab())) {
                selectTab(title);
            }
        });
        // the views shrink (their plots scale down) before the audio pane loses its transcript row
        views.setMinHeight(220);
        views.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        SplitPane centre = new SplitPane(audio, views);
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.3);
        keepRowsVisible(centre, audio);

        SplitPane main = new SplitPane(left, centre);
        main.setDividerPositions(0.28); // room for the whole ids and the start of each question
        presentation = new Presentation(main, left, centre);

        StatusBar status = new StatusBar();
        status.setId(STATUS_ID);
        status.textProperty().bind(viewModel.statusProperty());
        status.getRightItems().add(new TaskIndicator(viewModel.tasks()));

        getStylesheets().add(MainWindow.class.getResource("explorer.css").toExternalForm());
        setTop(menuBar());
        setCenter(main);
        setBottom(status);

        viewModel.presentationModeProperty().addListener((obs, old, on) -> {
            applyStyle();
            presentation.set(on);
        });
        viewModel.darkThemeProperty().addListener((obs, old, on) -> applyStyle());
        applyStyle();
        presentation.set(viewModel.presentationModeProperty().get());
    }

    /**
     * Presentation mode's layout: the analysis views take the window's width (the model card and the
     * example list step aside; Alt+Up/Down still step through the examples) so that the plots grow with
     * the larger font instead of shrinking; leaving it puts back the list and every divider where it was.
     */
    private static final class Presentation {
        private final SplitPane main;
        private final Region left;
        private final SplitPane centre;
        private double[] mainDividers;
        private double[] centreDividers;
        private boolean on;

        Presentation(SplitPane main, Region left, SplitPane centre) {
            this.main = main;
            this.left = left;
            this.centre = centre;
        }

        void set(boolean present) {
            if (present == on) {
                return;
            }
            on = present;
            if (present) {
                mainDividers = main.getDividerPositions();
                centreDividers = centre.getDividerPositions();
                main.getItems().remove(left);
            } else {
                main.getItems().add(0, left);
                main.setDividerPositions(mainDividers);
                double[] audio = centreDividers;
                // after the smaller font's layout pass, so that the audio pane's own rule (keepRowsVisible) sees it
                Platform.runLater(() -> centre.setDividerPositions(audio));
            }
        }
    }

    private MenuBar menuBar() {
        MenuItem openSet = new MenuItem("Open example set…");
        openSet.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        openSet.setOnAction(e -> {
            dialogs.openFile(getScene().getWindow(), "Open example set (JSON Lines)", null, List.of(
                    FileDialogs.Filter.of("Example sets (*.jsonl)", "*.jsonl", "*.json"),
                    FileDialogs.Filter.of("All files", "*"))).ifPresent(viewModel.examples()::load);
        });
        MenuItem openModel = new MenuItem("Open model…");
        openModel.setAccelerator(new KeyCodeCombination(KeyCode.M, KeyCombination.SHORTCUT_DOWN));
        openModel.setOnAction(e -> chooseModelFolder());
        MenuItem openRun = new MenuItem("Open run…");
        openRun.setAccelerator(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        openRun.setOnAction(e -> dialogs.openFolder(getScene().getWindow(),
                "Open a run folder (gapscope evaluate, the capture kit, docs/run-format.md)", null)
                .ifPresent(viewModel::openRun));
        MenuItem openAudio = new MenuItem("Open audio file…");
        openAudio.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        openAudio.setOnAction(e -> chooseAudioFile());
        MenuItem openSession = new MenuItem("Open session…");
        openSession.setOnAction(e -> dialogs.openFile(getScene().getWindow(), "Open a GapScope session", null,
                List.of(FileDialogs.Filter.of("Sessions (*.gapscope.json)", "*.gapscope.json", "*.json")))
                .ifPresent(viewModel::openSession));
        MenuItem saveSession = new MenuItem("Save session…");
        saveSession.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN));
        saveSession.setOnAction(e -> dialogs.saveFile(getScene().getWindow(), "Save the session", "session.gapscope.json",
                List.of(FileDialogs.Filter.of("Sessions (*.gapscope.json)", "*.gapscope.json")))
                .ifPresent(viewModel::saveSession));
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> getScene().getWindow().hide());
        Menu file = new Menu("File", null, openModel, openSet, openRun, openAudio, new SeparatorMenuItem(), openSession,
                saveSession, new SeparatorMenuItem(), quit);

        MenuItem next = new MenuItem("Next example");
        next.setAccelerator(new KeyCodeCombination(KeyCode.DOWN, KeyCombination.ALT_DOWN));
        next.setOnAction(e -> viewModel.examples().next());
        MenuItem previous = new MenuItem("Previous example");
        previous.setAccelerator(new KeyCodeCombination(KeyCode.UP, KeyCombination.ALT_DOWN));
        previous.setOnAction(e -> viewModel.examples().previous());
        MenuItem again = new MenuItem("Analyse again");
        again.setAccelerator(new KeyCodeCombination(KeyCode.F9));
        again.setOnAction(e -> viewModel.run().refresh());
        Menu examples = new Menu("Examples", null, next, previous, again);

        MenuItem play = new MenuItem("Play");
        play.setAccelerator(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN));
        play.setOnAction(e -> viewModel.audio().play());
        MenuItem playSelection = new MenuItem("Play selection");
        playSelection.setAccelerator(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        playSelection.setOnAction(e -> viewModel.audio().playSelection());
        MenuItem stop = new MenuItem("Stop");
        stop.setAccelerator(new KeyCodeCombination(KeyCode.PERIOD, KeyCombination.SHORTCUT_DOWN));
        stop.setOnAction(e -> {
            viewModel.audio().stop();
            viewModel.audio().stopRecording();
        });
        MenuItem record = new MenuItem("Record / stop recording");
        record.setAccelerator(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN));
        record.setOnAction(e -> {
            if (viewModel.audio().recordingProperty().get()) {
                viewModel.audio().stopRecording();
            } else {
                viewModel.audio().startRecording();
            }
        });
        Menu audio = new Menu("Audio", null, play, playSelection, stop, record);

        CheckMenuItem presentation = new CheckMenuItem("Presentation mode (large fonts)");
        presentation.setAccelerator(new KeyCodeCombination(KeyCode.F5));
        presentation.selectedProperty().bindBidirectional(viewModel.presentationModeProperty());
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.selectedProperty().bindBidirectional(viewModel.darkThemeProperty());
        MenuItem settings = new MenuItem("Analysis settings…");
        settings.setOnAction(e -> AnalysisSettingsDialog.show(getScene().getWindow(), viewModel.run()));
        Menu view = new Menu("View", null, presentation, dark, new SeparatorMenuItem(), settings);

        MenuBar bar = new MenuBar(file, examples, audio, view);
        bar.setId("menu-bar");
        return bar;
    }

    private static Tab lazyTab(String title, Supplier<Node> build) {
        Tab tab = new Tab(title);
        Runnable fill = () -> {
            if (tab.getContent() == null) {
                tab.setContent(build.get());
            }
        };
        tab.selectedProperty().addListener((obs, was, is) -> {
            if (is) {
                fill.run();
            }
        });
        if (tab.isSelected()) {
            fill.run();
        }
        return tab;
    }

    /** The selected analysis tab's title. */
    public String selectedTab() {
        return views.getSelectionModel().getSelectedItem().getText();
    }

    /** Selects the analysis tab titled {@code title} (nothing when there is none). */
    public void selectTab(String title) {
        views.getTabs().stream().filter(t -> t.getText().equals(title)).findFirst()
                .ifPresent(t -> views.getSelectionModel().select(t));
    }

    private void chooseModelFolder() {
        dialogs.openFolder(getScene().getWindow(), "Open a model bundle folder",
                viewModel.locations().modelsFolder().orElse(null)).ifPresent(viewModel.model()::open);
    }

    private void export(FigureSource source) {
        ExportDialog.show(getScene().getWindow(), viewModel.export(), source, dialogs);
    }

    private void copy(FigureSource source) {
        viewModel.export().copy(source, ExportDialog::toClipboard);
    }

    private void chooseAudioFile() {
        dialogs.openFile(getScene().getWindow(), "Open an audio file (it becomes a new example)", null, List.of(
                FileDialogs.Filter.of("Audio (*.wav, *.aiff, *.au, *.mp3, *.flac, *.ogg, *.opus, *.m4a)",
                        "*.wav", "*.aif", "*.aiff", "*.au", "*.mp3", "*.flac", "*.ogg", "*.opus", "*.m4a"),
                FileDialogs.Filter.of("All files", "*"))).ifPresent(viewModel.audio()::openFile);
    }

    /**
     * Moves the divider down when the audio pane needs more height than it has (presentation
     * mode's large fonts, a message row that appears): the split does not do that by itself once
     * its divider is placed, and the transcript row would be cut off.
     */
    private static void keepRowsVisible(SplitPane centre, Region pane) {
        Runnable fit = () -> {
            double need = pane.minHeight(pane.getWidth());
            double total = centre.getHeight();
            // what is visible ends at the divider, whatever height the pane was given
            double has = centre.getDividerPositions()[0] * total;
            if (total > 0 && has + 0.5 < need) {
                centre.setDividerPositions(Math.min(0.8, (need + 8) / total));
            }
        };
        pane.needsLayoutProperty().addListener((obs, was, now) -> {
            if (!now) {
                Platform.runLater(fit);
            }
        });
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

}
