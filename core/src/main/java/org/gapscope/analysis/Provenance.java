package org.gapscope.analysis;

import java.util.Objects;

/**
 * Where a result came from: the model, the example, the metric, the layers it was averaged over
 * and the GapScope version that computed it.
 *
 * @param model          model (or checkpoint) name, {@code ""} when unknown
 * @param example        example id (or dataset name for dataset-level results), {@code ""} when unknown
 * @param metric         what was measured, e.g. {@code aps_cosine}
 * @param layers         the layers averaged over (layer 0 = input embeddings)
 * @param programVersion {@link org.gapscope.GapScopeVersion#get()} at computation time
 */
public record Provenance(String model, String example, String metric, LayerRange layers, String programVersion) {

    /** Validates that no field is null. */
    public Provenance {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(layers, "layers");
        Objects.requireNonNull(programVersion, "programVersion");
    }

    /** The same provenance for another metric. */
    public Provenance withMetric(String otherMetric) {
        return new Provenance(model, example, otherMetric, layers, programVersion);
    }
}
