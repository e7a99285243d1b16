package org.gapscope.app.audio;

import java.util.Locale;

import org.gapscope.audio.AudioLevel;

import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The audio pane: a tool row (play, play selection, stop, playback speed, pitch and level toggles,
 * record with level meter, maximum length and recording settings, open a file), the waveform with the
 * optional F0 and level strips above the log-mel spectrogram on one time axis ({@link WaveformCanvas}),
 * the read-out at the pointer, and the transcript and gold answer of the example, editable.
 */
public final class AudioView extends VBox {

    /** Node ids used by tests. */
    public static final String CANVAS_ID = "audio-canvas";
    public static final String PLAY_ID = "audio-play";
    public static final String PLAY_SELECTION_ID = "audio-play-selection";
    public static final String STOP_ID = "audio-stop";
    public static final String RECORD_ID = "audio-record";
    public static final String OPEN_ID = "audio-open";
    public static final String LEVEL_ID = "audio-level";
    public static final String MESSAGE_ID = "audio-message";
    public static final String TRANSCRIPT_ID = "audio-transcript";
    public static final String ANSWER_ID = "audio-answer";
    public static final String MODEL_ANSWERS_ID = "audio-model-answers";
    public static final String SPEED_ID = "audio-speed";
    public static final String PITCH_ID = "audio-pitch";
    public static final String LEVEL_TRACK_ID = "audio-level-track";
    public static final String READOUT_ID = "audio-readout";
    public static final String RECORDING_SETTINGS_ID = "audio-recording-settings";

    private final WaveformCanvas canvas;

    /**
     * Builds the pane bound to {@code viewModel}.
     *
     * @param onOpenFile asks the user for an audio file to open (a file chooser in the window)
     * @param dark       whether the window uses the dark theme
     */
    public AudioView(AudioViewModel viewModel, Runnable onOpenFile, ObservableBooleanValue dark) {
        setSpacing(4);
        setPadding(new Insets(4, 6, 4, 6));

        Label title = new Label();
        title.textProperty().bind(Bindings.createStringBinding(() -> {
            AudioDisplay d = viewModel.displayProperty().get();
            return d == null ? "Audio" : String.format(Locale.ROOT, "%s  ·  %.2f s", d.label(), d.duration());
        }, viewModel.displayProperty()));
        title.setStyle("-fx-font-weight: bold;");
        title.setMaxWidth(320);
        title.setPrefWidth(Region.USE_COMPUTED_SIZE);
        title.setMinWidth(120);

        Button play = button("▶ Play", PLAY_ID, "Play the whole clip (Ctrl+P; Shift+click: slowed down)",
                viewModel::play);
        slowOnShift(play, viewModel::play, () -> viewModel.playRange(wholeClip(viewModel), true));
        Button playSelection = button("▶ Selection", PLAY_SELECTION_ID,
                "Play the selected stretch (drag on the waveform to select; Ctrl+Shift+P; Shift+click: slowed down)",
                viewModel::playSelection);
        slowOnShift(playSelection, viewModel::playSelection,
                () -> viewModel.playRange(viewModel.selectionProperty().get(), true));
        Button stop = button("■ Stop", STOP_ID, "Stop playing", viewModel::stop);
        play.disableProperty().bind(viewModel.displayProperty().isNull().or(viewModel.recordingProperty()));
        playSelection.disableProperty().bind(viewModel.selectionProperty().isNull().or(viewModel.recordingProperty()));
        stop.disableProperty().bind(viewModel.playingProperty().not());

        ChoiceBox<Double> speed = new ChoiceBox<>();
        speed.setId(SPEED_ID);
        speed.getItems().setAll(AudioViewModel.SPEEDS);
        speed.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double v) {
                return v == null ? "" : (v == 1.0 ? "1" : v == 0.75 ? "¾" : "½") + "×";
            }

