package org.gapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void examplesWithoutAudioOrTranscriptAreLeftOutAndTheRestArePairedByTheDerangement() {
        List<Example> all = List.of(example("a", "a.wav", "one"), example("b", null, "two"),
                example("c", "c.wav", "three"), example("d", "d.wav", " "), example("e", "e.wav", "five"),
                example("f", "f.wav", "six"));
        List<Example> usable = ControlPairs.usable(all);
        assertEquals(List.of("a", "c", "e", "f"), usable.stream().map(Example::id).toList());
        int[] sigma = MismatchedPairControl.derangement(4, 42);
        for (int i = 0; i < usable.size(); i++) {
            assertEquals(usable.get(sigma[i]), ControlPairs.partner(usable, usable.get(i), 42));
        }
        assertNull(ControlPairs.partner(usable, all.get(1), 42), "not usable: no partner");
        assertNull(ControlPairs.partner(usable.subList(0, 1), usable.get(0), 42), "one example: no derangement");
    }
}
