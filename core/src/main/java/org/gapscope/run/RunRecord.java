package org.gapscope.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.Score;
import org.gapscope.capture.Modality;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * One record of a run's {@code results.jsonl} as a list of examples needs it: the dataset line, id,
 * task, gold answers, the typed and spoken answers (with whether each is correct, once analysed), the
 * capture files, each score's example-level mean and its control's, or why the example failed. The
 * per-layer values stay in the file ({@link RunReader#recordJson}), so a 5,000-example run lists in
 * little memory.
 *
 * @param line the 1-based dataset line (the record's key)
 * @param ok whether the example ran in both modalities
 * @param id the example's id, or null for a dataset line that could not be read
 * @param task its task label, or {@code ""}
 * @param gold the accepted answers (for multiple choice, the correct letter or choice text)
 * @param choices the options of a multiple-choice question, or empty
 * @param text the typed query's answer, or null when the text pass did not run
 * @param speech the spoken query's answer, or null when the speech pass did not run
 * @param captures the capture files, relative to the run folder, by modality
 * @param scores each score's mean over the averaged layers (absent before analysis)
 * @param control each score's mean for the example's mismatched pair (absent when it has none)
 * @param stage where a failed example failed, or null
 * @param reason why it failed, or null
 */
public record RunRecord(int line, boolean ok, String id, String task, List<String> gold, List<String> choices,
        Answer text, Answer speech, Map<Modality, String> captures, Map<Score, Double> scores,
        Map<Score, Double> control, String stage, String reason) {

    /**
     * One answer of a record.
     *
     * @param answer the greedy answer
     * @param correct whether it is correct, or null before analysis
     * @param length text tokens or speech positions of the query span, or -1 when not recorded
     * @param seconds the clip's duration (speech), or NaN
     */
    public record Answer(String answer, Boolean correct, int length, double seconds) {
    }

    /** Copies the collections. */
    public RunRecord {
        gold = List.copyOf(gold);
        choices = List.copyOf(choices);
        captures = captures.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(captures));
        scores = scores.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(scores));
        control = control.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(control));
    }

    /** The capture file of {@code modality}, relative to the run folder, if the record names one. */
    public Optional<String> capture(Modality modality) {
        return Optional.ofNullable(captures.get(modality));
    }

    /** The example-level mean of {@code score}, if analysed and defined. */
    public OptionalDouble score(Score score) {
        Double v = scores.get(score);
        return v == null || v.isNaN() ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** Whether the record is a dataset line that could not be read (no id). */
    public boolean brokenLine() {
        return id == null;
    }

    /**
     * Reads and checks one record; {@code where} names it in errors (file and line). Checks what every
     * reader relies on: a dataset line, a status, an id or null, answers of an evaluated example, the
     * stage and reason of a failed one.
     */
    public static RunRecord parse(JsonObject o, String where) {
        int line = integer(o, "line", where);
        if (line < 1) {
            throw new GapScopeException(where + ": \"line\" must be a dataset line (1 or more), not " + line);
        }
        String status = string(o, "status", where);
        if (!status.equals("ok") && !status.equals("failed")) {
            throw new GapScopeException(where + ": \"status\" must be \"ok\" or \"failed\", not \"" + status + "\"");
        }
        boolean ok = status.equals("ok");
        JsonElement idElement = o.get("id");
        if (idElement == null || !idElement.isJsonNull() && !isString(idElement)) {
            throw new GapScopeException(where + ": \"id\" must be a string, or null for a broken dataset line");
        }
        String id = idElement.isJsonNull() ? null : idElement.getAsString();
        String task = o.has("task") ? string(o, "task", where) : "";
        List<String> gold = strings(o, "gold", where);
        List<String> choices = strings(o, "choices", where);
        if (ok && (id == null || gold.isEmpty())) {
            throw new GapScopeException(where + ": an evaluated (\"ok\") record needs an \"id\" and a non-empty \"gold\"");
        }
        Answer text = answer(o, "text", "tokens", where, ok);
        Answer speech = answer(o, "speech", "positions", where, ok);
        Map<Modality, String> captures = new EnumMap<>(Modality.class);
        if (o.has("captures")) {
            if (!o.get("captures").isJsonObject()) {
                throw new GapScopeException(where + ": \"captures\" must be an object");
            }
            JsonObject c = o.getAsJsonObject("captures");
            for (Modality m : Modality.values()) {
                if (c.has(m.id())) {
                    String rel = string(c, m.id(), where + " captures");
                    if (rel.startsWith("/") || rel.contains("..") || rel.contains("\\")) {
                        throw new GapScopeException(where + ": capture path \"" + rel
                                + "\" must lie inside the run folder (relative, no ..)");
                    }
                    captures.put(m, rel);
                }
            }
        }
        String stage = null;
        String reason = null;
        if (!ok) {
            stage = string(o, "stage", where);
            reason = string(o, "reason", where);
        }
        return new RunRecord(line, ok, id, task, gold, choices, text, speech, captures, means(o, "scores"),
                o.has("control") && o.get("control").isJsonObject() ? means(o.getAsJsonObject("control"), "scores")
                        : Map.of(),
                stage, reason);
    }

    private static Answer answer(JsonObject o, String key, String lengthKey, String where, boolean required) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            if (required) {
                throw new GapScopeException(where + ": an evaluated (\"ok\") record needs \"" + key + "\" with its answer");
            }
            return null;
        }
        if (!o.get(key).isJsonObject()) {
            throw new GapScopeException(where + ": \"" + key + "\" must be an object with an \"answer\"");
        }
        JsonObject a = o.getAsJsonObject(key);
        String w = where + " " + key;
        String answer = string(a, "answer", w);
        Boolean correct = null;
        if (a.has("correct")) {
            JsonElement c = a.get("correct");
            if (!c.isJsonPrimitive() || !c.getAsJsonPrimitive().isBoolean()) {
                throw new GapScopeException(w + ": \"correct\" must be true or false");
            }
            correct = c.getAsBoolean();
        }
        int length = a.has(lengthKey) ? integer(a, lengthKey, w) : -1;
        double seconds = a.has("seconds") ? number(a, "seconds", w) : Double.NaN;
        return new Answer(answer, correct, length, seconds);
    }

    private static Map<Score, Double> means(JsonObject o, String key) {
        Map<Score, Double> out = new EnumMap<>(Score.class);
        if (!o.has(key) || !o.get(key).isJsonObject()) {
            return out;
        }
        JsonObject scores = o.getAsJsonObject(key);
        for (Score s : Score.values()) {
            JsonElement one = scores.get(s.key());
            if (one != null && one.isJsonObject()) {
                JsonElement mean = one.getAsJsonObject().get("mean");
                out.put(s, mean == null || mean.isJsonNull() ? Double.NaN : mean.getAsDouble());
            }
        }
        return out;
    }

    static String string(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || !isString(e)) {
            throw new GapScopeException(where + ": \"" + key + "\" is missing or not a string");
        }
        return e.getAsString();
    }

    static int integer(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new GapScopeException(where + ": \"" + key + "\" is missing or not a number");
        }
        double v = e.getAsDouble();
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new GapScopeException(where + ": \"" + key + "\" must be a whole number, not " + e);
        }
        return (int) v;
    }

    private static double number(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e.isJsonNull()) {
            return Double.NaN;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new GapScopeException(where + ": \"" + key + "\" must be a number");
        }
        return e.getAsDouble();
    }

    private static List<String> strings(JsonObject o, String key, String where) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            return List.of();
        }
        if (!o.get(key).isJsonArray()) {
            throw new GapScopeException(where + ": \"" + key + "\" must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray(key)) {
            if (!isString(e)) {
                throw new GapScopeException(where + ": \"" + key + "\" must be a list of strings, holds " + e);
            }
            out.add(e.getAsString());
        }
        return out;
    }

    private static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }
}
