package org.gapscope.audio;

/** How one sample is stored in a file's bytes, and how to turn it into a float in [-1, 1]. */
enum SampleEncoding {
    /** Unsigned 8-bit integers, 128 = silence (WAV's 8-bit PCM). */
    UNSIGNED_8(1, "8-bit PCM"),
    /** Signed 8-bit integers (AIFF's and AU's 8-bit PCM). */
    SIGNED_8(1, "8-bit PCM"),
    /** Signed 16-bit integers. */
    SIGNED_16(2, "16-bit PCM"),
    /** Signed 24-bit integers. */
    SIGNED_24(3, "24-bit PCM"),
    /** Signed 32-bit integers (also 24-bit samples in 32-bit containers, left-aligned). */
    SIGNED_32(4, "32-bit PCM"),
    /** IEEE 754 single precision. */
    FLOAT_32(4, "32-bit float"),
    /** IEEE 754 double precision. */
    FLOAT_64(8, "64-bit float"),
    /** G.711 mu-law. */
    MU_LAW(1, "8-bit mu-law"),
    /** G.711 A-law. */
    A_LAW(1, "8-bit A-law");

    private final int bytes;
    private final String description;

    SampleEncoding(int bytes, String description) {
        this.bytes = bytes;
        this.description = description;
    }

    /** Bytes per sample. */
    int bytes() {
        return bytes;
    }

    /** Readable name, e.g. "24-bit PCM". */
    String description() {
        return description;
    }

    /** True for encodings that can hold NaN or infinities. */
    boolean isFloat() {
        return this == FLOAT_32 || this == FLOAT_64;
    }

    /** Decodes the sample at {@code offset}. */
    double decode(byte[] b, int offset, boolean bigEndian) {
        switch (this) {
            case UNSIGNED_8:
                return ((b[offset] & 0xFF) - 128) / 128.0;
            case SIGNED_8:
                return b[offset] / 128.0;
            case SIGNED_16: {
                int v = bigEndian ? (b[offset] << 8) | (b[offset + 1] & 0xFF)
                        : (b[offset + 1] << 8) | (b[offset] & 0xFF);
                return v / 32768.0;
            }
            case SIGNED_24: {
                int v = bigEndian
                        ? (b[offset] << 16) | ((b[offset + 1] & 0xFF) << 8) | (b[offset + 2] & 0xFF)
                        : (b[offset + 2] << 16) | ((b[offset + 1] & 0xFF) << 8) | (b[offset] & 0xFF);
                return v / 8388608.0;
            }
            case SIGNED_32:
                return int32(b, offset, bigEndian) / 2147483648.0;
            case FLOAT_32:
                return Float.intBitsToFloat(int32(b, offset, bigEndian));
            case FLOAT_64: {
                long hi = int32(b, bigEndian ? offset : offset + 4, bigEndian) & 0xFFFFFFFFL;
                long lo = int32(b, bigEndian ? offset + 4 : offset, bigEndian) & 0xFFFFFFFFL;
                return Double.longBitsToDouble((hi << 32) | lo);
            }
            case MU_LAW:
                return muLaw(b[offset] & 0xFF) / 32768.0;
            case A_LAW:
                return aLaw(b[offset] & 0xFF) / 32768.0;
            default:
                throw new AssertionError(this);
        }
    }

    private static int int32(byte[] b, int o, boolean bigEndian) {
        if (bigEndian) {
            return (b[o] << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
        }
        return (b[o + 3] << 24) | ((b[o + 2] & 0xFF) << 16) | ((b[o + 1] & 0xFF) << 8) | (b[o] & 0xFF);
    }

    /** G.711 mu-law to 16-bit linear. */
    static int muLaw(int code) {
        int u = ~code & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int magnitude = (((u & 0x0F) << 3) + 0x84) << exponent;
        magnitude -= 0x84;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** G.711 A-law to 16-bit linear. */
    static int aLaw(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        if (segment == 0) {
            t += 8;
        } else {
            t += 0x108;
            t <<= segment - 1;
        }
        return (a & 0x80) != 0 ? t : -t;
    }
}
