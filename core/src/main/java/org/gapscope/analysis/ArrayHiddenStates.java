package org.gapscope.analysis;

import java.util.Objects;

/** Hidden states held in memory as one row-major float array per layer. */
public final class ArrayHiddenStates implements HiddenStates {

    private final String name;
    private final int tokens;
    private final int hidden;
    private final float[][] layers;

    private ArrayHiddenStates(String name, int tokens, int hidden, float[][] layers) {
        this.name = name;
        this.tokens = tokens;
        this.hidden = hidden;
        this.layers = layers;
    }

    /**
     * Wraps one row-major {@code [tokens, hidden]} array per layer; the arrays are used as they
     * are (not copied), so the caller must not change them afterwards.
     */
    public static ArrayHiddenStates wrap(String name, int tokens, int hidden, float[][] layers) {
        Objects.requireNonNull(name, "name");
        if (tokens < 0 || hidden < 0) {
            throw new IllegalArgumentException(name + ": negative shape [" + tokens + ", " + hidden + "]");
        }
        long expected = (long) tokens * hidden;
        for (int l = 0; l < layers.length; l++) {
            if (layers[l] == null || layers[l].length != expected) {
                throw new IllegalArgumentException(name + ": layer " + l + " has "
                        + (layers[l] == null ? "no values" : layers[l].length + " values")
                        + ", expected " + tokens + " x " + hidden + " = " + expected);
            }
        }
        return new ArrayHiddenStates(name, tokens, hidden, layers.clone());
    }

    /** Copies nested values {@code [layer][position][component]}; every row must have the same length. */
    public static ArrayHiddenStates copyOf(String name, float[][][] values) {
        Objects.requireNonNull(name, "name");
        int layerCount = values.length;
        int tokens = layerCount == 0 ? 0 : values[0].length;
        int hidden = tokens == 0 ? 0 : values[0][0].length;
        float[][] layers = new float[layerCount][];
        for (int l = 0; l < layerCount; l++) {
            if (values[l].length != tokens) {
                throw new IllegalArgumentException(name + ": layer " + l + " has " + values[l].length
                        + " positions, layer 0 has " + tokens);
            }
            layers[l] = new float[tokens * hidden];
            for (int i = 0; i < tokens; i++) {
                if (values[l][i].length != hidden) {
                    throw new IllegalArgumentException(name + ": layer " + l + " position " + i + " has "
                            + values[l][i].length + " components, expected " + hidden);
                }
                System.arraycopy(values[l][i], 0, layers[l], i * hidden, hidden);
            }
        }
        return new ArrayHiddenStates(name, tokens, hidden, layers);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int layerCount() {
        return layers.length;
    }

    @Override
    public int tokenCount() {
        return tokens;
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }

    @Override
    public void copyLayer(int layer, float[] destination) {
        Objects.checkIndex(layer, layers.length);
        System.arraycopy(layers[layer], 0, destination, 0, layers[layer].length);
    }

    /** Returns row {@code position} of layer {@code layer} (a copy). */
    public float[] row(int layer, int position) {
        Objects.checkIndex(position, tokens);
        float[] out = new float[hidden];
        System.arraycopy(layers[layer], position * hidden, out, 0, hidden);
        return out;
    }
}
