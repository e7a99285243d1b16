package org.gapscope.intervention;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

import org.gapscope.analysis.SimilarityMetric;

/**
 * The intervention settings of METHOD.md.
 *
 * @param kind           angle projection or length normalization
 * @param selection      Bottom-k (default k = 3) or All
 * @param rewriteLayers  hidden-state indices whose speech positions are rewritten (default {0}: the LLM
 *                       input embeddings; rewriting index l changes the input of decoder layer l+1)
 * @param selectionLayer the layer whose path selects the tokens; empty = each rewrite layer's own path (default)
 * @param pathMetric     which path selects the tokens (default cosine)
 */
public record InterventionSettings(RewriteKind kind, CriticalTokenSelection selection, int[] rewriteLayers,
        OptionalInt selectionLayer, SimilarityMetric pathMetric) {

    /** Validates and copies. */
    public InterventionSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(selectionLayer, "selectionLayer");
        Objects.requireNonNull(pathMetric, "pathMetric");
        rewriteLayers = Arrays.stream(rewriteLayers).distinct().sorted().toArray();
        if (rewriteLayers.length == 0) {
            throw new IllegalArgumentException("at least one rewrite layer is needed");
        }
        if (rewriteLayers[0] < 0) {
            throw new IllegalArgumentException("rewrite layer " + rewriteLayers[0] + " is negative");
        }
        if (selectionLayer.isPresent() && selectionLayer.getAsInt() < 0) {
            throw new IllegalArgumentException("selection layer " + selectionLayer.getAsInt() + " is negative");
        }
    }

    @Override
    public int[] rewriteLayers() {
        return rewriteLayers.clone();
    }

    /** METHOD.md's defaults for {@code kind}: Bottom-3 on the cosine path, rewriting layer 0, selected at layer 0. */
    public static InterventionSettings defaults(RewriteKind kind) {
        return new InterventionSettings(kind, CriticalTokenSelection.defaults(), new int[] {0}, OptionalInt.empty(),
                SimilarityMetric.COSINE);
    }

    /** The same settings with another selection. */
    public InterventionSettings withSelection(CriticalTokenSelection other) {
        return new InterventionSettings(kind, other, rewriteLayers, selectionLayer, pathMetric);
    }

    /** The same settings rewriting other layers. */
    public InterventionSettings withRewriteLayers(int... layers) {
        return new InterventionSettings(kind, selection, layers, selectionLayer, pathMetric);
    }

    /** The same settings with a fixed selecting layer. */
    public InterventionSettings withSelectionLayer(int layer) {
        return new InterventionSettings(kind, selection, rewriteLayers, OptionalInt.of(layer), pathMetric);
    }

    /** The same settings with another path metric. */
    public InterventionSettings withPathMetric(SimilarityMetric metric) {
        return new InterventionSettings(kind, selection, rewriteLayers, selectionLayer, metric);
    }

    /** The layer whose path selects the tokens rewritten at {@code rewriteLayer}. */
    public int selectingLayerFor(int rewriteLayer) {
        return selectionLayer.orElse(rewriteLayer);
    }

    /** A label such as {@code angle Bottom3} for tables. */
    public String label() {
        return kind.key() + " " + selection.label();
    }
}
