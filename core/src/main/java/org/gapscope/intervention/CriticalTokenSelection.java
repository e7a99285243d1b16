package org.gapscope.intervention;

/**
 * How critical tokens are chosen from an alignment path: Bottom-k (the k text tokens with the
 * worst path value: lowest cosine or largest distance) or All tokens.
 *
 * @param all whether every token on the path is selected
 * @param k   for Bottom-k, how many tokens (ignored for All)
 */
public record CriticalTokenSelection(boolean all, int k) {

    /** METHOD.md's default k. */
    public static final int DEFAULT_K = 3;

    /** Validates k for Bottom-k. */
    public CriticalTokenSelection {
        if (!all && k < 1) {
            throw new IllegalArgumentException("Bottom-k needs k >= 1, got " + k);
        }
    }

    /** Bottom-k. */
    public static CriticalTokenSelection bottomK(int k) {
        return new CriticalTokenSelection(false, k);
    }

    /** Bottom-3, the paper's setting. */
    public static CriticalTokenSelection defaults() {
        return bottomK(DEFAULT_K);
    }

    /** All positions on the path. */
    public static CriticalTokenSelection allTokens() {
        return new CriticalTokenSelection(true, 0);
    }

    /** {@code Bottom3} or {@code All}, as in the paper's tables. */
    public String label() {
        return all ? "All" : "Bottom" + k;
    }
}
