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
import org.gapscope.app.task.TaskHandle;
import org.gapscope.app.task.Tasks;
import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.WavWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javafx.collections.ListChangeListener;

/** The audio pane's behaviour without a toolkit: synchronous executor, fake or missing devices. */
class AudioViewModelTest {

    @TempDir
    Path dir;

    private final List<String> messages = new ArrayList<>();
    private final BackgroundExecutor executor = BackgroundExecutor.synchronous();
    private final Tasks tasks = new Tasks(executor, messages::add);
    private final ExamplesViewModel examples = new ExamplesViewModel(executor, messages::add);
    private final TestAudio.FakeRecorder recorder = new TestAudio.FakeRecorder();
    private final TestAudio.FakePlayer player = new TestAudio.FakePlayer();
    private AudioViewModel audio;

    @BeforeEach
    void setUp() throws IOException {
        audio = new AudioViewModel(tasks, new ClipCache(new AudioLoader()), recorder, player,
                () -> dir.resolve("recordings"), messages::add, examples);
        examples.selectedProperty().addListener((obs, old, row) -> audio.show(row));
        WavWriter.writePcm16(TestAudio.tone(2.0), dir.resolve("a.wav"));
        Files.writeString(dir.resolve("broken.wav"), "RIFF this is not audio");
        Files.write(dir.resolve("set.jsonl"), List.of(
                "{\"id\": \"a\", \"audio\": \"a.wav\", \"transcript\": \"two plus three\", \"answer\": \"five\"}",
                "{\"id\": \"m\", \"audio\": \"missing.wav\", \"transcript\": \"opposite of hot\", \"answer\": \"cold\"}"));
        examples.load(dir.resolve("set.jsonl"));
    }

    @Test
    void selectingAnExampleShowsItsClipTranscriptAndAnswer() {
        AudioDisplay shown = audio.displayProperty().get();
        assertNotNull(shown);
        assertEquals(2.0, shown.duration(), 1e-3);
        assertEquals(new TimeRange(0, shown.duration()), audio.viewRangeProperty().get());
        assertEquals("two plus three", audio.transcriptProperty().get());
        assertEquals("five", audio.answerProperty().get());
        assertEquals("", audio.messageProperty().get());
    }

    @Test
    void anExampleWhoseAudioIsMissingSaysSoAndShowsNoClip() {
        examples.next();
        assertNull(audio.displayProperty().get());
        assertTrue(audio.messageProperty().get().contains("Cannot show the audio of m"), audio.messageProperty().get());
        assertEquals("opposite of hot", audio.transcriptProperty().get());
    }

    @Test
    void anUnreadableFileLeavesTheListAndThePaneAsTheyWere() {
        AudioDisplay before = audio.displayProperty().get();
        audio.openFile(dir.resolve("broken.wav"));
        assertEquals(2, examples.allRows().size());
        assertEquals(before, audio.displayProperty().get());
        assertTrue(audio.messageProperty().get().startsWith("Could not open the audio file: "), audio.messageProperty().get());
        assertTrue(audio.messageProperty().get().contains("broken.wav"), audio.messageProperty().get());
    }

    @Test
    void anOpenedFileBecomesANewSelectedExampleWithAnEditableTranscript() throws IOException {
        WavWriter.writePcm16(TestAudio.tone(0.7), dir.resolve("mine.wav"));
        audio.openFile(dir.resolve("mine.wav"));
        assertEquals(3, examples.allRows().size());
        ExampleRow row = examples.selectedProperty().get();
        assertEquals("mine", row.example().id());
        assertEquals(0.7, audio.displayProperty().get().duration(), 1e-3);
        audio.transcriptProperty().set("  what is two plus two ");
        audio.answerProperty().set("four | 4");
        audio.applyEdits();
        assertEquals("what is two plus two", row.example().transcript());
        assertEquals(List.of("four", "4"), row.example().answers());
        audio.openFile(dir.resolve("mine.wav"));
        assertEquals("mine-2", examples.selectedProperty().get().example().id());
    }

    @Test
    void editingTheTranscriptClearsTheOldResults() {
        ExampleRow row = examples.selectedProperty().get();
        row.apsProperty().set(0.5);
        row.speechCorrectProperty().set(true);
        audio.transcriptProperty().set("two plus three");
        audio.applyEdits();
        assertEquals(0.5, row.apsProperty().get());
        audio.transcriptProperty().set("three plus two");
        audio.applyEdits();
        assertNull(row.apsProperty().get());
        assertNull(row.speechCorrectProperty().get());
        assertEquals("three plus two", row.example().transcript());
    }

