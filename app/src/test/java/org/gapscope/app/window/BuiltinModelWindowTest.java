package org.gapscope.app.window;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ExecutorService;

import org.gapscope.app.CompositionRoot;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.task.BackgroundExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The user's path through the real window with what the program ships: the default example set and
 * the built-in model, run by the DJL runtime (headless, CPU). The home folder is the repository (or
 * {@code -Dgapscope.test.home}); without a shipped model the test is skipped with a reason.
 */
@ExtendWith(ApplicationExtension.class)
class BuiltinModelWindowTest {

    @TempDir
    static Path exportFolder;

    private static final ExecutorService WORKERS = WindowFlow.workers();

    private MainViewModel viewModel;
    private Locations locations;

    private static Path home() {
        String configured = System.getProperty("gapscope.test.home");
        return configured != null ? Paths.get(configured) : Paths.get("").toAbsolutePath().getParent();
    }

    @Start
    void start(Stage stage) {
        locations = new Locations(home(), exportFolder.resolve("user"));
        viewModel = CompositionRoot.of("test", BackgroundExecutor.onFxThread(WORKERS), locations, TestAudio.noDevices(),
                ModelOpener.BUNDLES).mainViewModel();
        stage.setScene(new Scene(new MainWindow(viewModel, WindowFlow.savingTo(exportFolder.resolve("x.svg"))), 1280, 800));
        stage.show();
        if (locations.defaultModel().isPresent() && locations.sampleExampleSet().map(Files::isRegularFile).orElse(false)) {
            viewModel.openDefaults();
        }
    }

    @AfterAll
    static void stop() {
        WORKERS.shutdownNow();
    }

    @Test
    void withTheShippedModelAUserStepsScrubsTogglesIntervenesAndExports(FxRobot robot) throws Exception {
        assumeTrue(locations.defaultModel().isPresent(), "no built-in model under " + home().resolve("resources/models"));
        Path set = locations.sampleExampleSet().orElseThrow();
        assumeTrue(Files.isRegularFile(set), "no sample example set at " + set);
        long examples = Files.readAllLines(set).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        new WindowFlow(robot, viewModel, 120).run(exportFolder, (int) examples);
        robot.interact(() -> viewModel.model().close());
    }
}
