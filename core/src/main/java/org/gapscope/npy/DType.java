package org.gapscope.npy;

import java.util.Locale;

/** The NumPy element types GapScope reads and writes (little-endian on disk when written). */
public enum DType {
    FLOAT32("f4", 4),
    FLOAT16("f2", 2),
    FLOAT64("f8", 8),
    INT64("i8", 8),
    INT32("i4", 4),
    INT16("i2", 2),
    INT8("i1", 1),
    UINT8("u1", 1),
    BOOL("b1", 1);

    private final String code;
    private final int size;

    DType(String code, int size) {
        this.code = code;
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** The NumPy type string for little-endian storage, e.g. {@code <f4}. */
    public String descr() {
        return (size == 1 ? "|" : "<") + code;
    }

    /** Whether this is a floating-point type. */
    public boolean isFloating() {
        return this == FLOAT32 || this == FLOAT16 || this == FLOAT64;
    }

    /** Finds the type for a kind+size code such as {@code f4}, or null when GapScope does not read it. */
    static DType ofCode(String code) {
        String c = code.toLowerCase(Locale.ROOT);
        if (c.equals("?1") || c.equals("?")) {
            return BOOL;
        }
        for (DType t : values()) {
            if (t.code.equals(c)) {
                return t;
            }
        }
        return null;
    }
}
