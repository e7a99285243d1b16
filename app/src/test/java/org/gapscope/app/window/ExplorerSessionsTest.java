package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.Score;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.CompositionRoot;
import org.gapscope.app.alignment.HeatmapPicture;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.interventions.InterventionsViewModel;
import org.gapscope.app.model.SyntheticSet;
import org.gapscope.app.session.Session;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.audio.WavWriter;
import org.gapscope.figure.CkaData;
import org.gapscope.figure.ColorMap;
import org.gapscope.intervention.RewriteKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * Sessions of the whole explorer: each view saves and restores its own part, the window the tab and
 * theme; a file of the earlier single-record layout still opens; a broken file changes nothing.
 */
class ExplorerSessionsTest {

    @TempDir
    Path dir;

    private SyntheticSet set;
    private MainViewModel main;
    private final List<String> statuses = new ArrayList<>();

    @BeforeEach
    void setUp() {
        set = SyntheticSet.write(dir.resolve("set"), 5);
        main = explorer();
        main.statusProperty().addListener((obs, old, s) -> statuses.add(s));
        main.examples().load(set.file());
        main.model().open(dir.resolve("synthetic-a"));
    }

    private MainViewModel explorer() {
        return CompositionRoot.of("test", BackgroundExecutor.synchronous(), new Locations(null, dir.resolve("user")),
                TestAudio.noDevices(), set.opener()).mainViewModel();
    }

    @Test
    void aSessionRestoresTheSetTheExampleTheModelAndTheViews() {
        main.examples().next();
        main.alignment().layerProperty().set(3);
        main.alignment().metricProperty().set(SimilarityMetric.EUCLIDEAN);
        main.darkThemeProperty().set(true);
        main.selectedTabProperty().set("Alignment");
        Path file = dir.resolve("s.gapscope.json");
        main.saveSession(file);
        assertTrue(Files.isRegularFile(file));

        MainViewModel fresh = explorer();
        fresh.openSession(file);
        assertEquals("Alignment", fresh.selectedTabProperty().get());
        assertEquals("q2", fresh.examples().selectedProperty().get().example().id());
        assertEquals("synthetic-a", fresh.model().cardProperty().get().name());
        assertEquals(3, fresh.alignment().layerProperty().get());
        assertEquals(SimilarityMetric.EUCLIDEAN, fresh.alignment().metricProperty().get());
        assertTrue(fresh.darkThemeProperty().get());
        assertNotNull(fresh.alignment().pictureProperty().get());
    }

