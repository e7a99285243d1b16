package org.gapscope.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/** Opens the real main window headless (Monocle) and checks its regions. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {

    @Start
    void start(Stage stage) {
        MainViewModel viewModel = new MainViewModel("test", BackgroundExecutor.synchronous(), new Locations(null));
        stage.setScene(new Scene(new MainWindow(viewModel), 1024, 700));
        stage.show();
    }

    @Test
    void windowHasExampleListAudioPaneTabsAndStatusBar(FxRobot robot) {
        Node examples = robot.lookup("#" + MainWindow.EXAMPLES_ID).query();
        Node audio = robot.lookup("#" + MainWindow.AUDIO_ID).query();
        TabPane views = robot.lookup("#" + MainWindow.VIEWS_ID).queryAs(TabPane.class);
        StatusBar status = robot.lookup("#" + MainWindow.STATUS_ID).queryAs(StatusBar.class);
        assertNotNull(examples);
        assertNotNull(audio);
        assertTrue(examples.isVisible() && audio.isVisible());
        assertEquals(4, views.getTabs().size());
        assertEquals("Layer curves", views.getTabs().get(0).getText());
        assertEquals("Alignment", views.getTabs().get(1).getText());
        assertTrue(status.getText().contains("No model loaded"), status.getText());
    }

    @Test
    void clickingATabSelectsIt(FxRobot robot) {
        robot.clickOn(robot.lookup(".tab-label").match(LabeledMatchers.hasText("Alignment")).queryLabeled());
        TabPane views = robot.lookup("#" + MainWindow.VIEWS_ID).queryAs(TabPane.class);
        assertEquals("Alignment", views.getSelectionModel().getSelectedItem().getText());
        assertTrue(robot.lookup(".empty-state").queryAll().stream().anyMatch(Node::isVisible));
    }
}
