package org.gapscope.analysis;

/**
 * Read-only hidden states of one query span at every layer, shape {@code [L+1, T, d]}: index 0 is
 * the input embeddings, index l (1..L) the output of decoder layer l.
 *
 * <p>Implementations may hold the values in memory, memory-map a NumPy file or convert float16 on
 * the fly; the analysis only ever asks for one layer at a time, so memory stays bounded by one
 * layer however many layers there are.
 */
public interface HiddenStates {

    /** A short name for messages, e.g. the file name or {@code speech}. */
    String name();

    /** Number of hidden states, L+1 (input embeddings plus one per decoder layer). */
    int layerCount();

    /** Number of positions (speech frames after the adapter, or text tokens) in the span. */
    int tokenCount();

    /** Hidden size d. */
    int hiddenSize();

    /**
     * Copies layer {@code layer} as float32, row-major {@code [tokenCount, hiddenSize]}, into the
     * first {@code tokenCount * hiddenSize} elements of {@code destination}.
     */
    void copyLayer(int layer, float[] destination);

    /** Returns layer {@code layer} as a new row-major array (convenience; allocates). */
    default float[] layer(int layer) {
        float[] out = new float[Math.multiplyExact(tokenCount(), hiddenSize())];
        copyLayer(layer, out);
        return out;
    }

    /** Wraps in-memory values {@code [layer][position][component]} (copied). */
    static HiddenStates of(String name, float[][][] values) {
        return ArrayHiddenStates.copyOf(name, values);
    }
}
