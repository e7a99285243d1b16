package org.gapscope.app.audio;

import java.util.Locale;

import org.gapscope.audio.AudioLevel;
import org.gapscope.figure.ColorMap;

import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

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


    private final AudioViewModel viewModel;
    private final ObservableBooleanValue dark;
    private final Canvas base = new Canvas();
    private final Canvas overlay = new Canvas();
    private double dragStart = Double.NaN;
    private double axisFont = 10;
    private float[] mins = new float[0];
    private float[] maxs = new float[0];
    private float[] spectrum = new float[0];

    /**
     * Builds the pane bound to {@code viewModel}.
     *
     * @param onOpenFile asks the user for an audio file to open (a file chooser in the window)
     * @param dark       whether the window uses the dark theme
     */
    public AudioView(AudioViewModel viewModel, Runnable onOpenFile, ObservableBooleanValue dark) {
        this.viewModel = viewModel;
        this.dark = dark;
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

        javafx.scene.layout.FlowPane tools = new javafx.scene.layout.FlowPane(6, 4, title, play, playSelection, stop, record,
                meter, levelText, maxLength, maxLabel, open);
        tools.setAlignment(Pos.CENTER_LEFT);
        for (javafx.scene.Node n : tools.getChildren()) {
            if (n instanceof Region r && n != meter && n != levelText) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }


        Pane canvasPane = new Pane(base, overlay);
        canvasPane.setId(CANVAS_ID);
        canvasPane.setMinHeight(90);
        canvasPane.setPrefHeight(150);
        base.widthProperty().bind(canvasPane.widthProperty());
        base.heightProperty().bind(canvasPane.heightProperty());
        overlay.widthProperty().bind(canvasPane.widthProperty());
        overlay.heightProperty().bind(canvasPane.heightProperty());
        VBox.setVgrow(canvasPane, Priority.ALWAYS);
        base.widthProperty().addListener(o -> redraw());
        base.heightProperty().addListener(o -> redraw());
        viewModel.displayProperty().addListener(o -> redraw());
        viewModel.viewRangeProperty().addListener(o -> redraw());
        dark.addListener(o -> redraw());
        viewModel.selectionProperty().addListener(o -> drawOverlay());
        installMouse(canvasPane);

        AnimationTimer cursor = new AnimationTimer() {
            @Override
            public void handle(long now) {
                drawOverlay();
            }
        };
        viewModel.playingProperty().addListener((obs, old, on) -> {
            if (on) {
                cursor.start();
            } else {
                cursor.stop();
                drawOverlay();
            }
        });

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

        getChildren().setAll(tools, canvasPane, message, texts);
    }

    /** Presentation mode: a larger time axis. */
    public void setPresentation(boolean on) {
        axisFont = on ? 15 : 10;
        redraw();
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

    private void installMouse(Pane pane) {
        pane.setOnMousePressed(e -> {
            if (e.getButton() == MouseButton.PRIMARY && viewModel.viewRangeProperty().get() != null) {
                dragStart = timeAt(e.getX());
            }
        });
        pane.setOnMouseDragged(e -> {
            if (!Double.isNaN(dragStart)) {
                viewModel.selectionProperty().set(clampedRange(dragStart, timeAt(e.getX())));
            }
        });
        pane.setOnMouseReleased(e -> {
            if (!Double.isNaN(dragStart)) {
                viewModel.selectionProperty().set(clampedRange(dragStart, timeAt(e.getX())));
                dragStart = Double.NaN;
            }
        });
        pane.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                viewModel.zoomToFit();
            }
        });
        pane.setOnScroll(e -> {
            TimeRange range = viewModel.viewRangeProperty().get();
            if (range == null) {
                return;
            }
            double delta = e.isShiftDown() ? (e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY()) : e.getDeltaY();
            if (delta == 0) {
                return;
            }
            if (e.isShiftDown()) {
                viewModel.pan(-delta / Math.max(1, base.getWidth()) * range.length());
            } else {
                viewModel.zoom(delta > 0 ? 0.8 : 1.25, timeAt(e.getX()));
            }
            e.consume();
        });
    }

    private TimeRange clampedRange(double a, double b) {
        AudioDisplay d = viewModel.displayProperty().get();
        TimeRange r = TimeRange.between(a, b);
        return r == null || d == null ? null : r.clamp(d.duration());
    }

    private double axisHeight() {
        return axisFont + 6;
    }

    private double timeAt(double x) {
        TimeRange range = viewModel.viewRangeProperty().get();
        return range.from() + Math.max(0, Math.min(1, x / Math.max(1, base.getWidth()))) * range.length();
    }

    private double xAt(double seconds) {
        TimeRange range = viewModel.viewRangeProperty().get();
        return (seconds - range.from()) / range.length() * base.getWidth();
    }

    /** Redraws waveform, spectrogram and axis for the current range and size. */
    private void redraw() {
        GraphicsContext g = base.getGraphicsContext2D();
        double w = base.getWidth();
        double h = base.getHeight();
        boolean isDark = dark.get();
        g.setFill(isDark ? Color.web("#1e1e20") : Color.web("#fafafa"));
        g.fillRect(0, 0, w, h);
        AudioDisplay d = viewModel.displayProperty().get();
        TimeRange range = viewModel.viewRangeProperty().get();
        int columns = (int) Math.floor(w);
        if (d == null || range == null || columns < 2 || h < axisHeight() + 20) {
            drawOverlay();
            return;
        }
        double plotH = h - axisHeight();
        double waveH = Math.round(plotH * 0.4);
        double specTop = waveH + 2;
        double specH = plotH - specTop;

        if (mins.length < columns) {
            mins = new float[columns];
            maxs = new float[columns];
        }
        d.envelope().columns(range.from(), range.to(), columns, mins, maxs);
        double peak = 1e-6;
        for (int c = 0; c < columns; c++) {
            if (!Float.isNaN(mins[c])) {
                peak = Math.max(peak, Math.max(Math.abs(mins[c]), Math.abs(maxs[c])));
            }
        }
        double mid = waveH / 2;
        double scale = (waveH / 2 - 2) / peak;
        g.setStroke(isDark ? Color.web("#7fb3e6") : Color.web("#2f6fad"));
        g.setLineWidth(1);
        for (int c = 0; c < columns; c++) {
            if (Float.isNaN(mins[c])) {
                continue;
            }
            double y0 = mid - maxs[c] * scale;
            double y1 = mid - mins[c] * scale;
            g.strokeLine(c + 0.5, y0, c + 0.5, Math.max(y1, y0 + 1));
        }

        int bins = d.spectrogram().bins();
        if (spectrum.length < columns * bins) {
            spectrum = new float[columns * bins];
        }
        d.spectrogram().render(range.from(), range.to(), columns, spectrum);
        WritableImage image = new WritableImage(columns, bins);
        PixelWriter pixels = image.getPixelWriter();
        float lo = d.spectrogram().minValue();
        float hi = d.spectrogram().maxValue();
        double span = Math.max(1e-6, hi - lo);
        int background = isDark ? 0xff1e1e20 : 0xfffafafa;
        for (int m = 0; m < bins; m++) {
            int y = bins - 1 - m;
            for (int c = 0; c < columns; c++) {
                float v = spectrum[m * columns + c];
                pixels.setArgb(c, y, Float.isNaN(v) ? background : 0xff000000 | ColorMap.VIRIDIS.rgb((v - lo) / span));
            }
        }
        g.setImageSmoothing(true);
        g.drawImage(image, 0, specTop, columns, specH);

        g.setFill(isDark ? Color.web("#bbbbbb") : Color.web("#444444"));
        g.setStroke(g.getFill());
        g.setFont(Font.font(axisFont));
        double step = niceStep(range.length() / Math.max(1, w / 80));
        for (double t = Math.ceil(range.from() / step) * step; t <= range.to() + 1e-9; t += step) {
            double x = xAt(t);
            g.strokeLine(x, plotH, x, plotH + 3);
            g.fillText(formatTime(t, step), Math.min(w - 28, Math.max(0, x - 10)), h - 3);
        }
        drawOverlay();
    }

    private void drawOverlay() {
        GraphicsContext g = overlay.getGraphicsContext2D();
        double w = overlay.getWidth();
        double h = overlay.getHeight();
        g.clearRect(0, 0, w, h);
        TimeRange range = viewModel.viewRangeProperty().get();
        if (range == null) {
            return;
        }
        double plotH = h - axisHeight();
        TimeRange selected = viewModel.selectionProperty().get();
        if (selected != null) {
            double x0 = xAt(selected.from());
            double x1 = xAt(selected.to());
            g.setFill(Color.color(1, 0.85, 0.2, 0.28));
            g.fillRect(x0, 0, Math.max(1, x1 - x0), plotH);
            g.setStroke(Color.color(0.95, 0.6, 0.0, 0.9));
            g.strokeLine(x0, 0, x0, plotH);
            g.strokeLine(x1, 0, x1, plotH);
        }
        double position = viewModel.playPosition();
        if (!Double.isNaN(position)) {
            double x = xAt(position);
            g.setStroke(Color.web("#e8453c"));
            g.setLineWidth(1.5);
            g.strokeLine(x, 0, x, plotH);
        }
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-4))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String formatTime(double t, double step) {
        return step >= 1 ? String.format(Locale.ROOT, "%.0f s", t)
                : step >= 0.1 ? String.format(Locale.ROOT, "%.1f", t) : String.format(Locale.ROOT, "%.2f", t);
    }
}
