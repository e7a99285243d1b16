package org.gapscope.analysis;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Dataset-level means of every score, each with its mismatched-pair control, over the layer
 * averages and per layer.
 *
 * @param provenance  model, dataset name (in {@code example}), layers averaged, program version
 * @param examples    number of examples
 * @param derangement sigma: mismatched pair i is speech i with text sigma(i)
 * @param control     the control's seed, resamples and level
 * @param averages    per score, the dataset means of the example-level averages
 * @param perLayer    per score, one entry per layer 0..L
 */
public record DatasetSummary(Provenance provenance, int examples, int[] derangement, ControlSettings control,
        Map<Score, ControlledScore> averages, Map<Score, List<ControlledScore>> perLayer) {

    /** Copies the arrays and maps. */
    public DatasetSummary {
        derangement = derangement.clone();
        averages = new EnumMap<>(averages);
        EnumMap<Score, List<ControlledScore>> copy = new EnumMap<>(Score.class);
        perLayer.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        perLayer = copy;
    }

    @Override
    public int[] derangement() {
        return derangement.clone();
    }

    /** The dataset-level result for the example averages of {@code score}. */
    public ControlledScore average(Score score) {
        return averages.get(score);
    }

    /** The dataset-level result for {@code score} at {@code layer}. */
    public ControlledScore at(Score score, int layer) {
        return perLayer.get(score).get(layer);
    }

    /** The dataset-mean curve of {@code score} over layers 0..L (matched pairs), NaN where undefined. */
    public double[] matchedCurve(Score score) {
        return perLayer.get(score).stream().mapToDouble(ControlledScore::matched).toArray();
    }

    /** The dataset-mean curve of {@code score} over layers 0..L for the mismatched control. */
    public double[] mismatchedCurve(Score score) {
        return perLayer.get(score).stream().mapToDouble(ControlledScore::mismatched).toArray();
    }
}
