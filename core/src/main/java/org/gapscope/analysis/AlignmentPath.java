package org.gapscope.analysis;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The alignment path of METHOD.md at one layer: for each text token j, the speech position
 * i*_j = argmax_i cosine (or argmin_i distance), chosen independently per token with no monotonic
 * constraint; ties go to the lowest speech index.
 *
 * @param layer       hidden-state index (0 = input embeddings)
 * @param metric      the measure the path maximises (cosine) or minimises (distance)
 * @param speechIndex i*_j for each text token j
 * @param value       A_l[i*_j, j], the token's best similarity or smallest distance (double precision)
 */
public record AlignmentPath(int layer, SimilarityMetric metric, int[] speechIndex, double[] value) {

    /** Validates and copies the arrays. */
    public AlignmentPath {
        Objects.requireNonNull(metric, "metric");
        if (speechIndex.length != value.length) {
            throw new IllegalArgumentException("path has " + speechIndex.length + " positions but "
                    + value.length + " values");
        }
        speechIndex = speechIndex.clone();
        value = value.clone();
    }

    @Override
    public int[] speechIndex() {
        return speechIndex.clone();
    }

    @Override
    public double[] value() {
        return value.clone();
    }

    /** Number of text tokens. */
    public int tokenCount() {
        return speechIndex.length;
    }

    /** i*_j for text token {@code token}. */
    public int speechIndexOf(int token) {
        return speechIndex[token];
    }

    /** A_l[i*_j, j] for text token {@code token}. */
    public double valueOf(int token) {
        return value[token];
    }

    /** This layer's Alignment Path Score: the mean of the path values over text tokens. */
    public double score() {
        double s = 0;
        for (double v : value) {
            s += v;
        }
        return s / value.length;
    }

    /** This layer's monotonicity (Spearman), empty when undefined. */
    public OptionalDouble monotonicity() {
        double rho = Monotonicity.spearman(speechIndex);
        return Double.isNaN(rho) ? OptionalDouble.empty() : OptionalDouble.of(rho);
    }

    /** Share of text tokens whose aligned position is the same on {@code other}'s path. */
    public double agreementWith(AlignmentPath other) {
        if (other.speechIndex.length != speechIndex.length) {
            throw new IllegalArgumentException("paths over " + speechIndex.length + " and "
                    + other.speechIndex.length + " tokens cannot be compared");
        }
        int same = 0;
        for (int j = 0; j < speechIndex.length; j++) {
            if (speechIndex[j] == other.speechIndex[j]) {
                same++;
            }
        }
        return (double) same / speechIndex.length;
    }
}
