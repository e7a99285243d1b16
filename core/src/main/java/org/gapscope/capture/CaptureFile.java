package org.gapscope.capture;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.NpyHiddenStates;
import org.gapscope.npy.DType;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A capture {@code .npz} as stored in a run folder (docs/run-format.md), read without converting its
 * hidden states: {@code hidden} [K, T, d] (float16 or float32), {@code tokens}, {@code times},
 * {@code meta}, and the optional {@code layers} member naming which hidden states 0..L the K stored
 * ones are (all of them, 0..K-1, when absent).
 */
public final class CaptureFile {

    /** The optional member listing the hidden-state indices present. */
    public static final String LAYERS = "layers";

    private final Path path;
    private final NpyArray hidden;
    private final int[] layers;
    private final List<String> tokens;
    private final float[] times;
    private final CaptureMeta meta;

    private CaptureFile(Path path, NpyArray hidden, int[] layers, List<String> tokens, float[] times,
            CaptureMeta meta) {
        this.path = path;
        this.hidden = hidden;
        this.layers = layers;
        this.tokens = tokens;
        this.times = times;
        this.meta = meta;
    }

    /** Reads and checks {@code path}; every problem is one line naming the file. */
    public static CaptureFile read(Path path) {
        Map<String, NpyArray> arrays = Npz.read(path);
        for (String key : List.of("hidden", "tokens", "times", "meta")) {
            if (!arrays.containsKey(key)) {
                throw new GapScopeException(path + ": not a GapScope capture: no '" + key + "' array");
            }
        }
        NpyArray h = arrays.get("hidden");
        if (h.rank() != 3 || (h.dtype() != DType.FLOAT32 && h.dtype() != DType.FLOAT16)) {
            throw new GapScopeException(path + ": 'hidden' must be float32 or float16 [layers, positions, hidden], is "
                    + h.dtype().name().toLowerCase(java.util.Locale.ROOT) + " " + Arrays.toString(h.shape()));
        }
        long[] shape = h.shape();
        if (shape[0] < 1 || shape[1] < 1 || shape[2] < 1) {
            throw new GapScopeException(path + ": 'hidden' is empty, shape " + Arrays.toString(shape));
        }
        CaptureMeta meta = CaptureMeta.fromJson(utf8(arrays.get("meta"), path, "meta"), path.toString());
        List<String> tokens = tokenNames(utf8(arrays.get("tokens"), path, "tokens"), path);
        if (tokens.size() != shape[1]) {
            throw new GapScopeException(path + ": inconsistent capture: " + tokens.size() + " token names for " + shape[1]
                    + " positions");
        }
        NpyArray t = arrays.get("times");
        if (t.rank() != 1 || !t.dtype().isFloating()) {
            throw new GapScopeException(path + ": 'times' must be a 1-D float array, is " + t.dtype() + " "
                    + Arrays.toString(t.shape()));
        }
        float[] times = t.toFloatArray();
        if (times.length != 0 && times.length != shape[1]
                || meta.modality() == Modality.SPEECH && times.length != shape[1]) {
            throw new GapScopeException(path + ": inconsistent capture: " + times.length + " times for " + shape[1]
                    + " positions"
                    + (meta.modality() == Modality.SPEECH ? " (a speech capture needs one per position)" : ""));
        }
        int[] layers = layers(arrays.get(LAYERS), (int) shape[0], path);
        return new CaptureFile(path, h, layers, tokens, times, meta);
    }

    private static int[] layers(NpyArray a, int stored, Path path) {
        if (a == null) {
            int[] all = new int[stored];
            for (int i = 0; i < stored; i++) {
                all[i] = i;
            }
            return all;
        }
        if (a.rank() != 1 || a.dtype().isFloating() || a.dtype() == DType.BOOL) {
            throw new GapScopeException(path + ": 'layers' must be a 1-D integer array, is " + a.dtype() + " "
                    + Arrays.toString(a.shape()));
        }
        long[] values = a.toLongArray();
        if (values.length != stored) {
            throw new GapScopeException(path + ": 'layers' names " + values.length + " hidden states, 'hidden' holds "
                    + stored);
        }
        int[] out = new int[stored];
        for (int i = 0; i < stored; i++) {
            if (values[i] < 0 || values[i] > 100_000 || i > 0 && values[i] <= values[i - 1]) {
                throw new GapScopeException(path + ": 'layers' must be increasing hidden-state indices from 0, is "
                        + Arrays.toString(values));
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    static String utf8(NpyArray a, Path path, String key) {
        if (a.dtype() != DType.UINT8 || a.rank() != 1) {
            throw new GapScopeException(path + ": '" + key + "' must be UTF-8 JSON stored as a 1-D uint8 array, is "
                    + a.dtype() + " " + Arrays.toString(a.shape()));
        }
        return new String(a.toByteArray(), StandardCharsets.UTF_8);
    }

    static List<String> tokenNames(String json, Path path) {
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonArray()) {
                throw new GapScopeException(path + ": 'tokens' is not a JSON array");
            }
            List<String> out = new ArrayList<>();
            for (JsonElement item : e.getAsJsonArray()) {
                if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                    throw new GapScopeException(path + ": 'tokens' holds a non-string: " + item);
                }
                out.add(item.getAsString());
            }
            return List.copyOf(out);
        } catch (JsonParseException e) {
            throw new GapScopeException(path + ": 'tokens' is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** The stored hidden states [K, T, d], converted to float32 one layer at a time when asked. */
    public HiddenStates hiddenStates() {
        return NpyHiddenStates.of(path.getFileName() + "[hidden]", hidden);
    }

    /** The stored array's element type (float16 or float32). */
    public DType dtype() {
        return hidden.dtype();
    }

    /** The hidden-state index (0 = input embeddings, l = decoder layer l) of each stored layer, increasing. */
    public int[] layers() {
        return layers.clone();
    }

    /** Whether the file stores every hidden state 0..K-1 (no subset). */
    public boolean hasAllLayers() {
        return layers[layers.length - 1] == layers.length - 1;
    }

    /** The number of stored hidden states K. */
    public int layerCount() {
        return layers.length;
    }

    /** The number of positions T of the query span. */
    public int length() {
        return tokens.size();
    }

    /** The hidden size d. */
    public int hiddenSize() {
        return (int) hidden.shape()[2];
    }

    /** The query span's token names ({@code s0, s1, ...} for speech). */
    public List<String> tokens() {
        return tokens;
    }

    /** Start time in seconds of each speech position (a copy; empty for text). */
    public float[] times() {
        return times.clone();
    }

    /** Model, modality, example and the program that wrote it. */
    public CaptureMeta meta() {
        return meta;
    }

    /** The whole capture in memory as float32 (positional layers 0..K-1). */
    public Capture toCapture() {
        try {
            return Capture.wrap(hidden.toFloatArray(), layerCount(), length(), hiddenSize(), tokens, times.clone(), meta);
        } catch (IllegalArgumentException e) {
            throw new GapScopeException(path + ": inconsistent capture: " + e.getMessage(), e);
        }
    }
}
