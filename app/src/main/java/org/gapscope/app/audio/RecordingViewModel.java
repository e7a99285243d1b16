package org.gapscope.app.audio;

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
import org.gapscope.audio.RecordingSettings;
import org.gapscope.audio.SilenceSettings;
import org.gapscope.audio.SilenceTrim;
import org.gapscope.audio.SilenceTrimmer;
import org.gapscope.audio.WavWriter;
import org.gapscope.dataset.Example;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * Recording from the microphone in the audio pane: start and stop, the level meter (readings from the
 * recording thread, coalesced onto the UI thread), the settings (maximum length, stop after trailing
 * silence, trim leading and trailing silence), and what becomes of a take: trimmed when asked (what was
 * trimmed is kept in the example), saved as a WAV file, added to the list as a new example.
 */
public final class RecordingViewModel {

    /** The default maximum recording length in seconds. */
    public static final double DEFAULT_MAX_RECORD_SECONDS = 30;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Tasks tasks;
    private final ClipCache clips;
    private final Recorder recorder;
    private final Supplier<Path> recordingsFolder;
    private final Consumer<String> status;
    private final Consumer<String> message;
    private final ExamplesViewModel examples;

    private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<AudioLevel> level = new ReadOnlyObjectWrapper<>();
    private final DoubleProperty maxSeconds = new SimpleDoubleProperty(DEFAULT_MAX_RECORD_SECONDS);
    private final BooleanProperty stopOnSilence = new SimpleBooleanProperty(true);
    private final DoubleProperty silenceSeconds = new SimpleDoubleProperty(
            RecordingSettings.DEFAULT_STOP_AFTER_SILENCE_SECONDS);
    private final BooleanProperty trimSilence = new SimpleBooleanProperty(true);
    private final SilenceSettings silence = SilenceSettings.defaults();

    private Recording active;
    private final AtomicReference<AudioLevel> pendingLevel = new AtomicReference<>();
    private final AtomicBoolean levelScheduled = new AtomicBoolean();

    /**
     * Creates the view model.
     *
     * @param tasks            runs the saving as a cancellable task
     * @param clips            where a saved take's display data goes, so it shows at once
     * @param recorder         the microphone (may report that there is none)
     * @param recordingsFolder where takes are saved as WAV files (created when needed)
     * @param status           one-line messages for the status bar
     * @param message          the audio pane's one-line note
     * @param examples         the example list, which a take joins
     */
    public RecordingViewModel(Tasks tasks, ClipCache clips, Recorder recorder, Supplier<Path> recordingsFolder,
            Consumer<String> status, Consumer<String> message, ExamplesViewModel examples) {
        this.tasks = tasks;
        this.clips = clips;
        this.recorder = recorder;
        this.recordingsFolder = recordingsFolder;
        this.status = status;
        this.message = message;
        this.examples = examples;
    }

    /** The settings a recording started now would run with. */
    public RecordingSettings settings() {
        return new RecordingSettings(maxSeconds.get(), stopOnSilence.get() ? silenceSeconds.get() : 0, silence);
    }

    /** Starts recording; without a microphone the pane says so and nothing else changes. */
    public void start() {
        if (recording.get()) {
            return;
        }
        RecordingSettings settings;
        Recording started;
        try {
            settings = settings();
            started = recorder.start(settings, this::levelArrived);
        } catch (GapScopeException | IllegalArgumentException e) {
            message.accept(e.getMessage());
            status.accept(e.getMessage());
            return;
        }
        active = started;
        recording.set(true);
        message.accept(String.format(Locale.ROOT, "Recording... speak now (stops by itself %sat %.0f s).",
                settings.stopsOnSilence() ? String.format(Locale.ROOT, "after %.1f s of silence or ",
                        settings.stopAfterSilenceSeconds()) : "", settings.maxSeconds()));
        started.clip().whenComplete((clip, error) -> tasks.executor().onUiThread(() -> ended(started, clip, error)));
    }

    /** Stops the recording in progress; the take becomes a new example. */
    public void stop() {
        Recording current = active;
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

    private void ended(Recording take, AudioClip clip, Throwable error) {
        active = null;
        recording.set(false);
        level.set(null);
        if (error != null) {
            String text = AudioViewModel.rootMessage(error);
            message.accept(text);
            status.accept(text);
            return;
        }
        boolean trim = trimSilence.get();
        String name = "recording-" + LocalDateTime.now().format(STAMP);
        tasks.start("Saving the recording", ctx -> {
            SilenceTrimmer.Result kept = trim ? SilenceTrimmer.trim(clip, silence) : null;
            AudioClip saved = kept == null ? clip : kept.clip();
            Path folder = recordingsFolder.get();
            try {
                Files.createDirectories(folder);
            } catch (java.io.IOException e) {
                throw new GapScopeException(folder + ": cannot create the recordings folder: " + e.getMessage(), e);
            }
            Path file = uniqueFile(folder, name);
            WavWriter.writePcm16(saved, file);
            clips.put(file, AudioDisplay.of(saved, file.getFileName().toString()));
            return new Take(file, saved, kept == null ? null : kept.trim());
        }, saved -> {
            Example example = new Example(examples.uniqueId("recording"), saved.file(), "", List.of(""), List.of(), "",
                    "own recording", 0, saved.trim());
            examples.add(example);
            String text = String.format(Locale.ROOT, "Recorded %.1f s%s%s, saved as %s. Type what you said as its transcript.",
                    saved.clip().durationSeconds(),
                    take.endedBySilence() ? " (stopped after " + String.format(Locale.ROOT, "%.1f", silenceSeconds.get())
                            + " s of silence)" : "",
                    saved.trim() == null ? "" : "; " + saved.trim().describe(), saved.file().getFileName());
            message.accept(text);
            status.accept(text);
        }, failure -> message.accept("Could not save the recording: " + failure.getMessage()));
    }

    /** A saved take: its file, the audio saved, what was trimmed (null: not trimmed). */
    private record Take(Path file, AudioClip clip, SilenceTrim trim) {
    }

    private static Path uniqueFile(Path folder, String name) {
        Path file = folder.resolve(name + ".wav");
        for (int n = 2; Files.exists(file); n++) {
            file = folder.resolve(name + "-" + n + ".wav");
        }
        return file;
    }

    /** Whether the microphone is recording. */
    public ReadOnlyBooleanProperty recordingProperty() {
        return recording.getReadOnlyProperty();
    }

    /** The latest level-meter reading while recording (null otherwise). */
    public ReadOnlyObjectProperty<AudioLevel> levelProperty() {
        return level.getReadOnlyProperty();
    }

    /** The longest recording in seconds. */
    public DoubleProperty maxSecondsProperty() {
        return maxSeconds;
    }

    /** Whether trailing silence stops a recording (on by default). */
    public BooleanProperty stopOnSilenceProperty() {
        return stopOnSilence;
    }

    /** How much trailing silence stops a recording, in seconds (default 2). */
    public DoubleProperty silenceSecondsProperty() {
        return silenceSeconds;
    }

    /** Whether leading and trailing silence is trimmed off a take before it becomes an example (on by default). */
    public BooleanProperty trimSilenceProperty() {
        return trimSilence;
    }

    /** What counts as silence. */
    public SilenceSettings silence() {
        return silence;
    }
}
