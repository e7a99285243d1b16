package org.gapscope.analysis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.gapscope.GapScopeException;
import org.gapscope.npy.DType;
import org.gapscope.npy.Float16;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;

/**
 * Hidden states from a NumPy array {@code [L+1, T, d]} of float32, float16 or float64: a
 * {@code .npy} file (memory-mapped when large, so only the layer being analysed is copied into the
 * heap) or the {@code hidden} member of a capture {@code .npz}.
 */
public final class NpyHiddenStates implements HiddenStates {

    /** The member of a capture {@code .npz} that holds the hidden states (docs/bundle-format.md). */
    public static final String NPZ_MEMBER = "hidden";

    private final String name;
    private final NpyArray array;
    private final int layers;
    private final int tokens;
    private final int hidden;

    private NpyHiddenStates(String name, NpyArray array) {
        this.name = name;
        this.array = array;
        long[] shape = array.shape();
        if (shape.length != 3) {
            throw new GapScopeException(name + ": expected a rank-3 array [L+1, T, d] (layers, positions,"
                    + " hidden size), got shape " + shapeText(shape));
        }
        if (!array.dtype().isFloating()) {
            throw new GapScopeException(name + ": expected float32, float16 or float64 hidden states, got "
                    + array.dtype().name().toLowerCase(Locale.ROOT));
        }
        if (shape[1] * shape[2] > Integer.MAX_VALUE - 16) {
            throw new GapScopeException(name + ": one layer of " + shape[1] + " x " + shape[2]
                    + " values is too large to analyse");
        }
        this.layers = (int) shape[0];
        this.tokens = (int) shape[1];
        this.hidden = (int) shape[2];
    }

    /** Wraps an array already read; {@code name} is used in messages. */
    public static NpyHiddenStates of(String name, NpyArray array) {
        return new NpyHiddenStates(name, array);
    }

    /**
     * Reads {@code path}: a {@code .npy} array, or an {@code .npz} whose {@code hidden} member is the
     * array (a GapScope capture), or an {@code .npz} with exactly one member.
     */
    public static NpyHiddenStates read(Path path) {
        String name = path.toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".npz")) {
            Map<String, NpyArray> members = Npz.read(path);
            NpyArray hiddenArray = members.get(NPZ_MEMBER);
            if (hiddenArray == null && members.size() == 1) {
                hiddenArray = members.values().iterator().next();
            }
            if (hiddenArray == null) {
                throw new GapScopeException(name + ": no '" + NPZ_MEMBER + "' array in this .npz (members: "
                        + String.join(", ", members.keySet()) + ")");
            }
            return new NpyHiddenStates(name + "[" + NPZ_MEMBER + "]", hiddenArray);
        }
        return new NpyHiddenStates(name, Npy.read(path));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int layerCount() {
        return layers;
    }

    @Override
    public int tokenCount() {
        return tokens;
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }

    /** The element type on disk. */
    public DType dtype() {
        return array.dtype();
    }

    @Override
    public void copyLayer(int layer, float[] destination) {
        if (layer < 0 || layer >= layers) {
            throw new IndexOutOfBoundsException("layer " + layer + " of " + layers);
        }
        int n = tokens * hidden;
        int size = array.dtype().size();
        ByteBuffer raw = array.rawData();
        raw.position(raw.position() + (int) ((long) layer * n * size));
        ByteBuffer slice = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (array.dtype()) {
            case FLOAT32 -> slice.asFloatBuffer().get(destination, 0, n);
            case FLOAT16 -> {
                for (int k = 0; k < n; k++) {
                    destination[k] = Float16.toFloat(slice.getShort(2 * k));
                }
            }
            case FLOAT64 -> {
                for (int k = 0; k < n; k++) {
                    destination[k] = (float) slice.getDouble(8 * k);
                }
            }
            default -> throw new IllegalStateException("not a float array: " + array.dtype());
        }
    }

    /**
     * Layer {@code layer} as float32 values read straight from the array's bytes, without a copy, when
     * they lie in direct memory (a memory-mapped {@code .npy}) as float32 in the platform's byte order
     * and 4-byte aligned; otherwise null (float16, float64, arrays read into the heap: use
     * {@link #copyLayer}). The view stays valid while this object is reachable.
     */
    public FloatBuffer directFloatLayer(int layer) {
        if (layer < 0 || layer >= layers) {
            throw new IndexOutOfBoundsException("layer " + layer + " of " + layers);
        }
        ByteBuffer raw = array.rawData();
        if (array.dtype() != DType.FLOAT32 || !raw.isDirect() || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return null;
        }
        int n = tokens * hidden;
        raw.position(raw.position() + (int) ((long) layer * n * 4));
        ByteBuffer bytes = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.alignmentOffset(0, 4) != 0) {
            return null;
        }
        FloatBuffer view = bytes.asFloatBuffer();
        view.limit(n);
        return view.isDirect() ? view.slice() : null;
    }

    private static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
