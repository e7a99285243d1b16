package org.gapscope.lenses;

import java.util.List;
import java.util.Objects;

/**
 * What the logit lens reads at some layers of one query span: for each chosen layer, the top-k tokens
 * (with probabilities) of every position.
 *
 * @param side      {@code speech} or {@code text}
 * @param positions the span's position names (token strings, or {@code s0, s1, ...} for speech)
 * @param layers    the hidden-state indices read, ascending
 * @param k         how many tokens per position
 * @param perLayer  for each of {@code layers}, the top tokens of every position
 */
public record LensReadout(String side, List<String> positions, int[] layers, int k, List<TopTokens> perLayer) {

    /** Validates and copies. */
    public LensReadout {
        Objects.requireNonNull(side, "side");
        positions = List.copyOf(positions);
        layers = layers.clone();
        perLayer = List.copyOf(perLayer);
        if (perLayer.size() != layers.length) {
            throw new IllegalArgumentException(perLayer.size() + " read-outs for " + layers.length + " layers");
        }
        for (TopTokens t : perLayer) {
            if (t.rows() != positions.size()) {
                throw new IllegalArgumentException(t.rows() + " rows for " + positions.size() + " positions");
            }
        }
    }

    @Override
    public int[] layers() {
        return layers.clone();
    }

    /** The read-out at hidden state {@code layer}, or null when that layer was not read. */
    public TopTokens at(int layer) {
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] == layer) {
                return perLayer.get(i);
            }
        }
        return null;
    }
}
