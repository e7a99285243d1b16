package org.gapscope.engine;

import java.util.List;

import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.dataset.Example;

/**
 * Which example's text the speech of an example is paired with in GapScope's mismatched-pair control:
 * a derangement ({@link MismatchedPairControl#derangement}), seeded with the control's seed, over every
 * example of the set in order (for {@code evaluate}: every dataset line that parses), drawn before
 * anything runs. {@code evaluate}, {@code analyse}, the explorer's per-example control and its dataset
 * control all pair this way, so they are the same pairs.
 */
public final class ControlPairs {

    private ControlPairs() {
    }

    /** The derangement over {@code n} examples with {@code seed}; empty when there are fewer than two. */
    public static int[] derangement(int n, long seed) {
        return n >= 2 ? MismatchedPairControl.derangement(n, seed) : new int[0];
    }

    /** Whether {@code example} can be run by the explorer's set runs: it has an audio file and a transcript. */
    public static boolean usable(Example example) {
        return example.audioFile().isPresent() && !example.transcript().isBlank();
    }

    /**
     * The partner of {@code example} among {@code examples} (the whole set, in order) under the
     * derangement seeded with {@code seed}, or null when it is not among them or they are fewer than two.
     */
    public static Example partner(List<Example> examples, Example example, long seed) {
        int index = examples.indexOf(example);
        int[] sigma = derangement(examples.size(), seed);
        return index < 0 || sigma.length == 0 ? null : examples.get(sigma[index]);
    }
}
