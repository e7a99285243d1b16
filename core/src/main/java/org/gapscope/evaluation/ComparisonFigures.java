package org.gapscope.evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gapscope.figure.ColorMap;
import org.gapscope.figure.FigureExporter;
import org.gapscope.figure.FigureSize;
import org.gapscope.figure.ScoreVsGapData;
import org.gapscope.figure.ScoreVsGapRenderer;

/** A comparison's score-vs-GAP figures, one per predictor over all runs and one per group of three or more. */
public final class ComparisonFigures {

    private ComparisonFigures() {
    }

    /**
     * Writes the score-vs-GAP figure of each predictor as PNG (at {@code dpi}) and SVG: every run,
     * coloured by group, with the least-squares line of the score on GAP (R^2 is the regression's)
     * over all runs ({@code score-vs-gap-aps_cosine.png}) and, per group of three or more runs, over
     * that group ({@code score-vs-gap-aps_cosine-GROUP.png}). Returns the files written.
     */
    public static List<Path> write(Comparison.Result result, Path out, int dpi) {
        List<Path> files = new ArrayList<>();
        Map<String, List<ComparedRun>> groups = new LinkedHashMap<>();
        groups.put(Comparison.ALL, result.runs());
        for (ComparedRun r : result.runs()) {
            if (!r.group().isEmpty()) {
                groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<ComparedRun>> g : groups.entrySet()) {
            if (!g.getKey().equals(Comparison.ALL) && g.getValue().size() < 3) {
                continue;
            }
            for (GapPredictor s : Comparison.predictors(result.runs())) {
                List<ScoreVsGapData.Point> points = new ArrayList<>();
                for (ComparedRun r : g.getValue()) {
                    if (Double.isFinite(s.value(r))) {
                        points.add(new ScoreVsGapData.Point(shortLabel(r, result.runs()), r.gap(), s.value(r),
                                r.group()));
                    }
                }
                if (points.isEmpty()) {
                    continue;
                }
                ScoreVsGapData.Fit fit = points.size() >= 3 ? ScoreVsGapData.Fit.leastSquares(points) : null;
                String title = s.label() + " vs GAP" + (g.getKey().equals(Comparison.ALL) ? "" : " (" + g.getKey() + ")");
                ScoreVsGapData data = new ScoreVsGapData(points, fit, null, s.label() + ", matched pairs", title)
                        .withGroups(result.runs().stream().map(ComparedRun::group).distinct().toList());
                String stem = "score-vs-gap-" + s.key() + (g.getKey().equals(Comparison.ALL) ? "" : "-" + fileSafe(g.getKey()));
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
    static String shortLabel(ComparedRun run, List<ComparedRun> all) {
        return ScoreVsGapData.shortLabel(run.label(), run.group(), all.stream().map(ComparedRun::label).toList());
    }

    private static String fileSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }}
