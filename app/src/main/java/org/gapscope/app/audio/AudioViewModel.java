package org.gapscope.app.audio;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.gapscope.app.examples.ExampleRow;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.session.SessionPart;
import org.gapscope.app.task.Tasks;
import org.gapscope.audio.AudioLevel;
import org.gapscope.audio.Player;
import org.gapscope.audio.Recorder;
import org.gapscope.dataset.Example;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State and commands of the audio pane: the clip of the selected example (waveform and spectrogram,
 * with its pitch and level tracks when asked: {@link ProsodyViewModel}), the visible time range (zoom),
 * a selection, playback of the clip, the selection or a stretch at 1×, 0.75× or 0.5× (slowed with the
 * pitch kept), recording from the microphone ({@link RecordingViewModel}), opening an audio file, and
 * the editable transcript and gold answer of the example. A recording or an opened file becomes a new
 * example. Every device or file problem becomes a one-line message in the pane; what was shown stays.
 */
public final class AudioViewModel {

    /** The default maximum recording length in seconds. */
    public static final double DEFAULT_MAX_RECORD_SECONDS = RecordingViewModel.DEFAULT_MAX_RECORD_SECONDS;

    /** The playback speeds offered: normal, three quarters, half. */
    public static final List<Double> SPEEDS = List.of(1.0, 0.75, 0.5);

    /** The speed of a slowed playback (Shift+click) when the pane plays at normal speed. */
    public static final double SLOW_SPEED = 0.5;

    private final Tasks tasks;
    private final ClipCache clips;
    private final Consumer<String> status;
    private final ExamplesViewModel examples;
    private final RecordingViewModel recorder;
    private final ProsodyViewModel prosody;

    private final ReadOnlyObjectWrapper<AudioDisplay> display = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObjectProperty<TimeRange> viewRange = new SimpleObjectProperty<>();
    private final ObjectProperty<TimeRange> selection = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final StringProperty transcript = new SimpleStringProperty("");
    private final StringProperty answer = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper modelAnswers = new ReadOnlyStringWrapper("");
    private final BooleanProperty editable = new SimpleBooleanProperty(false);

    private ExampleRow row;
    private long request;
    private final ClipPlayback playback;

    /**
     * Creates the view model.
     *
     * @param tasks            runs the slow work (decoding, saving) as cancellable tasks
     * @param clips            decoded clips with display data
     * @param recorder         the microphone (may report that there is none)
     * @param player           the speaker (may report that there is none)
     * @param recordingsFolder where recordings are saved as WAV files (created when needed)
     * @param status           one-line messages for the status bar
     * @param examples         the example list, which new recordings and files join
     */
    public AudioViewModel(Tasks tasks, ClipCache clips, Recorder recorder, Player player,
            Supplier<Path> recordingsFolder, Consumer<String> status, ExamplesViewModel examples) {
        this.tasks = tasks;
        this.clips = clips;
        this.status = status;
        this.examples = examples;
        this.recorder = new RecordingViewModel(tasks, clips, recorder, recordingsFolder, status, message::set, examples);
        this.prosody = new ProsodyViewModel(tasks.executor(), display.getReadOnlyProperty());
        this.playback = new ClipPlayback(tasks, player, display::get, message::set, status);
    }

    /** Shows the audio, transcript and answer of {@code selected} (null: nothing). */
    public void show(ExampleRow selected) {
        stop();
        row = selected;
        modelAnswers.unbind();
        if (selected == null) {
            modelAnswers.set("");
        } else {
            modelAnswers.bind(selected.answersBinding());
        }
        long id = ++request;
        selection.set(null);
        if (selected == null) {
            display.set(null);
            viewRange.set(null);
            message.set("");
            editable.set(false);
            transcript.set("");
            answer.set("");
            return;
        }
        Example example = selected.example();
        transcript.set(example.transcript());
        answer.set(String.join(" | ", example.answers()));
        editable.set(true);
        Path audio = example.audioFile().orElse(null);
        if (audio == null) {
            setDisplay(null);
            message.set("This example has no audio here: a typed question only, or a run folder's example whose dataset "
                    + "is not available (the status line says which).");
            return;
        }
        AudioDisplay cached = clips.peek(audio);
        if (cached != null) {
            setDisplay(cached);
            message.set("");
            return;
        }
        loading.set(true);
        message.set("Loading " + audio.getFileName() + " ...");
        tasks.executor().submit(() -> clips.get(audio), loaded -> {
            if (id == request) {
                loading.set(false);
                setDisplay(loaded);
                message.set("");
            }
        }, error -> {
            if (id == request) {
                loading.set(false);
                setDisplay(null);
                message.set("Cannot show the audio of " + example.id() + ": " + error.getMessage());
            }
        });
    }