            @Override
            public Double fromString(String s) {
                return null;
            }
        });
        speed.setValue(viewModel.speedProperty().get());
        speed.valueProperty().addListener((obs, old, v) -> viewModel.speedProperty().set(v));
        speed.setTooltip(new Tooltip("Playback speed: slowed down with the pitch kept (WSOLA time stretching)."
                + " Shift+click on Play, Selection or a heatmap cell plays slowed down once."));

        ToggleButton pitch = toggle("F0", PITCH_ID, "Show the pitch (F0) track under the waveform (TarsosDSP YIN,"
                + " 75–600 Hz, 64 ms frames every 10 ms); hover for Hz", viewModel.prosody().showPitchProperty());
        ToggleButton level = toggle("dB", LEVEL_TRACK_ID, "Show the level (RMS, dB relative to full scale) track"
                + " under the waveform; hover for dB", viewModel.prosody().showLevelProperty());

        Button record = new Button();
        record.setId(RECORD_ID);
        record.textProperty().bind(Bindings.when(viewModel.recordingProperty()).then("■ Stop recording").otherwise("● Record"));
        record.setTooltip(new Tooltip("Record a question from the microphone; it becomes a new example"));
        record.setOnAction(e -> {
            if (viewModel.recordingProperty().get()) {
                viewModel.stopRecording();
            } else {
                viewModel.startRecording();
            }
        });

        RecordingViewModel recorder = viewModel.recorder();
        Spinner<Integer> maxLength = new Spinner<>(1, 600, (int) recorder.maxSecondsProperty().get(), 5);
        maxLength.setEditable(true);
        maxLength.getEditor().setPrefColumnCount(4);
        maxLength.setTooltip(new Tooltip("Longest recording, in seconds"));
        maxLength.valueProperty().addListener((obs, old, v) -> recorder.maxSecondsProperty().set(v));
        maxLength.disableProperty().bind(viewModel.recordingProperty());
        Label maxLabel = new Label("max s");

        ProgressBar meter = new ProgressBar(0);
        meter.setId(LEVEL_ID);
        meter.setPrefWidth(90);
        meter.setTooltip(new Tooltip("Input level while recording (−60 to 0 dBFS)"));
        Label levelText = new Label();
        levelText.setMinWidth(110);
        recorder.levelProperty().addListener((obs, old, l) -> {
            meter.setProgress(l == null ? 0 : meterValue(l));
            meter.setStyle(l != null && l.clipped() ? "-fx-accent: #d9534f;" : "");
            levelText.setText(l == null ? "" : String.format(Locale.ROOT, "%s %.1f s", l.clipped() ? "CLIP" :
                    String.format(Locale.ROOT, "%.0f dB", Math.max(-99, l.rmsDbfs())), l.elapsedSeconds()));
        });
        meter.visibleProperty().bind(viewModel.recordingProperty());
        meter.managedProperty().bind(viewModel.recordingProperty());

        Button open = button("Open audio…", OPEN_ID, "Open an audio file (WAV, AIFF, AU; MP3/FLAC/Ogg with ffmpeg); it becomes a new example",
                onOpenFile);
        open.disableProperty().bind(viewModel.recordingProperty());

        FlowPane tools = new FlowPane(6, 4, title, play, playSelection, stop, speed,
                pitch, level, record, meter, levelText, maxLength, maxLabel, recordingSettings(recorder), open);
        tools.setAlignment(Pos.CENTER_LEFT);
        for (Node n : tools.getChildren()) {
            if (n instanceof Region r && n != meter && n != levelText) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }

        canvas = new WaveformCanvas(viewModel, dark);
        canvas.setId(CANVAS_ID);
        canvas.setMinHeight(90);
        canvas.setPrefHeight(150);
        VBox.setVgrow(canvas, Priority.ALWAYS);

        Label message = new Label();
        message.setId(MESSAGE_ID);
        message.textProperty().bind(Bindings.createStringBinding(() -> {
            String problem = viewModel.prosody().problemProperty().get();
            String text = viewModel.messageProperty().get();
            return problem.isEmpty() ? text : text.isEmpty() ? problem : text + "  " + problem;
        }, viewModel.messageProperty(), viewModel.prosody().problemProperty()));
        message.setWrapText(true);
        message.getStyleClass().add("pane-message");
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        Label readout = new Label();
        readout.setId(READOUT_ID);
        readout.textProperty().bind(viewModel.prosody().readoutProperty());
        readout.setMinWidth(Region.USE_PREF_SIZE);
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox.setHgrow(message, Priority.SOMETIMES);
        HBox notes = new HBox(8, message, spring, readout);
        notes.setAlignment(Pos.CENTER_LEFT);

        TextField transcript = field(TRANSCRIPT_ID, "What is said in the audio (the typed question)",
                viewModel.transcriptProperty(), viewModel);
        HBox.setHgrow(transcript, Priority.ALWAYS);
        TextField answer = field(ANSWER_ID, "Gold answer (alternatives: a | b)", viewModel.answerProperty(), viewModel);
        answer.setPrefWidth(160);
        HBox texts = new HBox(6, new Label("Transcript"), transcript, new Label("Answer"), answer);
        texts.setAlignment(Pos.CENTER_LEFT);
        Label modelAnswers = new Label();
        modelAnswers.setId(MODEL_ANSWERS_ID);
        modelAnswers.textProperty().bind(viewModel.modelAnswersProperty());
        modelAnswers.setWrapText(true);
        modelAnswers.setMinHeight(Region.USE_PREF_SIZE);
        modelAnswers.visibleProperty().bind(modelAnswers.textProperty().isNotEmpty());
        modelAnswers.managedProperty().bind(modelAnswers.visibleProperty());

        getChildren().setAll(tools, canvas, notes, texts, modelAnswers);
    }

    /** Presentation mode: a larger time axis. */
    public void setPresentation(boolean on) {
        canvas.setAxisFont(on ? 15 : 10);
    }

    /** The recording settings: stop after trailing silence (and after how long), trim silence. */
    private static MenuButton recordingSettings(RecordingViewModel recorder) {
        CheckMenuItem stopOnSilence = new CheckMenuItem("Stop after trailing silence");
        stopOnSilence.selectedProperty().bindBidirectional(recorder.stopOnSilenceProperty());
        Spinner<Double> seconds = new Spinner<>(0.5, 10, recorder.silenceSecondsProperty().get(), 0.5);
        seconds.setPrefWidth(80);
        seconds.valueProperty().addListener((obs, old, v) -> recorder.silenceSecondsProperty().set(v));
        seconds.disableProperty().bind(recorder.stopOnSilenceProperty().not());
        HBox secondsRow = new HBox(6, new Label("seconds of silence"), seconds);
        secondsRow.setAlignment(Pos.CENTER_LEFT);
        CustomMenuItem secondsItem = new CustomMenuItem(secondsRow, false);
        CheckMenuItem trim = new CheckMenuItem("Trim silence before and after a take");
        trim.selectedProperty().bindBidirectional(recorder.trimSilenceProperty());
        MenuButton menu = new MenuButton("Recording", null, stopOnSilence, secondsItem, trim);
        menu.setId(RECORDING_SETTINGS_ID);
        menu.setTooltip(new Tooltip("Silence is audio more than " + (int) recorder.silence().relativeDb()
                + " dB below the loudest part so far (always below " + (int) recorder.silence().floorDbfs()
                + " dBFS); trimming keeps " + recorder.silence().marginSeconds() + " s of it next to the speech"));
        menu.disableProperty().bind(recorder.recordingProperty());
        return menu;
    }

    /** The button runs {@code slowed} instead of {@code normal} when Shift is held as it is pressed. */
    private static void slowOnShift(Button button, Runnable normal, Runnable slowed) {
        boolean[] shift = {false};
        button.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> shift[0] = e.isShiftDown());
        button.addEventFilter(KeyEvent.KEY_PRESSED, e -> shift[0] = e.isShiftDown());
        button.setOnAction(e -> {
            boolean slow = shift[0];
            shift[0] = false;
            (slow ? slowed : normal).run();
        });
    }

    private static TimeRange wholeClip(AudioViewModel viewModel) {
        AudioDisplay d = viewModel.displayProperty().get();
        return d == null ? null : new TimeRange(0, Math.max(1e-3, d.duration()));
    }

    private static double meterValue(AudioLevel level) {
        double db = level.rmsDbfs();
        return Double.isFinite(db) ? Math.max(0, Math.min(1, (db + 60) / 60)) : 0;
    }

    private static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    private static ToggleButton toggle(String text, String id, String tip, BooleanProperty state) {
        ToggleButton t = new ToggleButton(text);
        t.setId(id);
        t.setTooltip(new Tooltip(tip));
        t.selectedProperty().bindBidirectional(state);
        return t;
    }

    private static TextField field(String id, String prompt, StringProperty text,
            AudioViewModel viewModel) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(text);
        f.setOnAction(e -> viewModel.applyEdits());
        f.focusedProperty().addListener((obs, was, is) -> {
            if (!is) {
                viewModel.applyEdits();
            }
        });
        f.disableProperty().bind(viewModel.editableProperty().not());
        return f;
    }
}
