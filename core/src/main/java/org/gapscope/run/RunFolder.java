package org.gapscope.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

import org.gapscope.GapScopeException;
import org.gapscope.GapScopeVersion;
import org.gapscope.npy.AtomicFiles;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A run folder (docs/run-format.md): {@code run.json} says which program and command, model, dataset
 * (by SHA-256), shard and settings made it, so that running the same command again resumes there and
 * a different one is refused instead of mixing results. Written by {@code gapscope evaluate} and
 * {@code intervene}, by the capture kit ({@code gapscope-capture}), or by any program that follows the
 * format.
 */
public final class RunFolder {

    /** The identity file. */
    public static final String RUN_JSON = "run.json";
    /** Per-entry results, JSON Lines. */
    public static final String RESULTS_JSONL = "results.jsonl";
    /** Per-entry results, CSV. */
    public static final String RESULTS_CSV = "results.csv";
    /** The dataset-level summary. */
    public static final String SUMMARY_JSON = "summary.json";
    /** Where the hidden-state captures go. */
    public static final String CAPTURES = "captures";
    /** Mismatched-pair scores, JSON Lines. */
    public static final String CONTROL_JSONL = "control.jsonl";
    /** How far the run is: entries, records, whether complete. */
    public static final String STATUS_JSON = "status.json";
    /** Wall-clock time per stage of the last invocation. */
    public static final String TIMINGS_JSON = "timings.json";

    /** Critical tokens selected by {@code gapscope analyse}, JSON Lines (docs/run-format.md). */
    public static final String CRITICAL_TOKENS_JSONL = "critical_tokens.jsonl";

    /** {@code format} of run.json. */
    public static final String FORMAT = "gapscope-run";
    /** The {@code format_version} this GapScope writes. */
    public static final int FORMAT_VERSION = 2;
    /** The oldest {@code format_version} it still reads. */
    public static final int OLDEST_READABLE_VERSION = 1;

    /** {@code command} of a folder written by {@code gapscope evaluate}. */
    public static final String EVALUATE = "evaluate";
    /** {@code command} of a folder written by {@code gapscope intervene} or {@code gapscope-capture intervene}. */
    public static final String INTERVENE = "intervene";
    /** {@code command} of a folder written by the capture kit ({@code gapscope-capture}) or another program. */
    public static final String CAPTURE = "capture";

    private final Path folder;
    private final JsonObject info;

    private RunFolder(Path folder, JsonObject info) {
        this.folder = folder;
        this.info = info;
    }

