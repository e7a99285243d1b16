package org.gapscope.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.gapscope.GapScopeException;
import org.gapscope.GapScopeVersion;
import org.gapscope.analysis.GapRegression;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Score;
import org.gapscope.figure.ColorMap;
import org.gapscope.figure.FigureExporter;
import org.gapscope.figure.FigureSize;
import org.gapscope.figure.ScoreVsGapData;
import org.gapscope.figure.ScoreVsGapRenderer;
import org.gapscope.npy.AtomicFiles;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * {@code gapscope compare} as a library: the evaluations of several models or checkpoints side by
 * side, and METHOD.md's across-model regressions of GAP on S and APS (cosine and Euclidean), fitted
 * over all runs and within each group (e.g. a training regime), with slope, intercept and R^2.
 */
public final class Comparison {

    /** The scores regressed against GAP: S (pooled layer curves) and APS, cosine and Euclidean. */
    public static final List<Score> PREDICTORS = List.of(Score.COSINE, Score.EUCLIDEAN, Score.APS_COSINE,
            Score.APS_EUCLIDEAN);

    /** The group name of the fit over every run. */
    public static final String ALL = "all";

    /**
     * One evaluated model or checkpoint.
     *
     * @param folder its run folder
     * @param label its name in tables and figures
     * @param group its group, or {@code ""}
     * @param summary its summary.json
     */
    public record Run(Path folder, String label, String group, JsonObject summary) {

        /** Text accuracy in percent. */
        public double textPercent() {
            return summary.getAsJsonObject("accuracy").getAsJsonObject("text").get("percent").getAsDouble();
        }

        /** Speech accuracy in percent. */
        public double speechPercent() {
            return summary.getAsJsonObject("accuracy").getAsJsonObject("speech").get("percent").getAsDouble();
        }

        /** GAP = text - speech, in points. */
        public double gap() {
            return summary.get("gap").getAsDouble();
        }

        /** The dataset mean of {@code score} over matched pairs. */
        public double matched(Score score) {
            return ScoresJson.number(summary.getAsJsonObject("scores").getAsJsonObject(score.key()).get("matched"));
        }

        /** The dataset mean of {@code score} over mismatched pairs (GapScope's control). */
        public double mismatched(Score score) {
            return ScoresJson.number(summary.getAsJsonObject("scores").getAsJsonObject(score.key()).get("mismatched"));
        }

        /** The layers the scores average over. */
        public LayerRange averagedLayers() {
            JsonArray a = summary.getAsJsonArray("averaged_layers");
            return new LayerRange(a.get(0).getAsInt(), a.get(1).getAsInt());
        }
    }

    /**
     * A fit of GAP on one score within one group, or why there is none.
     *
     * @param score the predictor
     * @param group {@link #ALL} or a group name
     * @param regression the fit, or null
     * @param note why there is no fit, or a caveat; {@code ""} when none
     */
    public record Fit(Score score, String group, GapRegression regression, String note) {
    }

    /**
     * The comparison.
     *
     * @param runs the runs, in the order given
     * @param fits every predictor over all runs, then within each group
     * @param notes caveats (different datasets, layer ranges)
     */
    public record Result(List<Run> runs, List<Fit> fits, List<String> notes) {
    }

    private Comparison() {
    }

