package org.gapscope.analysis;

import java.util.List;
import java.util.Objects;

import org.gapscope.GapScopeVersion;

/**
 * METHOD.md's across-models regression: a score (S, APS, ...) of each model or checkpoint against
 * its GAP, fitted as GAP = slope * score + intercept (the score predicts the gap), with R^2.
 *
 * @param provenance where it came from ({@code metric} = the score's name, {@code example} = the dataset)
 * @param scoreName  the predictor, e.g. {@code aps_cosine}
 * @param points     one point per model or checkpoint
 * @param fit        the least-squares line and R^2
 */
public record GapRegression(Provenance provenance, String scoreName, List<Point> points, LinearFit fit) {

    /** One model's score and gap. */
    public record Point(String model, double score, double gap) {
    }

    /** Copies the points. */
    public GapRegression {
        Objects.requireNonNull(provenance, "provenance");
        points = List.copyOf(points);
    }

    /**
     * Fits GAP against a score over models or checkpoints.
     *
     * @param dataset   dataset name for the provenance
     * @param scoreName predictor name, e.g. {@link Score#key()}
     * @param layers    layers the scores were averaged over
     * @param points    at least two points whose scores are not all equal
     */
    public static GapRegression fit(String dataset, String scoreName, LayerRange layers, List<Point> points) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).score();
            y[i] = points.get(i).gap();
        }
        LinearFit fit = LinearFit.of(x, y);
        Provenance provenance = new Provenance("", dataset, scoreName, layers, GapScopeVersion.get());
        return new GapRegression(provenance, scoreName, points, fit);
    }

    /** A point from a model's {@link Gap} and its dataset-level score. */
    public static Point point(Gap gap, double score) {
        return new Point(gap.model(), score, gap.gap());
    }
}
