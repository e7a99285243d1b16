package org.gapscope.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the bundles of a models folder: from its index, or by looking for bundle.json. */
class CheckpointsTest {

    @TempDir
    Path dir;

    private void bundle(String path) throws IOException {
        Files.createDirectories(dir.resolve(path));
        Files.writeString(dir.resolve(path).resolve("bundle.json"), "{}");
    }

    @Test
    void theIndexGivesRegimeAndStepInOrder() throws IOException {
        bundle("checkpoints/b-step2");
        bundle("a-final");
        bundle("checkpoints/b-step1");
        Files.writeString(dir.resolve("models.json"), """
                {"default": "a-final", "bundles": [
                 {"path": "a-final", "regime": "frozen", "step": 9},
                 {"path": "checkpoints/b-step2", "regime": "fullft", "step": 2},
                 {"path": "checkpoints/b-step1", "regime": "fullft", "step": 1},
                 {"path": "checkpoints/missing", "regime": "fullft", "step": 3}]}
                """);
        List<Checkpoints.Entry> found = Checkpoints.find(dir);
        assertEquals(List.of("a-final", "b-step1", "b-step2"), found.stream().map(Checkpoints.Entry::label).toList());
        assertEquals("fullft", found.get(1).group());
        assertEquals(1, found.get(1).step());
    }

    @Test
    void withoutAnIndexBundleFoldersAreFound() throws IOException {
        bundle("x");
        bundle("nested/y");
        Files.createDirectories(dir.resolve("not-a-bundle"));
        assertEquals(List.of("x", "y"), Checkpoints.find(dir).stream().map(Checkpoints.Entry::label).toList());
        assertTrue(Checkpoints.find(dir.resolve("none")).isEmpty());
        assertTrue(Checkpoints.find(null).isEmpty());
    }
}