    @Test
    void aSessionRoundTripsEveryViewSettingAndThePickedTokens() {
        main.examples().sortOrderProperty().set(ExamplesViewModel.SortOrder.ID);
        main.examples().filterProperty().set("q");
        main.examples().next();
        main.run().settingsProperty().set(AnalysisSettings.defaults().withIncludeLayer0(true));
        main.alignment().layerProperty().set(3);
        main.alignment().metricProperty().set(SimilarityMetric.EUCLIDEAN);
        main.alignment().colorMapProperty().set(ColorMap.values()[1]);
        main.alignment().showDtwProperty().set(true);
        main.alignment().showSpansProperty().set(false);
        main.alignment().showStripsProperty().set(false);
        main.alignment().sharedScaleProperty().set(true);
        HeatmapPicture p = main.alignment().pictureProperty().get();
        double[] zoom = {p.speechCount() / 4.0, p.speechCount() / 2.0};
        main.alignment().viewWindowChanged(zoom); // as the heatmap reports a wheel zoom
        main.alignment().click(p.path()[1], 1, true);
        main.alignment().click(p.path()[3], 3, true);
        main.alignment().pickTokensProperty().set(true);
        main.curves().showControlProperty().set(false);
        main.audio().prosody().showPitchProperty().set(true);
        main.audio().prosody().showLevelProperty().set(true);
        main.audio().speedProperty().set(0.5);
        main.cka().panelProperty().set(CkaData.Panel.DIFFERENCE);
        main.interventions().kindProperty().set(RewriteKind.LENGTH_NORMALIZATION);
        main.interventions().kProperty().set(2);
        main.interventions().layersProperty().set("0-1");
        main.dataset().xScoreProperty().set(Score.APS_EUCLIDEAN);
        main.darkThemeProperty().set(true);
        main.presentationModeProperty().set(true);
        main.selectedTabProperty().set("Interventions");
        Session saved = main.snapshot();
        JsonObject interventions = saved.part("interventions").orElseThrow().getAsJsonObject();
        assertEquals("[1,3]", interventions.get("picked").toString());
        assertEquals("q2", interventions.get("pickedFor").getAsString());
        assertEquals("PICKED", interventions.get("tokens").getAsString());
        assertEquals(3, interventions.get("selectionLayer").getAsInt());
        assertEquals(zoom[0], saved.part("alignment").orElseThrow().getAsJsonObject().get("zoomFrom").getAsDouble());
        assertEquals("difference", saved.part("cka").orElseThrow().getAsJsonObject().get("panel").getAsString());
        assertFalse(saved.part("alignment").orElseThrow().getAsJsonObject().get("showSpans").getAsBoolean(),
                "the word-span toggle is saved (on by default)");
        assertFalse(saved.part("alignment").orElseThrow().getAsJsonObject().get("showStrips").getAsBoolean(),
                "the audio strips toggle is saved (on by default)");
        JsonObject audio = saved.part("audio").orElseThrow().getAsJsonObject();
        assertTrue(audio.get("showPitch").getAsBoolean(), "the F0 toggle is saved (off by default)");
        assertTrue(audio.get("showLevel").getAsBoolean(), "the dB toggle is saved (off by default)");
        Path file = dir.resolve("all.gapscope.json");
        main.saveSession(file);

        MainViewModel fresh = explorer();
        assertFalse(fresh.audio().prosody().showPitchProperty().get() || fresh.audio().prosody().showLevelProperty().get());
        fresh.openSession(file);
        assertEquals("Interventions", fresh.selectedTabProperty().get());
        assertEquals("q2", fresh.examples().selectedProperty().get().example().id());
        assertEquals(saved, fresh.snapshot(), "everything saved is restored");
        assertEquals(CkaData.Panel.DIFFERENCE, fresh.cka().panelProperty().get());
        assertFalse(fresh.alignment().showStripsProperty().get(), "the audio strips stay off");
        assertTrue(fresh.audio().prosody().showPitchProperty().get());
        assertTrue(fresh.audio().prosody().showLevelProperty().get());
        assertEquals(0.5, fresh.audio().speedProperty().get());
        assertTrue(fresh.audio().prosody().ready(), "the restored example's F0 and level tracks are computed");
        assertTrue(fresh.audio().prosody().strips().pitch() && fresh.audio().prosody().strips().level(), "both strips drawn");
        assertRestoredViewsWork(fresh, zoom);
    }

