package org.gapscope.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gapscope.GapScopeException;
import org.gapscope.capture.CaptureFile;
import org.gapscope.capture.Modality;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * A run folder opened for reading, by whoever wrote it (docs/run-format.md): {@code run.json}, every
 * record of {@code results.jsonl} listed at once as a compact {@link RunRecord} (in dataset-line
 * order), a record's full JSON (per-layer scores) read again from the file when asked, captures loaded
 * on demand, and {@code summary.json} when the run has been analysed. Reading never changes the folder.
 */
public final class RunReader {

    private final RunFolder folder;
    private final List<RunRecord> records;
    private final Map<Integer, long[]> spans;
    private final Map<Integer, RunRecord> byLine;

    private RunReader(RunFolder folder, List<RunRecord> records, Map<Integer, long[]> spans) {
        this.folder = folder;
        this.records = Collections.unmodifiableList(records);
        this.spans = spans;
        this.byLine = new HashMap<>();
        records.forEach(r -> byLine.put(r.line(), r));
    }

    /**
     * Opens {@code folder}: checks {@code run.json} and reads every record. A record that cannot be
     * read, or two records for one dataset line, is refused with one line naming the file and line; a
     * last line without its newline (a writer stopped while writing it) is left out, as a resumed
     * writer would cut it.
     */
    public static RunReader open(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new GapScopeException(folder + ": no such run folder");
        }
        RunFolder run = RunFolder.existing(folder);
        Path file = folder.resolve(RunFolder.RESULTS_JSONL);
        if (!Files.isRegularFile(file)) {
            throw new GapScopeException(folder + ": the run has no " + RunFolder.RESULTS_JSONL);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot read: " + e.getMessage(), e);
        }
        List<RunRecord> records = new ArrayList<>();
        Map<Integer, long[]> spans = new HashMap<>();
        int start = 0;
        int fileLine = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            fileLine++;
            String text = new String(bytes, start, i - start, StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                String where = file + " line " + fileLine;
                JsonObject o;
                try {
                    o = listed(text);
                } catch (IOException | JsonParseException | IllegalStateException e) {
                    throw new GapScopeException(where + ": not a JSON object");
                }
                RunRecord r = RunRecord.parse(o, where);
                if (spans.put(r.line(), new long[] {start, i - start}) != null) {
                    throw new GapScopeException(where + ": a second record for dataset line " + r.line());
                }
                records.add(r);
            }
            start = i + 1;
        }
        records.sort(Comparator.comparingInt(RunRecord::line));
        return new RunReader(run, records, spans);
    }

    /**
     * One line parsed for the list: the whole record but its {@code per_layer} arrays, which are skipped
     * unbuilt (they are most of a record's size, and {@link #recordJson} reads them when asked).
     */
    static JsonObject listed(String line) throws IOException {
        try (JsonReader in = new JsonReader(new StringReader(line))) {
            JsonElement e = value(in);
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("more than one value on the line");
            }
            return e.getAsJsonObject();
        }
    }

    private static JsonElement value(JsonReader in) throws IOException {
        switch (in.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject o = new JsonObject();
                in.beginObject();
                while (in.hasNext()) {
                    String name = in.nextName();
                    if (name.equals("per_layer")) {
                        in.skipValue();
                    } else {
                        o.add(name, value(in));
                    }
                }
                in.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                JsonArray a = new JsonArray();
                in.beginArray();
                while (in.hasNext()) {
                    a.add(value(in));
                }
                in.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(in.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(in.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(in.nextBoolean());
            }
            case NULL -> {
                in.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new JsonParseException("unexpected " + in.peek());
        }
    }

    /** The folder and its {@code run.json}. */
    public RunFolder folder() {
        return folder;
    }

    /** Every record, in dataset-line order. */
    public List<RunRecord> records() {
        return records;
    }

    /** The record of a dataset line. */
    public Optional<RunRecord> record(int line) {
        return Optional.ofNullable(byLine.get(line));
    }

    /** The record's whole JSON as the file holds it (with per-layer scores and the control's). */
    public JsonObject recordJson(RunRecord record) {
        long[] span = spans.get(record.line());
        if (span == null) {
            throw new IllegalArgumentException("no record for line " + record.line() + " in this run");
        }
        Path file = folder.resolve(RunFolder.RESULTS_JSONL);
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[(int) span[1]];
            in.seek(span[0]);
            in.readFully(bytes);
            return JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new GapScopeException(file + ": the record of dataset line " + record.line()
                    + " cannot be read again (was the file changed while open?)", e);
        }
    }

    /** The record's capture of {@code modality}, read now; one line naming the file when it is missing or bad. */
    public CaptureFile capture(RunRecord record, Modality modality) {
        String rel = record.capture(modality).orElseThrow(() -> new GapScopeException(folder.folder() + ": line "
                + record.line() + " (" + record.id() + ") has no " + modality.id() + " capture in its record"));
        Path file = folder.resolve(rel);
        if (!Files.isRegularFile(file)) {
            throw new GapScopeException(file + ": the " + modality.id() + " capture of line " + record.line() + " ("
                    + record.id() + ") is missing");
        }
        return CaptureFile.read(file);
    }

    /** Whether {@code status.json} says every entry of the run has a record. */
    public boolean isComplete() {
        return folder.isComplete();
    }

    /** {@code summary.json}, when the run has been analysed. */
    public Optional<JsonObject> summary() {
        Path file = folder.resolve(RunFolder.SUMMARY_JSON);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new GapScopeException(file + ": not a readable summary", e);
        }
    }
}
