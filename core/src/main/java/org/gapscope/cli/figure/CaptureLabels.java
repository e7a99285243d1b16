package org.gapscope.cli.figure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.GapScopeException;
import org.gapscope.npy.DType;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;

/**
 * Tokens, times and provenance of a capture .npz (layout in docs/bundle-format.md); null and empty
 * for a plain .npy.
 *
 * @param tokens the token strings, or null
 * @param times the start time of each position in seconds, or null
 * @param model the model named in the capture's meta, or empty
 * @param example the example id named in the capture's meta, or empty
 */
record CaptureLabels(List<String> tokens, double[] times, String model, String example) {

    /** Reads the labels of {@code path}; a member that is there but malformed is a one-line error. */
    static CaptureLabels read(Path path) {
        if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return new CaptureLabels(null, null, "", "");
        }
        Map<String, NpyArray> members = Npz.read(path);
        List<String> tokens = null;
        double[] times = null;
        String model = "";
        String example = "";
        NpyArray tok = members.get("tokens");
        if (tok != null) {
            JsonElement e = parseJson(path, "tokens", tok);
            if (!e.isJsonArray()) {
                throw new GapScopeException(path + ": 'tokens' is not a JSON array of strings");
            }
            tokens = new ArrayList<>();
            for (JsonElement t : (JsonArray) e) {
                tokens.add(t.getAsString());
            }
        }
        NpyArray tm = members.get("times");
        if (tm != null && tm.shape().length == 1 && tm.shape()[0] > 0) {
            float[] f = tm.toFloatArray();
            times = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                times[i] = f[i];
            }
            for (int i = 1; i < times.length; i++) {
                if (!(times[i] > times[i - 1])) {
                    throw new GapScopeException(path + ": 'times' must increase (position " + i + ")");
                }
            }
        }
        NpyArray meta = members.get("meta");
        if (meta != null) {
            JsonElement e = parseJson(path, "meta", meta);
            if (e.isJsonObject()) {
                JsonObject o = e.getAsJsonObject();
                model = string(o, "model");
                example = string(o, "example");
            }
        }
        return new CaptureLabels(tokens, times, model, example);
    }

    private static String string(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
    }

    private static JsonElement parseJson(Path path, String member, NpyArray array) {
        if (array.dtype() != DType.UINT8) {
            throw new GapScopeException(path + ": '" + member + "' must be UTF-8 JSON stored as uint8, not "
                    + array.dtype());
        }
        try {
            return JsonParser.parseString(new String(array.toByteArray(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new GapScopeException(path + ": '" + member + "' is not valid JSON: " + e.getMessage(), e);
        }
    }
}
