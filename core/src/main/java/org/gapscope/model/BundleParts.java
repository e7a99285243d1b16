package org.gapscope.model;

import java.util.List;

/**
 * The part files of a bundle, relative to its folder.
 *
 * @param speechEncoder log-mel features to speech embeddings
 * @param embedTokens token ids to input embeddings
 * @param layers one file per decoder layer, in order
 * @param lmHead final norm and LM head
 */
public record BundleParts(String speechEncoder, String embedTokens, List<String> layers, String lmHead) {

    /** Copies the layer list. */
    public BundleParts {
        layers = List.copyOf(layers);
    }
}
