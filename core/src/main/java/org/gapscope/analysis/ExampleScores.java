package org.gapscope.analysis;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The scalar scores of one analysed pair (matched or mismatched), per layer and averaged: the
 * compact part of an {@link ExampleAnalysis} that dataset summaries need.
 *
 * @param example   example id (for a mismatched pair, {@code speechId|textId})
 * @param layers    L+1
 * @param averaged  the layers averaged over
 * @param perLayer  per score, the values at layers 0..L (NaN where undefined)
 * @param averages  per score, the example-level average (NaN where undefined)
 */
public record ExampleScores(String example, int layers, LayerRange averaged, Map<Score, double[]> perLayer,
        Map<Score, Double> averages) {

    /** Copies the maps. */
    public ExampleScores {
        EnumMap<Score, double[]> copy = new EnumMap<>(Score.class);
        perLayer.forEach((k, v) -> copy.put(k, v.clone()));
        perLayer = copy;
        averages = new EnumMap<>(averages);
    }

    /** Scores of the same shape as {@code like}, every value undefined (NaN): a control that could not be computed. */
    public static ExampleScores undefined(ExampleScores like, String example) {
        Map<Score, double[]> perLayer = new EnumMap<>(Score.class);
        Map<Score, Double> averages = new EnumMap<>(Score.class);
        for (Score s : Score.values()) {
            double[] nan = new double[like.layers()];
            Arrays.fill(nan, Double.NaN);
            perLayer.put(s, nan);
            averages.put(s, Double.NaN);
        }
        return new ExampleScores(example, like.layers(), like.averaged(), perLayer, averages);
    }

    /** Extracts the scores of {@code analysis}. */
    public static ExampleScores of(ExampleAnalysis analysis) {
        Map<Score, double[]> perLayer = new EnumMap<>(Score.class);
        Map<Score, Double> averages = new EnumMap<>(Score.class);
        for (Score s : Score.values()) {
            double[] values = new double[analysis.layerCount()];
            for (int l = 0; l < values.length; l++) {
                values[l] = analysis.score(s, l);
            }
            perLayer.put(s, values);
            averages.put(s, analysis.score(s));
        }
        return new ExampleScores(analysis.provenance().example(), analysis.layerCount(), analysis.averagedLayers(),
                perLayer, averages);
    }

    /** The example-level average of {@code score} (NaN where undefined). */
    public double average(Score score) {
        return averages.get(score);
    }

    /** The value of {@code score} at {@code layer} (NaN where undefined). */
    public double at(Score score, int layer) {
        return perLayer.get(score)[layer];
    }
}
