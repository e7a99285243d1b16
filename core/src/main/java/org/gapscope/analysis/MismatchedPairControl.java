package org.gapscope.analysis;

import java.util.SplittableRandom;

/**
 * GapScope's control, not the paper's: the same metric for the speech of example i against the
 * text of example sigma(i), where sigma is a seeded derangement (a permutation without fixed
 * points), so that anisotropy and position alone show what "aligned" looks like for unrelated pairs.
 */
public final class MismatchedPairControl {

    /** Label written wherever the control appears. */
    public static final String LABEL =
            "GapScope control (not in the paper): speech of example i vs text of example sigma(i), sigma a seeded derangement";

    private MismatchedPairControl() {
    }

    /**
     * A derangement of 0..n-1 drawn uniformly (Fisher-Yates shuffles from {@link SplittableRandom}
     * seeded with {@code seed}, rejected until none has a fixed point; about e tries on average);
     * the same seed gives the same derangement.
     *
     * @throws IllegalArgumentException for n < 2 (no derangement exists)
     */
    public static int[] derangement(int n, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("a mismatched-pair control needs at least 2 examples, got " + n);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] sigma = new int[n];
        while (true) {
            for (int i = 0; i < n; i++) {
                sigma[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = sigma[i];
                sigma[i] = sigma[j];
                sigma[j] = tmp;
            }
            boolean fixed = false;
            for (int i = 0; i < n && !fixed; i++) {
                fixed = sigma[i] == i;
            }
            if (!fixed) {
                return sigma;
            }
        }
    }
}
