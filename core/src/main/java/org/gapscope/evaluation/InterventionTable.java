package org.gapscope.evaluation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gapscope.GapScopeVersion;
import org.gapscope.analysis.Bootstrap;
import org.gapscope.analysis.ConfidenceInterval;
import org.gapscope.intervention.StatisticalCalibration;
import org.gapscope.npy.AtomicFiles;
import org.gapscope.run.ResultsCsv;
import org.gapscope.run.RunFolder;
import org.gapscope.run.ScoresJson;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The paper's intervention table from an intervention run's records: text accuracy, speech
 * accuracy, and speech accuracy under each condition with its change against plain speech (paired
 * bootstrap interval over examples), and how many answers it fixed and broke. Written as
 * {@code summary.json}, {@code table.md} and {@code table.csv}.
 */
public final class InterventionTable {

    /** {@code format} of an intervention summary.json. */
    public static final String FORMAT = "gapscope-intervention-summary";
    /** The Markdown table. */
    public static final String TABLE_MD = "table.md";
    /** The CSV table. */
    public static final String TABLE_CSV = "table.csv";

    private InterventionTable() {
    }

    /** The per-example CSV columns for these conditions. */
    static List<ResultsCsv.Column> columns(List<String> conditions) {
        List<ResultsCsv.Column> c = ResultsCsv.commonColumns();
        for (String condition : conditions) {
            String key = condition.toLowerCase(Locale.ROOT).replace(' ', '_');
            c.add(new ResultsCsv.Column(key + "_answer", r -> cell(r, condition, "answer")));
            c.add(new ResultsCsv.Column(key + "_correct", r -> cell(r, condition, "correct")));
            c.add(new ResultsCsv.Column(key + "_positions", r -> cell(r, condition, "positions")));
        }
        return c;
    }

    private static String cell(JsonObject r, String condition, String key) {
        if (!r.has("interventions")) {
            return "";
        }
        JsonObject o = r.getAsJsonObject("interventions").getAsJsonObject(condition);
        if (o == null || !o.has(key)) {
            return "";
        }
        if (o.get(key).isJsonArray()) {
            List<String> items = new ArrayList<>();
            o.getAsJsonArray(key).forEach(e -> items.add(e.getAsString()));
            return String.join(" ", items);
        }
        return ResultsCsv.text(o.get(key));
    }

    /** Computes the table from every record (line order) and writes the three files; returns the summary. */
    static JsonObject write(RunFolder folder, List<JsonObject> records, List<String> conditions, String model,
            String dataset, JsonObject settings, StatisticalCalibration calibration) {
        List<JsonObject> ok = records.stream().filter(r -> "ok".equals(r.get("status").getAsString())).toList();
        JsonObject summary = new JsonObject();
        summary.addProperty("format", FORMAT);
        summary.addProperty("format_version", 1);
        summary.addProperty("model", model);
        summary.addProperty("dataset", dataset);
        summary.addProperty("program_version", GapScopeVersion.get());
        summary.add("settings", settings);
        JsonObject counts = new JsonObject();
        counts.addProperty("entries", records.size());
        counts.addProperty("evaluated", ok.size());
        counts.addProperty("failed", records.size() - ok.size());
        JsonObject byStage = new JsonObject();
        records.stream().filter(r -> !"ok".equals(r.get("status").getAsString()))
                .map(r -> r.get("stage").getAsString()).sorted().distinct()
                .forEach(s -> byStage.addProperty(s, records.stream()
                        .filter(r -> r.has("stage") && s.equals(r.get("stage").getAsString())).count()));
        counts.add("failed_by_stage", byStage);
        summary.add("examples", counts);
        JsonObject accuracy = new JsonObject();
        double[] speech = correctness(ok, r -> r.getAsJsonObject("speech"));
        accuracy.add("text", accuracy(correctness(ok, r -> r.getAsJsonObject("text"))));
        accuracy.add("speech", accuracy(speech));
        summary.add("accuracy", accuracy);
        JsonArray rows = new JsonArray();
        for (String condition : conditions) {
            double[] after = correctness(ok, r -> r.getAsJsonObject("interventions").getAsJsonObject(condition));
            JsonObject row = accuracy(after);
            row.addProperty("condition", condition);
            if (ok.isEmpty()) {
                row.add("change", ScoresJson.number(Double.NaN));
                row.add("change_ci", null);
            } else {
                row.add("change", ScoresJson.number(mean(after) - mean(speech)));
                ConfidenceInterval ci = Bootstrap.pairedMeanDifference(after, speech, Bootstrap.DEFAULT_RESAMPLES,
                        Bootstrap.DEFAULT_LEVEL, 0L);
                JsonArray a = new JsonArray();
                a.add(ScoresJson.number(ci.lower()));
                a.add(ScoresJson.number(ci.upper()));
                row.add("change_ci", a);
            }
            int fixed = 0;
            int broken = 0;
            double positions = 0;
            for (int i = 0; i < ok.size(); i++) {
                fixed += after[i] > speech[i] ? 1 : 0;
                broken += after[i] < speech[i] ? 1 : 0;
                positions += ok.get(i).getAsJsonObject("interventions").getAsJsonObject(condition)
                        .getAsJsonArray("positions").size();
            }
            row.addProperty("fixed", fixed);
            row.addProperty("broken", broken);
            row.add("mean_positions_rewritten", ScoresJson.number(ok.isEmpty() ? Double.NaN : positions / ok.size()));
            rows.add(row);
        }
        summary.add("conditions", rows);
        if (calibration != null) {
            summary.add("calibration", calibration.describe());
        }
        RunFolder.writeJson(folder.resolve(RunFolder.SUMMARY_JSON), summary);
        byte[] md = markdown(summary).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(folder.resolve(TABLE_MD), out -> out.write(md));
        byte[] csv = csv(summary).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(folder.resolve(TABLE_CSV), out -> out.write(csv));
        return summary;
    }

