package org.gapscope.analysis;

/**
 * Settings of the mismatched-pair control and its bootstrap.
 *
 * @param seed      seeds both the derangement and the bootstrap resampling
 * @param resamples bootstrap resamples
 * @param level     confidence level of the margin's interval
 */
public record ControlSettings(long seed, int resamples, double level) {

    /** Validates the ranges. */
    public ControlSettings {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must lie in (0, 1), got " + level);
        }
    }

    /** Seed 0, {@link Bootstrap#DEFAULT_RESAMPLES} resamples, 95 % interval. */
    public static ControlSettings defaults() {
        return new ControlSettings(0L, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_LEVEL);
    }
}