    /**
     * The identity of a run: what must be equal for a folder to be resumed (everything but
     * {@code dataset}, the path as given, and {@code program_version}).
     */
    public static JsonObject identity(String command, String model, String modelFingerprint, Path dataset,
            String datasetSha256, Shard shard, JsonObject settings) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("format_version", FORMAT_VERSION);
        o.addProperty("command", command);
        o.addProperty("model", model);
        o.addProperty("model_fingerprint", modelFingerprint);
        o.addProperty("dataset", dataset.toAbsolutePath().normalize().toString());
        o.addProperty("dataset_sha256", datasetSha256);
        o.addProperty("shard", shard.toString());
        o.add("settings", settings);
        o.addProperty("program_version", GapScopeVersion.get());
        return o;
    }

    /**
     * Opens {@code folder} for {@code identity}: creates it (and {@code run.json}) when new or empty,
     * resumes when its {@code run.json} has the same identity, refuses otherwise.
     */
    public static RunFolder openOrCreate(Path folder, JsonObject identity) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new GapScopeException(folder + ": is a file; --out must be a folder");
        }
        Path runJson = folder.resolve(RUN_JSON);
        try {
            if (Files.exists(runJson)) {
                JsonObject existing = read(folder);
                for (String key : new String[] {"format", "format_version", "command", "model_fingerprint",
                    "dataset_sha256", "shard", "settings"}) {
                    JsonElement a = existing.get(key);
                    JsonElement b = identity.get(key);
                    if (a == null || !a.equals(b)) {
                        throw new GapScopeException(folder + ": holds a run with another " + describe(key) + " ("
                                + shorten(a) + ", now " + shorten(b) + "); give a fresh --out folder, or the same "
                                + "command to resume");
                    }
                }
                return new RunFolder(folder, existing);
            }
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    if (files.findAny().isPresent()) {
                        throw new GapScopeException(folder + ": is not empty and holds no " + RUN_JSON
                                + "; give a new or empty folder for --out");
                    }
                }
            }
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new GapScopeException(folder + ": cannot use as the output folder: " + e.getMessage(), e);
        }
        writeJson(runJson, identity);
        return new RunFolder(folder, identity);
    }

    /** Opens an existing run folder for reading (merge, compare). */
    public static RunFolder existing(Path folder) {
        return new RunFolder(folder, read(folder));
    }

    private static JsonObject read(Path folder) {
        Path runJson = folder.resolve(RUN_JSON);
        if (!Files.isRegularFile(runJson)) {
            throw new GapScopeException(folder + ": not a GapScope run folder (no " + RUN_JSON + ")");
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(runJson, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!o.has("format") || !o.get("format").isJsonPrimitive() || !FORMAT.equals(o.get("format").getAsString())) {
                throw new GapScopeException(runJson + ": not a GapScope run description (\"format\" must be \"" + FORMAT
                        + "\")");
            }
            JsonElement v = o.get("format_version");
            if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                throw new GapScopeException(runJson + ": \"format_version\" is missing or not a number");
            }
            int version = v.getAsInt();
            if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
                throw new GapScopeException(runJson + ": run format version " + v + " is not one this GapScope reads ("
                        + OLDEST_READABLE_VERSION + " to " + FORMAT_VERSION + ")"
                        + (version > FORMAT_VERSION ? "; a newer GapScope wrote it" : ""));
            }
            for (String key : new String[] {"command", "model", "shard"}) {
                JsonElement e = o.get(key);
                if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw new GapScopeException(runJson + ": \"" + key + "\" is missing or not a string");
                }
            }
            if (o.has("settings") && !o.get("settings").isJsonObject()) {
                throw new GapScopeException(runJson + ": \"settings\" must be an object");
            }
            return o;
        } catch (IOException e) {
            throw new GapScopeException(runJson + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new GapScopeException(runJson + ": not valid JSON", e);
        }
    }

    private static String describe(String key) {
        return switch (key) {
            case "model_fingerprint" -> "model";
            case "dataset_sha256" -> "dataset (its SHA-256 differs: the file changed)";
            default -> key;
        };
    }

    private static String shorten(JsonElement e) {
        String s = e == null ? "none" : e.isJsonPrimitive() ? e.getAsString() : e.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    /** The folder. */
    public Path folder() {
        return folder;
    }

    /** The run's description ({@code run.json}). */
    public JsonObject info() {
        return info.deepCopy();
    }

    /** The command that made it. */
    public String command() {
        return info.get("command").getAsString();
    }

    /** The shard it ran. */
    public Shard shard() {
        try {
            return Shard.parse(info.get("shard").getAsString());
        } catch (GapScopeException e) {
            throw new GapScopeException(resolve(RUN_JSON) + ": " + e.getMessage(), e);
        }
    }

    /** The run format version of {@code run.json}. */
    public int formatVersion() {
        return info.get("format_version").getAsInt();
    }

    /** The model's name. */
    public String model() {
        return info.get("model").getAsString();
    }

    /** The settings the run was made with (an empty object when run.json has none). */
    public JsonObject settings() {
        return info.has("settings") ? info.getAsJsonObject("settings").deepCopy() : new JsonObject();
    }

    /** A file in the folder. */
    public Path resolve(String name) {
        return folder.resolve(name);
    }

    /** Records how far the run is in {@code status.json}. */
    public void writeStatus(int entries, int records, boolean complete) {
        JsonObject o = new JsonObject();
        o.addProperty("entries", entries);
        o.addProperty("records", records);
        o.addProperty("complete", complete);
        writeJson(resolve(STATUS_JSON), o);
    }

    /** Whether {@code status.json} says every entry of the run has a record. */
    public boolean isComplete() {
        Path status = resolve(STATUS_JSON);
        if (!Files.isRegularFile(status)) {
            return false;
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(status, StandardCharsets.UTF_8)).getAsJsonObject();
            return o.has("complete") && o.get("complete").getAsBoolean();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Writes {@code value} to {@code path} atomically, pretty-printed, with a final newline. */
    public static void writeJson(Path path, JsonElement value) {
        String text = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create()
                .toJson(value) + "\n";
        AtomicFiles.write(path, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The SHA-256 of a file, in hex. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java", e);
        }
    }

    /** Settings as a JSON object, from key-value pairs in order. */
    public static JsonObject settings(Map<String, Object> values) {
        JsonObject o = new JsonObject();
        values.forEach((k, v) -> {
            if (v instanceof Number n) {
                o.addProperty(k, n);
            } else if (v instanceof Boolean b) {
                o.addProperty(k, b);
            } else {
                o.addProperty(k, String.valueOf(v));
            }
        });
        return o;
    }
}
