package org.gapscope.evaluation;

import java.util.Locale;

/** Where the work on one example goes (and where a failed example failed). */
public enum Stage {
    /** Reading the dataset line. */
    DATASET,
    /** Loading the audio file and computing the speech input. */
    AUDIO,
    /** The typed query through the model. */
    TEXT,
    /** The spoken query through the model. */
    SPEECH,
    /** The spoken query through the model with an intervention. */
    INTERVENTION,
    /** The analysis of the hidden states (matched pairs, paths, plans). */
    ANALYSIS,
    /** The mismatched-pair control's analyses. */
    CONTROL,
    /** Writing and reading captures and results. */
    FILES;

    /** The name in result files, e.g. {@code audio}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the stage runs the model. */
    public boolean isModel() {
        return this == TEXT || this == SPEECH || this == INTERVENTION;
    }

    /** Whether the stage is analysis. */
    public boolean isAnalysis() {
        return this == ANALYSIS || this == CONTROL;
    }
}
