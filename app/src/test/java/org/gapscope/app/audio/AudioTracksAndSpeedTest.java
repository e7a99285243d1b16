package org.gapscope.app.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.examples.ExampleRow;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.app.task.Tasks;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.ProsodyTrack;
import org.gapscope.audio.SilenceTrim;
import org.gapscope.audio.WavWriter;
import org.gapscope.dataset.Example;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audio pane's pitch and level tracks, its playback speed and its recording settings, without a toolkit. */
class AudioTracksAndSpeedTest {

    @TempDir
    Path dir;

    private final List<String> messages = new ArrayList<>();
    private final BackgroundExecutor executor = BackgroundExecutor.synchronous();
    private final Tasks tasks = new Tasks(executor, messages::add);
    private final ExamplesViewModel examples = new ExamplesViewModel(executor, messages::add);
    private final TestAudio.FakeRecorder recorder = new TestAudio.FakeRecorder();
    private final TestAudio.FakePlayer player = new TestAudio.FakePlayer();
    private final List<AudioClip> heard = player.clips;
    private AudioViewModel audio;

    @BeforeEach
    void setUp() throws IOException {
        audio = new AudioViewModel(tasks, new ClipCache(new AudioLoader()), recorder, player,
                () -> dir.resolve("recordings"), messages::add, examples);
        examples.selectedProperty().addListener((obs, old, row) -> audio.show(row));
        WavWriter.writePcm16(TestAudio.tone(2.0), dir.resolve("a.wav"));
        Files.write(dir.resolve("set.jsonl"), List.of(
                "{\"id\": \"a\", \"audio\": \"a.wav\", \"transcript\": \"two plus three\", \"answer\": \"five\"}"));
        examples.load(dir.resolve("set.jsonl"));
    }

    @Test
    void theTracksAreComputedOnlyWhenAskedAndTheReadoutNamesHzAndDb() {
        ProsodyViewModel prosody = audio.prosody();
        assertNull(prosody.trackProperty().get(), "both strips are off by default");
        prosody.pointAt(1.0);
        assertEquals("1.000 s", prosody.readoutProperty().get());

        prosody.showPitchProperty().set(true);
        ProsodyTrack track = prosody.trackProperty().get();
        assertNotNull(track);
        assertEquals(440, track.medianF0(), 2, "the 440 Hz test tone");
        float f0 = track.f0(track.frameAt(1.0));
        assertEquals(440, f0, 1);
        String hz = String.format(java.util.Locale.ROOT, "%.1f", f0);
        prosody.pointAt(1.0);
        assertEquals("1.000 s · F0 " + hz + " Hz", prosody.readoutProperty().get());
        prosody.showLevelProperty().set(true);
        prosody.pointAt(1.0);
        // a sine of amplitude 0.3: 20 log10(0.3 / sqrt 2) = -13.5 dBFS
        assertEquals("1.000 s · F0 " + hz + " Hz · level -13.5 dB", prosody.readoutProperty().get());
        assertTrue(prosody.strips().pitch() && prosody.strips().level());
        prosody.pointAt(Double.NaN);
        assertEquals("", prosody.readoutProperty().get());

        prosody.showPitchProperty().set(false);
        assertFalse(prosody.strips().pitch());
        assertTrue(track == prosody.trackProperty().get(), "kept, not computed again");
        prosody.showLevelProperty().set(false);
        assertNull(prosody.trackProperty().get());
        assertNull(prosody.strips());
    }

    @Test
    void aClipTooShortForOneFrameSaysSo() throws IOException {
        WavWriter.writePcm16(TestAudio.tone(0.03), dir.resolve("short.wav"));
        audio.openFile(dir.resolve("short.wav"));
        audio.prosody().showLevelProperty().set(true);
        assertEquals("The clip is too short for pitch and level (one frame is 64 ms).",
                audio.prosody().problemProperty().get());
        assertNull(audio.prosody().strips());
    }

