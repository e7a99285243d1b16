package org.gapscope.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.Score;
import org.gapscope.npy.AtomicFiles;
import org.gapscope.run.ResultsCsv;
import org.gapscope.run.RunFolder;

/** A comparison as tables: compare-runs.csv, compare-regressions.csv and compare.md (also printed). */
public final class ComparisonTables {

    private ComparisonTables() {
    }

    /** Writes compare.json, compare-runs.csv, compare-regressions.csv and compare.md into {@code out}. */
    public static void write(Comparison.Result result, Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new GapScopeException(out + ": cannot create the output folder: " + e.getMessage(), e);
        }
        write(out.resolve("compare-runs.csv"), runsCsv(result));
        write(out.resolve("compare-regressions.csv"), fitsCsv(result));
        write(out.resolve("compare.md"), markdown(result));
        RunFolder.writeJson(out.resolve("compare.json"), ComparisonJson.of(result));
    }

    private static void write(Path file, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, o -> o.write(bytes));
    }

    private static String runsCsv(Comparison.Result result) {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("label", "group", "folder", "model", "dataset", "evaluated",
                "text_percent", "speech_percent", "gap"));
        List<GapPredictor> predictors = Comparison.predictors(result.runs());
        for (GapPredictor s : predictors) {
            header.add(s.key());
            header.add(s.key() + "_mismatched");
        }
        ResultsCsv.appendRow(sb, header);
        for (ComparedRun r : result.runs()) {
            List<String> row = new ArrayList<>(List.of(r.label(), r.group(), r.folder().toString(),
                    r.summary().get("model").getAsString(), r.summary().get("dataset").getAsString(),
                    r.summary().getAsJsonObject("examples").get("evaluated").getAsString(),
                    Double.toString(r.textPercent()), Double.toString(r.speechPercent()), Double.toString(r.gap())));
            for (GapPredictor s : predictors) {
                row.add(Double.toString(s.value(r)));
                row.add(Double.toString(s.mismatched(r)));
            }
            ResultsCsv.appendRow(sb, row);
        }
        return sb.toString();
    }

    private static String fitsCsv(Comparison.Result result) {
        StringBuilder sb = new StringBuilder();
        ResultsCsv.appendRow(sb, List.of("score", "group", "n", "slope", "intercept", "r2", "note"));
        for (Comparison.Fit f : result.fits()) {
            if (f.regression() == null) {
                ResultsCsv.appendRow(sb, List.of(f.predictor().key(), f.group(), "", "", "", "", f.note()));
            } else {
                var fit = f.regression().fit();
                ResultsCsv.appendRow(sb, List.of(f.predictor().key(), f.group(), Integer.toString(fit.n()),
                        Double.toString(fit.slope()), Double.toString(fit.intercept()),
                        fit.rSquared().isPresent() ? Double.toString(fit.rSquared().getAsDouble()) : "", f.note()));
            }
        }
        return sb.toString();
    }

    /** The tables in Markdown, as the command prints them. */
    public static String markdown(Comparison.Result result) {
        StringBuilder sb = new StringBuilder();
        List<GapPredictor> lenses = Comparison.predictors(result.runs()).stream().filter(GapPredictor::isLens).toList();
        sb.append("| run | group | text (%) | speech (%) | GAP | S cos | S euc | APS cos | APS euc |");
        lenses.forEach(p -> sb.append(' ').append(shortName(p)).append(" |"));
        sb.append("\n|---|---|---:|---:|---:|---:|---:|---:|---:|").append("---:|".repeat(lenses.size())).append('\n');
        for (ComparedRun r : result.runs()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %s | %s | %s | %s |", r.label(),
                    r.group(), r.textPercent(), r.speechPercent(), r.gap(), num(r.matched(Score.COSINE)),
                    num(r.matched(Score.EUCLIDEAN)), num(r.matched(Score.APS_COSINE)),
                    num(r.matched(Score.APS_EUCLIDEAN))));
            lenses.forEach(p -> sb.append(' ').append(num(p.value(r))).append(" |"));
            sb.append('\n');
        }
        sb.append("\nRegression of GAP on each score (GAP = slope x score + intercept), over all runs and per group:\n\n");
        sb.append("| score | group | n | slope | intercept | R² |\n");
        sb.append("|---|---|---:|---:|---:|---:|\n");
        for (Comparison.Fit f : result.fits()) {
            if (f.regression() == null) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | | | | (%s) |%n", f.predictor().label(), f.group(), f.note()));
            } else {
                var fit = f.regression().fit();
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.4g | %.4g | %s |%n", f.predictor().label(), f.group(),
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

    /** A lens's column heading in the runs table. */
    private static String shortName(GapPredictor p) {
        return switch (p) {
            case CKA_DIAGONAL -> "CKA diag";
            case HIT_RATE -> "hit rate";
            case LENS_AGREEMENT -> "lens agr.";
            default -> p.key();
        };
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }}
