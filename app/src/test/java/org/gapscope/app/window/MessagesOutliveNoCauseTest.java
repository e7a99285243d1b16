package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.gapscope.GapScopeException;
import org.gapscope.app.CompositionRoot;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.examples.ExampleRow;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.model.SyntheticSet;
import org.gapscope.app.task.BackgroundExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 13: a message goes when what it is about goes (the example it concerns, a model that
 * failed to open while the one kept works on, checkpoint curves taken away), and the list's T and S marks
 * come from every run that answered the questions, also the interventions' sweep over the set.
 */
class MessagesOutliveNoCauseTest {

    @TempDir
    Path dir;

    private SyntheticSet set;
    private MainViewModel main;

    @BeforeEach
    void setUp() throws IOException {
        set = SyntheticSet.write(dir.resolve("set"), 5);
        Path models = dir.resolve("home/resources/models");
        for (String name : List.of("ck-0", "ck-1")) {
            Files.createDirectories(models.resolve(name));
            Files.writeString(models.resolve(name).resolve("bundle.json"), "{}");
        }
        ModelOpener opener = (folder, ctx) -> {
            if (folder.getFileName().toString().startsWith("broken")) {
                throw new GapScopeException(folder + "/bundle.json: missing");
            }
            return set.opener().open(folder, ctx);
        };
        main = CompositionRoot.of("test", BackgroundExecutor.synchronous(), new Locations(dir.resolve("home"),
                dir.resolve("user")), TestAudio.noDevices(), opener).mainViewModel();
        main.examples().load(set.file());
        main.model().open(models.resolve("ck-0"));
    }

    @Test
    void theSpeakerMessageGoesWithItsExample() {
        main.audio().play();
        assertTrue(main.statusProperty().get().startsWith("speaker: no audio output device"), main.statusProperty().get());
        main.examples().next();
        assertEquals("", main.statusProperty().get());

        // a later message is not cleared by a change that only ended the earlier one
        main.audio().play();
        main.setStatus("Saved the session to s.gapscope.json");
        main.examples().next();
        assertEquals("Saved the session to s.gapscope.json", main.statusProperty().get());
    }

    @Test
    void aFailedOpenLeavesTheCardOnceTheKeptModelWorksAgain() {
        main.model().open(dir.resolve("broken-bundle"));
        String failed = main.model().messageProperty().get();
        assertTrue(failed.startsWith("Could not open the model: ") && failed.endsWith("Still using ck-0."), failed);
        assertNotNull(main.model().engineProperty().get());
        main.examples().next();
        assertNotNull(main.run().resultProperty().get());
        assertEquals("", main.model().messageProperty().get());
    }

    @Test
    void theCheckpointNoteGoesWhenTheCurvesAreUnticked() {
        main.curves().showCheckpointsProperty().set(true);
        assertEquals("2 checkpoints drawn.", main.curves().messageProperty().get());
        main.curves().showCheckpointsProperty().set(false);
        assertEquals("", main.curves().messageProperty().get());
        main.curves().showCheckpointsProperty().set(true);
        assertEquals("2 checkpoints drawn.", main.curves().messageProperty().get());
    }

    @Test
    void theInterventionSweepMarksEveryExampleItRan() {
        List<ExampleRow> rows = main.examples().allRows();
        assertNull(rows.get(3).textCorrectProperty().get(), "only the selected example has run");
        main.interventions().runSet();
        assertEquals(7, main.interventions().table().size(), main.interventions().tableNoteProperty().get());
        for (ExampleRow r : rows) {
            assertEquals(Boolean.TRUE, r.textCorrectProperty().get(), r.example().id());
            assertEquals(Boolean.FALSE, r.speechCorrectProperty().get(), r.example().id());
            assertNotNull(r.apsProperty().get(), r.example().id());
        }
    }
}
