package org.gapscope.lenses;

import java.util.Objects;

import org.gapscope.dataset.WordTiming;
import org.gapscope.dataset.WordTimings;

/**
 * The reference word spans of one example as the alignment heatmap draws them: the
 * {@link TokenPairing.Method#REFERENCE_WORDS} pairing (for text token j, the speech positions
 * {@code start[j]..end[j]-1} that overlap its word) together with which word each token was cut from,
 * so that a drawing can name the word and its times. The hit rate scores against the same pairing
 * ({@link ReferenceAlignmentHitRate}), so the spans drawn are exactly the spans scored.
 *
 * @param pairing    the reference pairing (method {@code reference_words})
 * @param tokenWords the word of each text token
 * @param words      the reference word timings
 */
public record ReferenceSpans(TokenPairing pairing, TokenWords tokenWords, WordTimings words) {

    /** Validates that the three agree. */
    public ReferenceSpans {
        Objects.requireNonNull(pairing, "pairing");
        Objects.requireNonNull(tokenWords, "tokenWords");
        Objects.requireNonNull(words, "words");
        if (pairing.method() != TokenPairing.Method.REFERENCE_WORDS) {
            throw new IllegalArgumentException("reference spans need the reference_words pairing, not "
                    + pairing.method().key());
        }
        if (tokenWords.tokenCount() != pairing.textTokens()) {
            throw new IllegalArgumentException(tokenWords.tokenCount() + " token words for " + pairing.textTokens()
                    + " paired tokens");
        }
        if (tokenWords.wordCount() != words.size()) {
            throw new IllegalArgumentException(tokenWords.wordCount() + " transcript words for " + words.size()
                    + " word timings");
        }
    }

    /** The number of text tokens. */
    public int textTokens() {
        return pairing.textTokens();
    }

    /** The number of speech positions, T_s. */
    public int speechPositions() {
        return pairing.speechPositions();
    }

    /** The reference word token {@code j} was cut from, with its timing. */
    public WordTiming wordOf(int j) {
        return words.get(tokenWords.word(j));
    }

    /** Whether speech position {@code i} lies inside token {@code j}'s word span. */
    public boolean contains(int i, int j) {
        return i >= pairing.startOf(j) && i < pairing.endOf(j);
    }
}
