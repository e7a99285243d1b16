package org.gapscope.dataset;

import java.util.Objects;

/**
 * One word of a transcript with where it is spoken in the clip (a reference word timing, e.g. from a
 * forced aligner), in seconds from the start of the audio.
 *
 * @param word  the word as written in the transcript (compared after {@link WordTimings#normalize})
 * @param start where it starts, seconds (finite, not negative)
 * @param end   where it ends, seconds (finite, not before {@code start})
 */
public record WordTiming(String word, double start, double end) {

    /** Validates, naming the field and the bad value. */
    public WordTiming {
        Objects.requireNonNull(word, "word");
        if (word.isBlank()) {
            throw new IllegalArgumentException("\"word\" is empty");
        }
        if (!Double.isFinite(start) || start < 0) {
            throw new IllegalArgumentException("\"" + word + "\": \"start\" must be a number of seconds >= 0, not "
                    + start);
        }
        if (!Double.isFinite(end) || end < start) {
            throw new IllegalArgumentException("\"" + word + "\": \"end\" must be a number of seconds >= start ("
                    + start + "), not " + end);
        }
    }
}
