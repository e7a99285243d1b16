package org.gapscope.figure;

import java.util.Arrays;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * What the intervention before/after figure shows: the gold answer and the answers generated
 * before and after rewriting the speech representations, the method, which tokens' aligned speech
 * positions were rewritten (marked on the alignment path), and optionally the dataset-level
 * accuracy table.
 *
 * @param method the rewrite, e.g. {@code angle projection} or {@code length normalization}
 * @param selection which positions, e.g. {@code Bottom-3} or {@code All}
 * @param layer the layer where the rewrite happened (0 = the LLM input)
 * @param gold the gold answer
 * @param before the answer generated from the unedited speech
 * @param after the answer generated after the rewrite
 * @param correctBefore whether {@code before} counts as correct, or null when not judged
 * @param correctAfter whether {@code after} counts as correct, or null when not judged
 * @param tokens the text tokens of the query
 * @param times the start time in seconds of each speech position, increasing
 * @param path for each token the aligned speech position
 * @param changedTokens the tokens (indices into {@code tokens}) whose aligned positions were rewritten
 * @param accuracy the dataset-level accuracy table, or null
 * @param title a title (model, example), possibly empty
 */
public record InterventionData(String method, String selection, int layer, String gold, String before, String after,
        Boolean correctBefore, Boolean correctAfter, List<String> tokens, double[] times, int[] path,
        int[] changedTokens, AccuracyTable accuracy, String title) implements FigureData {

    /**
     * One row of the accuracy table.
     *
     * @param condition e.g. {@code text}, {@code speech}, {@code angle \u00b7 Bottom-3}
     * @param accuracy accuracy in percent
     * @param n the number of examples, or 0 when not known
     */
    public record AccuracyRow(String condition, double accuracy, int n) {

        /** Requires a condition and a finite accuracy. */
        public AccuracyRow {
            if (condition == null || condition.isBlank() || !Double.isFinite(accuracy) || n < 0) {
                throw new IllegalArgumentException("accuracy row: condition '" + condition + "', accuracy "
                        + accuracy + ", n " + n);
            }
        }
    }

    /**
     * The dataset-level accuracy table.
     *
     * @param dataset the dataset's name, e.g. {@code sd-qa}
     * @param rows the conditions in order
     * @param baseline the row the other rows are compared with (a change column), or -1 for none
     */
    public record AccuracyTable(String dataset, List<AccuracyRow> rows, int baseline) {

        /** Requires at least one row and a baseline inside the table. */
        public AccuracyTable {
            if (rows == null || rows.isEmpty()) {
                throw new IllegalArgumentException("accuracy table: no rows");
            }
            rows = List.copyOf(rows);
            if (baseline < -1 || baseline >= rows.size()) {
                throw new IllegalArgumentException("accuracy table: baseline row " + baseline + " of " + rows.size());
            }
            dataset = dataset == null ? "" : dataset;
        }
    }

    /** Validates and copies. */
    public InterventionData {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("intervention: the method is required");
        }
        selection = selection == null ? "" : selection;
        if (layer < 0) {
            throw new IllegalArgumentException("intervention: layer must be 0 or more, got " + layer);
        }
        gold = gold == null ? "" : gold;
        before = before == null ? "" : before;
        after = after == null ? "" : after;
        if (tokens == null || tokens.isEmpty()) {
            throw new IllegalArgumentException("intervention: no tokens");
        }
        tokens = List.copyOf(tokens);
        if (times == null || times.length == 0) {
            throw new IllegalArgumentException("intervention: no speech times");
        }
        times = times.clone();
        for (int i = 1; i < times.length; i++) {
            if (!(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("intervention: speech times must increase, time " + i + " is "
                        + times[i]);
            }
        }
        if (path == null || path.length != tokens.size()) {
            throw new IllegalArgumentException("intervention: the path needs one position per token ("
                    + tokens.size() + ")");
        }
        for (int j = 0; j < path.length; j++) {
            if (path[j] < 0 || path[j] >= times.length) {
                throw new IllegalArgumentException("intervention: path entry " + j + " = " + path[j]
                        + " is outside 0.." + (times.length - 1));
            }
        }
        path = path.clone();
        changedTokens = changedTokens == null ? new int[0] : changedTokens.clone();
        for (int j : changedTokens) {
            if (j < 0 || j >= tokens.size()) {
                throw new IllegalArgumentException("intervention: changed token " + j + " is outside 0.."
                        + (tokens.size() - 1));
            }
        }
        Arrays.sort(changedTokens);
        title = title == null ? "" : title;
    }

    /** A copy of the speech times. */
    @Override
    public double[] times() {
        return times.clone();
    }

    /** A copy of the path. */
    @Override
    public int[] path() {
        return path.clone();
    }

    /** A copy of the changed tokens, sorted. */
    @Override
    public int[] changedTokens() {
        return changedTokens.clone();
    }

    /** Whether token j's aligned position was rewritten. */
    public boolean changed(int j) {
        return Arrays.binarySearch(changedTokens, j) >= 0;
    }

    /** The start time of speech position i. */
    public double time(int i) {
        return times[i];
    }

    /** The aligned speech position of token j. */
    public int pathAt(int j) {
        return path[j];
    }

    /** Number of speech positions. */
    public int speechCount() {
        return times.length;
    }

    /** The end of the last speech position (its start plus the mean spacing, or 0.1 s alone). */
    public double endTime() {
        int n = times.length;
        double step = n > 1 ? (times[n - 1] - times[0]) / (n - 1) : 0.1;
        return times[n - 1] + step;
    }

    /** The method and selection in one phrase, e.g. {@code angle projection, Bottom-3}. */
    public String methodLabel() {
        return selection.isBlank() ? method : method + ", " + selection;
    }

    @Override
    public String kind() {
        return "intervention";
    }

    /** One row per token: its aligned position and time, whether it was rewritten; answers in the JSON. */
    @Override
    public String toCsv() {
        Csv csv = new Csv().row("token_index", "token", "speech_index", "time_s", "rewritten");
        for (int j = 0; j < tokens.size(); j++) {
            csv.field(j).field(tokens.get(j)).field(path[j]).field(times[path[j]]).field(changed(j) ? "1" : "0").end();
        }
        return csv.toString();
    }

    @Override
    public String toJson() {
        JsonObject o = Json.object(kind());
        o.add("title", Json.str(title));
        o.addProperty("method", method);
        o.addProperty("selection", selection);
        o.addProperty("layer", layer);
        o.addProperty("gold", gold);
        o.addProperty("before", before);
        o.addProperty("after", after);
        if (correctBefore != null) {
            o.addProperty("correct_before", correctBefore);
        }
        if (correctAfter != null) {
            o.addProperty("correct_after", correctAfter);
        }
        o.add("tokens", Json.strings(tokens));
        o.add("times_s", Json.array(times));
        o.add("path", Json.array(path));
        o.add("changed_tokens", Json.array(changedTokens));
        if (accuracy != null) {
            JsonObject t = new JsonObject();
            t.addProperty("dataset", accuracy.dataset());
            t.addProperty("baseline", accuracy.baseline());
            JsonArray rows = new JsonArray();
            for (AccuracyRow r : accuracy.rows()) {
                JsonObject row = new JsonObject();
                row.addProperty("condition", r.condition());
                row.add("accuracy", Json.num(r.accuracy()));
                row.addProperty("n", r.n());
                rows.add(row);
            }
            t.add("rows", rows);
            o.add("accuracy", t);
        }
        return Json.print(o);
    }
}
