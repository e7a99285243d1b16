package org.gapscope.analysis;

/** The scalar scores of one example that dataset means, controls and GAP regressions are taken of. */
public enum Score {
    /** Pooled cosine (layer curve), S for cosine. */
    COSINE("cosine", true),
    /** Pooled Euclidean distance (layer curve), S for distance. */
    EUCLIDEAN("euclidean", false),
    /** Alignment Path Score on the cosine path. */
    APS_COSINE("aps_cosine", true),
    /** Alignment Path Score on the Euclidean path. */
    APS_EUCLIDEAN("aps_euclidean", false),
    /** Spearman monotonicity of the cosine path. */
    MONOTONICITY_COSINE("monotonicity_cosine", true),
    /** Spearman monotonicity of the Euclidean path. */
    MONOTONICITY_EUCLIDEAN("monotonicity_euclidean", true),
    /** Share of tokens aligned to the same position by both paths. */
    CONSISTENCY("consistency", true);

    private final String key;
    private final boolean higherIsMoreAligned;

    Score(String key, boolean higherIsMoreAligned) {
        this.key = key;
        this.higherIsMoreAligned = higherIsMoreAligned;
    }

    /** The JSON key, e.g. {@code aps_cosine}. */
    public String key() {
        return key;
    }

    /** The name a reader of the paper knows it by, for axes and tables, e.g. {@code APS (cosine)}. */
    public String label() {
        return switch (this) {
            case COSINE -> "S (mean cosine over layers)";
            case EUCLIDEAN -> "S (mean Euclidean distance over layers)";
            case APS_COSINE -> "APS (cosine)";
            case APS_EUCLIDEAN -> "APS (Euclidean)";
            case MONOTONICITY_COSINE -> "monotonicity (cosine path)";
            case MONOTONICITY_EUCLIDEAN -> "monotonicity (Euclidean path)";
            case CONSISTENCY -> "consistency (cosine vs Euclidean path)";
        };
    }

    /** Whether larger values mean speech and text are closer (false for the distances). */
    public boolean higherIsMoreAligned() {
        return higherIsMoreAligned;
    }

    /** Parses a JSON key such as {@code aps_cosine}. */
    public static Score parse(String key) {
        for (Score s : values()) {
            if (s.key.equalsIgnoreCase(key.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown score '" + key + "'");
    }
}