    @Test
    void recordingShowsLevelsAndBecomesASavedExample() {
        audio.maxRecordSecondsProperty().set(12);
        audio.startRecording();
        assertTrue(audio.recordingProperty().get());
        assertEquals(List.of(12.0), recorder.maxSeconds);
        recorder.last.level(0.1, 0.05);
        assertEquals(-20, audio.levelProperty().get().rmsDbfs(), 1e-9);
        audio.stopRecording();
        assertFalse(audio.recordingProperty().get());
        assertNull(audio.levelProperty().get());
        ExampleRow row = examples.selectedProperty().get();
        assertEquals("recording", row.example().id());
        Path file = row.example().audio();
        assertTrue(Files.isRegularFile(file), file.toString());
        assertEquals(dir.resolve("recordings"), file.getParent());
        assertEquals(1.5, new AudioLoader().load(file).durationSeconds(), 1e-3);
        assertEquals(1.5, audio.displayProperty().get().duration(), 1e-3);
        assertTrue(audio.messageProperty().get().startsWith("Recorded 1.5 s"), audio.messageProperty().get());
    }

    @Test
    void aFailedRecordingSaysWhyAndAddsNothing() {
        audio.startRecording();
        recorder.last.fail("microphone: recording failed after 0.3 s (device unplugged)");
        assertFalse(audio.recordingProperty().get());
        assertEquals(2, examples.allRows().size());
        assertEquals("microphone: recording failed after 0.3 s (device unplugged)", audio.messageProperty().get());
    }

    @Test
    void noMicrophoneOrSpeakerIsAMessageNotACrash() {
        AudioViewModel bare = new AudioViewModel(tasks, new ClipCache(new AudioLoader()), TestAudio.noDevices().recorder(),
                TestAudio.noDevices().player(), () -> dir, messages::add, examples);
        bare.show(examples.selectedProperty().get());
        bare.startRecording();
        assertFalse(bare.recordingProperty().get());
        assertTrue(bare.messageProperty().get().startsWith("microphone: no audio input device found"));
        bare.play();
        assertFalse(bare.playingProperty().get());
        assertTrue(bare.messageProperty().get().startsWith("speaker: no audio output device found"));
        assertNotNull(bare.displayProperty().get());
    }

    @Test
    void playsTheClipTheSelectionOrAStretch() {
        audio.play();
        assertTrue(audio.playingProperty().get());
        audio.selectionProperty().set(new TimeRange(0.5, 0.8));
        audio.playSelection();
        audio.stop();
        assertFalse(audio.playingProperty().get());
        assertEquals(2, player.played.size());
        assertEquals(0.0, player.played.get(0)[0]);
        assertEquals(2.0, player.played.get(0)[1], 1e-3);
        assertEquals(0.5, player.played.get(1)[0]);
        assertEquals(0.8, player.played.get(1)[1]);
    }

    @Test
    void zoomAndPanStayInsideTheClip() {
        audio.zoom(0.25, 1.0);
        TimeRange r = audio.viewRangeProperty().get();
        assertEquals(0.5, r.length(), 1e-9);
        assertEquals(0.75, r.from(), 1e-9);
        audio.pan(10);
        assertEquals(1.5, audio.viewRangeProperty().get().from(), 1e-9);
        audio.pan(-10);
        assertEquals(0, audio.viewRangeProperty().get().from(), 1e-9);
        audio.zoom(100, 0.2);
        assertEquals(new TimeRange(0, 2.0), audio.viewRangeProperty().get());
    }

    @Test
    void cancellingAnOpenKeepsEverything() {
        tasks.running().addListener((ListChangeListener<TaskHandle>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(TaskHandle::cancel);
            }
        });
        audio.openFile(dir.resolve("a.wav"));
        assertEquals(2, examples.allRows().size());
        assertEquals("a", examples.selectedProperty().get().example().id());
        assertTrue(messages.get(messages.size() - 1).startsWith("Cancelled: Opening audio a.wav"), messages.toString());
        assertTrue(tasks.running().isEmpty());
    }
}
