package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.gapscope.app.CompositionRoot;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.model.SyntheticModel;
import org.gapscope.app.model.SyntheticSet;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.figure.ScoreVsGapData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 14: checkpoints of two training regimes (listed with their regime in {@code models.json},
 * as the built-in model ships them) get one line each, as the paper fits each regime, besides the line
 * through all of them; the title and the read-out name the score as the axis does.
 */
class CheckpointRegimesTest {

    @TempDir
    Path dir;

    private MainViewModel main;

    @BeforeEach
    void setUp() throws IOException {
        SyntheticSet set = SyntheticSet.write(dir.resolve("set"), 5);
        Path models = dir.resolve("home/resources/models");
        StringBuilder index = new StringBuilder("{\"bundles\": [");
        List<String> names = List.of("frozen-1", "frozen-2", "frozen-3", "fullft-2", "fullft-3", "fullft-4");
        for (String name : names) {
            Files.createDirectories(models.resolve(name));
            Files.writeString(models.resolve(name).resolve("bundle.json"), "{}");
            index.append(index.charAt(index.length() - 1) == '[' ? "" : ", ").append("{\"path\": \"").append(name)
                    .append("\", \"regime\": \"").append(name, 0, name.indexOf('-')).append("\", \"step\": ")
                    .append(name.substring(name.indexOf('-') + 1)).append('}');
        }
        Files.writeString(models.resolve("models.json"), index.append("]}").toString());
        List<String> order = List.of("what is two plus three", "what is the opposite of hot", "what colour is the sky",
                "how many legs does a dog have", "what comes after monday");
        ModelOpener opener = (folder, monitor) -> {
            SyntheticModel inner = (SyntheticModel) set.opener().open(folder, monitor);
            String name = folder.getFileName().toString();
            int right = name.contains("-") ? Integer.parseInt(name.substring(name.indexOf('-') + 1)) : 0;
            return new CheckpointViewsTest.RightFirst(inner, right, order, set);
        };
        main = CompositionRoot.of("test", BackgroundExecutor.synchronous(), new Locations(dir.resolve("home"),
                dir.resolve("user")), TestAudio.noDevices(), opener).mainViewModel();
        main.examples().load(set.file());
        main.model().open(models.resolve("frozen-1"));
    }

    @Test
    void eachRegimeGetsItsOwnLine() {
        main.dataset().runCheckpoints();
        ScoreVsGapData data = main.dataset().regressionProperty().get();
        assertNotNull(data, main.dataset().regressionTextProperty().get());
        assertEquals(List.of("frozen", "fullft"), data.groupFits().stream().map(ScoreVsGapData.GroupFit::group).toList());
        ScoreVsGapData.GroupFit frozen = data.groupFit("frozen").orElseThrow();
        assertEquals(3, frozen.n());
        assertEquals(40.0, frozen.minGap(), 1e-9, "frozen-3: 3 of 5 spoken questions right, GAP 100 - 60");
        assertEquals(80.0, frozen.maxGap(), 1e-9);
        List<ScoreVsGapData.Point> own = data.points().stream().filter(p -> p.group().equals("frozen")).toList();
        assertEquals(ScoreVsGapData.Fit.leastSquares(own), frozen.fit(), "the frozen line is fitted to frozen points only");
        assertNotNull(data.fit(), "the line through all checkpoints stays");

        assertEquals("APS (cosine)", data.yLabel());
        assertTrue(data.title().startsWith("APS (cosine) vs GAP across 6 checkpoints"), data.title());
        String text = main.dataset().regressionTextProperty().get();
        assertTrue(text.startsWith("APS (cosine) against GAP, frozen: R² = "), text);
        assertTrue(text.contains(", fullft: R² = ") && text.contains("(3 checkpoints)")
                && text.contains("; all 6 together: R² = "), text);
        assertTrue(data.toJson().contains("\"group_fits\""), "the exported data carries the lines");
    }
}
