package org.gapscope.capture;

import java.util.Locale;

import org.gapscope.GapScopeException;

/** How a query reached the model: spoken (speech embeddings) or typed (transcript tokens). */
public enum Modality {
    /** The query as audio, through the speech encoder and adapter. */
    SPEECH,
    /** The query as its transcript, through the token embeddings. */
    TEXT;

    /** The lower-case name used in files ({@code speech}, {@code text}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code speech} or {@code text}; {@code where} names the source for the error message. */
    public static Modality parse(String value, String where) {
        for (Modality m : values()) {
            if (m.id().equals(value)) {
                return m;
            }
        }
        throw new GapScopeException(where + ": modality must be \"speech\" or \"text\", not \"" + value + "\"");
    }
}
