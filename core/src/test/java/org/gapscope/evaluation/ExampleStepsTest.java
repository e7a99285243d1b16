package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.gapscope.GapScopeException;
import org.gapscope.dataset.Example;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

/** The record an entry gets: what the work adds, or a failure naming the stage it happened in. */
class ExampleStepsTest {

    private static final Example EXAMPLE = new Example("e1", null, "what is two plus two", List.of("four"),
            List.of(), "", "arith", 3);

    @Test
    void finishedWorkKeepsWhatItAddedAndTimesEachStage() {
        StageTimes times = new StageTimes();
        JsonObject record = ExampleSteps.record(new DatasetEntry(3, EXAMPLE, null), times, (example, r, steps) -> {
            int n = steps.time(Stage.ANALYSIS, () -> {
                sleep();
                return 7;
            });
            steps.run(Stage.FILES, ExampleStepsTest::sleep);
            r.addProperty("n", n);
        });
        assertEquals("ok", record.get("status").getAsString());
        assertEquals("e1", record.get("id").getAsString());
        assertEquals(7, record.get("n").getAsInt());
        assertTrue(times.seconds(Stage.ANALYSIS) > 0);
        assertTrue(times.seconds(Stage.FILES) > 0);
        assertEquals(0, times.seconds(Stage.TEXT));
    }

    @Test
    void aFailureInsideAStepNamesThatStage() {
        JsonObject record = ExampleSteps.record(new DatasetEntry(3, EXAMPLE, null), new StageTimes(),
                (example, r, steps) -> {
                    steps.time(Stage.ANALYSIS, () -> 1);
                    steps.time(Stage.INTERVENTION, () -> {
                        throw new GapScopeException("the hook refused");
                    });
                });
        assertEquals("failed", record.get("status").getAsString());
        assertEquals("intervention", record.get("stage").getAsString());
        assertEquals("the hook refused", record.get("reason").getAsString());
    }

    @Test
    void aFailureAfterAStepNamesTheStageLastEntered() {
        JsonObject record = ExampleSteps.record(new DatasetEntry(3, EXAMPLE, null), new StageTimes(),
                (example, r, steps) -> {
                    steps.time(Stage.ANALYSIS, () -> 1);
                    throw new IllegalStateException("bad\nsecond line");
                });
        assertEquals("analysis", record.get("stage").getAsString());
        assertEquals("IllegalStateException: bad", record.get("reason").getAsString());
    }

    @Test
    void theTextPassComesFirstAndAMissingAudioFileFailsAfterIt() {
        SyntheticRunner runner = new SyntheticRunner("s", java.util.Map.of());
        JsonObject record = ExampleSteps.record(new DatasetEntry(3, EXAMPLE, null), new StageTimes(),
                (example, r, steps) -> steps.answer(new org.gapscope.engine.ExampleEngine(runner, 8), null, example, r));
        assertEquals("audio", record.get("stage").getAsString());
        assertEquals("the example has no audio file", record.get("reason").getAsString());
        assertEquals("two", record.getAsJsonObject("text").get("answer").getAsString(), "the text answer is kept");
        assertEquals(List.of("e1:8"), runner.textCalls);
        assertFalse(record.has("speech"));
    }

    @Test
    void noStepYetCountsAsTheTextPass() {
        JsonObject record = ExampleSteps.record(new DatasetEntry(3, EXAMPLE, null), new StageTimes(),
                (example, r, steps) -> {
                    throw new IllegalStateException("before any step");
                });
        assertEquals("text", record.get("stage").getAsString());
    }

    @Test
    void aBrokenLineFailsAtTheDatasetWithoutRunningTheWork() {
        JsonObject record = ExampleSteps.record(new DatasetEntry(5, null, "not JSON"), new StageTimes(),
                (example, r, steps) -> {
                    throw new AssertionError("the work must not run");
                });
        assertEquals("dataset", record.get("stage").getAsString());
        assertEquals("line 5: not JSON", record.get("reason").getAsString());
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
