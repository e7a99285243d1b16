package org.gapscope.analysis;

import java.util.Objects;

/**
 * The modality gap of one model (or checkpoint), GAP = M_t - M_s: its benchmark score with text
 * queries minus the score with the same queries spoken.
 *
 * @param model      model or checkpoint name
 * @param textScore  M_t
 * @param speechScore M_s
 */
public record Gap(String model, double textScore, double speechScore) {

    /** Validates that the scores are finite. */
    public Gap {
        Objects.requireNonNull(model, "model");
        if (!Double.isFinite(textScore) || !Double.isFinite(speechScore)) {
            throw new IllegalArgumentException("GAP of " + model + ": scores must be finite, got M_t = "
                    + textScore + ", M_s = " + speechScore);
        }
    }

    /** M_t - M_s. */
    public double gap() {
        return textScore - speechScore;
    }
}
