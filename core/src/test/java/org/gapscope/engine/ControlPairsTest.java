package org.gapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;

import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.dataset.Example;
import org.junit.jupiter.api.Test;

/** The control's pairs: usable examples in order, each with its image under the seeded derangement. */
class ControlPairsTest {

    private static Example example(String id, String audio, String transcript) {
        return new Example(id, audio == null ? null : Path.of(audio), transcript, List.of("a"), List.of(), "", "", 1);
    }

    @Test
    void everyExampleOfTheSetIsPairedByTheDerangementOverTheWholeSet() {
        List<Example> all = List.of(example("a", "a.wav", "one"), example("b", null, "two"),
                example("c", "c.wav", "three"), example("d", "d.wav", " "), example("e", "e.wav", "five"),
                example("f", "f.wav", "six"));
        int[] sigma = MismatchedPairControl.derangement(6, 42);
        for (int i = 0; i < all.size(); i++) {
            assertEquals(all.get(sigma[i]), ControlPairs.partner(all, all.get(i), 42));
            assertNotEquals(all.get(i), ControlPairs.partner(all, all.get(i), 42), "a derangement: nobody is their own partner");
        }
        assertNull(ControlPairs.partner(all.subList(0, 2), all.get(3), 42), "not in the set: no partner");
        assertNull(ControlPairs.partner(all.subList(0, 1), all.get(0), 42), "one example: no derangement");
        assertEquals(0, ControlPairs.derangement(1, 42).length);
    }

    @Test
    void theExplorersSetRunsNeedAudioAndATranscript() {
        assertTrue(ControlPairs.usable(example("a", "a.wav", "one")));
        assertFalse(ControlPairs.usable(example("b", null, "two")));
        assertFalse(ControlPairs.usable(example("d", "d.wav", " ")));
    }
}
