package org.gapscope.app.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

/** Long tasks: progress, cancelling midway, failures, and late results of cancelled tasks. */
class TasksTest {

    private final List<String> messages = new ArrayList<>();
    private final Tasks tasks = new Tasks(BackgroundExecutor.synchronous(), messages::add);

    @Test
    void progressIsShownAndSuccessArrivesOnce() {
        List<Double> seen = new ArrayList<>();
        List<String> results = new ArrayList<>();
        tasks.start("Counting", ctx -> {
            TaskHandle self = tasks.latest().get();
            self.progressProperty().addListener((obs, old, v) -> seen.add(v.doubleValue()));
            ctx.progress(0.5, "half");
            assertEquals("half", self.messageProperty().get());
            ctx.progress(1.0, "done");
            return "ok";
        }, results::add, e -> results.add("failed"));
        assertEquals(List.of(0.5, 1.0), seen);
        assertEquals(List.of("ok"), results);
        assertTrue(tasks.running().isEmpty());
    }

    @Test
    void cancellingMidwayStopsTheWorkAndReportsOnce() {
        List<Object> outcomes = new ArrayList<>();
        int[] steps = {0};
        tasks.start("Long work", ctx -> {
            for (int i = 0; i < 100; i++) {
                ctx.checkCancelled();
                steps[0]++;
                if (i == 3) {
                    tasks.latest().get().cancel(); // the user presses Cancel while step 3 runs
                }
            }
            return "finished";
        }, outcomes::add, outcomes::add, () -> outcomes.add("cancelled"));
        assertEquals(4, steps[0]);
        assertEquals(List.of("cancelled"), outcomes, "only the cancel callback, once");
        assertTrue(messages.get(0).startsWith("Cancelled: Long work"), messages.toString());
        assertTrue(tasks.running().isEmpty());
    }

    @Test
    void workThatStopsItselfWithACancelIsACancelNotAFailure() {
        List<Object> outcomes = new ArrayList<>();
        tasks.start("Engine call", ctx -> {
            throw new CancellationException("cancelled");
        }, outcomes::add, outcomes::add, () -> outcomes.add("cancelled"));
        assertEquals(List.of("cancelled"), outcomes);
        assertEquals(List.of("Cancelled: Engine call."), messages);
        List<Object> quiet = new ArrayList<>();
        tasks.start("Without a cancel callback", ctx -> {
            throw new CancellationException("cancelled");
        }, quiet::add, quiet::add);
        assertTrue(quiet.isEmpty(), "a cancel is not a failure: " + quiet);
    }

    @Test
    void supersededWorkIsCancelledWithoutAMessage() {
        List<Object> outcomes = new ArrayList<>();
        tasks.start("Example 1", ctx -> {
            tasks.latest().get().supersede(); // stepping on to the next example
            return "late";
        }, outcomes::add, outcomes::add, () -> outcomes.add("cancelled"));
        assertEquals(List.of("cancelled"), outcomes);
        assertTrue(messages.isEmpty(), messages.toString());
    }

    @Test
    void aResultArrivingAfterCancelIsClosedNotDelivered() {
        boolean[] closed = {false};
        List<Object> outcomes = new ArrayList<>();
        AutoCloseable resource = () -> closed[0] = true;
        tasks.start("Open", ctx -> {
            tasks.latest().get().cancel();
            return resource; // the work did not look at the flag
        }, outcomes::add, outcomes::add, () -> outcomes.add("cancelled"));
        assertTrue(closed[0]);
        assertEquals(List.of("cancelled"), outcomes);
    }

    @Test
    void failuresReachTheCallerAndTheTaskIsGone() {
        List<Throwable> errors = new ArrayList<>();
        tasks.start("Broken", ctx -> {
            throw new IllegalStateException("boom");
        }, r -> { }, errors::add);
        assertEquals("boom", errors.get(0).getMessage());
        assertTrue(tasks.running().isEmpty());
    }
}
