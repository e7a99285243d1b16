package org.gapscope.figure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonObject;

import org.gapscope.GapScopeException;

/**
 * What the alignment heatmap shows: one layer's similarity matrix between speech positions and
 * text tokens, its alignment path (one speech position per token), optionally a monotonic DTW path
 * (GapScope's extension), and the scores for the caption.
 *
 * <p>Build with {@link Builder}; arrays are copied in and out, so an instance never changes.
 *
 * @param values the matrix A[i][j], speech position i by text token j (NaN cells are drawn grey)
 * @param tokens the text tokens, one per column of {@code values}, as the tokenizer wrote them
 * @param times the start time in seconds of each speech position, increasing (or the position
 *     indices 0, 1, 2, ... when the times are not known; see {@code timesInSeconds})
 * @param timesInSeconds whether {@code times} are seconds (false: position indices, and the axis says so)
 * @param path for each token j the aligned speech position i*_j, or null when not drawn
 * @param dtwPath the monotonic DTW path as (speech position, token) pairs, or null
 * @param metric the similarity function that made the matrix
 * @param layer the layer shown (0 = input embeddings)
 * @param scores APS, monotonicity and consistency for the caption, or null
 * @param colorRange the colour bar's range, fixed or automatic
 * @param title a title (e.g. model and example), possibly empty
 * @param spans the reference word spans (ALAS-style) drawn as boxes, or null
 */
