package org.gapscope.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.app.task.Tasks;
import org.gapscope.engine.BuiltInModels;
import org.gapscope.engine.ModelCard;
import org.gapscope.model.LayeredModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening folders that are not bundles with the real opener: one line naming the problem, nothing loaded. */
class DjlModelOpeningTest {

    @TempDir
    Path dir;

    private final List<String> status = new ArrayList<>();
    private final ModelViewModel models = new ModelViewModel(new Tasks(BackgroundExecutor.synchronous(), status::add),
            ModelOpener.BUNDLES, status::add);

    @Test
    void aFolderWithoutAManifest() {
        models.open(dir);
        assertNull(models.engineProperty().get());
        String message = models.messageProperty().get();
        assertTrue(message.startsWith("Could not open the model: "), message);
        assertTrue(message.contains("bundle.json"), message);
        assertEquals(1, message.lines().count());
    }

    @Test
    void theCardNamesTheDeviceAsAUserReadsIt() {
        Path home = Paths.get("").toAbsolutePath().getParent();
        Path bundle = BuiltInModels.defaultBundle(home).orElseThrow(
                () -> new AssertionError("no built-in model under " + BuiltInModels.modelsFolder(home)));
        models.open(bundle);
        ModelCard card = models.cardProperty().get();
        assertNotNull(card, models.messageProperty().get());
        String expected = LayeredModel.defaultDevice().isGpu() ? "GPU 0( \\(.+\\))?" : "CPU";
        assertTrue(card.device().matches(expected), card.device());
        assertTrue(card.summary().contains(" · " + card.device() + " · "), card.summary());
        models.close();
    }

    @Test
    void aManifestThatIsNotJson() throws IOException {
        Files.writeString(dir.resolve("bundle.json"), "{ this is not json");
        models.open(dir);
        assertNull(models.engineProperty().get());
        assertTrue(models.messageProperty().get().contains("not valid JSON"), models.messageProperty().get());
        assertTrue(status.get(status.size() - 1).endsWith("No model loaded."), status.toString());
    }
}
