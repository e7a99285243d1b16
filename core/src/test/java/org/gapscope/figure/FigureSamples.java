package org.gapscope.figure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Deterministic synthetic figure data for tests and the gallery: a spoken sentence whose tokens
 * occupy increasing stretches of time, similarities peaking where each token is spoken, plus noise
 * from a fixed seed.
 */
final class FigureSamples {

    static final List<String> SENTENCE = List.of("<bos>", "what", "is", "the", "capital", "of", "the", "country",
            "north", "of", "the", "lake", "?", "<eos>");

    private FigureSamples() {
    }

    /**
     * {@code h} with reference word spans: the speech split into as many equal spans as it has tokens, the
     * first two tokens cut from one word, a hit rate of 0.5 against a baseline of 0.1.
     */
    static HeatmapData withSpans(HeatmapData h) {
        int tt = h.tokenCount();
        int ts = h.speechCount();
        int words = tt - 1;
        int[] start = new int[tt];
        int[] end = new int[tt];
        int[] word = new int[tt];
        List<String> text = new java.util.ArrayList<>();
        double[] from = new double[words];
        double[] to = new double[words];
        for (int k = 0; k < words; k++) {
            int s = k * ts / words;
            int e = Math.max(s + 1, (k + 1) * ts / words);
            text.add(h.tokens().get(k + 1));
            from[k] = h.time(s);
            to[k] = h.timeEnd(e - 1);
        }
        for (int j = 0; j < tt; j++) {
            word[j] = Math.max(0, j - 1);
            start[j] = word[j] * ts / words;
            end[j] = Math.max(start[j] + 1, (word[j] + 1) * ts / words);
        }
        return h.withSpans(new WordSpans(start, end, word, text, from, to, 0.5, 0.1));
    }

    /** A heatmap of {@code speech} positions (20 ms each... scaled to the sentence) by the sentence's tokens. */
    static HeatmapData heatmap(int speech, HeatmapData.Metric metric, boolean dtw, long seed) {
        return heatmap(speech, SENTENCE, metric, dtw, seed);
    }

    static HeatmapData heatmap(int speech, List<String> tokens, HeatmapData.Metric metric, boolean dtw, long seed) {
        int tt = tokens.size();
        Random rnd = new Random(seed);
        double[] centres = new double[tt];
        double pos = 0.06;
        double[] lengths = new double[tt];
        double total = 0;
        for (int j = 0; j < tt; j++) {
            lengths[j] = 0.5 + rnd.nextDouble();
            total += lengths[j];
        }
        for (int j = 0; j < tt; j++) {
            double len = lengths[j] / total * 0.88;
            centres[j] = pos + len / 2;
            pos += len;
        }
        float[][] a = new float[speech][tt];
        for (int i = 0; i < speech; i++) {
            double u = (i + 0.5) / speech;
            for (int j = 0; j < tt; j++) {
                double d = (u - centres[j]) / 0.05;
                double cos = 0.15 + 0.55 * Math.exp(-d * d) + 0.06 * rnd.nextGaussian() + 0.1 * u;
                a[i][j] = metric == HeatmapData.Metric.COSINE ? (float) cos : (float) (40 * (1.2 - cos));
            }
        }
        int[] path = new int[tt];
        double apsSum = 0;
        for (int j = 0; j < tt; j++) {
            int best = 0;
            for (int i = 1; i < speech; i++) {
                boolean better = metric == HeatmapData.Metric.COSINE ? a[i][j] > a[best][j] : a[i][j] < a[best][j];
                if (better) {
                    best = i;
                }
            }
            path[j] = best;
            apsSum += a[best][j];
        }
        double seconds = 0.04 * 50 * tt / Math.max(1, speech) * speech / 50.0;
        double step = Math.max(0.02, 3.0 / speech);
        HeatmapData.Builder b = new HeatmapData.Builder(a, tokens, HeatmapData.uniformTimes(speech, step, 0), metric, 12)
                .optPath(path)
                .optScores(new HeatmapData.Scores(apsSum / tt, spearman(path), 0.59, "layer 12"))
                .optTitle("synthetic data \u00b7 example 7");
        if (dtw) {
            b.optDtwPath(dtw(a, metric == HeatmapData.Metric.COSINE));
        }
        return b.build();
    }

