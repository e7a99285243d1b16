package org.gapscope.app.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.gapscope.GapScopeException;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.task.Tasks;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLevel;
import org.gapscope.audio.Recorder;
import org.gapscope.audio.Recording;
import org.gapscope.audio.WavWriter;
import org.gapscope.dataset.Example;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * The audio pane's recorder: records from the microphone with a level meter (readings coalesced, so
 * the audio thread cannot flood the UI thread) and a maximum length, then saves the clip as a WAV file
 * in the recordings folder and adds it to the example list as a new example. No microphone, or a failed
 * recording, is one line in the pane.
 */
final class MicrophoneRecording {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Tasks tasks;
    private final ClipCache clips;
    private final Recorder recorder;
    private final Supplier<Path> recordingsFolder;
    private final ExamplesViewModel examples;
    private final Consumer<String> message;
    private final Consumer<String> status;
    private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<AudioLevel> level = new ReadOnlyObjectWrapper<>();
    private final DoubleProperty maxRecordSeconds = new SimpleDoubleProperty(AudioViewModel.DEFAULT_MAX_RECORD_SECONDS);
    private final AtomicReference<AudioLevel> pendingLevel = new AtomicReference<>();
    private final AtomicBoolean levelScheduled = new AtomicBoolean();
    private Recording activeRecording;

    /**
     * A recorder on {@code recorder} saving into {@code recordingsFolder}; {@code message} is the pane's
     * line, {@code status} the status bar's.
     */
    MicrophoneRecording(Tasks tasks, ClipCache clips, Recorder recorder, Supplier<Path> recordingsFolder,
            ExamplesViewModel examples, Consumer<String> message, Consumer<String> status) {
        this.tasks = tasks;
        this.clips = clips;
        this.recorder = recorder;
        this.recordingsFolder = recordingsFolder;
        this.examples = examples;
        this.message = message;
        this.status = status;
    }

    /**
     * Starts recording from the microphone; it stops by itself after {@link #maxRecordSecondsProperty()}.
     * Without a microphone the pane says so and nothing else changes.
     */
    void start() {
        double max = maxRecordSeconds.get();
        Recording started;
        try {
            started = recorder.start(max, this::levelArrived);
        } catch (GapScopeException | IllegalArgumentException e) {
            message.accept(e.getMessage());
            status.accept(e.getMessage());
            return;
        }
        activeRecording = started;
        recording.set(true);
        message.accept(String.format(Locale.ROOT, "Recording... speak now (stops by itself after %.0f s).", max));
        started.clip().whenComplete((clip, error) -> tasks.executor().onUiThread(() -> recordingEnded(clip, error)));
    }

    /** Stops the recording in progress; the clip becomes a new example. */
    void stop() {
        Recording current = activeRecording;
        if (current != null) {
            current.stop();
        }
    }

    private void levelArrived(AudioLevel reading) {
        pendingLevel.set(reading);
        if (levelScheduled.compareAndSet(false, true)) {
            tasks.executor().onUiThread(() -> {
                levelScheduled.set(false);
                if (recording.get()) {
                    level.set(pendingLevel.get());
                }
            });
        }
    }

    private void recordingEnded(AudioClip clip, Throwable error) {
        activeRecording = null;
        recording.set(false);
        level.set(null);
        if (error != null) {
            message.accept(AudioViewModel.rootMessage(error));
            status.accept(AudioViewModel.rootMessage(error));
            return;
        }
        String name = "recording-" + LocalDateTime.now().format(STAMP);
        tasks.start("Saving the recording", ctx -> {
            Path folder = recordingsFolder.get();
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new GapScopeException(folder + ": cannot create the recordings folder: " + e.getMessage(), e);
            }
            Path file = uniqueFile(folder, name);
            WavWriter.writePcm16(clip, file);
            AudioDisplay shown = AudioDisplay.of(clip, file.getFileName().toString());
            clips.put(file, shown);
            return file;
        }, file -> {
            Example example = new Example(examples.uniqueId("recording"), file, "", List.of(""), List.of(), "",
                    "own recording", 0);
            examples.add(example);
            String text = String.format(Locale.ROOT, "Recorded %.1f s, saved as %s. Type what you said as its transcript.",
                    clip.durationSeconds(), file.getFileName());
            message.accept(text);
            status.accept(text);
        }, failure -> message.accept("Could not save the recording: " + failure.getMessage()));
    }

    private static Path uniqueFile(Path folder, String name) {
        Path file = folder.resolve(name + ".wav");
        for (int n = 2; Files.exists(file); n++) {
            file = folder.resolve(name + "-" + n + ".wav");
        }
        return file;
    }

    /** Whether the microphone is recording. */
    ReadOnlyBooleanProperty recordingProperty() {
        return recording.getReadOnlyProperty();
    }

    /** The latest level-meter reading while recording (null otherwise). */
    ReadOnlyObjectProperty<AudioLevel> levelProperty() {
        return level.getReadOnlyProperty();
    }

    /** The longest recording in seconds. */
    DoubleProperty maxRecordSecondsProperty() {
        return maxRecordSeconds;
    }
}