public record HeatmapData(float[][] values, List<String> tokens, double[] times, boolean timesInSeconds, int[] path,
        int[][] dtwPath,
        Metric metric, int layer, Scores scores, ColorRange colorRange, String title, WordSpans spans)
        implements FigureData {

    /** How the matrix compares a speech position with a text token. */
    public enum Metric {
        /** Cosine similarity; the path takes the largest value per token. */
        COSINE("cosine", "cosine similarity"),
        /** Euclidean distance; the path takes the smallest value per token. */
        EUCLIDEAN("euclidean", "Euclidean distance");

        private final String id;
        private final String label;

        Metric(String id, String label) {
            this.id = id;
            this.label = label;
        }

        /** The name on the command line, e.g. {@code cosine}. */
        public String id() {
            return id;
        }

        /** The axis and colour-bar label, e.g. {@code cosine similarity}. */
        public String label() {
            return label;
        }

        /** The metric named {@code name} ({@code cosine} or {@code euclidean}). */
        public static Metric parse(String name) {
            String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
            for (Metric m : values()) {
                if (m.id.equals(key)) {
                    return m;
                }
            }
            throw new GapScopeException("unknown metric '" + name + "'; choose cosine or euclidean");
        }
    }

    /**
     * The alignment scores shown in the caption; NaN for a score not known.
     *
     * @param aps the Alignment Path Score
     * @param monotonicity Spearman's rank correlation between token index and aligned position
     * @param consistency the share of tokens aligned to the same position under cosine and Euclidean paths
     * @param scope what the scores cover, e.g. {@code layer 12} or {@code mean over layers 1-8}; may be empty
     */
    public record Scores(double aps, double monotonicity, double consistency, String scope) {

        /** Normalises a null scope to empty. */
        public Scores {
            scope = scope == null ? "" : scope;
        }
    }

    /** Validates shapes and indices, copies the arrays. */
    public HeatmapData {
        if (values == null || values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("heatmap: the matrix is empty");
        }
        int ts = values.length;
        int tt = values[0].length;
        float[][] copy = new float[ts][];
        for (int i = 0; i < ts; i++) {
            if (values[i].length != tt) {
                throw new IllegalArgumentException("heatmap: ragged matrix, row " + i + " has " + values[i].length
                        + " columns, row 0 has " + tt);
            }
            copy[i] = values[i].clone();
        }
        values = copy;
        if (tokens == null || tokens.size() != tt) {
            throw new IllegalArgumentException("heatmap: " + (tokens == null ? 0 : tokens.size())
                    + " token labels for " + tt + " matrix columns");
        }
        tokens = List.copyOf(tokens);
        if (times == null || times.length != ts) {
            throw new IllegalArgumentException("heatmap: " + (times == null ? 0 : times.length)
                    + " speech times for " + ts + " matrix rows");
        }
        times = times.clone();
        for (int i = 0; i < ts; i++) {
            if (!Double.isFinite(times[i]) || (i > 0 && !(times[i] > times[i - 1]))) {
                throw new IllegalArgumentException("heatmap: speech times must be finite and increasing, time " + i
                        + " is " + times[i]);
            }
        }
        if (path != null) {
            if (path.length != tt) {
                throw new IllegalArgumentException("heatmap: path has " + path.length + " entries for " + tt + " tokens");
            }
            for (int j = 0; j < tt; j++) {
                if (path[j] < 0 || path[j] >= ts) {
                    throw new IllegalArgumentException("heatmap: path entry " + j + " = " + path[j]
                            + " is outside 0.." + (ts - 1));
                }
            }
            path = path.clone();
        }
        if (dtwPath != null) {
            int[][] d = new int[dtwPath.length][];
            for (int k = 0; k < dtwPath.length; k++) {
                int[] p = dtwPath[k];
                if (p == null || p.length != 2 || p[0] < 0 || p[0] >= ts || p[1] < 0 || p[1] >= tt) {
                    throw new IllegalArgumentException("heatmap: DTW path step " + k + " = " + Arrays.toString(p)
                            + " is not a (speech position, token) pair inside the matrix");
                }
                d[k] = p.clone();
            }
            dtwPath = d;
        }
        if (metric == null) {
            throw new IllegalArgumentException("heatmap: metric is required");
        }
        if (layer < 0) {
            throw new IllegalArgumentException("heatmap: layer must be 0 or more, got " + layer);
        }
        colorRange = colorRange == null ? ColorRange.auto() : colorRange;
        title = title == null ? "" : title;
        if (spans != null) {
            if (spans.tokenCount() != tt) {
                throw new IllegalArgumentException("heatmap: word spans for " + spans.tokenCount() + " tokens, the matrix has "
                        + tt);
            }
            for (int j = 0; j < tt; j++) {
                if (spans.end()[j] > ts) {
                    throw new IllegalArgumentException("heatmap: token " + j + "'s word span ends at position "
                            + spans.end()[j] + ", the matrix has " + ts);
                }
            }
        }
    }

    /** The same heatmap with another title. */
    public HeatmapData withTitle(String newTitle) {
        return new HeatmapData(values, tokens, times, timesInSeconds, path, dtwPath, metric, layer, scores, colorRange,
                newTitle, spans);
    }

    /** The same heatmap with reference word spans (null: none). */
    public HeatmapData withSpans(WordSpans newSpans) {
        return new HeatmapData(values, tokens, times, timesInSeconds, path, dtwPath, metric, layer, scores, colorRange,
                title, newSpans);
    }

    /** Start times {@code start + i * secondsPerPosition} for {@code n} evenly spaced speech positions. */
    public static double[] uniformTimes(int n, double secondsPerPosition, double start) {
        if (!(secondsPerPosition > 0)) {
            throw new IllegalArgumentException("seconds per position must be positive, got " + secondsPerPosition);
        }
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i * secondsPerPosition;
        }
        return t;
    }

    /** A copy of the matrix. */
    @Override
    public float[][] values() {
        float[][] copy = new float[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }

    /** A copy of the speech times. */
    @Override
    public double[] times() {
        return times.clone();
    }

    /** A copy of the path, or null. */
    @Override
    public int[] path() {
        return path == null ? null : path.clone();
    }

    /** A copy of the DTW path, or null. */
    @Override
    public int[][] dtwPath() {
        if (dtwPath == null) {
            return null;
        }
        int[][] d = new int[dtwPath.length][];
        for (int k = 0; k < d.length; k++) {
            d[k] = dtwPath[k].clone();
        }
        return d;
    }

    /** Number of speech positions (matrix rows). */
    public int speechCount() {
        return values.length;
    }

    /** Number of text tokens (matrix columns). */
    public int tokenCount() {
        return values[0].length;
    }

    /** A[i][j]. */
    public float value(int i, int j) {
        return values[i][j];
    }

    /** The start time of speech position i. */
    public double time(int i) {
        return times[i];
    }

    /** The end of the last speech position: its start plus the mean spacing (or 0.1 s for one position). */
    public double endTime() {
        int n = times.length;
        double step = n > 1 ? (times[n - 1] - times[0]) / (n - 1) : 0.1;
        return times[n - 1] + step;
    }

    /** The end of speech position i (the next start, or {@link #endTime()} for the last). */
    public double timeEnd(int i) {
        return i + 1 < times.length ? times[i + 1] : endTime();
    }

    /** The aligned speech position of token j, or -1 without a path. */
    public int pathAt(int j) {
        return path == null ? -1 : path[j];
    }

    /** Whether a path is present. */
    public boolean hasPath() {
        return path != null;
    }

    /** Number of DTW steps (0 without a DTW path). */
    public int dtwLength() {
        return dtwPath == null ? 0 : dtwPath.length;
    }

    /** Step k of the DTW path as {speech position, token}. */
    public int[] dtwStep(int k) {
        return dtwPath[k].clone();
    }

    @Override
    public String kind() {
        return "heatmap";
    }

    /** One row per cell: speech index, its time, token index, token, value, and whether the cell is on the path(s). */
    @Override
    public String toCsv() {
        boolean[][] onDtw = null;
        if (dtwPath != null) {
            onDtw = new boolean[values.length][values[0].length];
            for (int[] p : dtwPath) {
                onDtw[p[0]][p[1]] = true;
            }
        }
        Csv csv = new Csv();
        List<String> header = new ArrayList<>(List.of("layer", "metric", "speech_index",
                timesInSeconds ? "time_s" : "position", "token_index",
                "token", "value", "on_path"));
        if (onDtw != null) {
            header.add("on_dtw_path");
        }
        if (spans != null) {
            header.add("in_word_span");
        }
        csv.row(header.toArray(String[]::new));
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < values[i].length; j++) {
                csv.field(layer).field(metric.id()).field(i).field(times[i]).field(j).field(tokens.get(j))
                        .field(values[i][j]).field(path != null && path[j] == i ? "1" : "0");
                if (onDtw != null) {
                    csv.field(onDtw[i][j] ? "1" : "0");
                }
                if (spans != null) {
                    csv.field(spans.contains(i, j) ? "1" : "0");
                }
                csv.end();
            }
        }
        return csv.toString();
    }

    @Override
    public String toJson() {
        JsonObject o = Json.object(kind());
        o.add("title", Json.str(title));
        o.addProperty("metric", metric.id());
        o.addProperty("layer", layer);
        o.add("tokens", Json.strings(tokens));
        o.add(timesInSeconds ? "times_s" : "positions", Json.array(times));
        o.add("values", Json.matrix(values));
        if (path != null) {
            o.add("path", Json.array(path));
        }
        if (dtwPath != null) {
            o.add("dtw_path", Json.pairs(dtwPath));
        }
        if (scores != null) {
            JsonObject s = new JsonObject();
            s.add("aps", Json.num(scores.aps()));
            s.add("monotonicity", Json.num(scores.monotonicity()));
            s.add("consistency", Json.num(scores.consistency()));
            s.addProperty("scope", scores.scope());
            o.add("scores", s);
        }
        if (spans != null) {
            o.add("word_spans", spans.toJson());
        }
        JsonObject r = new JsonObject();
        r.addProperty("automatic", colorRange.automatic());
        r.add("min", Json.num(colorRange.min()));
        r.add("max", Json.num(colorRange.max()));
        o.add("color_range", r);
        return Json.print(o);
    }

    /** Builds a {@link HeatmapData}: the matrix, tokens, times, metric and layer are required, the rest optional. */
    public static final class Builder {
        private final float[][] values;
        private final List<String> tokens;
        private double[] times;
        private boolean timesInSeconds = true;
        private final Metric metric;
        private final int layer;
        private int[] path;
        private int[][] dtwPath;
        private Scores scores;
        private ColorRange colorRange = ColorRange.auto();
        private String title = "";
        private WordSpans spans;

        /** Starts a heatmap of {@code values} [speech][token] at {@code layer}; {@code times} may be null with {@link #optPositionAxis()}. */
        public Builder(float[][] values, List<String> tokens, double[] times, Metric metric, int layer) {
            this.values = values;
            this.tokens = tokens;
            this.times = times;
            this.metric = metric;
            this.layer = layer;
        }

        /** Draws the speech axis in position indices instead of seconds (the times given are ignored). */
        public Builder optPositionAxis() {
            this.times = new double[values == null ? 0 : values.length];
            for (int i = 0; i < times.length; i++) {
                times[i] = i;
            }
            this.timesInSeconds = false;
            return this;
        }

        /** The alignment path: aligned speech position per token. */
        public Builder optPath(int[] newPath) {
            this.path = newPath;
            return this;
        }

        /** A monotonic DTW path as (speech position, token) pairs, drawn as GapScope's extension. */
        public Builder optDtwPath(int[][] newDtwPath) {
            this.dtwPath = newDtwPath;
            return this;
        }

        /** APS, monotonicity, consistency for the caption. */
        public Builder optScores(Scores newScores) {
            this.scores = newScores;
            return this;
        }

        /** The colour range (automatic by default). */
        public Builder optColorRange(ColorRange range) {
            this.colorRange = range;
            return this;
        }

        /** A title, e.g. model and example. */
        public Builder optTitle(String newTitle) {
            this.title = newTitle;
            return this;
        }

        /** The reference word spans to draw as boxes (ALAS-style). */
        public Builder optSpans(WordSpans newSpans) {
            this.spans = newSpans;
            return this;
        }

        /** The validated, immutable data. */
        public HeatmapData build() {
            return new HeatmapData(values, tokens, times, timesInSeconds, path, dtwPath, metric, layer, scores,
                    colorRange, title, spans);
        }
    }
}