    /** Reads the runs' summaries; a run's group is the first of {@code groups} its label contains. */
    public static List<Run> read(List<Path> folders, List<String> groups) {
        if (folders.size() < 2) {
            throw new GapScopeException("compare needs at least two run folders, got " + folders.size());
        }
        List<JsonObject> summaries = new ArrayList<>();
        for (Path f : folders) {
            summaries.add(summary(f));
        }
        Set<String> models = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (JsonObject s : summaries) {
            if (!models.add(s.get("model").getAsString())) {
                duplicates.add(s.get("model").getAsString());
            }
        }
        List<Run> runs = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < folders.size(); i++) {
            String model = summaries.get(i).get("model").getAsString();
            Path name = folders.get(i).toAbsolutePath().normalize().getFileName();
            String label = duplicates.contains(model) && name != null ? name.toString() : model;
            if (!labels.add(label)) {
                throw new GapScopeException(folders.get(i) + ": two runs are both called '" + label
                        + "'; give each run its own folder name");
            }
            String group = "";
            for (String g : groups) {
                if (label.contains(g)) {
                    group = g;
                    break;
                }
            }
            runs.add(new Run(folders.get(i), label, group, summaries.get(i)));
        }
        return runs;
    }

    private static JsonObject summary(Path folder) {
        Path file = folder.resolve(RunFolder.SUMMARY_JSON);
        if (!Files.isRegularFile(file)) {
            if (Files.isRegularFile(folder.resolve(RunFolder.RUN_JSON))) {
                RunFolder run = RunFolder.existing(folder);
                if (run.shard().count() > 1) {
                    throw new GapScopeException(folder + ": is shard " + run.shard() + " of a run; join the shards first "
                            + "with gapscope evaluate --merge --out DIR SHARD_DIR...");
                }
                throw new GapScopeException(folder + ": the evaluation is not finished (no " + RunFolder.SUMMARY_JSON
                        + "); run its command again to complete it");
            }
            throw new GapScopeException(folder + ": not an evaluation folder (no " + RunFolder.SUMMARY_JSON + ")");
        }
        JsonObject s;
        try {
            s = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new GapScopeException(file + ": not valid JSON", e);
        }
        if (!s.has("format") || !EvaluationSummary.FORMAT.equals(s.get("format").getAsString())) {
            throw new GapScopeException(file + ": not the summary of 'gapscope evaluate'");
        }
        if (!s.has("scores") || s.get("scores").isJsonNull() || s.get("gap").isJsonNull()) {
            throw new GapScopeException(file + ": has no scores (fewer than 2 examples were evaluated)");
        }
        return s;
    }

    /** Fits GAP on each predictor over all runs and within each group of at least three runs. */
    public static Result compare(List<Run> runs) {
        List<String> notes = new ArrayList<>();
        Set<String> datasets = new LinkedHashSet<>();
        Set<LayerRange> ranges = new LinkedHashSet<>();
        for (Run r : runs) {
            datasets.add(r.summary().get("dataset").getAsString());
            ranges.add(r.averagedLayers());
        }
        if (datasets.size() > 1) {
            notes.add("the runs used different datasets (" + String.join(", ", datasets) + "): their GAPs are not "
                    + "measured on the same questions");
        }
        if (ranges.size() > 1) {
            notes.add("the runs average their scores over different layers (" + ranges + ")");
        }
        LayerRange layers = ranges.iterator().next();
        String dataset = String.join(", ", datasets);
        Map<String, List<Run>> groups = new LinkedHashMap<>();
        groups.put(ALL, runs);
        for (Run r : runs) {
            if (!r.group().isEmpty()) {
                groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
            }
        }
        List<Fit> fits = new ArrayList<>();
        for (Map.Entry<String, List<Run>> g : groups.entrySet()) {
            for (Score s : PREDICTORS) {
                fits.add(fit(s, g.getKey(), g.getValue(), dataset, layers));
            }
        }
        return new Result(List.copyOf(runs), fits, notes);
    }

    private static Fit fit(Score score, String group, List<Run> runs, String dataset, LayerRange layers) {
        List<GapRegression.Point> points = new ArrayList<>();
        for (Run r : runs) {
            double x = r.matched(score);
            if (Double.isFinite(x)) {
                points.add(new GapRegression.Point(r.label(), x, r.gap()));
            }
        }
        if (points.size() < 3) {
            return new Fit(score, group, null, "needs at least 3 runs with a defined score, has " + points.size());
        }
        try {
            return new Fit(score, group, GapRegression.fit(dataset, score.key(), layers, points), "");
        } catch (GapScopeException e) {
            return new Fit(score, group, null, e.getMessage());
        }
    }

    /** Writes compare.json, compare-runs.csv, compare-regressions.csv and compare.md into {@code out}. */
    public static void write(Result result, Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new GapScopeException(out + ": cannot create the output folder: " + e.getMessage(), e);
        }
        write(out.resolve("compare-runs.csv"), runsCsv(result));
        write(out.resolve("compare-regressions.csv"), fitsCsv(result));
        write(out.resolve("compare.md"), markdown(result));
        RunFolder.writeJson(out.resolve("compare.json"), json(result));
    }

    /**
     * Writes the score-vs-GAP figure of each predictor as PNG (at {@code dpi}) and SVG: every run,
     * coloured by group, with the least-squares line of the score on GAP (R^2 is the regression's)
     * over all runs ({@code score-vs-gap-aps_cosine.png}) and, per group of three or more runs, over
     * that group ({@code score-vs-gap-aps_cosine-GROUP.png}). Returns the files written.
     */
    public static List<Path> writeFigures(Result result, Path out, int dpi) {
        List<Path> files = new ArrayList<>();
        Map<String, List<Run>> groups = new LinkedHashMap<>();
        groups.put(ALL, result.runs());
        for (Run r : result.runs()) {
            if (!r.group().isEmpty()) {
                groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<Run>> g : groups.entrySet()) {
            if (!g.getKey().equals(ALL) && g.getValue().size() < 3) {
                continue;
            }
            for (Score s : PREDICTORS) {
                List<ScoreVsGapData.Point> points = new ArrayList<>();
                for (Run r : g.getValue()) {
                    if (Double.isFinite(r.matched(s))) {
                        points.add(new ScoreVsGapData.Point(shortLabel(r, result.runs()), r.gap(), r.matched(s),
                                r.group()));
                    }
                }
                if (points.isEmpty()) {
                    continue;
                }
                ScoreVsGapData.Fit fit = points.size() >= 3 ? ScoreVsGapData.Fit.leastSquares(points) : null;
                String title = label(s) + " vs GAP" + (g.getKey().equals(ALL) ? "" : " (" + g.getKey() + ")");
                ScoreVsGapData data = new ScoreVsGapData(points, fit, null, label(s) + ", matched pairs", title)
                        .withGroups(result.runs().stream().map(Run::group).distinct().toList());
                String stem = "score-vs-gap-" + s.key() + (g.getKey().equals(ALL) ? "" : "-" + fileSafe(g.getKey()));
                for (String ext : List.of(".png", ".svg")) {
                    Path file = out.resolve(stem + ext);
                    FigureExporter.export(new ScoreVsGapRenderer(data), FigureSize.IEEE_COLUMN, ColorMap.VIRIDIS, dpi,
                            file);
                    files.add(file);
                }
            }
        }
        return files;
    }

    /** A run's label for a figure: {@link ScoreVsGapData#shortLabel} over all runs' labels. */
    static String shortLabel(Run run, List<Run> all) {
        return ScoreVsGapData.shortLabel(run.label(), run.group(), all.stream().map(Run::label).toList());
    }

    private static String fileSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void write(Path file, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, o -> o.write(bytes));
    }

    private static String runsCsv(Result result) {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("label", "group", "folder", "model", "dataset", "evaluated",
                "text_percent", "speech_percent", "gap"));
        for (Score s : PREDICTORS) {
            header.add(s.key());
            header.add(s.key() + "_mismatched");
        }
        ResultsCsv.appendRow(sb, header);
        for (Run r : result.runs()) {
            List<String> row = new ArrayList<>(List.of(r.label(), r.group(), r.folder().toString(),
                    r.summary().get("model").getAsString(), r.summary().get("dataset").getAsString(),
                    r.summary().getAsJsonObject("examples").get("evaluated").getAsString(),
                    Double.toString(r.textPercent()), Double.toString(r.speechPercent()), Double.toString(r.gap())));
            for (Score s : PREDICTORS) {
                row.add(Double.toString(r.matched(s)));
                row.add(Double.toString(r.mismatched(s)));
            }
            ResultsCsv.appendRow(sb, row);
        }
        return sb.toString();
    }

    private static String fitsCsv(Result result) {
        StringBuilder sb = new StringBuilder();
        ResultsCsv.appendRow(sb, List.of("score", "group", "n", "slope", "intercept", "r2", "note"));
        for (Fit f : result.fits()) {
            if (f.regression() == null) {
                ResultsCsv.appendRow(sb, List.of(f.score().key(), f.group(), "", "", "", "", f.note()));
            } else {
                var fit = f.regression().fit();
                ResultsCsv.appendRow(sb, List.of(f.score().key(), f.group(), Integer.toString(fit.n()),
                        Double.toString(fit.slope()), Double.toString(fit.intercept()),
                        fit.rSquared().isPresent() ? Double.toString(fit.rSquared().getAsDouble()) : "", f.note()));
            }
        }
        return sb.toString();
    }

    /** The tables in Markdown, as the command prints them. */
    public static String markdown(Result result) {
        StringBuilder sb = new StringBuilder();
        sb.append("| run | group | text (%) | speech (%) | GAP | S cos | S euc | APS cos | APS euc |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run r : result.runs()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %s | %s | %s | %s |%n", r.label(),
                    r.group(), r.textPercent(), r.speechPercent(), r.gap(), num(r.matched(Score.COSINE)),
                    num(r.matched(Score.EUCLIDEAN)), num(r.matched(Score.APS_COSINE)),
                    num(r.matched(Score.APS_EUCLIDEAN))));
        }
        sb.append("\nRegression of GAP on each score (GAP = slope x score + intercept), over all runs and per group:\n\n");
        sb.append("| score | group | n | slope | intercept | R² |\n");
        sb.append("|---|---|---:|---:|---:|---:|\n");
        for (Fit f : result.fits()) {
            if (f.regression() == null) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | | | | (%s) |%n", label(f.score()), f.group(), f.note()));
            } else {
                var fit = f.regression().fit();
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4g | %.4g | %s |%n", label(f.score()), f.group(),
                        fit.n(), fit.slope(), fit.intercept(),
                        fit.rSquared().isPresent() ? String.format(Locale.ROOT, "%.3f", fit.rSquared().getAsDouble())
                                : "n/a"));
            }
        }
        for (String n : result.notes()) {
            sb.append("\nNote: ").append(n).append('\n');
        }
        return sb.toString();
    }

    /** A score's name as in the paper: S or APS, cosine or Euclidean. */
    public static String label(Score s) {
        return switch (s) {
            case COSINE -> "S (cosine)";
            case EUCLIDEAN -> "S (Euclidean)";
            case APS_COSINE -> "APS (cosine)";
            case APS_EUCLIDEAN -> "APS (Euclidean)";
            default -> s.key();
        };
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static JsonObject json(Result result) {
        JsonObject o = new JsonObject();
        o.addProperty("format", "gapscope-comparison");
        o.addProperty("format_version", 1);
        o.addProperty("program_version", GapScopeVersion.get());
        JsonArray runs = new JsonArray();
        for (Run r : result.runs()) {
            JsonObject j = new JsonObject();
            j.addProperty("label", r.label());
            j.addProperty("group", r.group());
            j.addProperty("folder", r.folder().toString());
            j.addProperty("model", r.summary().get("model").getAsString());
            j.addProperty("dataset", r.summary().get("dataset").getAsString());
            j.add("text_percent", ScoresJson.number(r.textPercent()));
            j.add("speech_percent", ScoresJson.number(r.speechPercent()));
            j.add("gap", ScoresJson.number(r.gap()));
            JsonObject scores = new JsonObject();
            for (Score s : PREDICTORS) {
                JsonElement e = r.summary().getAsJsonObject("scores").get(s.key());
                scores.add(s.key(), e.deepCopy());
            }
            j.add("scores", scores);
            runs.add(j);
        }
        o.add("runs", runs);
        JsonArray fits = new JsonArray();
        for (Fit f : result.fits()) {
            JsonObject j = new JsonObject();
            j.addProperty("score", f.score().key());
            j.addProperty("group", f.group());
            if (f.regression() != null) {
                var fit = f.regression().fit();
                j.addProperty("n", fit.n());
                j.add("slope", ScoresJson.number(fit.slope()));
                j.add("intercept", ScoresJson.number(fit.intercept()));
                j.add("r2", ScoresJson.number(fit.rSquared().orElse(Double.NaN)));
            }
            j.addProperty("note", f.note());
            fits.add(j);
        }
        o.add("fits", fits);
        JsonArray notes = new JsonArray();
        result.notes().forEach(notes::add);
        o.add("notes", notes);
        return o;
    }
}