    /**
     * Opens an audio file in the background; it becomes a new example (transcript to be typed in)
     * and is selected. A file that cannot be read leaves everything as it was, with a message.
     */
    public void openFile(Path file) {
        tasks.start("Opening audio " + file.getFileName(), ctx -> {
            AudioDisplay loaded = clips.get(file);
            ctx.checkCancelled();
            return loaded;
        }, loaded -> {
            String stem = stem(file.getFileName().toString());
            Example example = new Example(examples.uniqueId(stem), file.toAbsolutePath(), "", List.of(""), List.of(),
                    "", "own audio", 0);
            examples.add(example);
            message.set("Opened " + file.getFileName() + ". Type what is said as its transcript.");
            status.accept("Opened " + file.getFileName() + String.format(Locale.ROOT, " (%.1f s) as example %s",
                    loaded.duration(), example.id()));
        }, error -> {
            message.set("Could not open the audio file: " + error.getMessage());
            status.accept("Could not open the audio file: " + error.getMessage());
        });
    }

    /** Plays the whole clip (or stops a playback in progress). */
    public void play() {
        AudioDisplay shown = display.get();
        if (shown != null) {
            playRange(new TimeRange(0, Math.max(1e-3, shown.duration())));
        }
    }

    /** Plays the selection, or the whole clip when nothing is selected. */
    public void playSelection() {
        TimeRange range = selection.get();
        if (range == null) {
            play();
        } else {
            playRange(range);
        }
    }

    /** Plays one stretch of the shown clip (e.g. the positions under a heatmap cell) at the pane's speed. */
    public void playRange(TimeRange range) {
        playRange(range, false);
    }

    /**
     * Plays one stretch of the shown clip; {@code slowed} (Shift+click) plays it slowed down with its pitch
     * kept: at the pane's speed when that is below 1×, else at {@link #SLOW_SPEED}.
     */
    public void playRange(TimeRange range, boolean slowed) {
        playback.play(range, slowed);
    }

    /** Stops playing. */
    public void stop() {
        playback.stop();
    }

    /** Where playback is now in seconds, or NaN when nothing plays (polled by the view for its cursor). */
    public double playPosition() {
        return playback.playPosition();
    }

    /**
     * Starts recording from the microphone ({@link RecordingViewModel#start()}); without a microphone the
     * pane says so and nothing else changes.
     */
    public void startRecording() {
        if (!recorder.recordingProperty().get()) {
            stop();
            recorder.start();
        }
    }

    /** Stops the recording in progress; the take becomes a new example. */
    public void stopRecording() {
        recorder.stop();
    }

    /**
     * Writes the edited transcript and gold answer into the example (answers separated by {@code |});
     * the example's earlier results are cleared, since they belonged to the old text.
     */
    public void applyEdits() {
        if (row == null) {
            return;
        }
        Example old = row.example();
        String newTranscript = transcript.get() == null ? "" : transcript.get().strip();
        List<String> newAnswers = answers(answer.get());
        if (newTranscript.equals(old.transcript()) && newAnswers.equals(old.answers())) {
            return;
        }
        Example edited = new Example(old.id(), old.audio(), newTranscript, newAnswers, old.choices(), old.prompt(),
                old.task(), old.line(), old.withTranscript(newTranscript).words(), old.trim());
        row.exampleProperty().set(edited);
        row.clearResults();
        status.accept("Edited example " + old.id() + "; its results will be computed again.");
    }

