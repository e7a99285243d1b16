package org.gapscope.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gapscope.GapScopeException;
import org.gapscope.dataset.ExampleSet.LineProblem;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Reads a JSON Lines example set: one object per line with {@code id}, {@code audio} (a path
 * relative to the file), {@code transcript}, {@code answer} (a string or a list of accepted
 * strings) or {@code choices} + {@code answer} (the correct letter or choice text), optional
 * {@code prompt}, {@code task} and {@code words} (reference word timings, {@link WordTimings}).
 * Blank lines and lines starting with {@code #} are ignored.
 */
public final class ExampleSetReader {

    /** What to do with a line that cannot be read. */
    public enum OnBrokenLine {
        /** Report it (with its line number) in {@link ExampleSet#problems()} and go on. */
        SKIP,
        /** Refuse the whole file, naming the first broken line. */
        REFUSE
    }

    private static final Pattern PARSER_COLUMN = Pattern.compile("line \\d+ column (\\d+)");

    private final OnBrokenLine policy;
    private final boolean requireAudio;

    private ExampleSetReader(OnBrokenLine policy, boolean requireAudio) {
        this.policy = policy;
        this.requireAudio = requireAudio;
    }

    /** A reader with the given policy for broken lines; every example must name an audio file. */
    public static ExampleSetReader create(OnBrokenLine policy) {
        return new ExampleSetReader(policy, true);
    }

    /** A reader that also accepts examples without audio (typed questions only). */
    public ExampleSetReader optAudioOptional() {
        return new ExampleSetReader(policy, false);
    }

    /** Reads {@code file}; whether the audio files exist is not checked here (an evaluation records each missing one). */
    public ExampleSet read(Path file) {
        if (!Files.exists(file)) {
            throw new GapScopeException(file + ": no such dataset file");
        }
        if (Files.isDirectory(file)) {
            throw new GapScopeException(file + ": is a folder; give the dataset's .jsonl file");
        }
        Path folder = file.toAbsolutePath().getParent();
        List<Example> examples = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                String line = number == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                try {
                    Example example = parse(line, number, folder);
                    if (!ids.add(example.id())) {
                        throw new LineException("duplicate id \"" + example.id() + "\"");
                    }
                    examples.add(example);
                } catch (LineException e) {
                    if (policy == OnBrokenLine.REFUSE) {
                        throw new GapScopeException(file + ": line " + number + ": " + e.getMessage());
                    }
                    problems.add(new LineProblem(number, e.getMessage()));
                }
            }
        } catch (CharacterCodingException e) {
            throw new GapScopeException(file + ": not UTF-8 text (is it a JSON Lines file?)", e);
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (examples.isEmpty()) {
            String detail = problems.isEmpty() ? "no examples" : "no readable examples (" + problems.get(0) + ")";
            throw new GapScopeException(file + ": " + detail);
        }
        return new ExampleSet(file.toAbsolutePath(), examples, problems);
    }

    private Example parse(String line, int number, Path folder) throws LineException {
        JsonObject o;
        try {
            JsonElement element = JsonParser.parseString(line);
            if (!element.isJsonObject()) {
                throw new LineException("not a JSON object");
            }
            o = element.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new LineException("not JSON" + column(e.getMessage()));
        }
        String id = requiredString(o, "id");
        String transcript = requiredString(o, "transcript");
        Path audio = null;
        if (o.has("audio") && !o.get("audio").isJsonNull()) {
            String a = string(o, "audio");
            if (a.isBlank()) {
                throw new LineException("\"audio\" is empty");
            }
            audio = folder.resolve(a).normalize();
        } else if (requireAudio) {
            throw new LineException("missing \"audio\"");
        }
        List<String> choices = o.has("choices") ? stringList(o, "choices") : List.of();
        if (o.has("choices") && choices.size() < 2) {
            throw new LineException("\"choices\" needs at least two options");
        }
        if (!o.has("answer") || o.get("answer").isJsonNull()) {
            throw new LineException("missing \"answer\"");
        }
        List<String> answers;
        JsonElement answer = o.get("answer");
        if (answer.isJsonArray()) {
            answers = stringList(o, "answer");
        } else if (answer.isJsonPrimitive() && answer.getAsJsonPrimitive().isString()) {
            answers = List.of(answer.getAsString());
        } else {
            throw new LineException("\"answer\" must be a string or a list of strings, not " + kind(answer));
        }
        if (answers.isEmpty() || answers.stream().anyMatch(String::isBlank)) {
            throw new LineException("\"answer\" is empty");
        }
        if (!choices.isEmpty()) {
            answers = List.of(MultipleChoice.correctLetter(answers.get(0), choices)
                    .orElseThrow(() -> new LineException("\"answer\" " + answer
                            + " is neither a choice letter nor one of the choices")));
        }
        String prompt = o.has("prompt") ? string(o, "prompt") : "";
        String task = o.has("task") ? string(o, "task") : "";
        WordTimings words = WordTimings.NONE;
        if (o.has("words") && !o.get("words").isJsonNull()) {
            try {
                words = WordTimings.fromJson(o.get("words"));
                words.checkTranscript(transcript);
            } catch (IllegalArgumentException e) {
                throw new LineException(e.getMessage());
            }
        }
        try {
            return new Example(id, audio, transcript, answers, choices, prompt, task, number, words);
        } catch (IllegalArgumentException e) {
            throw new LineException(e.getMessage());
        }
    }

    private static String requiredString(JsonObject o, String key) throws LineException {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            throw new LineException("missing \"" + key + "\"");
        }
        String value = string(o, key);
        if (value.isBlank()) {
            throw new LineException("\"" + key + "\" is empty");
        }
        return value;
    }

    private static String string(JsonObject o, String key) throws LineException {
        JsonElement e = o.get(key);
        if (e.isJsonPrimitive() && (e.getAsJsonPrimitive().isString() || e.getAsJsonPrimitive().isNumber())) {
            return e.getAsString();
        }
        throw new LineException("\"" + key + "\" must be a string, not " + kind(e));
    }

    private static List<String> stringList(JsonObject o, String key) throws LineException {
        JsonElement e = o.get(key);
        if (!e.isJsonArray()) {
            throw new LineException("\"" + key + "\" must be a list of strings, not " + kind(e));
        }
        JsonArray array = e.getAsJsonArray();
        List<String> out = new ArrayList<>();
        for (JsonElement item : array) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw new LineException("\"" + key + "\" must hold only strings, found " + kind(item));
            }
            out.add(item.getAsString());
        }
        return out;
    }

    private static String kind(JsonElement e) {
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonArray()) {
            return "a list";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.getAsJsonPrimitive().isBoolean()) {
            return "a boolean";
        }
        if (e.getAsJsonPrimitive().isNumber()) {
            return "a number";
        }
        return "a string";
    }

    /**
     * Where on the line the JSON broke, as a reader of the file counts ({@code " (at column 12)"}), or
     * nothing: the parser's own text names its exception class and a JSON path, which say nothing to
     * someone fixing a line.
     */
    private static String column(String parserMessage) {
        Matcher m = parserMessage == null ? null : PARSER_COLUMN.matcher(parserMessage);
        return m != null && m.find() ? " (at column " + m.group(1) + ")" : "";
    }

    /** A problem confined to one line. */
    private static final class LineException extends Exception {
        private static final long serialVersionUID = 1L;

        LineException(String message) {
            super(message);
        }
    }
}
