package org.gapscope.analysis;

/**
 * A dataset-level score with its mismatched-pair control: the mean over examples of the matched
 * pairs, the mean of the mismatched pairs, and the margin matched - mismatched with its bootstrap
 * interval. For distances (lower = closer) a negative margin means matched pairs are closer.
 *
 * @param score          which score
 * @param layer          the layer, or -1 for the example-level averages over layers
 * @param examples       examples where both the matched and the mismatched value are defined
 * @param matched        mean of the matched values over those examples
 * @param mismatched     mean of the mismatched values over those examples
 * @param margin         matched - mismatched
 * @param marginInterval bootstrap interval of the margin (examples resampled, pairs kept together)
 * @param controlLabel   {@link MismatchedPairControl#LABEL}
 */
public record ControlledScore(Score score, int layer, int examples, double matched, double mismatched,
        double margin, ConfidenceInterval marginInterval, String controlLabel) {

    /** Layer value meaning "the average over layers". */
    public static final int AVERAGE = -1;

    /** Whether the interval excludes zero, i.e. matched and mismatched pairs differ at this level. */
    public boolean marginExcludesZero() {
        return marginInterval != null && !marginInterval.contains(0);
    }
}
