package org.gapscope.lenses;

import java.util.List;
import java.util.Objects;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.HiddenStates;

/**
 * Several examples' hidden states stacked along the positions: layer l is example 0's rows of layer l,
 * then example 1's, and so on; what dataset-level CKA reads. A view: each {@link #copyLayer} reads
 * that layer of every part.
 */
public final class StackedHiddenStates implements HiddenStates {

    private final String name;
    private final List<HiddenStates> parts;
    private final int layers;
    private final int tokens;
    private final int hidden;

    private StackedHiddenStates(String name, List<HiddenStates> parts, int layers, int tokens, int hidden) {
        this.name = name;
        this.parts = parts;
        this.layers = layers;
        this.tokens = tokens;
        this.hidden = hidden;
    }

    /**
     * Stacks {@code parts} (at least one; all with the same layer count and hidden size).
     *
     * @throws GapScopeException naming the first part that does not fit
     */
    public static StackedHiddenStates of(String name, List<? extends HiddenStates> parts) {
        Objects.requireNonNull(name, "name");
        if (parts.isEmpty()) {
            throw new GapScopeException(name + ": nothing to stack");
        }
        HiddenStates first = parts.get(0);
        long tokens = 0;
        for (HiddenStates p : parts) {
            if (p.layerCount() != first.layerCount() || p.hiddenSize() != first.hiddenSize()) {
                throw new GapScopeException(name + ": " + p.name() + " has " + p.layerCount() + " hidden states of width "
                        + p.hiddenSize() + ", " + first.name() + " has " + first.layerCount() + " of width "
                        + first.hiddenSize() + " (one model per stack)");
            }
            tokens += p.tokenCount();
        }
        if (tokens * first.hiddenSize() > Integer.MAX_VALUE - 16) {
            throw new GapScopeException(name + ": " + tokens + " stacked rows of width " + first.hiddenSize()
                    + " are too many for one layer");
        }
        return new StackedHiddenStates(name, List.copyOf(parts), first.layerCount(), (int) tokens, first.hiddenSize());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int layerCount() {
        return layers;
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
        if (parts.size() == 1) {
            parts.get(0).copyLayer(layer, destination);
            return;
        }
        int offset = 0;
        float[] part = null;
        for (HiddenStates p : parts) {
            int size = p.tokenCount() * hidden;
            if (part == null || part.length < size) {
                part = new float[size];
            }
            p.copyLayer(layer, part);
            System.arraycopy(part, 0, destination, offset, size);
            offset += size;
        }
    }
}