    /** Spearman's rank correlation of token index against path position (ties averaged). */
    static double spearman(int[] path) {
        int n = path.length;
        double[] rx = new double[n];
        for (int i = 0; i < n; i++) {
            rx[i] = i;
        }
        double[] ry = ranks(path);
        double mx = (n - 1) / 2.0;
        double my = Arrays.stream(ry).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double[] ranks(int[] v) {
        int n = v.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> Integer.compare(v[p], v[q]));
        double[] r = new double[n];
        for (int k = 0; k < n; ) {
            int e = k;
            while (e + 1 < n && v[idx[e + 1]] == v[idx[k]]) {
                e++;
            }
            for (int m = k; m <= e; m++) {
                r[idx[m]] = (k + e) / 2.0;
            }
            k = e + 1;
        }
        return r;
    }

    /** A monotonic path maximising total similarity (or minimising distance), steps right, down or diagonal. */
    static int[][] dtw(float[][] a, boolean maximise) {
        int ts = a.length;
        int tt = a[0].length;
        double[][] cost = new double[ts][tt];
        for (int i = 0; i < ts; i++) {
            for (int j = 0; j < tt; j++) {
                double c = maximise ? -a[i][j] : a[i][j];
                double prev;
                if (i == 0 && j == 0) {
                    prev = 0;
                } else {
                    prev = Double.POSITIVE_INFINITY;
                    if (i > 0) {
                        prev = Math.min(prev, cost[i - 1][j]);
                    }
                    if (j > 0) {
                        prev = Math.min(prev, cost[i][j - 1]);
                    }
                    if (i > 0 && j > 0) {
                        prev = Math.min(prev, cost[i - 1][j - 1]);
                    }
                }
                cost[i][j] = c + prev;
            }
        }
        List<int[]> steps = new ArrayList<>();
        int i = ts - 1;
        int j = tt - 1;
        steps.add(new int[] {i, j});
        while (i > 0 || j > 0) {
            if (i == 0) {
                j--;
            } else if (j == 0) {
                i--;
            } else {
                double d = cost[i - 1][j - 1];
                double u = cost[i - 1][j];
                double l = cost[i][j - 1];
                if (d <= u && d <= l) {
                    i--;
                    j--;
                } else if (u <= l) {
                    i--;
                } else {
                    j--;
                }
            }
            steps.add(new int[] {i, j});
        }
        java.util.Collections.reverse(steps);
        return steps.toArray(int[][]::new);
    }

    /** A synthetic clip: a vowel-like tone per token with silences, and a crude band-energy spectrogram. */
    static AudioStripData audio(double seconds, long seed) {
        int sr = 16000;
        int n = (int) (seconds * sr);
        float[] s = new float[n];
        Random rnd = new Random(seed);
        double f0 = 140;
        for (int k = 0; k < n; k++) {
            double t = (double) k / sr;
            double word = Math.sin(Math.PI * t * 4.2);
            double env = Math.max(0, word) * (t > 0.15 && t < seconds - 0.25 ? 1 : 0);
            s[k] = (float) (env * (0.5 * Math.sin(2 * Math.PI * f0 * t) + 0.25 * Math.sin(2 * Math.PI * 3 * f0 * t))
                    + 0.01 * rnd.nextGaussian());
        }
        int hop = 160;
        int frames = n / hop;
        int bands = 80;
        float[][] spec = new float[frames][bands];
        for (int k = 0; k < frames; k++) {
            double e = 0;
            for (int m = k * hop; m < Math.min(n, (k + 1) * hop); m++) {
                e += s[m] * s[m];
            }
            e /= hop;
            for (int b = 0; b < bands; b++) {
                double formant = Math.exp(-Math.pow((b - 12 - 8 * Math.sin(k * 0.03)) / 5.0, 2))
                        + 0.6 * Math.exp(-Math.pow((b - 38 - 6 * Math.cos(k * 0.05)) / 6.0, 2));
                spec[k][b] = (float) Math.log10(1e-6 + e * (0.05 + formant) + 1e-4 * rnd.nextDouble());
            }
        }
        return AudioStripData.fromSamples(s, sr, spec, hop / (double) sr, 4000, "synthetic clip");
    }

