package org.gapscope.lenses;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.gapscope.GapScopeException;
import org.gapscope.dataset.WordTimings;

/**
 * Reference word timings for one pair of captures, as {@code gapscope metrics --words FILE.json} and
 * {@code gapscope lens --words FILE.json} read them: an object with {@code words} (as in a dataset
 * line), {@code transcript} (needed unless {@code token_words} is given), optionally
 * {@code token_words} (the word index of each text token, for dumps without token strings) and
 * {@code duration} (the clip's length in seconds, for speech dumps without position times). A dataset
 * line is such an object; other keys are ignored.
 *
 * @param source     the file, for messages
 * @param transcript the transcript, or empty when {@code tokenWords} is given
 * @param words      the timings, validated against the transcript when there is one
 * @param tokenWords the given token-to-word map, or null
 * @param duration   the clip's length, or NaN
 */
public record ReferenceWords(String source, String transcript, WordTimings words, int[] tokenWords, double duration) {

    /** Validates. */
    public ReferenceWords {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(transcript, "transcript");
        Objects.requireNonNull(words, "words");
        tokenWords = tokenWords == null ? null : tokenWords.clone();
    }

    @Override
    public int[] tokenWords() {
        return tokenWords == null ? null : tokenWords.clone();
    }

    /** Reads and validates {@code file}; every problem is a {@link GapScopeException} naming the file. */
    public static ReferenceWords read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GapScopeException(file + ": no such words file", e);
        } catch (CharacterCodingException e) {
            throw new GapScopeException(file + ": not UTF-8 text (is it a JSON file?)", e);
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot read: " + e.getMessage(), e);
        }
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new GapScopeException(file + ": expected a JSON object with \"words\" and \"transcript\"");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new GapScopeException(file + ": not valid JSON (" + firstLine(e.getMessage()) + ")", e);
        }
        try {
            return parse(file.toString(), o);
        } catch (IllegalArgumentException e) {
            throw new GapScopeException(file + ": " + e.getMessage(), e);
        }
    }

    private static ReferenceWords parse(String source, JsonObject o) {
        if (!o.has("words") || o.get("words").isJsonNull()) {
            throw new IllegalArgumentException("missing \"words\"");
        }
        WordTimings words = WordTimings.fromJson(o.get("words"));
        String transcript = "";
        if (o.has("transcript") && !o.get("transcript").isJsonNull()) {
            JsonElement t = o.get("transcript");
            if (!t.isJsonPrimitive() || !t.getAsJsonPrimitive().isString() || t.getAsString().isBlank()) {
                throw new IllegalArgumentException("\"transcript\" must be a non-empty string");
            }
            transcript = t.getAsString();
            words.checkTranscript(transcript);
        }
        int[] tokenWords = null;
        if (o.has("token_words") && !o.get("token_words").isJsonNull()) {
            JsonElement e = o.get("token_words");
            if (!e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
                throw new IllegalArgumentException("\"token_words\" must be a non-empty list of word indices");
            }
            JsonArray a = e.getAsJsonArray();
            tokenWords = new int[a.size()];
            for (int j = 0; j < a.size(); j++) {
                JsonElement item = a.get(j);
                if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isNumber()
                        || item.getAsDouble() != Math.rint(item.getAsDouble())) {
                    throw new IllegalArgumentException("\"token_words\" item " + (j + 1) + " must be a word index (0-based)");
                }
                tokenWords[j] = item.getAsInt();
            }
            try {
                TokenWords.given(tokenWords, words.size());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("\"token_words\": " + ex.getMessage(), ex);
            }
        }
        if (transcript.isEmpty() && tokenWords == null) {
            throw new IllegalArgumentException("needs \"transcript\" (to match the text tokens to the words) or "
                    + "\"token_words\"");
        }
        double duration = Double.NaN;
        if (o.has("duration") && !o.get("duration").isJsonNull()) {
            JsonElement e = o.get("duration");
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || !(e.getAsDouble() > 0)
                    || !Double.isFinite(e.getAsDouble())) {
                throw new IllegalArgumentException("\"duration\" must be the clip's length in seconds (> 0)");
            }
            duration = e.getAsDouble();
            words.checkInside(duration);
        }
        return new ReferenceWords(source, transcript, words, tokenWords, duration);
    }

    /**
     * The reference pairing for a speech span of {@code speechPositions} and {@code textTokens} tokens.
     *
     * @param tokens the text capture's token strings, or null when the dump has none
     * @param times  the speech capture's position start times, or null when the dump has none
     * @throws GapScopeException when the tokens cannot be matched to the words, the speech times are
     *                           unknown, or a word lies beyond the speech span
     */
    public TokenPairing pairing(int speechPositions, int textTokens, List<String> tokens, float[] times) {
        return pairing(speechPositions, textTokens, tokens, times, duration);
    }

    /**
     * As {@link #pairing(int, int, List, float[])} for a clip known to last {@code clipSeconds} (NaN: the
     * file's {@code duration}, if any), against which the words are checked.
     */
    public TokenPairing pairing(int speechPositions, int textTokens, List<String> tokens, float[] times,
            double clipSeconds) {
        return spans(speechPositions, textTokens, tokens, times, clipSeconds).pairing();
    }

    /**
     * The reference pairing of {@link #pairing(int, int, List, float[], double)} with the word of each
     * token, as the alignment heatmap draws it.
     *
     * @throws GapScopeException as {@link #pairing(int, int, List, float[], double)}
     */
    public ReferenceSpans spans(int speechPositions, int textTokens, List<String> tokens, float[] times,
            double clipSeconds) {
        if (!Double.isNaN(clipSeconds) && clipSeconds != duration) {
            try {
                words.checkInside(clipSeconds);
            } catch (IllegalArgumentException e) {
                throw new GapScopeException(source + ": " + e.getMessage(), e);
            }
        }
        TokenWords map;
        if (tokenWords != null) {
            if (tokenWords.length != textTokens) {
                throw new GapScopeException(source + ": \"token_words\" has " + tokenWords.length + " entries, the text "
                        + "has " + textTokens + " tokens");
            }
            map = TokenWords.given(tokenWords, words.size());
        } else if (tokens != null) {
            if (tokens.size() != textTokens) {
                throw new GapScopeException("the text capture names " + tokens.size() + " tokens for " + textTokens
                        + " positions");
            }
            map = TokenWords.fromTokenText(tokens, transcript);
        } else {
            throw new GapScopeException(source + ": the text dump has no token strings; give \"token_words\" (the word "
                    + "index of each text token) in the words file, or the text capture .npz");
        }
        SpeechPositionTimes positions;
        if (times != null && times.length > 0) {
            if (times.length != speechPositions) {
                throw new GapScopeException("the speech capture has " + times.length + " position times for "
                        + speechPositions + " positions");
            }
            positions = SpeechPositionTimes.fromStartTimes(times, clipSeconds);
        } else if (!Double.isNaN(clipSeconds)) {
            positions = SpeechPositionTimes.uniform(speechPositions, clipSeconds);
        } else {
            throw new GapScopeException(source + ": the speech dump has no position times; give \"duration\" (the clip's "
                    + "length in seconds) in the words file, or the speech capture .npz");
        }
        checkReach(positions);
        return new ReferenceSpans(TokenPairing.referenceWords(words, map, positions), map, words);
    }

    /** Words must end within one position's stretch of the speech span's end (the clip's end, as far as it is known). */
    private void checkReach(SpeechPositionTimes positions) {
        int last = positions.count() - 1;
        double step = positions.endOf(last) - positions.start()[last];
        double reach = positions.end() + (Double.isFinite(step) ? step : 0) + WordTimings.CLIP_END_TOLERANCE;
        for (int k = 0; k < words.size(); k++) {
            if (words.get(k).end() > reach) {
                throw new GapScopeException(String.format(Locale.ROOT, "%s: word %d \"%s\" ends at %.3f s, after the "
                        + "speech span's end (%.3f s)", source, k + 1, words.get(k).word(), words.get(k).end(),
                        positions.end()));
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "parse error";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
