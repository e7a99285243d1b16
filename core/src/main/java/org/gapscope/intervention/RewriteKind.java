package org.gapscope.intervention;

/** Which of METHOD.md's two rewrites an intervention applies. */
public enum RewriteKind {
    /** {@link AngleProjection}: keep the speech norm, take the text direction. */
    ANGLE_PROJECTION("angle", AngleProjection.INSTANCE),
    /** {@link LengthNormalization}: keep the speech direction, take the text norm. */
    LENGTH_NORMALIZATION("length", LengthNormalization.INSTANCE);

    private final String key;
    private final SpeechRewrite rewrite;

    RewriteKind(String key, SpeechRewrite rewrite) {
        this.key = key;
        this.rewrite = rewrite;
    }

    /** Short name for tables and the command line ({@code angle}, {@code length}). */
    public String key() {
        return key;
    }

    /** The rewrite function. */
    public SpeechRewrite rewrite() {
        return rewrite;
    }

    /** Parses {@code angle} or {@code length}. */
    public static RewriteKind parse(String text) {
        for (RewriteKind k : values()) {
            if (k.key.equalsIgnoreCase(text.trim()) || k.name().equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown rewrite '" + text + "' (expected angle or length)");
    }
}