    /**
     * A session written by the version before the views saved their own parts (format version 1: one
     * record for all views; the file was written by that version with this test's set and model, its
     * folder replaced by {@code @DIR@}, and an own recording added in the same record layout) opens into
     * every view.
     */
    @Test
    void aSessionWrittenInFormatVersion1StillOpens() throws IOException {
        Path recording = dir.resolve("user/recordings/recording-20261201-101500.wav");
        Files.createDirectories(recording.getParent());
        WavWriter.writePcm16(TestAudio.tone(1.5), recording);
        Path file = dir.resolve("v1.gapscope.json");
        try (InputStream in = ExplorerSessionsTest.class.getResourceAsStream("session-format1.gapscope.json")) {
            Files.writeString(file, new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@DIR@", dir.toAbsolutePath().toString()));
        }
        MainViewModel fresh = explorer();
        fresh.openSession(file);
        assertEquals("Opened the session v1.gapscope.json", fresh.statusProperty().get());
        assertEquals("Interventions", fresh.selectedTabProperty().get());
        assertTrue(fresh.darkThemeProperty().get());
        assertTrue(fresh.presentationModeProperty().get());
        assertEquals("synthetic-a", fresh.model().cardProperty().get().name());
        assertEquals(6, fresh.examples().allRows().size(), "the set and the own recording");
        var own = fresh.examples().allRows().get(5).example();
        assertEquals("recording", own.id());
        assertEquals("what is two plus two", own.transcript());
        assertEquals(List.of("four"), own.answers());
        assertEquals("q2", fresh.examples().selectedProperty().get().example().id());
        assertEquals("q", fresh.examples().filterProperty().get());
        assertEquals(ExamplesViewModel.SortOrder.ID, fresh.examples().sortOrderProperty().get());
        assertEquals(3, fresh.alignment().layerProperty().get());
        assertEquals(SimilarityMetric.EUCLIDEAN, fresh.alignment().metricProperty().get());
        assertEquals(ColorMap.parse("magma"), fresh.alignment().colorMapProperty().get());
        assertTrue(fresh.alignment().showDtwProperty().get());
        assertTrue(fresh.alignment().sharedScaleProperty().get());
        assertTrue(fresh.alignment().pickTokensProperty().get());
        assertTrue(!fresh.curves().showControlProperty().get());
        assertEquals(RewriteKind.LENGTH_NORMALIZATION, fresh.interventions().kindProperty().get());
        assertEquals(InterventionsViewModel.Tokens.PICKED, fresh.interventions().tokensProperty().get());
        assertEquals(2, fresh.interventions().kProperty().get());
        assertEquals("0-1", fresh.interventions().layersProperty().get());
        assertEquals(Score.APS_EUCLIDEAN, fresh.dataset().xScoreProperty().get());
        assertFalse(fresh.audio().prosody().showPitchProperty().get(), "format 1 had no F0 strip: it stays off");
        assertFalse(fresh.audio().prosody().showLevelProperty().get(), "format 1 had no dB strip: it stays off");
        assertRestoredViewsWork(fresh, new double[] {3.75, 7.5});
    }

    /**
     * A format-2 file from before the strips were saved (its {@code audio} part without
     * {@code showPitch} and {@code showLevel}) opens with the strips off, as they were then, and
     * restores the audio settings it has.
     */
    @Test
    void aSessionWithoutTheStripTogglesOpensWithTheStripsOff() throws IOException {
        main.examples().next();
        main.audio().speedProperty().set(0.75);
        main.audio().recorder().trimSilenceProperty().set(false);
        JsonObject json = main.snapshot().toJson();
        JsonObject audio = json.getAsJsonObject("audio");
        assertFalse(audio.get("showPitch").getAsBoolean());
        audio.remove("showPitch");
        audio.remove("showLevel");
        Path file = dir.resolve("before-strips.gapscope.json");
        Files.writeString(file, json.toString());

        MainViewModel fresh = explorer();
        fresh.openSession(file);
        assertEquals("Opened the session before-strips.gapscope.json", fresh.statusProperty().get());
        assertEquals("q2", fresh.examples().selectedProperty().get().example().id());
        assertFalse(fresh.audio().prosody().showPitchProperty().get());
        assertFalse(fresh.audio().prosody().showLevelProperty().get());
        assertNull(fresh.audio().prosody().strips(), "no strip is drawn");
        assertEquals(0.75, fresh.audio().speedProperty().get());
        assertFalse(fresh.audio().recorder().trimSilenceProperty().get());
        JsonObject again = fresh.snapshot().part("audio").orElseThrow().getAsJsonObject();
        assertFalse(again.get("showPitch").getAsBoolean(), "saved again, the keys are written");
        assertFalse(again.get("showLevel").getAsBoolean());
    }

    private static void assertRestoredViewsWork(MainViewModel fresh, double[] zoom) {
        assertTrue(fresh.run().resultProperty().get().analysis().settings().includeLayer0());
        assertArrayEquals(new int[] {1, 3}, fresh.interventions().pickedTokens());
        assertArrayEquals(new int[] {1, 3}, fresh.alignment().pictureProperty().get().picked());
        assertArrayEquals(zoom, fresh.alignment().requestedWindowProperty().get(), 0.0,
                "the zoom waits for the heatmap to be drawn");
        fresh.interventions().runExample();
        var rewrite = fresh.interventions().outcomeProperty().get().plan().rewrites().get(0);
        assertArrayEquals(new int[] {1, 3}, rewrite.tokens().selectedTokens());
        assertEquals(RewriteKind.LENGTH_NORMALIZATION, fresh.interventions().outcomeProperty().get().plan().settings()
                .kind());
    }

    @Test
    void aBrokenSessionFileChangesNothing() throws IOException {
        Session before = main.snapshot();
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{ not json");
        main.openSession(file);
        assertTrue(statuses.get(statuses.size() - 1).startsWith("Could not open the session: "), statuses.toString());
        assertEquals(5, main.examples().allRows().size());
        assertEquals(before, main.snapshot());
        assertEquals(set.file().toAbsolutePath().toString(),
                main.snapshot().part("examples").orElseThrow().getAsJsonObject().get("exampleSet").getAsString());
    }
}
