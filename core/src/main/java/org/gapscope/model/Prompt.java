package org.gapscope.model;

import java.util.ArrayList;
import java.util.List;

import org.gapscope.capture.Modality;

/**
 * A query placed in the model's prompt template: the template's prefix tokens, the query span (speech
 * embeddings or transcript tokens) and the suffix tokens. Built by {@link LayeredModel#speechPrompt}
 * and {@link LayeredModel#textPrompt}; immutable and reusable across passes.
 */
public final class Prompt {

    private final Modality modality;
    private final long[] prefixIds;
    private final List<String> prefixTokens;
    private final long[] queryIds;
    private final SpeechEmbeddings speech;
    private final List<String> queryTokens;
    private final long[] suffixIds;
    private final List<String> suffixTokens;
    private final String transcript;

    private Prompt(Modality modality, long[] prefixIds, List<String> prefixTokens, long[] queryIds,
            SpeechEmbeddings speech, List<String> queryTokens, long[] suffixIds, List<String> suffixTokens,
            String transcript) {
        this.modality = modality;
        this.prefixIds = prefixIds.clone();
        this.prefixTokens = List.copyOf(prefixTokens);
        this.queryIds = queryIds == null ? null : queryIds.clone();
        this.speech = speech;
        this.queryTokens = List.copyOf(queryTokens);
        this.suffixIds = suffixIds.clone();
        this.suffixTokens = List.copyOf(suffixTokens);
        this.transcript = transcript;
    }

    static Prompt text(Encoded prefix, Encoded query, Encoded suffix, String transcript) {
        return new Prompt(Modality.TEXT, prefix.ids(), prefix.tokens(), query.ids(), null, query.tokens(), suffix.ids(),
                suffix.tokens(), transcript);
    }

    static Prompt speech(Encoded prefix, SpeechEmbeddings speech, Encoded suffix) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < speech.positions(); i++) {
            names.add("s" + i);
        }
        return new Prompt(Modality.SPEECH, prefix.ids(), prefix.tokens(), null, speech, names, suffix.ids(),
                suffix.tokens(), null);
    }

    /** Token ids with their strings, as the tokenizer gave them. */
    record Encoded(long[] ids, List<String> tokens) {
    }

    /** Speech or text. */
    public Modality modality() {
        return modality;
    }

    /** The index of the query span's first position in the whole sequence. */
    public int queryStart() {
        return prefixIds.length;
    }

    /** The number of positions of the query span. */
    public int queryLength() {
        return queryTokens.size();
    }

    /** The length of the whole prompt (template and query). */
    public int length() {
        return prefixIds.length + queryLength() + suffixIds.length;
    }

    /** The query span's token names ({@code s0, s1, ...} for speech). */
    public List<String> queryTokens() {
        return queryTokens;
    }

    /** The whole prompt's token names: template tokens, query names, template tokens. */
    public List<String> allTokens() {
        List<String> all = new ArrayList<>(prefixTokens);
        all.addAll(queryTokens);
        all.addAll(suffixTokens);
        return all;
    }

    /** Start times in seconds of the speech positions (empty for text). */
    public float[] queryTimes() {
        return speech == null ? new float[0] : speech.times();
    }

    /** The speech embeddings of a spoken query, or null for text. */
    public SpeechEmbeddings speech() {
        return speech;
    }

    /** The transcript of a typed query, or null for speech. */
    public String transcript() {
        return transcript;
    }

    long[] prefixIds() {
        return prefixIds;
    }

    long[] queryIds() {
        return queryIds;
    }

    long[] suffixIds() {
        return suffixIds;
    }

    @Override
    public String toString() {
        return "Prompt[" + modality.id() + ", " + length() + " positions, query " + queryStart() + ".."
                + (queryStart() + queryLength() - 1) + "]";
    }
}