    /** Layer curves for {@code layers} layers: three checkpoints, a dataset mean with band, its control, and individual examples. */
    static LayerCurvesData curves(int layers, int individuals, long seed) {
        Random rnd = new Random(seed);
        List<LayerCurvesData.Series> series = new ArrayList<>();
        for (int e = 0; e < individuals; e++) {
            double[][] v = curve(layers, 0.9 + 0.2 * rnd.nextDouble(), rnd);
            series.add(new LayerCurvesData.Series("example " + e, 0, v[0], v[1], null, null,
                    LayerCurvesData.Kind.INDIVIDUAL, null));
        }
        String[] names = {"checkpoint 2k", "checkpoint 6k", "checkpoint 10k"};
        for (int c = 0; c < names.length; c++) {
            double[][] v = curve(layers, 0.7 + 0.15 * c, rnd);
            series.add(LayerCurvesData.Series.of(names[c], 0, v[0], v[1]));
        }
        double[][] mean = curve(layers, 1.0, rnd);
        double[] sdC = new double[layers + 1];
        double[] sdE = new double[layers + 1];
        for (int l = 0; l <= layers; l++) {
            sdC[l] = 0.03 + 0.02 * rnd.nextDouble();
            sdE[l] = 0.6 + 0.8 * l / layers;
        }
        series.add(new LayerCurvesData.Series("dataset mean \u00b1 1 sd", 0, mean[0], mean[1], sdC, sdE,
                LayerCurvesData.Kind.MEAN, "mean"));
        double[][] ctl = curve(layers, 0.8, rnd);
        for (int l = 0; l <= layers; l++) {
            ctl[0][l] -= 0.08 + 0.02 * l / layers;
            ctl[1][l] += 0.5;
        }
        series.add(new LayerCurvesData.Series("mismatched-pair control (GapScope's addition)", 0, ctl[0], ctl[1], null, null,
                LayerCurvesData.Kind.CONTROL, "mean"));
        return new LayerCurvesData(series, "synthetic data: speech vs text by layer");
    }

    private static double[][] curve(int layers, double strength, Random rnd) {
        double[] c = new double[layers + 1];
        double[] e = new double[layers + 1];
        for (int l = 0; l <= layers; l++) {
            double u = (double) l / layers;
            c[l] = 0.1 + strength * 0.55 * Math.pow(u, 0.7) + 0.015 * rnd.nextGaussian();
            e[l] = 2.0 + strength * (2.5 * u + 7.5 * u * u * u) + 0.08 * rnd.nextGaussian();
        }
        return new double[][] {c, e};
    }

    /** Ten checkpoints in two regimes: score falls as the GAP grows, with noise. */
    /** A CKA matrix of {@code k} layers: a broad band around the diagonal, layer 0 undefined for the speech side. */
    static CkaData cka(int k, CkaData.Panel panel) {
        double[][] v = new double[k][k];
        int[] layers = new int[k];
        for (int a = 0; a < k; a++) {
            layers[a] = a;
            for (int b = 0; b < k; b++) {
                v[a][b] = a == 0 ? Double.NaN : Math.exp(-Math.abs(a - b) / (0.15 * k)) * (0.5 + 0.4 * a / k)
                        - (panel == CkaData.Panel.DIFFERENCE ? 0.3 : 0);
            }
        }
        return new CkaData(panel, layers, v, "Cross-layer linear CKA (Hsu et al. 2026)", "proportional", 1234,
                "synthetic data: cross-layer CKA");
    }

    static ScoreVsGapData scatter(long seed) {
        Random rnd = new Random(seed);
        List<ScoreVsGapData.Point> points = new ArrayList<>();
        String[] regimes = {"LoRA", "full fine-tuning"};
        for (int r = 0; r < regimes.length; r++) {
            for (int k = 1; k <= 5; k++) {
                double gap = 30 - 4 * k + 3 * r + 2 * rnd.nextGaussian();
                double score = 0.72 - 0.009 * gap + 0.02 * rnd.nextGaussian() - 0.03 * r;
                points.add(new ScoreVsGapData.Point((r == 0 ? "L" : "F") + "-" + (2 * k) + "k", gap, score,
                        regimes[r]));
            }
        }
        return new ScoreVsGapData(points, ScoreVsGapData.Fit.leastSquares(points), null, "APS (cosine)",
                "synthetic data: APS against GAP");
    }

    /** An angle-projection Bottom-3 intervention on the sample sentence, with an accuracy table. */
    static InterventionData intervention(boolean withTable) {
        HeatmapData h = heatmap(60, HeatmapData.Metric.COSINE, false, 11);
        int[] path = h.path();
        int[] bottom = {2, 5, 9};
        InterventionData.AccuracyTable table = withTable ? new InterventionData.AccuracyTable("a synthetic set",
                List.of(new InterventionData.AccuracyRow("text", 71.00, 200),
                        new InterventionData.AccuracyRow("speech", 42.50, 200),
                        new InterventionData.AccuracyRow("angle \u00b7 Bottom-3", 44.00, 200),
                        new InterventionData.AccuracyRow("angle \u00b7 All", 41.50, 200),
                        new InterventionData.AccuracyRow("length \u00b7 Bottom-3", 40.00, 200)), 1) : null;
        return new InterventionData("angle projection", "Bottom-3", 0, "Lake Town",
                "the capital is North Harbour", "Lake Town", false, true, h.tokens(), h.times(), path, bottom,
                table, "synthetic data \u00b7 example 7");
    }
}
