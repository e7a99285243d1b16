package org.gapscope.app.window;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

import org.gapscope.app.desktop.Locations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

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

    @Start
    void start(Stage stage) {
        locations = new Locations(WindowFlow.home(), exportFolder.resolve("user"));
        viewModel = WindowFlow.showBuiltIn(stage, locations, WORKERS, exportFolder);
    }

    @AfterAll
    static void stop() {
        WORKERS.shutdownNow();
    }

    @Test
    void withTheShippedModelAUserStepsScrubsTogglesIntervenesAndExports(FxRobot robot) throws Exception {
        assumeTrue(locations.defaultModel().isPresent(), "no built-in model under " + WindowFlow.home().resolve("resources/models"));
        Path set = locations.sampleExampleSet().orElseThrow();
        assumeTrue(Files.isRegularFile(set), "no sample example set at " + set);
        long examples = Files.readAllLines(set).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        new WindowFlow(robot, viewModel, 120).run(exportFolder, (int) examples);
        robot.interact(() -> viewModel.model().close());
    }
}
