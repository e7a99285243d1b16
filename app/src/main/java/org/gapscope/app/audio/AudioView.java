package org.gapscope.app.audio;

import java.util.Locale;

import org.gapscope.audio.AudioLevel;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The audio pane: a tool row (play, play selection, stop, record with level meter and maximum length,
 * open a file), the waveform above the log-mel spectrogram on one time axis (drag to select, wheel to
 * zoom, shift+wheel to pan, double-click to see all), and the transcript and gold answer of the
 * example, editable.
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


    private final AudioCanvas canvas;

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

        Button play = button("▶ Play", PLAY_ID, "Play the whole clip (Ctrl+P)", viewModel::play);
        Button playSelection = button("▶ Selection", PLAY_SELECTION_ID, "Play the selected stretch (drag on the waveform to select; Ctrl+Shift+P)",
                viewModel::playSelection);
        Button stop = button("■ Stop", STOP_ID, "Stop playing", viewModel::stop);
        play.disableProperty().bind(viewModel.displayProperty().isNull().or(viewModel.recordingProperty()));
        playSelection.disableProperty().bind(viewModel.selectionProperty().isNull().or(viewModel.recordingProperty()));
        stop.disableProperty().bind(viewModel.playingProperty().not());

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

        Spinner<Integer> maxLength = new Spinner<>(1, 600, (int) viewModel.maxRecordSecondsProperty().get(), 5);
        maxLength.setEditable(true);
        maxLength.getEditor().setPrefColumnCount(4);
        maxLength.setTooltip(new Tooltip("Longest recording, in seconds"));
        maxLength.valueProperty().addListener((obs, old, v) -> viewModel.maxRecordSecondsProperty().set(v));
        maxLength.disableProperty().bind(viewModel.recordingProperty());
        Label maxLabel = new Label("max s");

        ProgressBar meter = new ProgressBar(0);
        meter.setId(LEVEL_ID);
        meter.setPrefWidth(90);
        meter.setTooltip(new Tooltip("Input level while recording (−60 to 0 dBFS)"));
        Label levelText = new Label();
        levelText.setMinWidth(110);
        viewModel.levelProperty().addListener((obs, old, l) -> {
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

        FlowPane tools = new FlowPane(6, 4, title, play, playSelection, stop, record, meter, levelText, maxLength, maxLabel,
                open);
        tools.setAlignment(Pos.CENTER_LEFT);
        for (Node n : tools.getChildren()) {
            if (n instanceof Region r && n != meter && n != levelText) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }


        canvas = new AudioCanvas(viewModel, dark);
        canvas.setId(CANVAS_ID);
        VBox.setVgrow(canvas, Priority.ALWAYS);

        Label message = new Label();
        message.setId(MESSAGE_ID);
        message.textProperty().bind(viewModel.messageProperty());
        message.setWrapText(true);
        message.getStyleClass().add("pane-message");
        message.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        TextField transcript = new TextField();
        transcript.setId(TRANSCRIPT_ID);
        transcript.setPromptText("What is said in the audio (the typed question)");
        transcript.textProperty().bindBidirectional(viewModel.transcriptProperty());
        transcript.setOnAction(e -> viewModel.applyEdits());
        transcript.focusedProperty().addListener((obs, was, is) -> {
            if (!is) {
                viewModel.applyEdits();
            }
        });
        transcript.disableProperty().bind(viewModel.editableProperty().not());
        HBox.setHgrow(transcript, Priority.ALWAYS);
        TextField answer = new TextField();
        answer.setId(ANSWER_ID);
        answer.setPromptText("Gold answer (alternatives: a | b)");
        answer.textProperty().bindBidirectional(viewModel.answerProperty());
        answer.setOnAction(e -> viewModel.applyEdits());
        answer.focusedProperty().addListener((obs, was, is) -> {
            if (!is) {
                viewModel.applyEdits();
            }
        });
        answer.disableProperty().bind(viewModel.editableProperty().not());
        answer.setPrefWidth(160);
        HBox texts = new HBox(6, new Label("Transcript"), transcript, new Label("Answer"), answer);
        texts.setAlignment(Pos.CENTER_LEFT);

        getChildren().setAll(tools, canvas, message, texts);
    }

    /** Presentation mode: a larger time axis. */
    public void setPresentation(boolean on) {
        canvas.setAxisFont(on ? 15 : 10);
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
}
