package org.gapscope.capture;

import java.util.Objects;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.gapscope.GapScopeException;

/**
 * Where a capture came from: the model (bundle name), the query's modality, the example it belongs to
 * and the GapScope version that made it.
 *
 * @param model the bundle's {@code name}
 * @param modality speech or text
 * @param exampleId the example's id, or an empty string when the query was ad hoc
 * @param programVersion GapScope's version
 */
public record CaptureMeta(String model, Modality modality, String exampleId, String programVersion) {

    /** Validates that no field is null. */
    public CaptureMeta {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(exampleId, "exampleId");
        Objects.requireNonNull(programVersion, "programVersion");
    }

    /** The JSON stored as the {@code meta} array of a capture file. */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("model", model);
        o.addProperty("modality", modality.id());
        o.addProperty("example", exampleId);
        o.addProperty("program_version", programVersion);
        return new Gson().toJson(o);
    }

    /** Parses the {@code meta} JSON of a capture; {@code where} names the file for error messages. */
    public static CaptureMeta fromJson(String json, String where) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new GapScopeException(where + ": meta is not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new GapScopeException(where + ": meta is not valid JSON: " + e.getMessage(), e);
        }
        return new CaptureMeta(string(o, "model", where), Modality.parse(string(o, "modality", where), where + " meta"),
                string(o, "example", where), string(o, "program_version", where));
    }

    private static String string(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new GapScopeException(where + ": meta." + key + " is missing or not a string");
        }
        return e.getAsString();
    }
}
