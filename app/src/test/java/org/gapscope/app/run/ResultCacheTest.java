package org.gapscope.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.model.SyntheticModel;
import org.gapscope.dataset.Example;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ExampleRun;
import org.gapscope.engine.Monitor;
import org.junit.jupiter.api.Test;

/** Results are kept per model and example as edited, within a byte budget. */
class ResultCacheTest {

    private final ExampleEngine model = ExampleEngine.of(new SyntheticModel("m", Map.of(), Map.of()));

    private ExampleRun result(String id, String transcript) {
        Example e = new Example(id, Path.of(id + ".wav"), transcript, List.of("x"), List.of(), "", "", 1);
        return model.run(e, TestAudio.tone(1.0), AnalysisSettings.defaults(), Monitor.NONE);
    }

    @Test
    void keyedByModelAndTheExampleAsItIsNow() {
        ResultCache cache = new ResultCache(1 << 30);
        ExampleRun a = result("a", "one two");
        cache.put(model, a);
        assertNotNull(cache.get(model, a.example()));
        assertNull(cache.get(model, a.example().withTranscript("one three")));
        assertNull(cache.get(ExampleEngine.of(new SyntheticModel("n", Map.of(), Map.of())), a.example()));
        cache.forget(model);
        assertEquals(0, cache.size());
    }

    @Test
    void theBudgetDropsTheLeastRecentlyUsedButKeepsTheLatest() {
        ExampleRun a = result("a", "one two");
        ExampleRun b = result("b", "one two three");
        ExampleRun c = result("c", "four");
        ResultCache cache = new ResultCache(a.bytes() + b.bytes());
        cache.put(model, a);
        cache.put(model, b);
        cache.get(model, a.example()); // a is now more recent than b
        cache.put(model, c);
        assertNotNull(cache.get(model, a.example()));
        assertNull(cache.get(model, b.example()));
        assertNotNull(cache.get(model, c.example()));
        ResultCache tiny = new ResultCache(1);
        tiny.put(model, a);
        assertEquals(1, tiny.size());
    }

    @Test
    void examplesWithoutAGoldAnswerAreNotJudged() {
        Example own = new Example("r", Path.of("r.wav"), "two plus two", List.of(""), List.of(), "", "", 0);
        assertNull(ExampleEngine.judge(own, "four"));
        Example gold = own.withTranscript("x");
        assertNull(ExampleEngine.judge(gold, "four"));
        Example withAnswer = new Example("g", Path.of("g.wav"), "two plus two", List.of("four"), List.of(), "", "", 1);
        assertEquals(Boolean.TRUE, ExampleEngine.judge(withAnswer, "it is four"));
        assertEquals(Boolean.FALSE, ExampleEngine.judge(withAnswer, "five"));
    }
}