    /** 100 for a correct answer, 0 otherwise, per example. */
    private static double[] correctness(List<JsonObject> ok, java.util.function.Function<JsonObject, JsonObject> part) {
        double[] x = new double[ok.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = part.apply(ok.get(i)).get("correct").getAsBoolean() ? 100 : 0;
        }
        return x;
    }

    private static JsonObject accuracy(double[] x) {
        JsonObject o = new JsonObject();
        o.add("percent", ScoresJson.number(x.length == 0 ? Double.NaN : mean(x)));
        int correct = 0;
        for (double v : x) {
            correct += v > 0 ? 1 : 0;
        }
        o.addProperty("correct", correct);
        o.addProperty("of", x.length);
        return o;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** The table in Markdown, as printed by the command. */
    public static String markdown(JsonObject summary) {
        StringBuilder sb = new StringBuilder();
        JsonObject acc = summary.getAsJsonObject("accuracy");
        JsonObject settings = summary.getAsJsonObject("settings");
        sb.append(String.format(Locale.ROOT, "Intervention table: %s on %s (%d examples; rewrite at layer %d, tokens "
                + "from the %s path of layer %d)%n%n", summary.get("model").getAsString(),
                summary.get("dataset").getAsString(), acc.getAsJsonObject("speech").get("of").getAsInt(),
                settings.get("layer").getAsInt(), settings.get("path").getAsString(),
                settings.get("selection_layer").getAsInt()));
        sb.append("| input | accuracy (%) | change vs speech (points) | 95 % CI | fixed | broken |\n");
        sb.append("|---|---:|---:|---|---:|---:|\n");
        sb.append(String.format(Locale.ROOT, "| text | %s | | | | |%n", pct(acc.getAsJsonObject("text"))));
        sb.append(String.format(Locale.ROOT, "| speech | %s | | | | |%n", pct(acc.getAsJsonObject("speech"))));
        for (var e : summary.getAsJsonArray("conditions")) {
            JsonObject row = e.getAsJsonObject();
            sb.append(String.format(Locale.ROOT, "| speech + %s | %s | %s | %s | %d | %d |%n",
                    row.get("condition").getAsString(), pct(row), signed(row.get("change")), ci(row),
                    row.get("fixed").getAsInt(), row.get("broken").getAsInt()));
        }
        if (summary.has("calibration")) {
            JsonObject c = summary.getAsJsonObject("calibration");
            sb.append(String.format(Locale.ROOT, "%ncalibrate: %s. Statistics of %s (%d speech positions, %d text "
                    + "tokens).%n", c.get("label").getAsString(), c.get("calibration_set").getAsString(),
                    c.get("speech_positions").getAsLong(), c.get("text_tokens").getAsLong()));
        }
        return sb.toString();
    }

    private static String csv(JsonObject summary) {
        StringBuilder sb = new StringBuilder();
        ResultsCsv.appendRow(sb, List.of("input", "accuracy_percent", "correct", "of", "change_points", "change_ci_low",
                "change_ci_high", "fixed", "broken"));
        JsonObject acc = summary.getAsJsonObject("accuracy");
        for (String m : List.of("text", "speech")) {
            JsonObject a = acc.getAsJsonObject(m);
            ResultsCsv.appendRow(sb, List.of(m, ResultsCsv.text(a.get("percent")), a.get("correct").getAsString(),
                    a.get("of").getAsString(), "", "", "", "", ""));
        }
        for (var e : summary.getAsJsonArray("conditions")) {
            JsonObject row = e.getAsJsonObject();
            boolean hasCi = row.get("change_ci") != null && row.get("change_ci").isJsonArray();
            ResultsCsv.appendRow(sb, List.of("speech + " + row.get("condition").getAsString(),
                    ResultsCsv.text(row.get("percent")), row.get("correct").getAsString(), row.get("of").getAsString(),
                    ResultsCsv.text(row.get("change")),
                    hasCi ? row.getAsJsonArray("change_ci").get(0).getAsString() : "",
                    hasCi ? row.getAsJsonArray("change_ci").get(1).getAsString() : "",
                    row.get("fixed").getAsString(), row.get("broken").getAsString()));
        }
        return sb.toString();
    }

    private static String pct(JsonObject o) {
        return o.get("percent").isJsonNull() ? "n/a" : String.format(Locale.ROOT, "%.1f", o.get("percent").getAsDouble());
    }

    private static String signed(com.google.gson.JsonElement e) {
        return e == null || e.isJsonNull() ? "n/a" : String.format(Locale.ROOT, "%+.1f", e.getAsDouble());
    }

    private static String ci(JsonObject row) {
        if (row.get("change_ci") == null || !row.get("change_ci").isJsonArray()) {
            return "n/a";
        }
        JsonArray a = row.getAsJsonArray("change_ci");
        return String.format(Locale.ROOT, "[%+.1f, %+.1f]", a.get(0).getAsDouble(), a.get(1).getAsDouble());
    }
}
