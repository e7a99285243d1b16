package org.gapscope.engine;

import java.nio.file.Path;

/**
 * What is known about a loaded model, as the explorer's model card shows it.
 *
 * @param name        the bundle's name (recorded in every result's provenance)
 * @param family      the architecture family ({@code ""} when unknown)
 * @param layers      L, the number of decoder layers
 * @param hiddenSize  d (0 when unknown)
 * @param device      where it runs, e.g. {@code CPU} or {@code GPU 0 (NVIDIA H200)} ({@code ""} when unknown)
 * @param computeType the dtype hidden states are computed in there ({@code ""} when unknown)
 * @param storedType  the dtype the bundle's weights are stored in ({@code ""} when unknown)
 * @param folder      the bundle folder (null when the model is not a bundle)
 */
public record ModelCard(String name, String family, int layers, int hiddenSize, String device, String computeType,
        String storedType, Path folder) {

    /** A card that knows only the model's name and its number of decoder layers. */
    public static ModelCard named(String name, int layers) {
        return new ModelCard(name, "", layers, 0, "", "", "", null);
    }

    /** One line for the status bar. */
    public String summary() {
        return name + " · " + layers + " layers · d=" + hiddenSize + " · " + device + " · " + computeType;
    }
}
