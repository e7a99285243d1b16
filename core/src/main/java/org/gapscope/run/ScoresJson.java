package org.gapscope.run;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.ConfidenceInterval;
import org.gapscope.analysis.ControlledScore;
import org.gapscope.analysis.ExampleScores;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Score;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * JSON forms of scores in result files: an example's {@link ExampleScores} (written per example and
 * read back exactly, so a summary can be rebuilt from the files alone) and a dataset's
 * {@link ControlledScore}. Undefined values (NaN) are written as {@code null}.
 */
public final class ScoresJson {

    private ScoresJson() {
    }

    /** A finite number, or null for NaN. */
    public static JsonElement number(double v) {
        if (Double.isNaN(v)) {
            return JsonNull.INSTANCE;
        }
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("infinite value in a result");
        }
        return new JsonPrimitive(v);
    }

    /** The number, NaN for null. */
    public static double number(JsonElement e) {
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }

    public static JsonArray numbers(double[] values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(number(v));
        }
        return a;
    }

    /** {@code {"averaged_layers": [first, last], "cosine": {"mean": m, "per_layer": [...]}, ...}}. */
    public static JsonObject toJson(ExampleScores scores) {
        return toJson(scores, null);
    }

    /**
     * As {@link #toJson(ExampleScores)} for scores computed on a subset of the hidden states:
     * {@code layers[k]} is the hidden-state index of the scores' k-th layer (null or 0..K-1: all of
     * them). A subset adds {@code "layers"} and gives {@code averaged_layers} as hidden-state indices.
     */
    public static JsonObject toJson(ExampleScores scores, int[] layers) {
        boolean subset = isSubset(layers);
        JsonObject o = new JsonObject();
        if (subset) {
            JsonArray present = new JsonArray();
            for (int l : layers) {
                present.add(l);
            }
            o.add("layers", present);
        }
        JsonArray range = new JsonArray();
        range.add(subset ? layers[scores.averaged().first()] : scores.averaged().first());
        range.add(subset ? layers[scores.averaged().last()] : scores.averaged().last());
        o.add("averaged_layers", range);
        for (Score s : Score.values()) {
            JsonObject one = new JsonObject();
            one.add("mean", number(scores.average(s)));
            double[] perLayer = new double[scores.layers()];
            for (int l = 0; l < perLayer.length; l++) {
                perLayer[l] = scores.at(s, l);
            }
            one.add("per_layer", numbers(perLayer));
            o.add(s.key(), one);
        }
        return o;
    }

    /** Whether {@code layers} names a subset (not null and not 0..K-1). */
    public static boolean isSubset(int[] layers) {
        return layers != null && layers.length > 0 && layers[layers.length - 1] != layers.length - 1;
    }

    /** The {@code layers} of scores written for a subset of hidden states, or null when they cover all. */
    public static int[] layers(JsonObject scores) {
        if (!scores.has("layers")) {
            return null;
        }
        JsonArray a = scores.getAsJsonArray("layers");
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    /** Reads what {@link #toJson(ExampleScores)} wrote; {@code where} names the record in errors. */
    public static ExampleScores fromJson(String example, JsonObject o, String where) {
        try {
            JsonArray range = o.getAsJsonArray("averaged_layers");
            int[] present = layers(o);
            LayerRange averaged = new LayerRange(index(present, range.get(0).getAsInt()),
                    index(present, range.get(1).getAsInt()));
            Map<Score, double[]> perLayer = new EnumMap<>(Score.class);
            Map<Score, Double> averages = new EnumMap<>(Score.class);
            int layers = -1;
            for (Score s : Score.values()) {
                JsonObject one = o.getAsJsonObject(s.key());
                JsonArray values = one.getAsJsonArray("per_layer");
                double[] v = new double[values.size()];
                for (int l = 0; l < v.length; l++) {
                    v[l] = number(values.get(l));
                }
                if (layers >= 0 && v.length != layers) {
                    throw new IllegalStateException(s.key() + " has " + v.length + " layers, others " + layers);
                }
                layers = v.length;
                perLayer.put(s, v);
                averages.put(s, number(one.get("mean")));
            }
            return new ExampleScores(example, layers, averaged, perLayer, averages);
        } catch (RuntimeException e) {
            throw new GapScopeException(where + ": the scores of " + example + " cannot be read (" + e.getMessage()
                    + "); was the file written by this version of GapScope?", e);
        }
    }

    private static int index(int[] present, int layer) {
        if (present == null) {
            return layer;
        }
        for (int k = 0; k < present.length; k++) {
            if (present[k] == layer) {
                return k;
            }
        }
        throw new IllegalStateException("averaged layer " + layer + " is not among the layers " + Arrays.toString(present));
    }

    /** A dataset-level score with its control. */
    public static JsonObject toJson(ControlledScore c) {
        JsonObject o = new JsonObject();
        o.add("matched", number(c.matched()));
        o.add("mismatched", number(c.mismatched()));
        o.add("margin", number(c.margin()));
        ConfidenceInterval ci = c.marginInterval();
        if (ci == null) {
            o.add("margin_ci", JsonNull.INSTANCE);
        } else {
            JsonArray a = new JsonArray();
            a.add(number(ci.lower()));
            a.add(number(ci.upper()));
            o.add("margin_ci", a);
        }
        o.addProperty("margin_excludes_zero", c.marginExcludesZero());
        o.addProperty("examples", c.examples());
        return o;
    }
}
