package org.gapscope.figure;

import java.util.List;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** JSON building for figure data: NaN becomes {@code null}, arrays stay compact. */
final class Json {

    private Json() {
    }

    static JsonElement num(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }

    static JsonElement str(String s) {
        return s == null ? JsonNull.INSTANCE : new JsonPrimitive(s);
    }

    static JsonArray array(double[] values) {
        JsonArray a = new JsonArray();
        if (values != null) {
            for (double v : values) {
                a.add(num(v));
            }
        }
        return a;
    }

    static JsonArray array(float[] values) {
        JsonArray a = new JsonArray();
        for (float v : values) {
            a.add(Float.isFinite(v) ? new JsonPrimitive(Double.parseDouble(Float.toString(v))) : JsonNull.INSTANCE);
        }
        return a;
    }

    static JsonArray array(int[] values) {
        JsonArray a = new JsonArray();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    static JsonArray matrix(float[][] rows) {
        JsonArray a = new JsonArray();
        for (float[] row : rows) {
            a.add(array(row));
        }
        return a;
    }

    static JsonArray pairs(int[][] rows) {
        JsonArray a = new JsonArray();
        for (int[] row : rows) {
            a.add(array(row));
        }
        return a;
    }

    static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        for (String s : values) {
            a.add(s);
        }
        return a;
    }

    static JsonObject object(String kind) {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind);
        return o;
    }

    static String print(JsonObject o) {
        return new GsonBuilder().disableHtmlEscaping().create().toJson(o);
    }
}
