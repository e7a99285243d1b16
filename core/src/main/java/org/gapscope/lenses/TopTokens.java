package org.gapscope.lenses;

/**
 * The k most probable next tokens of some rows under the logit lens, best first.
 *
 * @param ids           {@code [row][rank]} token ids
 * @param probabilities {@code [row][rank]} their softmax probabilities over the whole vocabulary
 */
public record TopTokens(int[][] ids, float[][] probabilities) {

    /** Validates and copies. */
    public TopTokens {
        if (ids.length != probabilities.length) {
            throw new IllegalArgumentException(ids.length + " rows of ids, " + probabilities.length + " of probabilities");
        }
        int[][] i = new int[ids.length][];
        float[][] p = new float[ids.length][];
        for (int r = 0; r < ids.length; r++) {
            if (ids[r].length != probabilities[r].length) {
                throw new IllegalArgumentException("row " + r + ": " + ids[r].length + " ids, " + probabilities[r].length
                        + " probabilities");
            }
            i[r] = ids[r].clone();
            p[r] = probabilities[r].clone();
        }
        ids = i;
        probabilities = p;
    }

    /** The number of rows. */
    public int rows() {
        return ids.length;
    }

    /** The most probable token of row {@code r}. */
    public int top1(int r) {
        return ids[r][0];
    }

    /** Token id of row {@code r} at rank {@code k} (0 = best). */
    public int id(int r, int k) {
        return ids[r][k];
    }

    /** Probability of row {@code r} at rank {@code k}. */
    public float probability(int r, int k) {
        return probabilities[r][k];
    }

    @Override
    public int[][] ids() {
        int[][] out = new int[ids.length][];
        for (int r = 0; r < ids.length; r++) {
            out[r] = ids[r].clone();
        }
        return out;
    }

    @Override
    public float[][] probabilities() {
        float[][] out = new float[probabilities.length][];
        for (int r = 0; r < probabilities.length; r++) {
            out[r] = probabilities[r].clone();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopTokens t && java.util.Arrays.deepEquals(ids, t.ids)
                && java.util.Arrays.deepEquals(probabilities, t.probabilities);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.deepHashCode(ids);
    }
}
