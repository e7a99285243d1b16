package org.gapscope.app.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gapscope.app.task.BackgroundExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example list's behaviour without a toolkit (synchronous executor). */
class ExamplesViewModelTest {

    @TempDir
    Path dir;

    private final List<String> messages = new ArrayList<>();
    private final ExamplesViewModel viewModel = new ExamplesViewModel(BackgroundExecutor.synchronous(), messages::add);

    private Path dataset() throws IOException {
        Path file = dir.resolve("set.jsonl");
        Files.write(file, List.of(
                "{\"id\": \"b\", \"audio\": \"b.wav\", \"transcript\": \"what colour is grass\", \"answer\": \"green\", \"task\": \"colours\"}",
                "{\"id\": \"a\", \"audio\": \"a.wav\", \"transcript\": \"two plus three\", \"answer\": \"five\", \"task\": \"arithmetic\"}",
                "{broken",
                "{\"id\": \"c\", \"audio\": \"c.wav\", \"transcript\": \"opposite of hot\", \"answer\": \"cold\", \"task\": \"opposites\"}"));
        return file;
    }

    @Test
    void loadsSelectsFirstAndReportsSkippedLines() throws IOException {
        viewModel.load(dataset());
        assertEquals(3, viewModel.shownRows().size());
        assertEquals("b", viewModel.selectedProperty().get().example().id());
        String last = messages.get(messages.size() - 1);
        assertTrue(last.startsWith("Loaded 3 examples from set.jsonl; skipped 1 broken line(s), first line 3"), last);
    }

    @Test
    void skippedLinesStayViewableAfterTheStatusBarMovesOn() throws IOException {
        viewModel.load(dataset());
        messages.add("Exported layer-curves.png");
        assertEquals("1 broken line skipped", viewModel.skippedProperty().get());
        assertEquals("line 3: not JSON (at column 8)", viewModel.skippedLines());
        Path clean = dir.resolve("clean.jsonl");
        Files.write(clean, Files.readAllLines(dataset()).stream().filter(l -> l.contains("\"id\"")).toList());
        viewModel.load(clean);
        assertEquals("", viewModel.skippedProperty().get());
        assertEquals("", viewModel.skippedLines());
    }

    @Test
    void nextAndPreviousFollowTheShownOrderAndStopAtTheEnds() throws IOException {
        viewModel.load(dataset());
        viewModel.sortOrderProperty().set(ExamplesViewModel.SortOrder.ID);
        viewModel.selectedProperty().set(viewModel.shownRows().get(0));
        assertEquals("a", viewModel.selectedProperty().get().example().id());
        viewModel.next();
        viewModel.next();
        assertEquals("c", viewModel.selectedProperty().get().example().id());
        viewModel.next();
        assertEquals("c", viewModel.selectedProperty().get().example().id());
        viewModel.previous();
        assertEquals("b", viewModel.selectedProperty().get().example().id());
    }

    @Test
    void filterMatchesWordsAnswersAndTasks() throws IOException {
        viewModel.load(dataset());
        viewModel.filterProperty().set("COLD");
        assertEquals(List.of("c"), ids());
        viewModel.filterProperty().set("arith");
        assertEquals(List.of("a"), ids());
        viewModel.filterProperty().set("");
        assertEquals(3, ids().size());
    }

    @Test
    void sortingByApsPutsUnknownLast() throws IOException {
        viewModel.load(dataset());
        viewModel.allRows().get(2).apsProperty().set(0.2);
        viewModel.allRows().get(0).apsProperty().set(0.5);
        viewModel.sortOrderProperty().set(ExamplesViewModel.SortOrder.APS_ASCENDING);
        assertEquals(List.of("c", "b", "a"), ids());
    }

    @Test
    void aBrokenFileKeepsWhatWasLoaded() throws IOException {
        viewModel.load(dataset());
        viewModel.load(dir.resolve("missing.jsonl"));
        assertEquals(3, viewModel.shownRows().size());
        assertTrue(messages.get(messages.size() - 1).contains("no such dataset file"), messages.toString());
    }

    @Test
    void emptyListHasNoSelectionAndStepsDoNothing() {
        viewModel.next();
        assertNull(viewModel.selectedProperty().get());
    }

    private List<String> ids() {
        return viewModel.shownRows().stream().map(r -> r.example().id()).toList();
    }
}
