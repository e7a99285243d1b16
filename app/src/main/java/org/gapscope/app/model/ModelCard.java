package org.gapscope.app.model;

import java.nio.file.Path;

/**
 * What the model card shows.
 *
 * @param name        the bundle's name (recorded in every result's provenance)
 * @param family      the architecture family
 * @param layers      L, the number of decoder layers
 * @param hiddenSize  d
 * @param device      where it runs, e.g. {@code CPU} or {@code GPU 0 (NVIDIA H200)}
 * @param computeType the dtype hidden states are computed in there
 * @param storedType  the dtype the bundle's weights are stored in
 * @param folder      the bundle folder
 */
public record ModelCard(String name, String family, int layers, int hiddenSize, String device, String computeType,
        String storedType, Path folder) {

    /** One line for the status bar. */
    public String summary() {
        return name + " · " + layers + " layers · d=" + hiddenSize + " · " + device + " · " + computeType;
    }
}
