package org.gapscope.evaluation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.npy.DType;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The hidden states of one query span (speech or text) at every layer, as an evaluation keeps them:
 * flat float32 {@code [L+1, T, d]} with the span's token names and, for speech, start times. Saved
 * in the capture {@code .npz} layout of docs/bundle-format.md, so {@code gapscope metrics} and
 * NumPy read the files an evaluation leaves behind.
 */
public final class QueryCapture implements HiddenStates {

    private final String name;
    private final float[] hidden;
    private final int layers;
    private final int length;
    private final int hiddenSize;
    private final List<String> tokens;
    private final float[] times;

    private QueryCapture(String name, float[] hidden, int layers, int length, int hiddenSize, List<String> tokens,
            float[] times) {
        if (layers < 1 || length < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException(name + ": empty capture [" + layers + ", " + length + ", " + hiddenSize
                    + "]");
        }
        if ((long) layers * length * hiddenSize != hidden.length) {
            throw new IllegalArgumentException(name + ": " + hidden.length + " values for [" + layers + ", " + length
                    + ", " + hiddenSize + "]");
        }
        if (tokens.size() != length) {
            throw new IllegalArgumentException(name + ": " + tokens.size() + " token names for " + length + " positions");
        }
        if (times.length != 0 && times.length != length) {
            throw new IllegalArgumentException(name + ": " + times.length + " times for " + length + " positions");
        }
        this.name = name;
        this.hidden = hidden;
        this.layers = layers;
        this.length = length;
        this.hiddenSize = hiddenSize;
        this.tokens = List.copyOf(tokens);
        this.times = times;
    }

    /** Wraps flat row-major states {@code [layers][length][hiddenSize]} that the caller gives up (not copied). */
    public static QueryCapture wrap(String name, float[] hidden, int layers, int length, int hiddenSize,
            List<String> tokens, float[] times) {
        return new QueryCapture(name, hidden, layers, length, hiddenSize, tokens, times.clone());
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
        return length;
    }

    @Override
    public int hiddenSize() {
        return hiddenSize;
    }

    @Override
    public void copyLayer(int layer, float[] destination) {
        if (layer < 0 || layer >= layers) {
            throw new IndexOutOfBoundsException("layer " + layer + " of 0.." + (layers - 1));
        }
        System.arraycopy(hidden, layer * length * hiddenSize, destination, 0, length * hiddenSize);
    }

    /** The span's token names ({@code s0, s1, ...} for speech positions). */
    public List<String> tokens() {
        return tokens;
    }

    /** Start times in seconds of the speech positions (a copy; empty for text). */
    public float[] times() {
        return times.clone();
    }

    /**
     * The same capture with every value rounded to float16 and back: what a float16 file holds, so
     * that scores computed now equal scores recomputed later from the file.
     */
    public QueryCapture roundedToFloat16() {
        NpyArray half = NpyArray.ofFloats(hidden, hidden.length).toFloat16();
        return new QueryCapture(name, half.toFloatArray(), layers, length, hiddenSize, tokens, times);
    }

    /**
     * Saves atomically in the capture layout ({@code hidden}, {@code tokens}, {@code times},
     * {@code meta}); {@code float16} halves the size of {@code hidden}.
     */
    public void save(Path path, boolean float16, String model, String modality, String exampleId, String version) {
        NpyArray h = NpyArray.ofFloats(hidden, layers, length, hiddenSize);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("hidden", float16 ? h.toFloat16() : h);
        JsonArray names = new JsonArray();
        tokens.forEach(names::add);
        arrays.put("tokens", NpyArray.ofBytes(names.toString().getBytes(StandardCharsets.UTF_8)));
        arrays.put("times", NpyArray.ofFloats(times, times.length));
        JsonObject meta = new JsonObject();
        meta.addProperty("model", model);
        meta.addProperty("modality", modality);
        meta.addProperty("example_id", exampleId);
        meta.addProperty("program_version", version);
        arrays.put("meta", NpyArray.ofBytes(meta.toString().getBytes(StandardCharsets.UTF_8)));
        Npz.write(path, arrays);
    }

    /** Loads a capture {@code .npz} (float32 or float16 {@code hidden}). */
    public static QueryCapture load(Path path) {
        Map<String, NpyArray> arrays = Npz.read(path);
        NpyArray h = arrays.get("hidden");
        NpyArray tokenArray = arrays.get("tokens");
        if (h == null || tokenArray == null) {
            throw new GapScopeException(path + ": not a capture (needs 'hidden' and 'tokens' arrays)");
        }
        if (h.rank() != 3 || (h.dtype() != DType.FLOAT32 && h.dtype() != DType.FLOAT16)) {
            throw new GapScopeException(path + ": 'hidden' must be float32 or float16 [layers, positions, hidden], is "
                    + h.dtype() + " " + Arrays.toString(h.shape()));
        }
        List<String> tokens = new ArrayList<>();
        try {
            JsonElement e = JsonParser.parseString(new String(tokenArray.toByteArray(), StandardCharsets.UTF_8));
            for (JsonElement item : e.getAsJsonArray()) {
                tokens.add(item.getAsString());
            }
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new GapScopeException(path + ": 'tokens' is not a JSON array of strings", e);
        }
        NpyArray t = arrays.get("times");
        float[] times = t == null ? new float[0] : t.toFloatArray();
        long[] s = h.shape();
        try {
            return new QueryCapture(path.getFileName().toString(), h.toFloatArray(), (int) s[0], (int) s[1],
                    (int) s[2], tokens, times);
        } catch (IllegalArgumentException e) {
            throw new GapScopeException(path + ": inconsistent capture: " + e.getMessage(), e);
        }
    }
}
