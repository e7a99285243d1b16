package org.gapscope.capture;

import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonArray;

import org.gapscope.analysis.HiddenStates;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;

/**
 * The hidden states of one query span at every layer of one forward pass: layer 0 is the input
 * embeddings, layer l (1..L) the output of decoder layer l (before the final norm); positions are the
 * query span only (speech positions or transcript tokens), with their token names and, for speech,
 * their start times. Immutable; saved and loaded as {@code .npz} (docs/bundle-format.md).
 */
public final class Capture {

    private final float[] hidden;
    private final int layerCount;
    private final int length;
    private final int hiddenSize;
    private final List<String> tokens;
    private final float[] times;
    private final CaptureMeta meta;

    private Capture(float[] hidden, int layerCount, int length, int hiddenSize, List<String> tokens, float[] times,
            CaptureMeta meta) {
        if (layerCount < 1) {
            throw new IllegalArgumentException("a capture needs at least layer 0, got " + layerCount + " layers");
        }
        if ((long) layerCount * length * hiddenSize != hidden.length) {
            throw new IllegalArgumentException("hidden holds " + hidden.length + " values, [" + layerCount + ", "
                    + length + ", " + hiddenSize + "] needs " + (long) layerCount * length * hiddenSize);
        }
        if (tokens.size() != length) {
            throw new IllegalArgumentException(tokens.size() + " token names for " + length + " positions");
        }
        if (times.length != 0 && times.length != length) {
            throw new IllegalArgumentException(times.length + " times for " + length + " positions");
        }
        if (meta.modality() == Modality.SPEECH && times.length != length) {
            throw new IllegalArgumentException("a speech capture needs a time for each of its " + length + " positions");
        }
        this.hidden = hidden;
        this.layerCount = layerCount;
        this.length = length;
        this.hiddenSize = hiddenSize;
        this.tokens = List.copyOf(tokens);
        this.times = times;
        this.meta = meta;
    }

    /**
     * Makes a capture from flat row-major hidden states {@code [layers][length][hiddenSize]} (copied).
     * {@code times} has one start time (seconds) per position for speech, and is empty for text.
     */
    public static Capture of(float[] hidden, int layers, int length, int hiddenSize, List<String> tokens,
            float[] times, CaptureMeta meta) {
        return new Capture(hidden.clone(), layers, length, hiddenSize, tokens, times.clone(), meta);
    }

    /** Makes a capture from {@code hidden[layer][position][dimension]} (copied). */
    public static Capture of(float[][][] hidden, List<String> tokens, float[] times, CaptureMeta meta) {
        int layers = hidden.length;
        int t = layers == 0 ? 0 : hidden[0].length;
        int d = t == 0 ? 0 : hidden[0][0].length;
        float[] flat = new float[layers * t * d];
        for (int l = 0; l < layers; l++) {
            if (hidden[l].length != t) {
                throw new IllegalArgumentException("layer " + l + " has " + hidden[l].length + " positions, layer 0 has " + t);
            }
            for (int i = 0; i < t; i++) {
                if (hidden[l][i].length != d) {
                    throw new IllegalArgumentException("layer " + l + " position " + i + " has " + hidden[l][i].length
                            + " values, expected " + d);
                }
                System.arraycopy(hidden[l][i], 0, flat, (l * t + i) * d, d);
            }
        }
        return new Capture(flat, layers, t, d, tokens, times.clone(), meta);
    }

    /** Wraps an array the caller gives up (no copy); for the runtime, which fills a fresh array. */
    public static Capture wrap(float[] hidden, int layers, int length, int hiddenSize, List<String> tokens,
            float[] times, CaptureMeta meta) {
        return new Capture(hidden, layers, length, hiddenSize, tokens, times, meta);
    }

    /** The number of captured layers, L + 1 (layer 0 is the input embeddings). */
    public int layerCount() {
        return layerCount;
    }

    /** The number of decoder layers L. */
    public int decoderLayers() {
        return layerCount - 1;
    }

    /** The number of positions of the query span. */
    public int length() {
        return length;
    }

