package org.gapscope.model;

import java.util.Arrays;
import java.util.List;

/**
 * A transcript's tokens and their input embeddings (layer 0 of a text query), as the runtime builds
 * them for the text prompt.
 *
 * @param ids the token ids
 * @param tokens the token strings
 * @param vectors one embedding per token, {@code [token][dimension]}
 */
public record TokenEmbeddings(long[] ids, List<String> tokens, float[][] vectors) {

    /** Copies the arrays. */
    public TokenEmbeddings {
        ids = ids.clone();
        tokens = List.copyOf(tokens);
        float[][] copy = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            copy[i] = vectors[i].clone();
        }
        vectors = copy;
    }

    /** The token ids (a copy). */
    @Override
    public long[] ids() {
        return ids.clone();
    }

    /** The embeddings (a copy). */
    @Override
    public float[][] vectors() {
        float[][] copy = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            copy[i] = vectors[i].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenEmbeddings t && Arrays.equals(ids, t.ids) && tokens.equals(t.tokens)
                && Arrays.deepEquals(vectors, t.vectors);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + tokens.hashCode();
    }

    @Override
    public String toString() {
        return "TokenEmbeddings" + tokens;
    }
}
