package org.gapscope.figure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonObject;

import org.gapscope.dataset.WordTiming;
import org.gapscope.lenses.ReferenceAlignmentHitRate;
import org.gapscope.lenses.ReferenceSpans;

/**
 * The reference word spans drawn on an alignment heatmap (ALAS-style, arXiv 2505.19937): for each text
 * token j, the speech positions {@code start[j]..end[j]-1} inside the timing of the word it was cut from
 * ({@link ReferenceSpans}), drawn as one box per word over its tokens' rows, with the hit rate of the path
 * shown and its uniform baseline for the caption. Arrays are copied in and out.
 *
 * @param start    per token, its first span position
 * @param end      per token, one past its last span position
 * @param word     per token, the index of its word in {@code wordText}
 * @param wordText the words as the timings spell them
 * @param wordFrom where each word starts, seconds
 * @param wordTo   where each word ends, seconds
 * @param hit      the share of tokens whose path position lies in its span at the layer shown (NaN: not known)
 * @param baseline that share for a uniformly random position (NaN: not known)
 */
public record WordSpans(int[] start, int[] end, int[] word, List<String> wordText, double[] wordFrom, double[] wordTo,
        double hit, double baseline) {

    /** Where the spans and the hit rate come from, for captions and legends. */
    public static final String SOURCE = "ALAS-style, arXiv 2505.19937";

    /**
     * One box: tokens {@code firstToken..endToken-1} (consecutive tokens of one word) over speech positions
     * {@code start..end-1}.
     *
     * @param firstToken the first token row
     * @param endToken   one past the last token row
     * @param start      the first speech position
     * @param end        one past the last speech position
     * @param word       the word
     * @param from       where the word starts, seconds
     * @param to         where it ends, seconds
     */
    public record Box(int firstToken, int endToken, int start, int end, String word, double from, double to) {
    }

    /** Validates sizes and indices, copies. */
    public WordSpans {
        if (start.length != end.length || start.length != word.length || start.length == 0) {
            throw new IllegalArgumentException("word spans: " + start.length + " starts, " + end.length + " ends, "
                    + word.length + " word indices");
        }
        if (wordFrom.length != wordText.size() || wordTo.length != wordText.size()) {
            throw new IllegalArgumentException("word spans: " + wordText.size() + " words with " + wordFrom.length
                    + " starts and " + wordTo.length + " ends");
        }
        for (int j = 0; j < start.length; j++) {
            if (start[j] < 0 || end[j] <= start[j] || word[j] < 0 || word[j] >= wordText.size()) {
                throw new IllegalArgumentException("word spans: token " + j + " spans " + start[j] + ".." + end[j]
                        + " for word " + word[j]);
            }
        }
        start = start.clone();
        end = end.clone();
        word = word.clone();
        wordText = List.copyOf(wordText);
        wordFrom = wordFrom.clone();
        wordTo = wordTo.clone();
    }

    /**
     * The spans of {@code spans} with the hit rate of {@code rate} at {@code layer} (rate may be null:
     * no hit rate in the caption).
     */
    public static WordSpans of(ReferenceSpans spans, ReferenceAlignmentHitRate rate, int layer) {
        int tokens = spans.textTokens();
        int[] s = new int[tokens];
        int[] e = new int[tokens];
        int[] w = new int[tokens];
        for (int j = 0; j < tokens; j++) {
            s[j] = spans.pairing().startOf(j);
            e[j] = spans.pairing().endOf(j);
            w[j] = spans.tokenWords().word(j);
        }
        int n = spans.words().size();
        List<String> text = new ArrayList<>(n);
        double[] from = new double[n];
        double[] to = new double[n];
        for (int k = 0; k < n; k++) {
            WordTiming t = spans.words().get(k);
            text.add(t.word());
            from[k] = t.start();
            to[k] = t.end();
        }
        double h = rate == null ? Double.NaN : rate.hit()[layer];
        double b = rate == null ? Double.NaN : rate.baseline()[layer];
        return new WordSpans(s, e, w, text, from, to, h, b);
    }

    /** The number of text tokens. */
    public int tokenCount() {
        return start.length;
    }

    /** Whether speech position {@code i} lies in token {@code j}'s word span (the cell is boxed). */
    public boolean contains(int i, int j) {
        return i >= start[j] && i < end[j];
    }

    /** The box of token {@code j}: its word's rows and span. */
    public Box boxOf(int j) {
        for (Box b : boxes()) {
            if (j >= b.firstToken() && j < b.endToken()) {
                return b;
            }
        }
        throw new IndexOutOfBoundsException("token " + j + " of " + start.length);
    }

    /** One box per run of consecutive tokens cut from the same word, in token order. */
    public List<Box> boxes() {
        List<Box> out = new ArrayList<>();
        int j = 0;
        while (j < start.length) {
            int k = j + 1;
            while (k < start.length && word[k] == word[j] && start[k] == start[j] && end[k] == end[j]) {
                k++;
            }
            out.add(new Box(j, k, start[j], end[j], wordText.get(word[j]), wordFrom[word[j]], wordTo[word[j]]));
            j = k;
        }
        return out;
    }

    /** The hover and caption text of a box, e.g. {@code word “paris” 0.42–0.81 s}. */
    public static String describe(Box b) {
        return String.format(Locale.ROOT, "word “%s” %.2f–%.2f s", b.word(), b.from(), b.to());
    }

    /** The caption's hit-rate part, e.g. {@code ALAS-style hit rate 0.60 (uniform baseline 0.12)}; empty when not known. */
    public String hitCaption() {
        if (Double.isNaN(hit)) {
            return "";
        }
        return String.format(Locale.ROOT, "ALAS-style hit rate %.2f (uniform baseline %.2f)", hit, baseline);
    }

    /** The spans for a figure's JSON data file. */
    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("label", "reference word spans (" + SOURCE + ")");
        o.add("start", Json.array(start));
        o.add("end", Json.array(end));
        o.add("word", Json.array(word));
        o.add("words", Json.strings(wordText));
        o.add("word_start_s", Json.array(wordFrom));
        o.add("word_end_s", Json.array(wordTo));
        o.add("hit_rate", Json.num(hit));
        o.add("baseline", Json.num(baseline));
        return o;
    }

    @Override
    public int[] start() {
        return start.clone();
    }

    @Override
    public int[] end() {
        return end.clone();
    }

    @Override
    public int[] word() {
        return word.clone();
    }

    @Override
    public double[] wordFrom() {
        return wordFrom.clone();
    }

    @Override
    public double[] wordTo() {
        return wordTo.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WordSpans w && Arrays.equals(start, w.start) && Arrays.equals(end, w.end)
                && Arrays.equals(word, w.word) && wordText.equals(w.wordText) && Arrays.equals(wordFrom, w.wordFrom)
                && Arrays.equals(wordTo, w.wordTo) && Double.compare(hit, w.hit) == 0
                && Double.compare(baseline, w.baseline) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(start) * 31 + Arrays.hashCode(end) * 17 + wordText.hashCode();
    }
}
