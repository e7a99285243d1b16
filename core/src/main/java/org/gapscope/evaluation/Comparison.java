package org.gapscope.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.GapRegression;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Score;

/**
 * {@code gapscope compare} as a library, its fitting: METHOD.md's across-model regressions of GAP on S
 * and APS (cosine and Euclidean), over all runs and within each group (e.g. a training regime), with
 * slope, intercept and R^2. The runs come from {@link ComparedRuns}; the tables, JSON and figures are
 * written by {@link ComparisonTables}, {@link ComparisonJson} and {@link ComparisonFigures}.
 */
public final class Comparison {

    /** The scores regressed against GAP: S (pooled layer curves) and APS, cosine and Euclidean. */
    public static final List<Score> PREDICTORS = List.of(Score.COSINE, Score.EUCLIDEAN, Score.APS_COSINE,
            Score.APS_EUCLIDEAN);

    /** The group name of the fit over every run. */
    public static final String ALL = "all";

    /**
     * A fit of GAP on one score within one group, or why there is none.
     *
     * @param predictor the number GAP is regressed on
     * @param group {@link #ALL} or a group name
     * @param regression the fit, or null
     * @param note why there is no fit, or a caveat; {@code ""} when none
     */
    public record Fit(GapPredictor predictor, String group, GapRegression regression, String note) {
    }

    /**
     * The comparison.
     *
     * @param runs the runs, in the order given
     * @param fits every predictor over all runs, then within each group
     * @param notes caveats (different datasets, layer ranges)
     */
    public record Result(List<ComparedRun> runs, List<Fit> fits, List<String> notes) {
    }

    private Comparison() {
    }

    /**
     * The predictors fitted for {@code runs}: the paper's S and APS always, each other lens where at
     * least one run's summary has it.
     */
    public static List<GapPredictor> predictors(List<ComparedRun> runs) {
        List<GapPredictor> out = new ArrayList<>();
        for (GapPredictor p : GapPredictor.values()) {
            if (!p.isLens() || runs.stream().anyMatch(r -> Double.isFinite(p.value(r)))) {
                out.add(p);
            }
        }
        return out;
    }

    /** Fits GAP on each predictor over all runs and within each group of at least three runs. */
    public static Result compare(List<ComparedRun> runs) {
        List<String> notes = new ArrayList<>();
        Set<String> datasets = new LinkedHashSet<>();
        Set<LayerRange> ranges = new LinkedHashSet<>();
        for (ComparedRun r : runs) {
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
        Map<String, List<ComparedRun>> groups = new LinkedHashMap<>();
        groups.put(ALL, runs);
        for (ComparedRun r : runs) {
            if (!r.group().isEmpty()) {
                groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
            }
        }
        List<Fit> fits = new ArrayList<>();
        List<GapPredictor> predictors = predictors(runs);
        for (Map.Entry<String, List<ComparedRun>> g : groups.entrySet()) {
            for (GapPredictor s : predictors) {
                fits.add(fit(s, g.getKey(), g.getValue(), dataset, layers));
            }
        }
        return new Result(List.copyOf(runs), fits, notes);
    }

    private static Fit fit(GapPredictor score, String group, List<ComparedRun> runs, String dataset,
            LayerRange layers) {
        List<GapRegression.Point> points = new ArrayList<>();
        for (ComparedRun r : runs) {
            double x = score.value(r);
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

    /** A score's name as in the paper: S or APS, cosine or Euclidean. */
    public static String label(Score s) {
        return switch (s) {
            case COSINE -> "S (cosine)";
            case EUCLIDEAN -> "S (Euclidean)";
            case APS_COSINE -> "APS (cosine)";
            case APS_EUCLIDEAN -> "APS (Euclidean)";
            default -> s.key();
        };
    }}
