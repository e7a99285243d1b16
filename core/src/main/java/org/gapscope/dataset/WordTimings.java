package org.gapscope.dataset;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * An example's reference word timings (dataset field {@code words}): one {@link WordTiming} per
 * transcript word, in transcript order. Validated on construction (starts and ends never go back in
 * time); {@link #checkTranscript} checks the words against a transcript and {@link #checkInside}
 * against the clip's length. An empty list means the example has none.
 *
 * <p>Transcript words are the transcript split at white space; two words match when their
 * {@linkplain #normalize normalised forms} are equal; a transcript word whose normalised form is
 * empty (a lone dash or ampersand) is not a word and needs no timing.
 */
public record WordTimings(List<WordTiming> words) {

    /** No timings. */
    public static final WordTimings NONE = new WordTimings(List.of());

    /** How far (seconds, one log-mel hop) a word may end after the clip's last sample (rounding in aligners). */
    public static final double CLIP_END_TOLERANCE = 0.01;

    /** Copies the list and checks the order. */
    public WordTimings {
        words = List.copyOf(words);
        for (int k = 1; k < words.size(); k++) {
            WordTiming before = words.get(k - 1);
            WordTiming w = words.get(k);
            if (w.start() < before.start() || w.end() < before.end()) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "\"words\" are not in order: word %d \"%s\" (%.3f-%.3f s) comes before word %d \"%s\" "
                                + "(%.3f-%.3f s)", k, before.word(), before.start(), before.end(), k + 1, w.word(),
                        w.start(), w.end()));
            }
        }
    }

    /** Whether there are no timings. */
    public boolean isEmpty() {
        return words.isEmpty();
    }

    /** The number of timed words. */
    public int size() {
        return words.size();
    }

    /** Word {@code k} (0-based). */
    public WordTiming get(int k) {
        return words.get(k);
    }

    /**
     * The comparison form of a word: Unicode NFKD, lower case, letters and digits only (accents,
     * punctuation and symbols dropped), so "France?" matches "france" and "café" matches "cafe".
     */
    public static String normalize(String word) {
        String n = Normalizer.normalize(word, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(n.length());
        n.codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /** The words of a transcript (split at white space), without those that normalise to nothing. */
    public static List<String> transcriptWords(String transcript) {
        List<String> out = new ArrayList<>();
        for (String w : transcript.strip().split("\\s+")) {
            if (!normalize(w).isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * Checks that the timed words are the transcript's words, in order.
     *
     * @throws IllegalArgumentException naming the two counts, or the first word that differs
     */
    public void checkTranscript(String transcript) {
        List<String> expected = transcriptWords(transcript);
        if (expected.size() != words.size()) {
            throw new IllegalArgumentException("\"words\" has " + words.size() + " words, the transcript \""
                    + transcript.strip() + "\" has " + expected.size());
        }
        for (int k = 0; k < expected.size(); k++) {
            if (!normalize(expected.get(k)).equals(normalize(words.get(k).word()))) {
                throw new IllegalArgumentException("\"words\": word " + (k + 1) + " is \"" + words.get(k).word()
                        + "\", the transcript's word " + (k + 1) + " is \"" + expected.get(k) + "\"");
            }
        }
    }

    /**
     * Checks that every word lies inside a clip of {@code seconds} (up to {@link #CLIP_END_TOLERANCE}).
     *
     * @throws IllegalArgumentException naming the first word that ends after the clip
     */
    public void checkInside(double seconds) {
        for (int k = 0; k < words.size(); k++) {
            WordTiming w = words.get(k);
            if (w.end() > seconds + CLIP_END_TOLERANCE) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "\"words\": word %d \"%s\" ends at %.3f s, after the end of the %.3f s clip", k + 1,
                        w.word(), w.end(), seconds));
            }
        }
    }

    /**
     * Reads the JSON form, a list of {@code {"word", "start", "end"}} objects (other keys ignored).
     *
     * @throws IllegalArgumentException naming the item and the problem
     */
    public static WordTimings fromJson(JsonElement e) {
        Objects.requireNonNull(e, "e");
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException("\"words\" must be a list of {\"word\", \"start\", \"end\"} objects, not "
                    + kind(e));
        }
        JsonArray array = e.getAsJsonArray();
        if (array.isEmpty()) {
            throw new IllegalArgumentException("\"words\" is empty (leave it out when there are no timings)");
        }
        List<WordTiming> out = new ArrayList<>();
        for (int k = 0; k < array.size(); k++) {
            JsonElement item = array.get(k);
            String where = "\"words\" item " + (k + 1);
            if (!item.isJsonObject()) {
                throw new IllegalArgumentException(where + " must be an object {\"word\", \"start\", \"end\"}, not "
                        + kind(item));
            }
            JsonObject o = item.getAsJsonObject();
            JsonElement word = o.get("word");
            if (word == null || !word.isJsonPrimitive() || !word.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException(where + ": \"word\" must be a string");
            }
            try {
                WordTiming w = new WordTiming(word.getAsString(), seconds(o, "start", where),
                        seconds(o, "end", where));
                if (normalize(w.word()).isEmpty()) {
                    throw new IllegalArgumentException("\"" + w.word() + "\" is not a word (no letter or digit)");
                }
                out.add(w);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
            }
        }
        return new WordTimings(out);
    }

    private static double seconds(JsonObject o, String key, String where) {
        JsonElement v = o.get(key);
        if (v == null || !v.isJsonPrimitive() || !((JsonPrimitive) v).isNumber()) {
            throw new IllegalArgumentException(where + ": \"" + key + "\" must be a number of seconds");
        }
        return v.getAsDouble();
    }

    /** The JSON form read by {@link #fromJson}. */
    public JsonArray toJson() {
        JsonArray a = new JsonArray();
        for (WordTiming w : words) {
            JsonObject o = new JsonObject();
            o.addProperty("word", w.word());
            o.addProperty("start", w.start());
            o.addProperty("end", w.end());
            a.add(o);
        }
        return a;
    }

    private static String kind(JsonElement e) {
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "a list";
        }
        return e.getAsJsonPrimitive().isString() ? "a string" : e.getAsJsonPrimitive().isNumber() ? "a number"
                : "a boolean";
    }
}
