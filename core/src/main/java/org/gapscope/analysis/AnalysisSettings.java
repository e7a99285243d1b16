package org.gapscope.analysis;

/**
 * The user-visible analysis settings of METHOD.md for one example.
 *
 * @param includeLayer0 whether the input embeddings (hidden state 0) enter the averages; layer 0
 *                      is always computed and shown (METHOD.md default: excluded, so {@code false})
 * @param dtwExtension  whether to compute GapScope's monotonic DTW path (an extension, not the
 *                      paper's method; default {@code true})
 */
public record AnalysisSettings(boolean includeLayer0, boolean dtwExtension) {

    /** METHOD.md's defaults: layer 0 shown but not averaged, DTW extension computed. */
    public static AnalysisSettings defaults() {
        return new AnalysisSettings(false, true);
    }

    /** The same settings with {@code includeLayer0} changed. */
    public AnalysisSettings withIncludeLayer0(boolean include) {
        return new AnalysisSettings(include, dtwExtension);
    }

    /** The same settings with the DTW extension switched on or off. */
    public AnalysisSettings withDtwExtension(boolean dtw) {
        return new AnalysisSettings(includeLayer0, dtw);
    }

    /** The layers averaged over for a stack of {@code layerCount} = L+1 hidden states. */
    public LayerRange averagedLayers(int layerCount) {
        return new LayerRange(includeLayer0 ? 0 : 1, layerCount - 1);
    }
}
