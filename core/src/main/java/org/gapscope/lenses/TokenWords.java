package org.gapscope.lenses;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gapscope.GapScopeException;
import org.gapscope.dataset.WordTimings;

/**
 * Which transcript word each text token was cut from (METHOD.md: "a token belongs to the word it was
 * cut from"), found from the token strings alone, so that it works on any capture, whoever wrote it.
 *
 * <p>The rule (docs/decisions/lenses.md): each token string is turned back into the text it covers
 * (byte-level BPE's byte alphabet, {@code Ġ} for a space, is decoded to bytes; SentencePiece's
 * {@code ▁} is a space and {@code <0xNN>} a byte; WordPiece's leading {@code ##} is dropped; a
 * word-level token is its word). Both that text and the transcript are reduced to a <em>skeleton</em>:
 * per character Unicode NFKD, lower case, letters and digits only. The two skeletons must be equal;
 * a token belongs to the transcript word of its first skeleton character, and a token without one
 * (a space, a punctuation mark) to the word of the token before it (the first such tokens: the word
 * of the next token). Transcript words are those of {@link WordTimings#transcriptWords}.
 *
 * @param wordOfToken for each text token, the index of its word (0-based, never decreasing)
 * @param wordCount   the number of transcript words
 * @param rule        how the map was made ({@link #TOKEN_TEXT} or {@link #GIVEN})
 */
public record TokenWords(int[] wordOfToken, int wordCount, String rule) {

    /** {@link #rule()} of a map found by matching token strings against the transcript. */
    public static final String TOKEN_TEXT = "token_text";
    /** {@link #rule()} of a map given explicitly (e.g. {@code token_words} in a words file). */
    public static final String GIVEN = "given";

    private static final Pattern BYTE_TOKEN = Pattern.compile("<0x([0-9A-Fa-f]{2})>");
    /** GPT-2's byte-to-character table, inverted: character -> byte (-1 where the character is no byte). */
    private static final int[] BYTE_OF_CHAR = byteLevelDecoder();

    /** Validates and copies. */
    public TokenWords {
        Objects.requireNonNull(rule, "rule");
        wordOfToken = wordOfToken.clone();
        for (int j = 0; j < wordOfToken.length; j++) {
            if (wordOfToken[j] < 0 || wordOfToken[j] >= wordCount) {
                throw new IllegalArgumentException("token " + j + " is given word " + wordOfToken[j] + ", the transcript "
                        + "has words 0.." + (wordCount - 1));
            }
            if (j > 0 && wordOfToken[j] < wordOfToken[j - 1]) {
                throw new IllegalArgumentException("token " + j + " is given word " + wordOfToken[j]
                        + ", before token " + (j - 1) + "'s word " + wordOfToken[j - 1] + " (tokens are in transcript order)");
            }
        }
    }

    @Override
    public int[] wordOfToken() {
        return wordOfToken.clone();
    }

    /** The word of token {@code j}. */
    public int word(int j) {
        return wordOfToken[j];
    }

    /** The number of tokens. */
    public int tokenCount() {
        return wordOfToken.length;
    }

    /** A map given explicitly, one word index per token. */
    public static TokenWords given(int[] wordOfToken, int wordCount) {
        return new TokenWords(wordOfToken, wordCount, GIVEN);
    }

    /**
     * Finds each token's word by the rule above.
     *
     * @throws GapScopeException when the tokens do not spell the transcript, naming the first token that differs
     */
    public static TokenWords fromTokenText(List<String> tokens, String transcript) {
        List<String> words = WordTimings.transcriptWords(transcript);
        // the transcript's skeleton, each character with its word
        StringBuilder expected = new StringBuilder();
        List<Integer> wordAt = new ArrayList<>();
        for (int w = 0; w < words.size(); w++) {
            String s = skeleton(words.get(w));
            expected.append(s);
            for (int c = 0; c < s.length(); c++) {
                wordAt.add(w);
            }
        }
        boolean byteLevel = tokens.stream().anyMatch(TokenWords::usesByteAlphabet);
        int[] first = new int[tokens.size()];
        Arrays.fill(first, -1);
        int at = 0;
        Decoded decoded = decode(tokens, byteLevel);
        for (int c = 0; c < decoded.text.length(); c++) {
            String s = skeleton(String.valueOf(decoded.text.charAt(c)));
            int owner = decoded.owner[c];
            for (int k = 0; k < s.length(); k++) {
                if (at >= expected.length() || expected.charAt(at) != s.charAt(k)) {
                    throw mismatch(tokens, owner, transcript, at >= expected.length());
                }
                if (first[owner] < 0) {
                    first[owner] = at;
                }
                at++;
            }
        }
        if (at != expected.length()) {
            throw new GapScopeException("the text tokens " + quoted(tokens) + " end before the transcript \""
                    + transcript.strip() + "\" does (they cannot be matched to its words)");
        }
        int[] word = new int[tokens.size()];
        int previous = -1;
        for (int j = 0; j < tokens.size(); j++) {
            word[j] = first[j] >= 0 ? wordAt.get(first[j]) : previous;
            previous = word[j];
        }
        int next = -1;
        for (int j = tokens.size() - 1; j >= 0; j--) {
            if (word[j] < 0) {
                word[j] = next;
            }
            next = word[j];
        }
        if (tokens.isEmpty() || word[0] < 0) {
            throw new GapScopeException("the text tokens " + quoted(tokens) + " hold no letter or digit of the"
                    + " transcript \"" + transcript.strip() + "\"");
        }
        return new TokenWords(word, words.size(), TOKEN_TEXT);
    }

