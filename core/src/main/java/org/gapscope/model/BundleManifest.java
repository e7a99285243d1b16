package org.gapscope.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import org.gapscope.GapScopeException;

/**
 * The parsed and validated {@code bundle.json} of a model bundle (docs/bundle-format.md, formats 1 and
 * 2). Every problem is reported as a {@link GapScopeException} naming the file, the key and the value.
 *
 * @param formatVersion 1 (decoder layers take the whole sequence) or 2 (they take and return a key/value cache)
 * @param name the model's name, recorded in provenance
 * @param family the architecture family (informative)
 * @param numLayers L, the number of decoder layers
 * @param hiddenSize d
 * @param vocabSize the LM head's output size
 * @param maxPositions the longest prompt the model accepts
 * @param dtype the dtype the parts are stored in
 * @param features how audio becomes the speech encoder's input
 * @param speechPrompt the template of a spoken query
 * @param textPrompt the template of a typed query
 * @param specialTokens special token strings by role ({@code bos}, {@code eos}, {@code pad})
 * @param stopTokens generation stops at one of these
 * @param parts the part files, relative to the bundle folder
 * @param kvCache the shape of the decoder layers' key/value cache (format 2), or null (format 1)
 */
public record BundleManifest(int formatVersion, String name, String family, int numLayers, int hiddenSize,
        int vocabSize, int maxPositions, ModelDType dtype, FeatureSettings features, PromptTemplate speechPrompt,
        PromptTemplate textPrompt, Map<String, String> specialTokens, List<String> stopTokens, BundleParts parts,
        KvCacheShape kvCache) {

    /** The value of {@code format}. */
    public static final String FORMAT = "gapscope-bundle";

    /** The newest {@code format_version} this program reads (and the exporter writes). */
    public static final int FORMAT_VERSION = 2;

    /** The oldest {@code format_version} this program reads. */
    public static final int OLDEST_FORMAT_VERSION = 1;

    /**
     * The key/value cache every decoder layer of a format 2 bundle takes and returns: keys and values
     * of shape {@code [1, numKvHeads, positions, headDim]} each.
     *
     * @param numKvHeads key/value heads (fewer than the query heads under grouped-query attention)
     * @param headDim the size of one head
     */
    public record KvCacheShape(int numKvHeads, int headDim) {
    }

    /** Copies the collections so that the manifest stays immutable. */
    public BundleManifest {
        specialTokens = Collections.unmodifiableMap(new LinkedHashMap<>(specialTokens));
        stopTokens = List.copyOf(stopTokens);
    }

    /** Reads and validates {@code bundle.json}. */
    public static BundleManifest read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new GapScopeException(file + ": missing (a model bundle is a folder with a bundle.json)", e);
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(json, file.toString());
    }

    /** Parses and validates manifest JSON; {@code source} names it in error messages. */
    public static BundleManifest parse(String json, String source) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new GapScopeException(source + ": not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (!root.isJsonObject()) {
            throw new GapScopeException(source + ": must hold a JSON object");
        }
        Reader r = new Reader(source, root.getAsJsonObject(), "");
        String format = r.string("format");
        if (!FORMAT.equals(format)) {
            throw new GapScopeException(source + ": format is \"" + format + "\", expected \"" + FORMAT + "\"");
        }
        int version = r.integer("format_version", 0);
        if (version < OLDEST_FORMAT_VERSION || version > FORMAT_VERSION) {
            throw new GapScopeException(source + ": format_version " + version + " is not supported (this GapScope reads "
                    + OLDEST_FORMAT_VERSION + " and " + FORMAT_VERSION + ")");
        }
        String name = r.string("name");
        String family = r.string("family");
        int numLayers = r.integer("num_layers", 1);
        int hiddenSize = r.integer("hidden_size", 1);
        int vocabSize = r.integer("vocab_size", 1);
        int maxPositions = r.integer("max_positions", 1);
        String dtypeName = r.string("dtype");
        ModelDType dtype = ModelDType.parse(dtypeName);
        if (dtype == null) {
            throw new GapScopeException(source + ": dtype \"" + dtypeName + "\" is not float32, float16 or bfloat16");
        }
        FeatureSettings features = features(r.object("features"));
        Reader prompt = r.object("prompt");
        PromptTemplate speech = PromptTemplate.parse(prompt.string("speech"), "speech", source + ": prompt.speech");
        PromptTemplate text = PromptTemplate.parse(prompt.string("text"), "text", source + ": prompt.text");
        Reader special = r.object("special_tokens");
        Map<String, String> specialTokens = new LinkedHashMap<>();
        for (String key : special.keys()) {
            specialTokens.put(key, special.string(key));
        }
        List<String> stopTokens = r.strings("stop_tokens");
        Reader p = r.object("parts");
        List<String> layers = p.strings("layers");
        if (layers.size() != numLayers) {
            throw new GapScopeException(source + ": parts.layers has " + layers.size() + " entries, num_layers is "
                    + numLayers);
        }
        BundleParts parts = new BundleParts(p.partPath("speech_encoder"), p.partPath("embed_tokens"),
                checkedPaths(layers, source), p.partPath("lm_head"));
        KvCacheShape kvCache = null;
        if (version >= 2) {
            Reader c = r.object("kv_cache");
            kvCache = new KvCacheShape(c.integer("num_kv_heads", 1), c.integer("head_dim", 1));
        } else if (r.has("kv_cache")) {
            throw new GapScopeException(source + ": kv_cache is a format_version 2 key; this bundle says format_version "
                    + version);
        }
        return new BundleManifest(version, name, family, numLayers, hiddenSize, vocabSize, maxPositions, dtype, features,
                speech, text, specialTokens, stopTokens, parts, kvCache);
    }

    /** Whether the decoder layers take and return a key/value cache (format 2). */
    public boolean hasKvCache() {
        return kvCache != null;
    }

    private static FeatureSettings features(Reader f) {
        String type = f.string("type");
        if (!FeatureSettings.WHISPER_LOG_MEL.equals(type)) {
            throw new GapScopeException(f.where("type") + " is \"" + type + "\"; only \""
                    + FeatureSettings.WHISPER_LOG_MEL + "\" is supported");
        }
        int melBins = f.integer("mel_bins", 1);
        if (melBins != 80 && melBins != 128) {
            throw new GapScopeException(f.where("mel_bins") + " is " + melBins + "; Whisper log-mel has 80 or 128 bins");
        }
        Integer padTo = f.optionalInteger("pad_to_frames");
        int maxFrames = f.integer("max_frames", 1);
        if (padTo != null && padTo < maxFrames) {
            throw new GapScopeException(f.where("pad_to_frames") + " (" + padTo + ") is less than max_frames (" + maxFrames
                    + ")");
        }
        return new FeatureSettings(type, melBins, f.integer("sample_rate", 1), f.integer("n_fft", 1),
                f.integer("hop_length", 1), padTo, maxFrames, f.integer("adapter_stride", 1));
    }

    private static List<String> checkedPaths(List<String> paths, String source) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            out.add(checkPartPath(paths.get(i), source + ": parts.layers[" + i + "]"));
        }
        return out;
    }

    static String checkPartPath(String value, String where) {
        if (value.isBlank()) {
            throw new GapScopeException(where + " is empty");
        }
        String normal = value.replace('\\', '/');
        if (normal.startsWith("/") || normal.matches("^[A-Za-z]:.*")) {
            throw new GapScopeException(where + " \"" + value + "\" must be relative to the bundle folder");
        }
        for (String segment : normal.split("/")) {
            if (segment.equals("..")) {
                throw new GapScopeException(where + " \"" + value + "\" must not leave the bundle folder (..)");
            }
        }
        return normal;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The template for a modality. */
    public PromptTemplate prompt(org.gapscope.capture.Modality modality) {
        return modality == org.gapscope.capture.Modality.SPEECH ? speechPrompt : textPrompt;
    }

    /** Reads typed keys of one JSON object, naming {@code file: path.key} in every error. */
    private static final class Reader {
        private final String source;
        private final JsonObject object;
        private final String prefix;

        Reader(String source, JsonObject object, String prefix) {
            this.source = source;
            this.object = object;
            this.prefix = prefix;
        }

        String where(String key) {
            return source + ": " + prefix + key;
        }

        List<String> keys() {
            return new ArrayList<>(object.keySet());
        }

        boolean has(String key) {
            return object.has(key);
        }

        private JsonElement required(String key) {
            JsonElement e = object.get(key);
            if (e == null) {
                throw new GapScopeException(where(key) + " is missing");
            }
            return e;
        }

        String string(String key) {
            JsonElement e = required(key);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new GapScopeException(where(key) + " must be a string, is " + e);
            }
            return e.getAsString();
        }

        int integer(String key, int min) {
            JsonElement e = required(key);
            return toInt(key, e, min);
        }

        Integer optionalInteger(String key) {
            JsonElement e = required(key);
            return e.isJsonNull() ? null : toInt(key, e, 1);
        }

        private int toInt(String key, JsonElement e, int min) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw new GapScopeException(where(key) + " must be an integer, is " + e);
            }
            JsonPrimitive p = e.getAsJsonPrimitive();
            double d = p.getAsDouble();
            if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
                throw new GapScopeException(where(key) + " must be an integer, is " + e);
            }
            int v = (int) d;
            if (v < min) {
                throw new GapScopeException(where(key) + " is " + v + "; it must be at least " + min);
            }
            return v;
        }

        Reader object(String key) {
            JsonElement e = required(key);
            if (!e.isJsonObject()) {
                throw new GapScopeException(where(key) + " must be a JSON object, is " + e);
            }
            return new Reader(source, e.getAsJsonObject(), prefix + key + ".");
        }

        List<String> strings(String key) {
            JsonElement e = required(key);
            if (!e.isJsonArray()) {
                throw new GapScopeException(where(key) + " must be an array of strings, is " + e);
            }
            JsonArray a = e.getAsJsonArray();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                JsonElement item = a.get(i);
                if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                    throw new GapScopeException(where(key) + "[" + i + "] must be a string, is " + item);
                }
                out.add(item.getAsString());
            }
            return out;
        }

        String partPath(String key) {
            return checkPartPath(string(key), where(key));
        }
    }
}
