package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.types.DataType;

class ComputeDTypeTest {

    @Test
    void aCpuComputesEveryBundleInFloat32() {
        for (ModelDType t : ModelDType.values()) {
            assertEquals(DataType.FLOAT32, ComputeDType.of(t, false), t.id());
        }
    }

    @Test
    void aGpuComputesInTheStoredDtypeExceptBfloat16WhichDjlCannotCreate() {
        assertEquals(DataType.FLOAT32, ComputeDType.of(ModelDType.FLOAT32, true));
        assertEquals(DataType.FLOAT16, ComputeDType.of(ModelDType.FLOAT16, true));
        assertEquals(DataType.FLOAT32, ComputeDType.of(ModelDType.BFLOAT16, true));
    }
}
