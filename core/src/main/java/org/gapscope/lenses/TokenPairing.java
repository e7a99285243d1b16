package org.gapscope.lenses;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.gapscope.GapScopeException;
import org.gapscope.dataset.WordTiming;
import org.gapscope.dataset.WordTimings;

/**
 * Speech positions paired with text tokens without the model's own alignment path (METHOD.md, "Token
 * pairing without the model's own path"): text token j is paired with the mean of speech positions
 * {@code start[j]} up to, not including, {@code end[j]}. Two ways, in this order of preference:
 * <ol>
 * <li>{@link Method#REFERENCE_WORDS}: the positions whose stretch of audio overlaps the span of the
 *     word the token was cut from ({@link SpeechPositionTimes#overlapping}, {@link TokenWords});</li>
 * <li>{@link Method#PROPORTIONAL}: the T_s positions split into T_t equal consecutive slices, slice j =
 *     floor(j T_s / T_t) up to max(floor((j+1) T_s / T_t), floor(j T_s / T_t) + 1).</li>
 * </ol>
 * Every output that uses a pairing records it ({@link #method()}, {@link #note()}).
 *
 * @param method          how the pairs were made
 * @param speechPositions T_s
 * @param start           for each text token, its first paired speech position
 * @param end             for each text token, one past its last paired speech position (start < end)
 * @param note            what the pairing rests on (e.g. the token-to-word rule), or why it fell back
 */
public record TokenPairing(Method method, int speechPositions, int[] start, int[] end, String note) {

    /** How speech positions were paired with text tokens. */
    public enum Method {
        /** By the reference word timings of the example ({@code words}). */
        REFERENCE_WORDS("reference_words"),
        /** By proportional slices of the speech span. */
        PROPORTIONAL("proportional");

        private final String key;

        Method(String key) {
            this.key = key;
        }

        /** The name written in outputs. */
        public String key() {
            return key;
        }
    }

    /** Validates and copies. */
    public TokenPairing {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(note, "note");
        start = start.clone();
        end = end.clone();
        if (start.length != end.length) {
            throw new IllegalArgumentException(start.length + " starts for " + end.length + " ends");
        }
        for (int j = 0; j < start.length; j++) {
            if (start[j] < 0 || end[j] <= start[j] || end[j] > speechPositions) {
                throw new IllegalArgumentException("token " + j + " is paired with positions " + start[j] + ".."
                        + (end[j] - 1) + " of a speech span of " + speechPositions);
            }
        }
    }

    /** The proportional pairing of {@code speechPositions} positions with {@code textTokens} tokens. */
    public static TokenPairing proportional(int speechPositions, int textTokens) {
        return proportional(speechPositions, textTokens, "");
    }

    /** The proportional pairing, with a note (e.g. why the word timings could not be used). */
    public static TokenPairing proportional(int speechPositions, int textTokens, String note) {
        if (speechPositions < 1 || textTokens < 1) {
            throw new GapScopeException("pairing needs at least one speech position and one text token, got "
                    + speechPositions + " and " + textTokens);
        }
        int[] s = new int[textTokens];
        int[] e = new int[textTokens];
        for (int j = 0; j < textTokens; j++) {
            s[j] = (int) ((long) j * speechPositions / textTokens);
            e[j] = Math.max((int) ((long) (j + 1) * speechPositions / textTokens), s[j] + 1);
        }
        return new TokenPairing(Method.PROPORTIONAL, speechPositions, s, e, note);
    }

    /**
     * The pairing by reference word timings: token j takes the positions overlapping the span of word
     * {@code tokenWords.word(j)}.
     *
     * @throws GapScopeException when the map and the timings disagree on the number of words
     */
    public static TokenPairing referenceWords(WordTimings words, TokenWords tokenWords, SpeechPositionTimes times) {
        if (words.isEmpty()) {
            throw new GapScopeException("pairing by reference words needs word timings");
        }
        if (tokenWords.wordCount() != words.size()) {
            throw new GapScopeException("the transcript has " + tokenWords.wordCount() + " words, the word timings "
                    + words.size());
        }
        int tokens = tokenWords.tokenCount();
        int[] s = new int[tokens];
        int[] e = new int[tokens];
        for (int j = 0; j < tokens; j++) {
            WordTiming w = words.get(tokenWords.word(j));
            int[] span = times.overlapping(w.start(), w.end());
            s[j] = span[0];
            e[j] = span[1];
        }
        return new TokenPairing(Method.REFERENCE_WORDS, times.count(), s, e,
                "token to word: " + tokenWords.rule() + "; word span to positions: overlapping stretches");
    }

    @Override
    public int[] start() {
        return start.clone();
    }

    @Override
    public int[] end() {
        return end.clone();
    }

    /** The number of text tokens paired. */
    public int textTokens() {
        return start.length;
    }

    /** The first speech position paired with token {@code j}. */
    public int startOf(int j) {
        return start[j];
    }

    /** One past the last speech position paired with token {@code j}. */
    public int endOf(int j) {
        return end[j];
    }

    /**
     * The paired speech vectors of one layer, row-major {@code [T_t, d]}: row j is the mean (in double,
     * stored as float32) of speech rows {@code start[j]..end[j]-1} of {@code speechRows} {@code [T_s, d]}.
     */
    public void pairedRows(float[] speechRows, int d, float[] destination) {
        double[] sum = new double[d];
        for (int j = 0; j < start.length; j++) {
            Arrays.fill(sum, 0);
            for (int i = start[j]; i < end[j]; i++) {
                int off = i * d;
                for (int k = 0; k < d; k++) {
                    sum[k] += speechRows[off + k];
                }
            }
            int count = end[j] - start[j];
            int out = j * d;
            for (int k = 0; k < d; k++) {
                destination[out + k] = (float) (sum[k] / count);
            }
        }
    }

    /** A one-line description for tables, e.g. {@code proportional} or {@code reference_words (...)}. */
    public String describe() {
        return note.isEmpty() ? method.key() : String.format(Locale.ROOT, "%s (%s)", method.key(), note);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenPairing p && method == p.method && speechPositions == p.speechPositions
                && Arrays.equals(start, p.start) && Arrays.equals(end, p.end) && note.equals(p.note);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, speechPositions, Arrays.hashCode(start), Arrays.hashCode(end), note);
    }

    @Override
    public String toString() {
        return "TokenPairing[" + describe() + ", " + start.length + " tokens over " + speechPositions + " positions]";
    }
}
