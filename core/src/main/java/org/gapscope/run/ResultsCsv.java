package org.gapscope.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.gapscope.analysis.Score;
import org.gapscope.npy.AtomicFiles;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Per-example results as CSV (RFC 4180, UTF-8), regenerated atomically from the JSON Lines records
 * so that a spreadsheet never sees half a file.
 */
public final class ResultsCsv {

    /**
     * One column.
     *
     * @param header the header cell
     * @param value the cell of a record ({@code ""} when absent)
     */
    public record Column(String header, Function<JsonObject, String> value) {
    }

    /** The columns of {@code evaluate}'s results. */
    public static final List<Column> EVALUATE = evaluateColumns();

    private ResultsCsv() {
    }

    /** The columns every batch command shares: line, id, task, status, stage, reason, gold, text and speech answers. */
    public static List<Column> commonColumns() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("line", r -> text(r.get("line"))));
        c.add(new Column("id", r -> text(r.get("id"))));
        c.add(new Column("task", r -> text(r.get("task"))));
        c.add(new Column("status", r -> text(r.get("status"))));
        c.add(new Column("failed_stage", r -> text(r.get("stage"))));
        c.add(new Column("reason", r -> text(r.get("reason"))));
        c.add(new Column("gold", r -> {
            List<String> gold = new ArrayList<>();
            if (r.has("gold")) {
                r.getAsJsonArray("gold").forEach(g -> gold.add(g.getAsString()));
            }
            return String.join(" | ", gold);
        }));
        for (String modality : List.of("text", "speech")) {
            c.add(new Column(modality + "_answer", r -> field(r, modality, "answer")));
            c.add(new Column(modality + "_correct", r -> field(r, modality, "correct")));
        }
        return c;
    }

    private static List<Column> evaluateColumns() {
        List<Column> c = commonColumns();
        c.add(new Column("text_tokens", r -> field(r, "text", "tokens")));
        c.add(new Column("speech_positions", r -> field(r, "speech", "positions")));
        c.add(new Column("speech_seconds", r -> field(r, "speech", "seconds")));
        for (Score s : Score.values()) {
            c.add(new Column(s.key(), r -> {
                if (!r.has("scores")) {
                    return "";
                }
                return text(r.getAsJsonObject("scores").getAsJsonObject(s.key()).get("mean"));
            }));
        }
        return List.copyOf(c);
    }

    /** {@code record[object][key]} as text, or {@code ""}. */
    public static String field(JsonObject record, String object, String key) {
        if (!record.has(object) || !record.get(object).isJsonObject()) {
            return "";
        }
        return text(record.getAsJsonObject(object).get(key));
    }

    /** A JSON value as a cell: strings as they are, null or absent as {@code ""}. */
    public static String text(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "";
        }
        return e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    /** Writes {@code records} with {@code columns} to {@code path}, atomically. */
    public static void write(Path path, List<Column> columns, List<JsonObject> records) {
        StringBuilder sb = new StringBuilder();
        appendRow(sb, columns.stream().map(Column::header).toList());
        for (JsonObject r : records) {
            appendRow(sb, columns.stream().map(c -> c.value().apply(r)).toList());
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(path, out -> out.write(bytes));
    }

    /** Appends one CSV row (quoted where needed) with a CRLF-free {@code \n} ending. */
    public static void appendRow(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(cells.get(i)));
        }
        sb.append('\n');
    }

    /** A cell, quoted when it holds a comma, a quote or a line break. */
    public static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
