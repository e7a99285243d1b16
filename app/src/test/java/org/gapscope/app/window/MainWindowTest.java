package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;

import org.controlsfx.control.StatusBar;
import org.gapscope.app.alignment.AlignmentView;
import org.gapscope.app.alignment.HeatmapCanvas;
import org.gapscope.app.alignment.HeatmapPicture;
import org.gapscope.app.audio.AudioView;
import org.gapscope.app.curves.LayerCurvesView;
import org.gapscope.app.dataset.DatasetView;
import org.gapscope.app.export.FigureSource;
import org.gapscope.app.interventions.InterventionsView;
import org.gapscope.app.interventions.InterventionsViewModel;
import org.gapscope.figure.HeatmapRenderer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import com.google.gson.JsonObject;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

/**
 * Drives the real main window headless (Monocle) with background workers, a synthetic model and a
 * small example set installed as the program's defaults.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    @TempDir
    static Path dir;

    private static final ExecutorService WORKERS = WindowFlow.workers();

    private MainViewModel viewModel;

    @Start
    void start(Stage stage) throws IOException {
        viewModel = WindowFlow.showWindow(stage, dir, WORKERS);
    }

    @AfterAll
    static void stopWorkers() {
        WORKERS.shutdownNow();
    }

    @Test
    void windowHasModelCardExampleListAudioPaneTabsAndStatusBar(FxRobot robot) {
        Node examples = robot.lookup("#" + MainWindow.EXAMPLES_ID).query();
        Node audio = robot.lookup("#" + MainWindow.AUDIO_ID).query();
        TabPane views = robot.lookup("#" + MainWindow.VIEWS_ID).queryAs(TabPane.class);
        StatusBar status = robot.lookup("#" + MainWindow.STATUS_ID).queryAs(StatusBar.class);
        assertNotNull(examples);
        assertTrue(examples.isVisible() && audio.isVisible());
        assertEquals(6, views.getTabs().size());
        assertEquals("Layer curves", views.getTabs().get(0).getText());
        assertEquals("Alignment", views.getTabs().get(1).getText());
        assertEquals("CKA", views.getTabs().get(2).getText());
        assertEquals("Logit lens", views.getTabs().get(5).getText());
        assertNotNull(status);
    }

    @Test
    void aUserStepsScrubsTogglesIntervenesAndExports(FxRobot robot) throws Exception {
        Path export = viewModel.locations().home().resolve("export");
        new WindowFlow(robot, viewModel, 30).run(export, 5);
    }

    @Test
    void ctrlClickingPathCellsPicksTokensForTheIntervention(FxRobot robot) throws Exception {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the first result", () -> viewModel.run().resultProperty().get() != null);
        robot.clickOn("Alignment");
        flow.waitFor("the heatmap", () -> viewModel.alignment().ready() && viewModel.alignment().pictureProperty().get() != null);
        HeatmapCanvas heatmap = robot.lookup("#" + AlignmentView.HEATMAP_ID).queryAs(HeatmapCanvas.class);
        HeatmapPicture p = viewModel.alignment().pictureProperty().get();
        int layer = viewModel.alignment().layerProperty().get();
        // Ctrl+click the path dot of token 1; then, with "Pick tokens" on, a plain click on token 3's dot
        robot.press(KeyCode.CONTROL).clickOn(heatmap.localToScreen(heatmap.cellCentre(p.path()[1], 1))).release(KeyCode.CONTROL);
        flow.waitFor("token 1 picked", () -> viewModel.interventions().picked().contains(1));
        robot.clickOn("#" + AlignmentView.PICK_ID);
        robot.clickOn(heatmap.localToScreen(heatmap.cellCentre(p.path()[3], 3)));
        flow.waitFor("token 3 picked", () -> viewModel.interventions().picked().contains(3));
        Assertions.assertArrayEquals(new int[] {1, 3}, viewModel.alignment().pictureProperty().get().picked());

        robot.clickOn("Interventions");
        Label picked = robot.lookup("#" + InterventionsView.PICKED_ID).queryAs(Label.class);
        flow.waitFor("the picked tokens listed", () -> picked.isVisible() && picked.getText().contains("(1)")
                && picked.getText().contains("(3)") && picked.getText().contains("layer " + layer));
        assertEquals(InterventionsViewModel.Tokens.PICKED,
                robot.lookup("#" + InterventionsView.TOKENS_ID).queryAs(ComboBox.class).getValue());
        robot.clickOn("#" + InterventionsView.RUN_ID);
        flow.waitFor("the intervention's answer", () -> viewModel.interventions().outcomeProperty().get() != null);
        var rewrite = viewModel.interventions().outcomeProperty().get().plan().rewrites().get(0);
        Assertions.assertArrayEquals(new int[] {1, 3}, rewrite.tokens().selectedTokens());
        Assertions.assertArrayEquals(
                IntStream.of(p.path()[1], p.path()[3]).distinct().sorted().toArray(), rewrite.speechPositions());
    }

    @Test
    void copyPutsEachViewsFigureAndDataOnTheSystemClipboard(FxRobot robot) throws Exception {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the first result", () -> viewModel.run().resultProperty().get() != null);
        robot.clickOn("Alignment");
        flow.waitFor("the heatmap", () -> viewModel.alignment().ready() && viewModel.alignment().pictureProperty().get() != null);
        copyAndCheck(robot, flow, "#" + AlignmentView.COPY_ID, viewModel.alignment());
        robot.clickOn("Layer curves");
        flow.waitFor("the curves", () -> viewModel.curves().curvesProperty().get() != null);
        copyAndCheck(robot, flow, "#" + LayerCurvesView.COPY_ID, viewModel.curves());
        robot.clickOn("Interventions");
        robot.clickOn("#" + InterventionsView.RUN_ID);
        flow.waitFor("the intervention's answer", () -> viewModel.interventions().outcomeProperty().get() != null);
        copyAndCheck(robot, flow, "#" + InterventionsView.COPY_ID, viewModel.interventions());
        robot.clickOn("Dataset");
        robot.clickOn("#" + DatasetView.RUN_ID);
        flow.waitFor("the dataset run", () -> viewModel.dataset().runProperty().get() != null);
        robot.interact(() -> Clipboard.getSystemClipboard().clear());
        robot.clickOn("#" + DatasetView.COPY_TABLE_ID);
        flow.waitFor("the table on the clipboard", () -> viewModel.statusProperty().get().startsWith("Copied the accuracies"));
        String[] text = new String[1];
        robot.interact(() -> text[0] = Clipboard.getSystemClipboard().getString());
        assertEquals(viewModel.dataset().tableCsv(), text[0]);
        assertTrue(text[0].startsWith("model,dataset,text_accuracy_percent"), text[0]);
    }

    private void copyAndCheck(FxRobot robot, WindowFlow flow, String button, FigureSource source) {
        robot.interact(() -> {
            Clipboard.getSystemClipboard().clear();
            viewModel.setStatus("");
        });
        robot.clickOn(button);
        flow.waitFor("the copy of " + source.fileStem(), () -> viewModel.statusProperty().get().startsWith("Copied the figure"));
        Object[] got = new Object[2];
        robot.interact(() -> {
            got[0] = Clipboard.getSystemClipboard().getString();
            got[1] = Clipboard.getSystemClipboard().getImage();
        });
        assertEquals(source.figure().data().toCsv(), got[0], source.fileStem());
        assertNotNull(got[1], source.fileStem() + ": an image on the clipboard");
        assertTrue(((Image) got[1]).getWidth() > 300, source.fileStem());
    }

    @Test
    void presentationModeKeepsTheTranscriptRowInsideTheAudioPane(FxRobot robot) throws Exception {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the first result", () -> viewModel.run().resultProperty().get() != null);
        robot.interact(() -> viewModel.presentationModeProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#" + AudioView.RECORD_ID);   // then the one-line microphone message takes a row too
        Label message = robot.lookup("#" + AudioView.MESSAGE_ID).queryAs(Label.class);
        flow.waitFor("the microphone message", () -> !message.getText().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        Node audio = robot.lookup("#" + MainWindow.AUDIO_ID).query();
        Node transcript = robot.lookup("#" + AudioView.TRANSCRIPT_ID).query();
        // what is visible of the pane ends at the split's divider
        SplitPane centre = (SplitPane) audio.getParent().getParent();
        double visibleBottom = centre.localToScene(0, centre.getDividerPositions()[0] * centre.getHeight()).getY();
        Bounds row = transcript.localToScene(transcript.getLayoutBounds());
        assertTrue(row.getMaxY() <= visibleBottom + 0.5,
                "transcript " + row + " below the divider at " + visibleBottom);
        robot.interact(() -> viewModel.presentationModeProperty().set(false));
    }

    @Test
    void recordingWithoutAMicrophoneSaysSoAndTheWindowKeepsWorking(FxRobot robot) throws Exception {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the first result", () -> viewModel.run().resultProperty().get() != null);
        robot.clickOn("#" + AudioView.RECORD_ID);
        Label message = robot.lookup("#" + AudioView.MESSAGE_ID).queryAs(Label.class);
        flow.waitFor("the microphone message", () -> message.getText().startsWith("microphone: no audio input device"));
        robot.clickOn("Alignment");
        flow.waitFor("the heatmap", () -> viewModel.alignment().pictureProperty().get() != null);
    }

    @Test
    void theF0AndLevelTogglesDrawTheTracksAndTheReadOutFollowsThePointer(FxRobot robot) throws Exception {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the clip", () -> viewModel.audio().displayProperty().get() != null);
        Node canvas = robot.lookup("#" + AudioView.CANVAS_ID).query();
        int before = pitchColouredPixels(robot, canvas);
        robot.clickOn("#" + AudioView.PITCH_ID);
        robot.clickOn("#" + AudioView.LEVEL_TRACK_ID);
        flow.waitFor("the tracks", () -> viewModel.audio().prosody().ready());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, before, "no F0 line before the toggle");
        assertTrue(pitchColouredPixels(robot, canvas) > 20, "the F0 line is drawn");
        Bounds b = canvas.localToScreen(canvas.getLayoutBounds());
        robot.moveTo(new javafx.geometry.Point2D(b.getMinX() + b.getWidth() * 0.5, b.getMinY() + b.getHeight() * 0.4));
        Label readout = robot.lookup("#" + AudioView.READOUT_ID).queryAs(Label.class);
        flow.waitFor("the read-out", () -> readout.getText().matches("\\d\\.\\d{3} s · (F0 \\d+\\.\\d Hz|unvoiced)"
                + " · level -?\\d+\\.\\d dB"));
        robot.clickOn("#" + AudioView.PITCH_ID);
        robot.clickOn("#" + AudioView.LEVEL_TRACK_ID);
        flow.waitFor("the strips gone", () -> viewModel.audio().prosody().strips() == null);
    }

    @Test
    void aSessionWithTheStripsOnSetsTheF0AndDbTogglesAndDrawsTheTracks(FxRobot robot) throws Exception {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the clip", () -> viewModel.audio().displayProperty().get() != null);
        ToggleButton pitch = robot.lookup("#" + AudioView.PITCH_ID).queryAs(ToggleButton.class);
        ToggleButton level = robot.lookup("#" + AudioView.LEVEL_TRACK_ID).queryAs(ToggleButton.class);
        assertFalse(pitch.isSelected() || level.isSelected(), "both off by default");
        JsonObject[] json = new JsonObject[1];
        robot.interact(() -> json[0] = viewModel.snapshot().toJson());
        json[0].getAsJsonObject("audio").addProperty("showPitch", true);
        json[0].getAsJsonObject("audio").addProperty("showLevel", true);
        Path file = dir.resolve("strips-on.gapscope.json");
        Files.writeString(file, json[0].toString());
        robot.interact(() -> viewModel.openSession(file));
        flow.waitFor("the tracks", () -> viewModel.audio().prosody().ready());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(pitch.isSelected(), "the F0 button shows the restored state");
        assertTrue(level.isSelected(), "the dB button shows the restored state");
        Node canvas = robot.lookup("#" + AudioView.CANVAS_ID).query();
        assertTrue(pitchColouredPixels(robot, canvas) > 20, "the F0 line is drawn");
    }

    /** Pixels of the canvas in the F0 line's colour (#D55E00, give or take anti-aliasing). */
    private static int pitchColouredPixels(FxRobot robot, Node canvas) throws Exception {
        javafx.scene.image.WritableImage image = WaitForAsyncUtils.asyncFx(() -> canvas.snapshot(null, null)).get();
        javafx.scene.image.PixelReader pixels = image.getPixelReader();
        int count = 0;
        for (int y = 0; y < (int) image.getHeight(); y++) {
            for (int x = 0; x < (int) image.getWidth(); x++) {
                int argb = pixels.getArgb(x, y);
                int r = (argb >> 16) & 0xFF;
                int g = (argb >> 8) & 0xFF;
                int bl = argb & 0xFF;
                if (Math.abs(r - 0xD5) < 24 && Math.abs(g - 0x5E) < 24 && Math.abs(bl) < 24) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * An example without reference word timings (the synthetic set has none): no spans drawn or exported, no
     * hit rate claimed, and the toggle disabled with a tooltip (on its wrapper) that says why.
     */
    @Test
    void noWordsNoSpansAndTheToggleSaysWhy(FxRobot robot) {
        WindowFlow flow = new WindowFlow(robot, viewModel, 30);
        flow.waitFor("the first result", () -> viewModel.run().resultProperty().get() != null);
        robot.clickOn("Alignment");
        flow.waitFor("the heatmap", () -> viewModel.alignment().ready()
                && viewModel.alignment().pictureProperty().get() != null);
        assertFalse(viewModel.alignment().result().example().hasWords());
        CheckBox toggle = robot.lookup("#" + AlignmentView.SPANS_ID).queryAs(CheckBox.class);
        assertTrue(toggle.isDisabled(), "nothing to toggle");
        assertNull(viewModel.alignment().pictureProperty().get().spans());
        assertNull(((HeatmapRenderer) viewModel.alignment().figure()).data().spans());
        Label scores = robot.lookup("#" + AlignmentView.SCORES_ID).queryAs(Label.class);
        assertFalse(scores.getText().contains("hit rate"), scores.getText());
        Node wrapper = toggle.getParent();
        Tooltip tip = (Tooltip) wrapper.getProperties().get("javafx.scene.control.Tooltip");
        assertTrue(tip != null && tip.getText().contains("no reference word timings"), tip == null ? "no tooltip"
                : tip.getText());
    }
}
