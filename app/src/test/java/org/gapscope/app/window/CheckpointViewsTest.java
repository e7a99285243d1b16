package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gapscope.app.CompositionRoot;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.model.ForwardingRunner;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.model.SyntheticModel;
import org.gapscope.app.model.SyntheticSet;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.audio.AudioClip;
import org.gapscope.figure.LayerCurvesData;
import org.gapscope.figure.ScoreVsGapData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The views that run other checkpoints: the dataset view's score against GAP across the checkpoints in
 * the models folder, and the layer-curves overlay of the example through each of them. Checkpoint
 * {@code ck-N} is the stand-in model answering the first N spoken questions right, so the checkpoints'
 * GAPs differ as in training; every model opened is closed again.
 */
class CheckpointViewsTest {

    @TempDir
    Path dir;

    private MainViewModel main;
    private final List<SyntheticModel> opened = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        SyntheticSet set = SyntheticSet.write(dir.resolve("set"), 5);
        Path models = dir.resolve("home/resources/models");
        for (String name : List.of("ck-0", "ck-2", "ck-4")) {
            Files.createDirectories(models.resolve(name));
            Files.writeString(models.resolve(name).resolve("bundle.json"), "{}");
        }
        List<String> order = List.of("what is two plus three", "what is the opposite of hot", "what colour is the sky",
                "how many legs does a dog have", "what comes after monday");
        ModelOpener opener = (folder, monitor) -> {
            SyntheticModel inner = (SyntheticModel) set.opener().open(folder, monitor);
            opened.add(inner);
            String name = folder.getFileName().toString();
            int right = name.startsWith("ck-") ? Integer.parseInt(name.substring(3)) : 0;
            return new RightFirst(inner, right, order, set);
        };
        main = CompositionRoot.of("test", BackgroundExecutor.synchronous(), new Locations(dir.resolve("home"),
                dir.resolve("user")), TestAudio.noDevices(), opener).mainViewModel();
        main.examples().load(set.file());
        main.model().open(models.resolve("ck-0"));
    }

    @Test
    void scoreAgainstGapAcrossTheCheckpoints() {
        main.dataset().runCheckpoints();
        ScoreVsGapData data = main.dataset().regressionProperty().get();
        assertNotNull(data, main.dataset().regressionTextProperty().get());
        assertEquals(List.of(100.0, 60.0, 20.0), data.points().stream().map(ScoreVsGapData.Point::gap).toList(),
                "GAP = text 100 % - speech (0, 2 or 4 of 5 right)");
        assertTrue(main.dataset().regressionTextProperty().get().startsWith("APS (cosine) against GAP over 3 checkpoints: R² = "),
                main.dataset().regressionTextProperty().get());
        assertEquals(4, opened.size(), "the loaded model and the three checkpoints");
        assertTrue(opened.subList(1, 4).stream().allMatch(SyntheticModel::isClosed), "each checkpoint is closed after its run");
        assertTrue(!opened.get(0).isClosed(), "the loaded model stays");
    }

    @Test
    void theExampleThroughEveryCheckpoint() {
        main.curves().showCheckpointsProperty().set(true);
        List<LayerCurvesData.Series> series = main.curves().curvesProperty().get().series();
        assertEquals(List.of("ck-0", "ck-2", "ck-4"), series.stream().map(LayerCurvesData.Series::label)
                .filter(l -> l.startsWith("ck-")).toList());
        assertTrue(opened.subList(1, opened.size()).stream().allMatch(SyntheticModel::isClosed));
    }

    /** The stand-in, answering the spoken question right for the first {@code right} questions of the set. */
    static final class RightFirst extends ForwardingRunner {
        private final int right;
        private final List<String> order;
        private final SyntheticSet set;

        RightFirst(SyntheticModel inner, int right, List<String> order, SyntheticSet set) {
            super(inner);
            this.right = right;
            this.order = order;
            this.set = set;
        }

        @Override
        public Answered speech(String exampleId, SpeechInput input, int maxTokens) {
            Answered a = super.speech(exampleId, input, maxTokens);
            String transcript = set.transcripts().get((int) Math.round(input.seconds() * AudioClip.SAMPLE_RATE));
            return order.indexOf(transcript) < right ? new Answered(set.answers().get(transcript), a.capture()) : a;
        }
    }
}