    /** The hidden size d. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The hidden states of one layer as {@code [position][dimension]} (a copy). */
    public float[][] layer(int layer) {
        checkLayer(layer);
        float[][] out = new float[length][hiddenSize];
        for (int i = 0; i < length; i++) {
            System.arraycopy(hidden, (layer * length + i) * hiddenSize, out[i], 0, hiddenSize);
        }
        return out;
    }

    /**
     * Copies one layer, row-major {@code [length][hiddenSize]}, into the start of {@code destination}
     * (the access pattern of the analysis: one layer at a time, no allocation).
     */
    public void copyLayer(int layer, float[] destination) {
        checkLayer(layer);
        System.arraycopy(hidden, layer * length * hiddenSize, destination, 0, length * hiddenSize);
    }

    /** This capture as the analysis's read-only {@link HiddenStates} (a view, no copy). */
    public HiddenStates asHiddenStates() {
        String name = meta.modality().id() + (meta.exampleId().isEmpty() ? "" : " " + meta.exampleId());
        return new HiddenStates() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int layerCount() {
                return layerCount;
            }

            @Override
            public int tokenCount() {
                return length;
            }

            @Override
            public int hiddenSize() {
                return hiddenSize;
            }

            @Override
            public void copyLayer(int layer, float[] destination) {
                Capture.this.copyLayer(layer, destination);
            }
        };
    }

    /** One position's hidden state at one layer (a copy). */
    public float[] vector(int layer, int position) {
        checkLayer(layer);
        if (position < 0 || position >= length) {
            throw new IndexOutOfBoundsException("position " + position + " of " + length);
        }
        int from = (layer * length + position) * hiddenSize;
        return Arrays.copyOfRange(hidden, from, from + hiddenSize);
    }

    /** A read-only view of one layer's states, row-major {@code [length][hiddenSize]}, without copying. */
    public FloatBuffer layerBuffer(int layer) {
        checkLayer(layer);
        return FloatBuffer.wrap(hidden, layer * length * hiddenSize, length * hiddenSize).slice().asReadOnlyBuffer();
    }

    /** All hidden states as {@code [layer][position][dimension]} (a copy). */
    public float[][][] hidden() {
        float[][][] out = new float[layerCount][][];
        for (int l = 0; l < layerCount; l++) {
            out[l] = layer(l);
        }
        return out;
    }

    /** The token names of the query span ({@code s0, s1, ...} for speech positions). */
    public List<String> tokens() {
        return tokens;
    }

    /** Start time in seconds of each speech position (a copy); empty for a text capture. */
    public float[] times() {
        return times.clone();
    }

    /** Provenance: model, modality, example id, program version. */
    public CaptureMeta meta() {
        return meta;
    }

    /** The query's modality (from {@link #meta()}). */
    public Modality modality() {
        return meta.modality();
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= layerCount) {
            throw new IndexOutOfBoundsException("layer " + layer + " of 0.." + (layerCount - 1));
        }
    }

    /** Saves as {@code .npz} (float32 hidden states), atomically. */
    public void save(Path path) {
        save(path, false);
    }

    /** Saves as {@code .npz}, atomically; {@code float16} halves the size of the hidden states. */
    public void save(Path path, boolean float16) {
        NpyArray h = NpyArray.ofFloats(hidden, layerCount, length, hiddenSize);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("hidden", float16 ? h.toFloat16() : h);
        JsonArray names = new JsonArray();
        tokens.forEach(names::add);
        arrays.put("tokens", NpyArray.ofBytes(new Gson().toJson(names).getBytes(StandardCharsets.UTF_8)));
        arrays.put("times", NpyArray.ofFloats(times, times.length));
        arrays.put("meta", NpyArray.ofBytes(meta.toJson().getBytes(StandardCharsets.UTF_8)));
        Npz.write(path, arrays);
    }

    /**
     * Loads a capture {@code .npz} written by GapScope or by Python in the same layout (its layers are
     * positional; {@link CaptureFile} says which hidden states a file with a {@code layers} member holds).
     */
    public static Capture load(Path path) {
        return CaptureFile.read(path).toCapture();
    }

    @Override
    public String toString() {
        return "Capture[" + meta.modality().id() + " " + meta.model() + " example '" + meta.exampleId() + "', "
                + layerCount + " layers x " + length + " positions x " + hiddenSize + "]";
    }
}
