package org.gapscope.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;

/**
 * The dtype a bundle's parts compute in, by device and stored dtype. On a CPU always float32 (libtorch's
 * CPU half-precision kernels are slow or missing). On a GPU the stored dtype, except bfloat16, which
 * computes in float32 too: DJL 0.33's PyTorch bridge has no bfloat16 in its dtype table, so asking it
 * for a bfloat16 tensor (a cast or {@code zeros}) aborts the whole process ("terminate called without an
 * active exception"), measured here on DJL 0.33 with libtorch 2.5.1. The exporter's parts widen their
 * stored weights to float32 once, at their first float32 call, so float32 compute does not cast every
 * weight again on every call (docs/bundle-format.md, docs/scale.md).
 */
final class ComputeDType {

    private ComputeDType() {
    }

    /** The compute dtype for a bundle stored in {@code stored} on {@code device}. */
    static DataType of(ModelDType stored, Device device) {
        return of(stored, device.isGpu());
    }

    /** The compute dtype for a bundle stored in {@code stored}, on a GPU or not. */
    static DataType of(ModelDType stored, boolean gpu) {
        if (!gpu || stored == ModelDType.BFLOAT16) {
            return DataType.FLOAT32;
        }
        return stored.dataType();
    }
}
