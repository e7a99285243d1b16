package org.gapscope.evaluation;

import java.util.Locale;

import org.gapscope.GapScopeException;

/**
 * Which captures {@code gapscope evaluate --captures} keeps on disk. The scores and the
 * mismatched-pair control are the same whichever is chosen: both are computed as each example runs.
 */
public enum CapturesKept {
    /** Speech and text captures (about 200 MB per example for a 7B model at 30 s, float16). */
    ALL,
    /** Text captures only (a few MB per example at 7B): the default. */
    TEXT,
    /** None: results and scores only. */
    NONE;

    /** The name on the command line and in run.json ({@code all}, {@code text}, {@code none}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether speech captures are kept. */
    public boolean keepsSpeech() {
        return this == ALL;
    }

    /** Whether text captures are kept. */
    public boolean keepsText() {
        return this != NONE;
    }

    /** Parses {@code all}, {@code text} or {@code none}. */
    public static CapturesKept parse(String text) {
        for (CapturesKept c : values()) {
            if (c.key().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new GapScopeException("--captures must be all, text or none, not \"" + text + "\"");
    }
}
