package org.gapscope.figure;

import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * What the score-vs-GAP scatter shows: one point per model or checkpoint (its modality GAP and an
 * alignment score such as S or APS), the fitted line over all points with its R², and, where the
 * points fall into groups (training regimes), one line per group as the paper fits each regime.
 *
 * @param points the models or checkpoints
 * @param fit the least-squares line of score on GAP, or null for none
 * @param xLabel the x axis label (the GAP and its unit)
 * @param yLabel the y axis label (which score, which metric)
 * @param title a title, possibly empty
 * @param groups every group in the order that picks its colour and marker, a superset of the points'
 *     groups: figures of a subset (one group's checkpoints) keep each group's colour and marker
 * @param groupFits one least-squares line per group, drawn in the group's colour (empty: none)
 */
public record ScoreVsGapData(List<Point> points, Fit fit, String xLabel, String yLabel, String title,
        List<String> groups, List<GroupFit> groupFits) implements FigureData {

    /** Groups need this many points for a line of their own: through two points any line fits (R² = 1). */
    public static final int MIN_GROUP_FIT_POINTS = 3;

    /** The usual x label: GAP = M_t - M_s, the text score minus the speech score, in points. */
    public static final String GAP_LABEL = "GAP (text \u2212 speech score, points)";

    /**
     * One model or checkpoint.
     *
     * @param label its name, written next to the point when there is room
     * @param gap its modality GAP (x)
     * @param score its alignment score (y)
     * @param group a group (e.g. model family or training regime) that picks colour and marker; may be empty
     */
    public record Point(String label, double gap, double score, String group) {

        /** Requires finite coordinates. */
        public Point {
            if (!Double.isFinite(gap) || !Double.isFinite(score)) {
                throw new IllegalArgumentException("score vs GAP: point '" + label + "' has GAP " + gap + ", score "
                        + score);
            }
            label = label == null ? "" : label;
            group = group == null ? "" : group;
        }
    }

    /**
     * A fitted line {@code score = intercept + slope * gap}.
     *
     * @param slope the slope
     * @param intercept the intercept
     * @param r2 the coefficient of determination
     */
    public record Fit(double slope, double intercept, double r2) {

        /** Requires finite numbers. */
        public Fit {
            if (!Double.isFinite(slope) || !Double.isFinite(intercept) || Double.isInfinite(r2)) {
                throw new IllegalArgumentException("score vs GAP: fit slope " + slope + ", intercept " + intercept
                        + ", R\u00b2 " + r2);
            }
        }

        /**
         * The slope of the other regression, GAP on score (GAP points per score unit), as {@code compare}
         * reports it: the two slopes multiply to R², so it is R² divided by this slope (NaN for a flat line).
         */
        public double gapOnScoreSlope() {
            return slope == 0 || Double.isNaN(r2) ? Double.NaN : r2 / slope;
        }

        /** The ordinary least-squares line through {@code points}, or null when fewer than two distinct GAPs. */
        public static Fit leastSquares(List<Point> points) {
            int n = points.size();
            if (n < 2) {
                return null;
            }
            double mx = 0;
            double my = 0;
            for (Point p : points) {
                mx += p.gap();
                my += p.score();
            }
            mx /= n;
            my /= n;
            double sxx = 0;
            double sxy = 0;
            double syy = 0;
            for (Point p : points) {
                sxx += (p.gap() - mx) * (p.gap() - mx);
                sxy += (p.gap() - mx) * (p.score() - my);
                syy += (p.score() - my) * (p.score() - my);
            }
            if (sxx == 0) {
                return null;
            }
            double slope = sxy / sxx;
            double r2 = syy == 0 ? Double.NaN : sxy * sxy / (sxx * syy);
            return new Fit(slope, my - slope * mx, r2);
        }
    }

    /**
     * The least-squares line through one group's points.
     *
     * @param group the group (as in {@link Point#group()})
     * @param fit its line
     * @param n how many points it was fitted to
     * @param minGap the smallest GAP among them (the line is drawn over the group's own GAPs)
     * @param maxGap the largest
     */
    public record GroupFit(String group, Fit fit, int n, double minGap, double maxGap) {

        /** Requires a group name, a fit and at least two points. */
        public GroupFit {
            if (group == null || fit == null || n < 2) {
                throw new IllegalArgumentException("score vs GAP: group fit of '" + group + "' with " + n + " points");
            }
        }
    }

    /**
     * A point's label where the colour already shows its group: the part after {@code <group>-}
     * when the label contains it, else the label without the {@code -}-separated prefix that all
     * labels share; zeros after {@code step} dropped ({@code step00200} -> {@code step200}).
     *
     * @param all every label drawn (at least {@code label})
     */
    public static String shortLabel(String label, String group, List<String> all) {
        String out = label;
        int g = group.isEmpty() ? -1 : label.indexOf(group + "-");
        if (g >= 0 && g + group.length() + 1 < label.length()) {
            out = label.substring(g + group.length() + 1);
        } else {
            String prefix = all.isEmpty() ? label : all.get(0);
            for (String other : all) {
                while (!other.startsWith(prefix)) {
                    prefix = prefix.substring(0, prefix.length() - 1);
                }
            }
            int cut = prefix.lastIndexOf('-') + 1;
            if (cut > 0 && cut < label.length()) {
                out = label.substring(cut);
            }
        }
        return out.replaceAll("step0+(\\d)", "step$1");
    }

    /** Requires at least one point; copies the lists; adds the points' groups missing from {@code groups}, in order. */
    public ScoreVsGapData {
        if (points == null || points.isEmpty()) {
            throw new IllegalArgumentException("score vs GAP: no points");
        }
        points = List.copyOf(points);
        xLabel = xLabel == null || xLabel.isBlank() ? GAP_LABEL : xLabel;
        yLabel = yLabel == null || yLabel.isBlank() ? "score" : yLabel;
        title = title == null ? "" : title;
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(groups == null ? List.of() : groups);
        for (Point p : points) {
            all.add(p.group());
        }
        groups = List.copyOf(all);
        groupFits = groupFits == null ? List.of() : List.copyOf(groupFits);
    }

    /** The points with {@code groups} fixing the groups' colours and markers, and no line per group. */
    public ScoreVsGapData(List<Point> points, Fit fit, String xLabel, String yLabel, String title,
            List<String> groups) {
        this(points, fit, xLabel, yLabel, title, groups, List.of());
    }

    /** The points with their groups coloured in order of appearance. */
    public ScoreVsGapData(List<Point> points, Fit fit, String xLabel, String yLabel, String title) {
        this(points, fit, xLabel, yLabel, title, null);
    }

    /** This figure with {@code order} fixing the groups' colours and markers (e.g. every group of a comparison). */
    public ScoreVsGapData withGroups(List<String> order) {
        return new ScoreVsGapData(points, fit, xLabel, yLabel, title, order, groupFits);
    }

    /**
     * This figure with one least-squares line per named group of at least {@link #MIN_GROUP_FIT_POINTS}
     * points with distinct GAPs, in the order of {@link #groups()} (points without a group get none).
     */
    public ScoreVsGapData withGroupFits() {
        List<GroupFit> fits = new java.util.ArrayList<>();
        for (String group : groups) {
            List<Point> own = points.stream().filter(p -> p.group().equals(group)).toList();
            if (group.isEmpty() || own.size() < MIN_GROUP_FIT_POINTS) {
                continue;
            }
            Fit f = Fit.leastSquares(own);
            if (f != null) {
                fits.add(new GroupFit(group, f, own.size(), own.stream().mapToDouble(Point::gap).min().orElseThrow(),
                        own.stream().mapToDouble(Point::gap).max().orElseThrow()));
            }
        }
        return new ScoreVsGapData(points, fit, xLabel, yLabel, title, groups, fits);
    }

    /** The line of {@code group}, if it has one. */
    public java.util.Optional<GroupFit> groupFit(String group) {
        return groupFits.stream().filter(g -> g.group().equals(group)).findFirst();
    }

    /** Whether the points belong to named groups (a legend of groups is drawn). */
    public boolean grouped() {
        return groups.size() > 1 || !groups.get(0).isEmpty();
    }

    @Override
    public String kind() {
        return "score-vs-gap";
    }

    /**
     * One row per point; the fit in every row's last columns (empty without one), then, when groups have
     * lines of their own, the line of the point's group.
     */
    @Override
    public String toCsv() {
        Csv csv = new Csv().row("label", "group", "gap", "score", "fit_slope", "fit_intercept", "fit_r2",
                "fit_gap_on_score_slope");
        if (!groupFits.isEmpty()) {
            csv = new Csv().row("label", "group", "gap", "score", "fit_slope", "fit_intercept", "fit_r2",
                    "fit_gap_on_score_slope", "group_fit_slope", "group_fit_intercept", "group_fit_r2", "group_fit_n");
        }
        for (Point p : points) {
            csv.field(p.label()).field(p.group()).field(p.gap()).field(p.score());
            if (fit != null) {
                csv.field(fit.slope()).field(fit.intercept()).field(fit.r2()).field(fit.gapOnScoreSlope());
            } else {
                csv.field("").field("").field("").field("");
            }
            if (!groupFits.isEmpty()) {
                GroupFit g = groupFit(p.group()).orElse(null);
                if (g != null) {
                    csv.field(g.fit().slope()).field(g.fit().intercept()).field(g.fit().r2()).field(g.n());
                } else {
                    csv.field("").field("").field("").field("");
                }
            }
            csv.end();
        }
        return csv.toString();
    }

    @Override
    public String toJson() {
        JsonObject o = Json.object(kind());
        o.add("title", Json.str(title));
        o.addProperty("x_label", xLabel);
        o.addProperty("y_label", yLabel);
        JsonArray arr = new JsonArray();
        for (Point p : points) {
            JsonObject j = new JsonObject();
            j.addProperty("label", p.label());
            j.addProperty("group", p.group());
            j.add("gap", Json.num(p.gap()));
            j.add("score", Json.num(p.score()));
            arr.add(j);
        }
        o.add("points", arr);
        o.add("groups", Json.strings(groups));
        if (fit != null) {
            JsonObject f = new JsonObject();
            f.add("slope", Json.num(fit.slope()));
            f.add("intercept", Json.num(fit.intercept()));
            f.add("r2", Json.num(fit.r2()));
            f.addProperty("slope_is", "score units per GAP point (score = intercept + slope * GAP)");
            f.add("gap_on_score_slope", Json.num(fit.gapOnScoreSlope()));
            o.add("fit", f);
        }
        if (!groupFits.isEmpty()) {
            JsonArray lines = new JsonArray();
            for (GroupFit g : groupFits) {
                JsonObject j = new JsonObject();
                j.addProperty("group", g.group());
                j.add("slope", Json.num(g.fit().slope()));
                j.add("intercept", Json.num(g.fit().intercept()));
                j.add("r2", Json.num(g.fit().r2()));
                j.addProperty("n", g.n());
                lines.add(j);
            }
            o.add("group_fits", lines);
        }
        return Json.print(o);
    }
}
