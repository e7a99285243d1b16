package org.gapscope.app.interventions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

/** Picks belong to their example: kept for the same tokens, cleared otherwise, restored when their example arrives. */
class PickedTokensTest {

    private final ExampleEngine engine = ExampleEngine.of(new SyntheticModel("m", Map.of(), Map.of()));

    private ExampleRun run(String id, String transcript) {
        Example e = new Example(id, Path.of(id + ".wav"), transcript, List.of("x"), List.of(), "", "", 1);
        return engine.run(e, TestAudio.tone(1.0), AnalysisSettings.defaults(), Monitor.NONE);
    }

    @Test
    void picksFollowTheirExample() {
        PickedTokens picked = new PickedTokens();
        ExampleRun a = run("a", "one two three");
        picked.follow(a);
        picked.toggle(2);
        picked.toggle(0);
        assertFalse(picked.toggle(3), "not a token of the example");
        assertArrayEquals(new int[] {0, 2}, picked.sorted());
        assertEquals(List.of("“one” (0)", "“three” (2)"), picked.names());
        picked.toggle(0);
        assertArrayEquals(new int[] {2}, picked.sorted(), "a second click unpicks");
        picked.follow(run("a", "one two three"));
        assertArrayEquals(new int[] {2}, picked.sorted(), "the same example with the same tokens, analysed again");
        picked.follow(run("a", "one two four"));
        assertArrayEquals(new int[0], picked.sorted(), "other tokens: the picks no longer mean the same");
    }

    @Test
    void restoredPicksWaitForTheirExampleAndDropTokensItDoesNotHave() {
        PickedTokens picked = new PickedTokens();
        picked.follow(run("a", "one two"));
        picked.restore("b", new int[] {1, 7});
        assertArrayEquals(new int[0], picked.sorted());
        picked.follow(run("b", "five six seven"));
        assertArrayEquals(new int[] {1}, picked.sorted());
        picked.follow(run("a", "one two"));
        picked.follow(run("b", "five six seven"));
        assertArrayEquals(new int[0], picked.sorted(), "restored once, not every time");
    }
}
