package org.gapscope.engine;

import java.util.List;

import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.dataset.Example;

/**
 * Which example's text the speech of an example is paired with in GapScope's mismatched-pair control:
 * the examples that can be run, in set order, and a derangement of them drawn with the control's seed
 * ({@link MismatchedPairControl#derangement}) — the pairing {@code evaluate} uses for its summary, so the
 * explorer's per-example control, its dataset control and {@code evaluate}'s are the same pairs.
 */
public final class ControlPairs {

    private ControlPairs() {
    }

    /** The examples a set run can use, in order: those with an audio file and a transcript. */
    public static List<Example> usable(List<Example> examples) {
        return examples.stream().filter(ControlPairs::usable).toList();
    }

    /** Whether {@code example} has an audio file and a transcript. */
    public static boolean usable(Example example) {
        return example.audioFile().isPresent() && !example.transcript().isBlank();
    }

    /**
     * The partner of {@code example} among {@code usable} (as {@link #usable(List)} gives them) under the
     * derangement seeded with {@code seed}, or null when it is not among them or they are fewer than two.
     */
    public static Example partner(List<Example> usable, Example example, long seed) {
        int index = usable.indexOf(example);
        if (index < 0 || usable.size() < 2) {
            return null;
        }
        return usable.get(MismatchedPairControl.derangement(usable.size(), seed)[index]);
    }
}