    @Test
    void theSpeedSlowsEveryPlaybackAndShiftSlowsOnce() {
        audio.play();
        assertEquals(2.0, heard.get(0).durationSeconds(), 1e-3, "normal speed: the clip itself");
        audio.playRange(new TimeRange(0.5, 1.0), true);
        assertEquals(1.0, heard.get(1).durationSeconds(), 1e-3, "Shift: half speed, twice as long");
        assertEquals(0.0, player.played.get(1)[0]);
        audio.speedProperty().set(0.75);
        audio.selectionProperty().set(new TimeRange(0.5, 1.25));
        audio.playSelection();
        assertEquals(1.0, heard.get(2).durationSeconds(), 1e-3, "0.75 s at three quarters: 1 s");
        audio.playRange(new TimeRange(0.5, 1.25), true);
        assertEquals(1.0, heard.get(3).durationSeconds(), 1e-3, "Shift at a slow speed: that speed");
        assertTrue(audio.playingProperty().get());
        assertEquals(0.5, audio.playPosition(), 1e-9, "the position is in the clip's time, not the stretched one's");
        audio.stop();
        assertFalse(audio.playingProperty().get());
    }

    @Test
    void recordingsStopOnTrailingSilenceByDefaultAndTheSettingIsPassedOn() {
        audio.maxRecordSecondsProperty().set(20);
        audio.startRecording();
        assertEquals(2.0, recorder.settings.get(0).stopAfterSilenceSeconds());
        assertEquals(20, recorder.settings.get(0).maxSeconds());
        assertTrue(audio.messageProperty().get().contains("after 2.0 s of silence or at 20 s"),
                audio.messageProperty().get());
        recorder.last.finish(TestAudio.tone(1.0), false);
        audio.recorder().stopOnSilenceProperty().set(false);
        audio.startRecording();
        assertFalse(recorder.settings.get(1).stopsOnSilence());
        recorder.last.finish(TestAudio.tone(1.0), false);
    }

    /** One second of silence, a second of tone, a second of silence. */
    private static AudioClip takeWithSilence() {
        float[] s = new float[3 * AudioClip.SAMPLE_RATE];
        float[] tone = TestAudio.tone(1.0).samples();
        System.arraycopy(tone, 0, s, AudioClip.SAMPLE_RATE, tone.length);
        return AudioClip.ofSamples(s);
    }

    @Test
    void aTakeIsTrimmedByDefaultAndTheExampleRemembersWhatWasTrimmed() {
        audio.startRecording();
        recorder.last.finish(takeWithSilence(), true);
        ExampleRow row = examples.selectedProperty().get();
        Example example = row.example();
        SilenceTrim trim = example.silenceTrim().orElseThrow();
        assertEquals(0.85, trim.leadSeconds(), 1e-9);
        assertEquals(0.85, trim.tailSeconds(), 1e-9);
        assertEquals(3.0, trim.originalSeconds(), 1e-9);
        assertEquals(1.3, new AudioLoader().load(example.audio()).durationSeconds(), 1e-3);
        String message = audio.messageProperty().get();
        assertTrue(message.startsWith("Recorded 1.3 s (stopped after 2.0 s of silence); trimmed 0.85 s of silence before"),
                message);
        audio.transcriptProperty().set("what is two plus three");
        audio.applyEdits();
        assertEquals(trim, row.example().trim(), "editing the transcript keeps the trim");
    }

    @Test
    void withTrimmingOffTheTakeIsKeptWhole() {
        audio.recorder().trimSilenceProperty().set(false);
        audio.startRecording();
        recorder.last.finish(takeWithSilence(), false);
        Example example = examples.selectedProperty().get().example();
        assertTrue(example.silenceTrim().isEmpty());
        assertEquals(3.0, new AudioLoader().load(example.audio()).durationSeconds(), 1e-3);
        assertFalse(audio.messageProperty().get().contains("trimmed"), audio.messageProperty().get());
    }
}
