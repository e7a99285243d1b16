package org.gapscope.analysis;

/**
 * Sees each layer's rows while {@link ExampleAnalyzer} reads them, in order 0..L, on the analysing
 * thread, so that another measure over the same pass (e.g. cross-layer CKA) needs no second read of
 * the hidden states. The arrays are reused for the next layer: copy what must outlive the call.
 */
@FunctionalInterface
public interface LayerListener {

    /** Does nothing. */
    LayerListener NONE = (layer, speechRows, textRows) -> { };

    /**
     * Called once per layer.
     *
     * @param layer      the hidden-state index 0..L
     * @param speechRows the speech rows, row-major [T_s, d] (read only)
     * @param textRows   the text rows, row-major [T_t, d] (read only)
     */
    void layer(int layer, float[] speechRows, float[] textRows);
}
