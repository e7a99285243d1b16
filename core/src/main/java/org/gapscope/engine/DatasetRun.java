package org.gapscope.engine;

import java.util.List;

import org.gapscope.analysis.DatasetSummary;
import org.gapscope.analysis.ExampleScores;
import org.gapscope.analysis.LayerCurves;
import org.gapscope.dataset.Example;

/**
 * The example set run through one model by the {@link DatasetRunner}: per example its answers'
 * correctness, scores and layer curves; accuracies and GAP; the dataset summary with the
 * mismatched-pair control (paired as {@code evaluate} pairs it).
 *
 * @param model    the model's name
 * @param dataset  the example set's name
 * @param outcomes one per example that could be run, in set order
 * @param skipped  one line per example that could not be run (no audio, no transcript, an error)
 * @param summary  means with the mismatched-pair control (null with fewer than 2 outcomes); its
 *                 derangement gives, per outcome, the index in {@code examples} of the partner (-1: none)
 * @param examples the whole set, in order (the control's pairs are drawn over it)
 */
public record DatasetRun(String model, String dataset, List<Outcome> outcomes, List<String> skipped,
        DatasetSummary summary, List<Example> examples) {

    /**
     * One example's outcome.
     *
     * @param example       the example
     * @param speechAnswer  the answer to the spoken question
     * @param textAnswer    the answer to the typed question
     * @param speechCorrect correctness of the spoken answer (null: no gold)
     * @param textCorrect   correctness of the typed answer (null: no gold)
     * @param scores        the matched pair's scores
     * @param curves        the matched pair's layer curves
     */
    public record Outcome(Example example, String speechAnswer, String textAnswer, Boolean speechCorrect,
            Boolean textCorrect, ExampleScores scores, LayerCurves curves) {
    }

    /** Copies the lists. */
    public DatasetRun {
        outcomes = List.copyOf(outcomes);
        skipped = List.copyOf(skipped);
        examples = List.copyOf(examples);
    }

    /**
     * The partner of {@code example} in this run's mismatched-pair control (the text its speech was
     * paired with), or null when it has none (not run, or no control).
     */
    public Example partnerOf(Example example) {
        if (summary == null) {
            return null;
        }
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).example().equals(example)) {
                int partner = summary.derangement()[i];
                return partner >= 0 ? examples.get(partner) : null;
            }
        }
        return null;
    }

    /** Share of judged examples whose typed question was answered correctly, in percent (NaN: none judged). */
    public double textAccuracy() {
        return accuracy(true);
    }

    /** Share of judged examples whose spoken question was answered correctly, in percent. */
    public double speechAccuracy() {
        return accuracy(false);
    }

    /** GAP = M_t − M_s in points. */
    public double gap() {
        return textAccuracy() - speechAccuracy();
    }

    /** Number of examples with a gold answer. */
    public int judged() {
        return (int) outcomes.stream().filter(o -> o.textCorrect() != null && o.speechCorrect() != null).count();
    }

    private double accuracy(boolean text) {
        int n = 0;
        int right = 0;
        for (Outcome o : outcomes) {
            Boolean c = text ? o.textCorrect() : o.speechCorrect();
            Boolean other = text ? o.speechCorrect() : o.textCorrect();
            if (c != null && other != null) {
                n++;
                right += c ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : 100.0 * right / n;
    }

    /** Per layer, the mean and standard deviation over examples of the cosine (metric 0) or Euclidean (1) curve. */
    public double[][] curveMeanAndSd(boolean cosine) {
        int layers = outcomes.isEmpty() ? 0 : outcomes.get(0).curves().layerCount();
        double[] mean = new double[layers];
        double[] sd = new double[layers];
        for (int l = 0; l < layers; l++) {
            double sum = 0;
            double sq = 0;
            int n = 0;
            for (Outcome o : outcomes) {
                double[] c = cosine ? o.curves().cosine() : o.curves().euclidean();
                if (l < c.length && !Double.isNaN(c[l])) {
                    sum += c[l];
                    sq += c[l] * c[l];
                    n++;
                }
            }
            mean[l] = n == 0 ? Double.NaN : sum / n;
            sd[l] = n < 2 ? 0 : Math.sqrt(Math.max(0, (sq - n * mean[l] * mean[l]) / (n - 1)));
        }
        return new double[][] {mean, sd};
    }
}
