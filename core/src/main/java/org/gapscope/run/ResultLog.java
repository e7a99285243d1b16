package org.gapscope.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.gapscope.GapScopeException;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * An append-only JSON Lines file of per-example results, written as a batch goes: each record is
 * one line, flushed to disk before the next example starts. Reopening it for a resumed run keeps
 * every complete record and cuts off a line left half-written by an interruption.
 */
public final class ResultLog implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final Map<String, JsonObject> records;

    private ResultLog(Path file, FileChannel channel, Map<String, JsonObject> records) {
        this.file = file;
        this.channel = channel;
        this.records = records;
    }

    /** Opens {@code file} for appending, reading the records already there (keyed by {@code idKey}). */
    public static ResultLog open(Path file, String idKey) {
        Map<String, JsonObject> existing = new LinkedHashMap<>();
        try {
            long keep = 0;
            if (Files.exists(file)) {
                byte[] bytes = Files.readAllBytes(file);
                int lineStart = 0;
                int lineNumber = 0;
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] != '\n') {
                        continue;
                    }
                    lineNumber++;
                    String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
                    lineStart = i + 1;
                    if (line.isBlank()) {
                        keep = lineStart;
                        continue;
                    }
                    try {
                        JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                        if (o.has(idKey)) {
                            existing.put(o.get(idKey).getAsString(), o);
                        }
                        keep = lineStart;
                    } catch (JsonParseException | IllegalStateException e) {
                        throw new GapScopeException(file + ": line " + lineNumber
                                + " is not a result record; was this file written by GapScope? Move it away to start afresh");
                    }
                }
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(keep);
            channel.position(keep);
            return new ResultLog(file, channel, existing);
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot open the results file: " + e.getMessage(), e);
        }
    }

    /** Whether a record with this id is already in the file. */
    public boolean contains(String id) {
        return records.containsKey(id);
    }

    /** The record with this id, when it is in the file. */
    public Optional<JsonObject> get(String id) {
        return Optional.ofNullable(records.get(id));
    }

    /** The records read or written so far, in file order. */
    public List<JsonObject> records() {
        return Collections.unmodifiableList(new ArrayList<>(records.values()));
    }

    /** Appends one record and forces it to disk. */
    public void append(String id, JsonObject record) {
        byte[] line = (record.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot write a result: " + e.getMessage(), e);
        }
        records.put(id, record);
    }

    /** The file. */
    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot close: " + e.getMessage(), e);
        }
    }
}