    private static List<String> answers(String text) {
        if (text == null || text.isBlank()) {
            return List.of("");
        }
        List<String> parts = Arrays.stream(text.split("\\|")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
        return parts.isEmpty() ? List.of("") : parts;
    }

    private void setDisplay(AudioDisplay shown) {
        display.set(shown);
        viewRange.set(shown == null ? null : new TimeRange(0, Math.max(1e-3, shown.duration())));
    }

    /** Zooms the visible range by {@code factor} (below 1 zooms in) around {@code centre} seconds. */
    public void zoom(double factor, double centre) {
        AudioDisplay shown = display.get();
        TimeRange range = viewRange.get();
        if (shown == null || range == null || !(factor > 0)) {
            return;
        }
        double duration = Math.max(1e-3, shown.duration());
        double length = Math.max(0.02, Math.min(duration, range.length() * factor));
        double from = centre - (centre - range.from()) * length / range.length();
        from = Math.max(0, Math.min(duration - length, from));
        viewRange.set(new TimeRange(from, from + length));
    }

    /** Moves the visible range by {@code seconds} (clamped to the clip). */
    public void pan(double seconds) {
        AudioDisplay shown = display.get();
        TimeRange range = viewRange.get();
        if (shown == null || range == null) {
            return;
        }
        double duration = Math.max(1e-3, shown.duration());
        double from = Math.max(0, Math.min(duration - range.length(), range.from() + seconds));
        viewRange.set(new TimeRange(from, from + range.length()));
    }

    /** Shows the whole clip. */
    public void zoomToFit() {
        setDisplay(display.get());
    }

    /** The clip shown, with its display data (null: none). */
    public ReadOnlyObjectProperty<AudioDisplay> displayProperty() {
        return display.getReadOnlyProperty();
    }

    /** A one-line note for the pane: loading, no audio, no microphone, errors (empty: none). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The visible time range (null without a clip). */
    public ObjectProperty<TimeRange> viewRangeProperty() {
        return viewRange;
    }

    /** The selected stretch (null: none). */
    public ObjectProperty<TimeRange> selectionProperty() {
        return selection;
    }

    /** Whether something is playing. */
    public ReadOnlyBooleanProperty playingProperty() {
        return playback.playingProperty();
    }

    /** Whether the microphone is recording. */
    public ReadOnlyBooleanProperty recordingProperty() {
        return recorder.recordingProperty();
    }

    /** The microphone: settings, level meter, takes. */
    public RecordingViewModel recorder() {
        return recorder;
    }

    /** The pitch and level tracks of the shown clip. */
    public ProsodyViewModel prosody() {
        return prosody;
    }

    /** The speed of every playback: 1 (normal), 0.75 or 0.5, the pitch kept. */
    public DoubleProperty speedProperty() {
        return playback.speedProperty();
    }

    /** Whether the selected example's audio is being decoded. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** The latest level-meter reading while recording (null otherwise). */
    public ReadOnlyObjectProperty<AudioLevel> levelProperty() {
        return recorder.levelProperty();
    }

    /** The longest recording in seconds. */
    public DoubleProperty maxRecordSecondsProperty() {
        return recorder.maxSecondsProperty();
    }

    /** The transcript being edited. */
    public StringProperty transcriptProperty() {
        return transcript;
    }

    /** The model's typed and spoken answers to the shown example, judged, with the gold one (empty: none shown). */
    public ReadOnlyStringProperty modelAnswersProperty() {
        return modelAnswers.getReadOnlyProperty();
    }

    /** The gold answer(s) being edited, separated by {@code |}. */
    public StringProperty answerProperty() {
        return answer;
    }

    /** The audio pane's part of a session: the strips shown, the playback speed, the recording settings. */
    public SessionPart<AudioSession> sessionPart() {
        return AudioSession.part(this);
    }

    /** Whether an example is shown whose transcript can be edited. */
    public BooleanProperty editableProperty() {
        return editable;
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        return stem.isBlank() ? "audio" : stem;
    }

    /** The message of the exception under completion and execution wrappers. */
    static String rootMessage(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
