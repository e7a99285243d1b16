package org.gapscope.analysis;

/** The two token-level measures of METHOD.md: cosine similarity and Euclidean distance. */
public enum SimilarityMetric {
    /** Cosine similarity; higher means more aligned, so paths take the arg-max. */
    COSINE("cosine"),
    /** Euclidean distance; lower means more aligned, so paths take the arg-min. */
    EUCLIDEAN("euclidean");

    private final String key;

    SimilarityMetric(String key) {
        this.key = key;
    }

    /** The lower-case name used in JSON keys and on the command line. */
    public String key() {
        return key;
    }

    /** Whether a larger value means better aligned (true for cosine, false for distance). */
    public boolean higherIsBetter() {
        return this == COSINE;
    }

    /** Whether {@code candidate} is strictly better aligned than {@code incumbent} under this metric. */
    public boolean better(double candidate, double incumbent) {
        return this == COSINE ? candidate > incumbent : candidate < incumbent;
    }

    /** Parses {@code cosine} or {@code euclidean} (case-insensitive). */
    public static SimilarityMetric parse(String text) {
        for (SimilarityMetric m : values()) {
            if (m.key.equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + text + "' (expected cosine or euclidean)");
    }
}
