package org.gapscope.npy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * An n-dimensional NumPy array held as little-endian bytes in C (row-major) order, with its element
 * type and shape. Immutable: accessors return copies or read-only views.
 */
public final class NpyArray {

    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer data;

    private NpyArray(DType dtype, long[] shape, ByteBuffer data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        long count = count(shape);
        if (count * dtype.size() != data.remaining()) {
            throw new IllegalArgumentException("data holds " + data.remaining() + " bytes, shape "
                    + Arrays.toString(shape) + " of " + dtype + " needs " + count * dtype.size());
        }
        this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Wraps little-endian {@code data} (not copied; the caller must not change it afterwards). */
    public static NpyArray of(DType dtype, long[] shape, ByteBuffer data) {
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        return new NpyArray(dtype, shape, data);
    }

    /** A float32 array with the given shape and values (copied). */
    public static NpyArray ofFloats(float[] values, long... shape) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new NpyArray(DType.FLOAT32, shape, buffer);
    }

    /** A uint8 array holding {@code bytes} as a 1-D array (copied). */
    public static NpyArray ofBytes(byte[] bytes) {
        return new NpyArray(DType.UINT8, new long[] {bytes.length}, ByteBuffer.wrap(bytes.clone()));
    }

    /** A float32 array from a row-major matrix. */
    public static NpyArray ofMatrix(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("ragged matrix: row " + i + " has " + rows[i].length
                        + " columns, row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return ofFloats(flat, rows.length, cols);
    }

    /** Number of elements of a shape. */
    public static long count(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The shape (a copy). */
    public long[] shape() {
        return shape.clone();
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public long size() {
        return count(shape);
    }

    /** A read-only little-endian view of the raw element bytes. */
    public ByteBuffer rawData() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The raw bytes (a copy). */
    public byte[] toByteArray() {
        byte[] out = new byte[data.remaining()];
        data.duplicate().get(out);
        return out;
    }

    /**
     * The values as float32 in row-major order: float16 and float64 are converted, integer types
     * widened. Fails for arrays of more than {@code Integer.MAX_VALUE - 8} elements.
     */
    public float[] toFloatArray() {
        long n = size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("array of " + n + " elements is too large for one float[]");
        }
        float[] out = new float[(int) n];
        copyFloats(out, 0);
        return out;
    }

    /** Writes the values as float32 into {@code target} starting at {@code offset}. */
    public void copyFloats(float[] target, int offset) {
        ByteBuffer b = rawData();
        int n = (int) size();
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().get(target, offset, n);
            case FLOAT16 -> {
                for (int i = 0; i < n; i++) {
                    target[offset + i] = Float16.toFloat(b.getShort(2 * i));
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < n; i++) {
                    target[offset + i] = (float) b.getDouble(8 * i);
                }
            }
            case INT64 -> {
                for (int i = 0; i < n; i++) {
                    target[offset + i] = b.getLong(8 * i);
                }
            }
            case INT32 -> {
                for (int i = 0; i < n; i++) {
                    target[offset + i] = b.getInt(4 * i);
                }
            }
            case INT16 -> {
                for (int i = 0; i < n; i++) {
                    target[offset + i] = b.getShort(2 * i);
                }
            }
            case INT8 -> {
                for (int i = 0; i < n; i++) {
                    target[offset + i] = b.get(i);
                }
            }
            case UINT8, BOOL -> {
                for (int i = 0; i < n; i++) {
                    target[offset + i] = b.get(i) & 0xff;
                }
            }
            default -> throw new IllegalStateException("unhandled dtype " + dtype);
        }
    }

    /** A float32 view when the array is float32, else null (no copy). */
    public FloatBuffer floatView() {
        return dtype == DType.FLOAT32 ? rawData().asFloatBuffer() : null;
    }

    /** The values as long integers (integer and bool types only). */
    public long[] toLongArray() {
        ByteBuffer b = rawData();
        int n = Math.toIntExact(size());
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = switch (dtype) {
                case INT64 -> b.getLong(8 * i);
                case INT32 -> b.getInt(4 * i);
                case INT16 -> b.getShort(2 * i);
                case INT8 -> b.get(i);
                case UINT8, BOOL -> b.get(i) & 0xff;
                default -> throw new IllegalStateException("not an integer array: " + dtype);
            };
        }
        return out;
    }

    /** This array converted to float16 (rounded to nearest), e.g. to halve a capture's size. */
    public NpyArray toFloat16() {
        float[] values = toFloatArray();
        ByteBuffer out = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            out.putShort(Float16.fromFloat(v));
        }
        out.flip();
        return new NpyArray(DType.FLOAT16, shape, out);
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
