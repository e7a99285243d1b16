package org.gapscope.model;

import java.util.Locale;

import ai.djl.ndarray.types.DataType;

/** The floating-point type a bundle's parts are stored in. */
public enum ModelDType {
    /** 32-bit IEEE floats. */
    FLOAT32(DataType.FLOAT32),
    /** 16-bit IEEE floats. */
    FLOAT16(DataType.FLOAT16),
    /** bfloat16 (8-bit exponent, 7-bit mantissa). */
    BFLOAT16(DataType.BFLOAT16);

    private final DataType dataType;

    ModelDType(DataType dataType) {
        this.dataType = dataType;
    }

    /** The name used in bundle.json ({@code float32}, {@code float16}, {@code bfloat16}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The matching DJL data type. */
    public DataType dataType() {
        return dataType;
    }

    /** The type for a bundle.json name, or null when there is none. */
    public static ModelDType parse(String id) {
        for (ModelDType t : values()) {
            if (t.id().equals(id)) {
                return t;
            }
        }
        return null;
    }
}
