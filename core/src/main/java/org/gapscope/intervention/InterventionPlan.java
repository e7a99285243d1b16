package org.gapscope.intervention;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AlignmentPath;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.HiddenStates;

/**
 * Which speech positions get which text token's vector at which layer, and with which rewrite:
 * what the model runtime's intervention hook needs during the speech prompt pass. Positions are
 * indices into the speech query span (the runtime adds the span's offset in the prompt).
 *
 * <p>The hook, at hidden-state index l (after decoder layer l, or the input embeddings for l = 0),
 * calls {@link #applyInPlace(int, float[], int)} on the span's rows, or reads the rows at
 * {@link LayerRewrite#speechPositions()} and writes back {@link #rewrite(int, float[][])}.
 *
 * @param settings the settings the plan was made with
 * @param rewrites one entry per rewrite layer, ascending
 */
public record InterventionPlan(InterventionSettings settings, List<LayerRewrite> rewrites) {

    /**
     * The rewrite at one layer.
     *
     * @param layer       hidden-state index whose speech rows are rewritten
     * @param tokens      the critical tokens (selected on the path of {@code tokens.layer()})
     * @param textVectors for each of {@code tokens.speechPositions()}, h^t at {@code layer} of its source token
     */
    public record LayerRewrite(int layer, CriticalTokens tokens, float[][] textVectors) {

        /** Validates and copies. */
        public LayerRewrite {
            Objects.requireNonNull(tokens, "tokens");
            if (textVectors.length != tokens.speechPositions().length) {
                throw new IllegalArgumentException(textVectors.length + " text vectors for "
                        + tokens.speechPositions().length + " positions");
            }
            textVectors = deepCopy(textVectors);
        }

        @Override
        public float[][] textVectors() {
            return deepCopy(textVectors);
        }

        /** The speech positions rewritten at this layer, ascending. */
        public int[] speechPositions() {
            return tokens.speechPositions();
        }
    }

    /** Copies the list. */
    public InterventionPlan {
        Objects.requireNonNull(settings, "settings");
        rewrites = List.copyOf(rewrites);
    }

    /**
     * Plans an intervention from an example's analysis (its paths) and the text capture (the
     * vectors the speech positions take).
     *
     * @throws GapScopeException when a rewrite or selecting layer does not exist, or the text capture does not
     *                           match the analysis
     */
    public static InterventionPlan of(ExampleAnalysis analysis, HiddenStates text, InterventionSettings settings) {
        return plan(analysis, text, settings, path -> CriticalTokens.select(path, settings.selection()));
    }

    /**
     * Plans an intervention on exactly the given text tokens (e.g. picked by hand on the path): at each
     * rewrite layer, the speech positions the selecting layer's path aligns them with take their text
     * vectors ({@link CriticalTokens#picked}); the settings' selection is not used.
     *
     * @throws GapScopeException when a layer does not exist, a token is not in the text, or the text capture does
     *                           not match the analysis
     */
    public static InterventionPlan ofTokens(ExampleAnalysis analysis, HiddenStates text, InterventionSettings settings,
            int[] tokens) {
        if (tokens.length == 0) {
            throw new GapScopeException("no tokens picked: pick at least one text token on the path");
        }
        for (int j : tokens) {
            if (j < 0 || j >= analysis.textTokens()) {
                throw new GapScopeException("token " + j + " is not in the text (tokens 0.." + (analysis.textTokens() - 1) + ")");
            }
        }
        return plan(analysis, text, settings, path -> CriticalTokens.picked(path, tokens));
    }

    private static InterventionPlan plan(ExampleAnalysis analysis, HiddenStates text, InterventionSettings settings,
            Function<AlignmentPath, CriticalTokens> choose) {
        if (text.layerCount() != analysis.layerCount() || text.tokenCount() != analysis.textTokens()
                || text.hiddenSize() != analysis.hiddenSize()) {
            throw new GapScopeException(text.name() + ": shape [" + text.layerCount() + ", " + text.tokenCount()
                    + ", " + text.hiddenSize() + "] does not match the analysed text [" + analysis.layerCount()
                    + ", " + analysis.textTokens() + ", " + analysis.hiddenSize() + "]");
        }
        List<LayerRewrite> rewrites = new ArrayList<>();
        int d = text.hiddenSize();
        for (int layer : settings.rewriteLayers()) {
            int selecting = settings.selectingLayerFor(layer);
            for (int l : new int[] {layer, selecting}) {
                if (l >= analysis.layerCount()) {
                    throw new GapScopeException("layer " + l + " does not exist: the model has hidden states 0.."
                            + (analysis.layerCount() - 1));
                }
            }
            CriticalTokens tokens = choose.apply(analysis.path(settings.pathMetric(), selecting));
            float[] textLayer = text.layer(layer);
            int[] sources = tokens.sourceTokens();
            float[][] vectors = new float[sources.length][d];
            for (int p = 0; p < sources.length; p++) {
                System.arraycopy(textLayer, sources[p] * d, vectors[p], 0, d);
            }
            rewrites.add(new LayerRewrite(layer, tokens, vectors));
        }
        return new InterventionPlan(settings, rewrites);
    }

    /** The rewrite at {@code layer}, if the plan rewrites that layer. */
    public Optional<LayerRewrite> at(int layer) {
        return rewrites.stream().filter(r -> r.layer() == layer).findFirst();
    }

    /**
     * Given the current speech rows at the plan's positions for {@code layer} (in the order of
     * {@link LayerRewrite#speechPositions()}), returns the rewritten rows; rows are returned
     * unchanged (copied) when the plan does not touch {@code layer}.
     */
    public float[][] rewrite(int layer, float[][] speechRowsAtPositions) {
        Optional<LayerRewrite> r = at(layer);
        if (r.isEmpty()) {
            return deepCopy(speechRowsAtPositions);
        }
        return settings.kind().rewrite().rewrite(speechRowsAtPositions, r.get().textVectors);
    }

    /**
     * Rewrites, in place, the rows of the speech span at {@code layer} (row-major [T_s, d]); does
     * nothing when the plan does not touch that layer.
     */
    public void applyInPlace(int layer, float[] speechSpan, int hiddenSize) {
        Optional<LayerRewrite> found = at(layer);
        if (found.isEmpty()) {
            return;
        }
        LayerRewrite r = found.get();
        int[] positions = r.tokens().speechPositions();
        SpeechRewrite f = settings.kind().rewrite();
        for (int p = 0; p < positions.length; p++) {
            int offset = positions[p] * hiddenSize;
            if (offset + hiddenSize > speechSpan.length) {
                throw new IllegalArgumentException("speech span of " + speechSpan.length / hiddenSize
                        + " rows has no position " + positions[p]);
            }
            float[] row = new float[hiddenSize];
            System.arraycopy(speechSpan, offset, row, 0, hiddenSize);
            float[] out = f.rewrite(row, r.textVectors[p]);
            System.arraycopy(out, 0, speechSpan, offset, hiddenSize);
        }
    }

    private static float[][] deepCopy(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            out[k] = rows[k].clone();
        }
        return out;
    }
}
