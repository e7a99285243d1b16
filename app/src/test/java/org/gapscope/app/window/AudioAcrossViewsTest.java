package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.gapscope.app.CompositionRoot;
import org.gapscope.app.alignment.HeatmapPicture;
import org.gapscope.app.desktop.AudioServices;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.examples.ExamplesSession;
import org.gapscope.app.model.SyntheticSet;
import org.gapscope.app.session.Session;
import org.gapscope.app.session.SessionStore;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.SilenceTrim;
import org.gapscope.dataset.Example;
import org.gapscope.engine.ExampleRun;
import org.gapscope.figure.ColorMap;
import org.gapscope.figure.FigureExporter;
import org.gapscope.figure.FigureSize;
import org.gapscope.figure.FigureStyle;
import org.gapscope.figure.HeatmapRenderer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

/**
 * The audio pane's slowed playback, pitch and level and trimmed recordings where other views meet them:
 * a Shift+click on a heatmap cell, the exported heatmap, a saved session.
 */
class AudioAcrossViewsTest {

    @TempDir
    Path dir;

    private final TestAudio.FakeRecorder recorder = new TestAudio.FakeRecorder();
    private final TestAudio.FakePlayer player = new TestAudio.FakePlayer();
    private MainViewModel main;

    @BeforeEach
    void setUp() {
        SyntheticSet set = SyntheticSet.write(dir.resolve("set"), 3);
        main = CompositionRoot.of("test", BackgroundExecutor.synchronous(), new Locations(null, dir.resolve("user")),
                new AudioServices(new AudioLoader(), recorder, player), set.opener()).mainViewModel();
        main.examples().load(set.file());
        main.model().open(dir.resolve("synthetic-a"));
    }

    @Test
    void shiftClickOnAHeatmapCellPlaysItsStretchSlowedDown() {
        HeatmapPicture p = main.alignment().pictureProperty().get();
        assertNotNull(p);
        int j = 2;
        int i = p.path()[j];
        main.alignment().click(i, j, false, false);
        main.alignment().click(i, j, false, true);
        ExampleRun r = main.run().resultProperty().get();
        double[] span = r.speechSpan(i);
        double cell = span[1] - span[0];
        assertEquals(span[0], player.played.get(0)[0], 1e-3, "a plain click plays the cell's own stretch");
        assertEquals(cell, player.played.get(0)[1] - player.played.get(0)[0], 1e-3);
        // a Shift+click plays the same stretch at half speed: stretched to twice its length, pitch kept
        assertEquals(Math.round(Math.round(cell * AudioClip.SAMPLE_RATE) / 0.5), player.clips.get(1).length());
    }

    @Test
    void theExportedHeatmapCarriesTheStripsWhenThePaneShowsThem() throws Exception {
        HeatmapRenderer plain = (HeatmapRenderer) main.alignment().figure();
        FigureStyle style = FigureSize.IEEE_DOUBLE.style(ColorMap.VIRIDIS);
        String without = FigureExporter.renderSvg(plain, 500, plain.preferredHeight(500, style), style);
        assertFalse(without.contains("F0 (Hz)"));
        main.audio().prosody().showPitchProperty().set(true);
        main.audio().prosody().showLevelProperty().set(true);
        HeatmapRenderer strips = (HeatmapRenderer) main.alignment().figure();
        String with = FigureExporter.renderSvg(strips, 500, strips.preferredHeight(500, style), style);
        assertTrue(with.contains("F0 (Hz)") && with.contains("level (dB)"));
    }

    @Test
    void aTrimmedRecordingKeepsWhatWasTrimmedThroughASavedSession() throws Exception {
        float[] s = new float[3 * AudioClip.SAMPLE_RATE];
        float[] tone = TestAudio.tone(1.0).samples();
        System.arraycopy(tone, 0, s, AudioClip.SAMPLE_RATE, tone.length);
        main.audio().startRecording();
        recorder.last.finish(AudioClip.ofSamples(s), false);
        Example recorded = main.examples().selectedProperty().get().example();
        SilenceTrim trim = recorded.silenceTrim().orElseThrow();

        Path file = dir.resolve("session.json");
        new SessionStore().save(main.snapshot(), file);
        Session back = new SessionStore().open(file);
        JsonObject own = back.part(ExamplesSession.KEY).orElseThrow().getAsJsonObject().getAsJsonArray("own")
                .asList().stream().map(e -> e.getAsJsonObject()).filter(e -> e.get("id").getAsString()
                        .equals(recorded.id())).findFirst().orElseThrow();
        assertEquals(trim, new Gson().fromJson(own.get("trim"), ExamplesSession.Trim.class).silenceTrim());

        MainViewModel fresh = CompositionRoot.of("test", BackgroundExecutor.synchronous(),
                new Locations(null, dir.resolve("user")), TestAudio.noDevices(), SyntheticSet.write(dir.resolve("set2"), 1)
                        .opener()).mainViewModel();
        fresh.restore(back);
        fresh.examples().select(recorded.id());
        assertEquals(trim, fresh.examples().selectedProperty().get().example().trim());
        assertEquals(null, new ExamplesSession.Trim(0.5, null, -40.0, 0.15, 2.0).silenceTrim(), "a field missing: no trim");
        assertEquals(null, new ExamplesSession.Trim(2.5, 1.0, -40.0, 0.15, 2.0).silenceTrim(),
                "values that do not fit: no trim");
    }
}
