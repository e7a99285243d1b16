package org.gapscope.app.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.text.Text;
import javafx.stage.Stage;

/**
 * The example list as it is on screen at the window's default size (1280 x 800: the list is about 330
 * pixels wide): ids readable, a click that does not scroll, the skipped lines of a set kept in view.
 */
@ExtendWith(ApplicationExtension.class)
class ExamplesViewTest {

    private final List<String> status = new ArrayList<>();
    private ExamplesViewModel viewModel;
    private TableView<?> table;

    @Start
    void start(Stage stage) {
        viewModel = new ExamplesViewModel(BackgroundExecutor.synchronous(), status::add);
        ExamplesView view = new ExamplesView(viewModel);
        stage.setScene(new Scene(view, 330, 500));
        stage.show();
        table = (TableView<?>) view.lookup("#" + ExamplesView.TABLE_ID);
    }

    private void load(int n, List<ExampleSet.LineProblem> problems) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = (i % 2 == 0 ? "heldout-u0" : "seen-u0") + String.format(Locale.ROOT, "%04d", 3 * i + 188);
            examples.add(new Example(id, Path.of(id + ".wav"), "what colour is bread number " + i, List.of("brown"),
                    List.of(), "", "colours", i + 1));
        }
        WaitForAsyncUtils.asyncFx(() -> viewModel.show(new ExampleSet(Path.of("/data/set.jsonl"), examples, problems)));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void everyIdIsReadableAtTheDefaultWidth() {
        load(40, List.of());
        List<Text> ids = table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn().getText().equals("Id")
                        && c.getItem() != null)
                .map(n -> (Text) n.lookup(".text")).toList();
        assertFalse(ids.isEmpty());
        for (Text t : ids) {
            assertFalse(t.getText().contains("…") || t.getText().contains("..."), "cut off: " + t.getText());
            assertTrue(t.getText().matches("(heldout|seen)-u0\\d{4}"), t.getText());
        }
        Node question = table.lookupAll(".table-cell").stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn().getText().equals("Question")).findFirst()
                .orElseThrow();
        assertTrue(question.getBoundsInParent().getWidth() > 60, "the question keeps room: " + question.getBoundsInParent());
    }

    @Test
    void clickingAVisibleRowKeepsTheRowsWhereTheyWere() {
        load(60, List.of());
        FxRobot robot = new FxRobot();
        WaitForAsyncUtils.asyncFx(() -> table.scrollTo(20));
        WaitForAsyncUtils.waitForFxEvents();
        VirtualFlow<?> flow = (VirtualFlow<?>) table.lookup(".virtual-flow");
        int first = flow.getFirstVisibleCell().getIndex();
        int last = flow.getLastVisibleCell().getIndex();
        IndexedCell<?> target = flow.getCell(first + (last - first) / 2 + 1);
        int clicked = target.getIndex();
        Node row = table.lookupAll(".table-row-cell").stream()
                .filter(n -> n instanceof IndexedCell<?> c && c.getIndex() == clicked).findFirst().orElseThrow();
        robot.clickOn(row);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(viewModel.shownRows().get(clicked), viewModel.selectedProperty().get());
        assertEquals(first, flow.getFirstVisibleCell().getIndex(), "the list scrolled on a click");

        // stepping past the last visible row scrolls just enough to show it, not to the top
        int bottom = flow.getLastVisibleCell().getIndex();
        WaitForAsyncUtils.asyncFx(() -> viewModel.selectedProperty().set(viewModel.shownRows().get(bottom + 1)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(bottom + 1, flow.getLastVisibleCell().getIndex());
        assertTrue(flow.getFirstVisibleCell().getIndex() < bottom + 1 - 3, "the row went to the top");
    }

    @Test
    void skippedLinesStayOneClickAway() {
        load(3, List.of(new ExampleSet.LineProblem(4, "not JSON (at column 9)"),
                new ExampleSet.LineProblem(7, "missing \"audio\"")));
        status.add("Exported the figure.");
        Hyperlink link = (Hyperlink) table.getScene().lookup("#" + ExamplesView.SKIPPED_ID);
        assertTrue(link.isVisible());
        assertEquals("2 broken lines skipped…", link.getText());
        assertEquals("line 4: not JSON (at column 9)\nline 7: missing \"audio\"", viewModel.skippedLines());
        load(3, List.of());
        assertFalse(link.isVisible());
    }
}
