package org.gapscope.analysis;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import org.gapscope.GapScopeException;
import org.gapscope.GapScopeVersion;

/**
 * Dataset-level analysis: every example analysed as a matched pair and as a mismatched pair
 * (speech i, text sigma(i)), then means over examples with the matched - mismatched margin and its
 * bootstrap interval, for each score's average and at each layer.
 */
public final class DatasetAnalysis {

    private DatasetAnalysis() {
    }

    /**
     * Analyses {@code n} examples and their mismatched controls. Hidden states are requested one
     * example at a time, so only the scores stay in memory.
     *
     * @param speech speech hidden states of example i
     * @param text   text hidden states of example i
     */
    public static DatasetSummary analyze(String model, String dataset, int n, IntFunction<HiddenStates> speech,
            IntFunction<HiddenStates> text, AnalysisSettings settings, ControlSettings control) {
        return analyze(model, dataset, n, speech, text, settings, control, done -> { });
    }

    /**
     * As {@link #analyze(String, String, int, IntFunction, IntFunction, AnalysisSettings, ControlSettings)},
     * reporting the number of examples done after each one; interrupting the thread cancels it.
     */
    public static DatasetSummary analyze(String model, String dataset, int n, IntFunction<HiddenStates> speech,
            IntFunction<HiddenStates> text, AnalysisSettings settings, ControlSettings control,
            IntConsumer progress) {
        int[] sigma = MismatchedPairControl.derangement(n, control.seed());
        List<ExampleScores> matched = new ArrayList<>(n);
        List<ExampleScores> mismatched = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            HiddenStates s = speech.apply(i);
            matched.add(ExampleScores.of(ExampleAnalyzer.analyze(s, text.apply(i), settings, model,
                    Integer.toString(i))));
            mismatched.add(ExampleScores.of(ExampleAnalyzer.analyze(s, text.apply(sigma[i]), settings, model,
                    i + "|" + sigma[i])));
            progress.accept(i + 1);
        }
        return summarize(model, dataset, matched, mismatched, sigma, control);
    }

    /**
     * Summarises scores already computed: {@code mismatched.get(i)} must be speech i against text
     * {@code derangement[i]}. Examples where a score is undefined (monotonicity) are left out of
     * that score's means; {@link ControlledScore#examples()} says how many remained.
     */
    public static DatasetSummary summarize(String model, String dataset, List<ExampleScores> matched,
            List<ExampleScores> mismatched, int[] derangement, ControlSettings control) {
        int n = matched.size();
        if (n < 2 || mismatched.size() != n || derangement.length != n) {
            throw new GapScopeException("a dataset summary needs at least 2 examples with one mismatched pair each"
                    + " (got " + n + " matched, " + mismatched.size() + " mismatched)");
        }
        int layers = matched.get(0).layers();
        LayerRange range = matched.get(0).averaged();
        for (List<ExampleScores> list : List.of(matched, mismatched)) {
            for (ExampleScores e : list) {
                if (e.layers() != layers || !e.averaged().equals(range)) {
                    throw new GapScopeException("example " + e.example() + " has " + e.layers()
                            + " hidden states averaged over " + e.averaged() + ", the first has " + layers
                            + " over " + range + " (one model and one setting per summary)");
                }
            }
        }
        Map<Score, ControlledScore> averages = new EnumMap<>(Score.class);
        Map<Score, List<ControlledScore>> perLayer = new EnumMap<>(Score.class);
        for (Score score : Score.values()) {
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = matched.get(i).average(score);
                b[i] = mismatched.get(i).average(score);
            }
            averages.put(score, controlled(score, ControlledScore.AVERAGE, a, b, control));
            List<ControlledScore> curve = new ArrayList<>(layers);
            for (int l = 0; l < layers; l++) {
                for (int i = 0; i < n; i++) {
                    a[i] = matched.get(i).at(score, l);
                    b[i] = mismatched.get(i).at(score, l);
                }
                curve.add(controlled(score, l, a, b, control));
            }
            perLayer.put(score, curve);
        }
        Provenance provenance = new Provenance(model, dataset, "dataset_summary", range, GapScopeVersion.get());
        return new DatasetSummary(provenance, n, derangement, control, averages, perLayer);
    }

    /** Means and bootstrap margin over the examples where both values are defined. */
    static ControlledScore controlled(Score score, int layer, double[] matched, double[] mismatched,
            ControlSettings control) {
        int count = 0;
        for (int i = 0; i < matched.length; i++) {
            if (!Double.isNaN(matched[i]) && !Double.isNaN(mismatched[i])) {
                count++;
            }
        }
        double[] a = new double[count];
        double[] b = new double[count];
        int k = 0;
        for (int i = 0; i < matched.length; i++) {
            if (!Double.isNaN(matched[i]) && !Double.isNaN(mismatched[i])) {
                a[k] = matched[i];
                b[k] = mismatched[i];
                k++;
            }
        }
        if (count == 0) {
            return new ControlledScore(score, layer, 0, Double.NaN, Double.NaN, Double.NaN, null,
                    MismatchedPairControl.LABEL);
        }
        double ma = mean(a);
        double mb = mean(b);
        ConfidenceInterval ci = Bootstrap.pairedMeanDifference(a, b, control.resamples(), control.level(),
                control.seed());
        return new ControlledScore(score, layer, count, ma, mb, ma - mb, ci, MismatchedPairControl.LABEL);
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }
}