    /** Per character: NFKD, lower case, letters and digits only. */
    static String skeleton(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            String n = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD)
                    .toLowerCase(Locale.ROOT);
            n.codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
        }
        return sb.toString();
    }

    /** The covered text of all tokens, and for each of its characters the token it came from. */
    private record Decoded(String text, int[] owner) {
    }

    private static Decoded decode(List<String> tokens, boolean byteLevel) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Integer> byteOwner = new ArrayList<>();
        for (int j = 0; j < tokens.size(); j++) {
            byte[] b = tokenBytes(tokens.get(j), byteLevel);
            bytes.write(b, 0, b.length);
            for (int k = 0; k < b.length; k++) {
                byteOwner.add(j);
            }
        }
        byte[] all = bytes.toByteArray();
        StringBuilder text = new StringBuilder();
        List<Integer> owner = new ArrayList<>();
        int i = 0;
        while (i < all.length) {
            int length = utf8Length(all, i);
            String ch = length > 0 ? new String(all, i, length, StandardCharsets.UTF_8) : "\uFFFD";
            for (int k = 0; k < ch.length(); k++) {
                text.append(ch.charAt(k));
                owner.add(byteOwner.get(i));
            }
            i += Math.max(1, length);
        }
        return new Decoded(text.toString(), owner.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The bytes a token string stands for. */
    private static byte[] tokenBytes(String token, boolean byteLevel) {
        if (byteLevel) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < token.length(); ) {
                int cp = token.codePointAt(i);
                i += Character.charCount(cp);
                if (cp < BYTE_OF_CHAR.length && BYTE_OF_CHAR[cp] >= 0) {
                    out.write(BYTE_OF_CHAR[cp]);
                } else {
                    byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                    out.write(b, 0, b.length);
                }
            }
            return out.toByteArray();
        }
        Matcher m = BYTE_TOKEN.matcher(token);
        if (m.matches()) {
            return new byte[] {(byte) Integer.parseInt(m.group(1), 16)};
        }
        String t = token.startsWith("##") && token.length() > 2 ? token.substring(2) : token;
        return t.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
    }

    /** The length of a valid UTF-8 sequence starting at {@code i}, or 0 if none starts there. */
    private static int utf8Length(byte[] b, int i) {
        int lead = b[i] & 0xFF;
        int n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > b.length) {
            return 0;
        }
        for (int k = 1; k < n; k++) {
            if ((b[i + k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        return n;
    }

    /** Whether a token uses the characters byte-level BPE gives the bytes that are not printable (Ġ for a space). */
    private static boolean usesByteAlphabet(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= 0x100 && c < 0x100 + 68) {
                return true;
            }
        }
        return false;
    }

    /** GPT-2's bytes_to_unicode, inverted. */
    private static int[] byteLevelDecoder() {
        int[] byteOf = new int[0x100 + 68];
        Arrays.fill(byteOf, -1);
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            if (printable) {
                byteOf[b] = b;
            } else {
                byteOf[0x100 + extra] = b;
                extra++;
            }
        }
        return byteOf;
    }

    private static GapScopeException mismatch(List<String> tokens, int token, String transcript, boolean beyond) {
        return new GapScopeException("text token " + token + " (\"" + tokens.get(token) + "\") "
                + (beyond ? "goes beyond" : "does not match") + " the transcript \"" + transcript.strip()
                + "\", so the tokens cannot be matched to its words (tokens: " + quoted(tokens) + ")");
    }

    private static String quoted(List<String> tokens) {
        List<String> shown = tokens.size() > 12 ? new ArrayList<>(tokens.subList(0, 12)) : new ArrayList<>(tokens);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shown.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(shown.get(i)).append('"');
        }
        return sb.append(tokens.size() > 12 ? ", ...]" : "]").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenWords t && Arrays.equals(wordOfToken, t.wordOfToken) && wordCount == t.wordCount
                && rule.equals(t.rule);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(wordOfToken) + wordCount;
    }

    @Override
    public String toString() {
        return "TokenWords" + Arrays.toString(wordOfToken) + " (" + rule + ")";
    }
}
