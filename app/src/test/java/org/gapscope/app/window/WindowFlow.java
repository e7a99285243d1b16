package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.CompositionRoot;
import org.gapscope.app.alignment.AlignmentView;
import org.gapscope.app.alignment.HeatmapPicture;
import org.gapscope.app.desktop.FileDialogs;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.examples.ExamplesView;
import org.gapscope.app.interventions.InterventionsView;
import org.gapscope.app.model.ModelCardView;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.model.SyntheticSet;
import org.gapscope.app.task.BackgroundExecutor;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The user's path through the real window, shared by the window tests: wait for the default set and
 * model, step to the third example, scrub the layer slider, toggle the metric, run an angle
 * projection, export the heatmap as SVG and check the file. Waits on conditions, never sleeps.
 */
final class WindowFlow {

    private final FxRobot robot;
    private final MainViewModel viewModel;
    private final long timeoutSeconds;

    WindowFlow(FxRobot robot, MainViewModel viewModel, long timeoutSeconds) {
        this.robot = robot;
        this.viewModel = viewModel;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Two daemon threads for a window test's background work (named test-worker, shut down by the test). */
    static ExecutorService workers() {
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "test-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Shows the real main window in {@code stage} (1280 x 800) over the synthetic model and a 5-example
     * set installed as the program's defaults under a fresh home in {@code dir}, its work on {@code workers},
     * and opens the defaults.
     */
    static MainViewModel showWindow(Stage stage, Path dir, ExecutorService workers) throws IOException {
        Path home = dir.resolve("home-" + System.nanoTime());
        SyntheticSet set = SyntheticSet.write(home.resolve("resources/examples/sample"), 5);
        Files.createDirectories(home.resolve("resources/models/synthetic-model"));
        Files.writeString(home.resolve("resources/models/DEFAULT"), "synthetic-model\n");
        MainViewModel viewModel = CompositionRoot.of("test", BackgroundExecutor.onFxThread(workers),
                new Locations(home, home.resolve("user")), TestAudio.noDevices(), set.opener()).mainViewModel();
        stage.setScene(new Scene(new MainWindow(viewModel, savingTo(home.resolve("export/x.svg"))), 1280, 800));
        Files.createDirectories(home.resolve("export"));
        stage.show();
        viewModel.openDefaults();
        return viewModel;
    }

    /** The repository (or {@code -Dgapscope.test.home}): where the built-in model and the sample set are. */
    static Path home() {
        String configured = System.getProperty("gapscope.test.home");
        return configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
    }

    /**
     * Shows the real main window in {@code stage} (1280 x 800) over what the program ships, found under
     * {@code locations}, with the runtime's bundles and its work on {@code workers}; saves go to
     * {@code exportFolder}; opens the defaults when the built-in model and the sample set are there.
     */
    static MainViewModel showBuiltIn(Stage stage, Locations locations, ExecutorService workers, Path exportFolder) {
        MainViewModel viewModel = CompositionRoot.of("test", BackgroundExecutor.onFxThread(workers), locations,
                TestAudio.noDevices(), ModelOpener.BUNDLES).mainViewModel();
        stage.setScene(new Scene(new MainWindow(viewModel, savingTo(exportFolder.resolve("x.svg"))), 1280, 800));
        stage.show();
        if (locations.defaultModel().isPresent() && locations.sampleExampleSet().map(Files::isRegularFile).orElse(false)) {
            viewModel.openDefaults();
        }
        return viewModel;
    }

    /** File dialogs that answer a save with {@code target} and cancel everything else. */
    static FileDialogs savingTo(Path target) {
        return new FileDialogs() {
            @Override
            public Optional<Path> openFile(Window owner, String title, Path initialFolder, List<Filter> filters) {
                return Optional.empty();
            }

            @Override
            public Optional<Path> saveFile(Window owner, String title, String initialName, List<Filter> filters) {
                return Optional.of(target.resolveSibling(initialName));
            }

            @Override
            public Optional<Path> openFolder(Window owner, String title, Path initialFolder) {
                return Optional.empty();
            }
        };
    }

    void waitFor(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(timeoutSeconds, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + "; status: " + viewModel.statusProperty().get()
                    + "; run: " + viewModel.run().messageProperty().get(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    void run(Path exportFolder, int expectedExamples) throws Exception {
        waitFor("the default example set", () -> viewModel.examples().allRows().size() == expectedExamples);
        waitFor("the default model", () -> viewModel.model().cardProperty().get() != null);
        Label name = robot.lookup("#" + ModelCardView.NAME_ID).queryAs(Label.class);
        assertEquals(viewModel.model().cardProperty().get().name(), name.getText());
        waitFor("the first example's result", () -> viewModel.run().resultProperty().get() != null);

        // step to the third example with the keyboard (Examples ▸ Next example, Alt+Down, twice)
        robot.clickOn("#" + ExamplesView.FILTER_ID);
        robot.press(KeyCode.ALT).type(KeyCode.DOWN).type(KeyCode.DOWN).release(KeyCode.ALT);
        String third = viewModel.examples().shownRows().get(2).example().id();
        waitFor("the third example's result", () -> viewModel.run().resultProperty().get() != null
                && viewModel.run().resultProperty().get().example().id().equals(third));
        TableView<?> table = robot.lookup("#" + ExamplesView.TABLE_ID).queryAs(TableView.class);
        assertEquals(2, table.getSelectionModel().getSelectedIndex());

        // the alignment view: move the layer slider with the keyboard
        robot.clickOn("Alignment");
        waitFor("the heatmap", () -> viewModel.alignment().pictureProperty().get() != null);
        Slider slider = robot.lookup("#" + AlignmentView.SLIDER_ID).queryAs(Slider.class);
        int before = viewModel.alignment().layerProperty().get();
        int max = viewModel.alignment().maxLayerProperty().get();
        robot.clickOn(slider);
        int target = before < max ? before + 1 : before - 1;
        robot.type(target > before ? KeyCode.RIGHT : KeyCode.LEFT);
        waitFor("the layer to change", () -> viewModel.alignment().layerProperty().get() != before);
        int after = viewModel.alignment().layerProperty().get();
        waitFor("layer " + after + "'s heatmap", () -> viewModel.alignment().ready());
        HeatmapPicture atLayer = viewModel.alignment().pictureProperty().get();
        assertTrue(robot.lookup("#" + AlignmentView.SCORES_ID).queryAs(Label.class).getText().startsWith("Layer " + after));

        // toggle the metric
        robot.clickOn("#" + AlignmentView.EUCLIDEAN_ID);
        waitFor("the Euclidean heatmap", () -> viewModel.alignment().metricProperty().get() == SimilarityMetric.EUCLIDEAN);
        HeatmapPicture euclidean = viewModel.alignment().pictureProperty().get();
        assertNotEquals(atLayer, euclidean);
        assertEquals("Euclidean distance (brighter = closer)", euclidean.scaleLabel());
        robot.clickOn("#" + AlignmentView.COSINE_ID);
        waitFor("the cosine heatmap", () -> viewModel.alignment().pictureProperty().get().scaleLabel().equals("cosine similarity"));

        // hover over the heatmap: the read-out names a token
        robot.moveTo("#" + AlignmentView.HEATMAP_ID);
        waitFor("the hover read-out", () -> !viewModel.alignment().hoverProperty().get().isEmpty());
        assertTrue(viewModel.alignment().hoverProperty().get().contains("token"));

        // export the heatmap to SVG through the export dialog
        robot.clickOn("#" + AlignmentView.EXPORT_ID);
        robot.clickOn("Save…");
        String stem = viewModel.alignment().fileStem();
        Path svg = exportFolder.resolve(stem + ".svg");
        waitFor("the exported SVG", () -> Files.isRegularFile(svg));
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg") && text.strip().endsWith("</svg>"), "a complete SVG document");
        assertTrue(text.contains("Layer " + after) || text.contains("layer " + after), "the SVG names the layer shown");

        // run an angle-projection intervention on the third example
        robot.clickOn("Interventions");
        robot.clickOn("#" + InterventionsView.RUN_ID);
        waitFor("the intervention's answer", () -> viewModel.interventions().outcomeProperty().get() != null);
        var outcome = viewModel.interventions().outcomeProperty().get();
        assertEquals(third, outcome.example().example().id());
        assertEquals("angle", outcome.plan().settings().kind().key());
        Label afterLabel = robot.lookup("#" + InterventionsView.AFTER_ID).queryAs(Label.class);
        assertTrue(afterLabel.getText().contains(outcome.after()), afterLabel.getText());
        assertNotNull(robot.lookup("#" + InterventionsView.BEFORE_ID).queryAs(Label.class).getText());
    }
}
