package org.gapscope.app.run;

import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.app.model.QueryRun;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;

/**
 * One example run through one model: both queries (captures and answers), their analysis, and
 * whether each answer is correct.
 *
 * @param model         the model's name
 * @param example       the example as it was run (transcript and answers at that time)
 * @param clip          the spoken query
 * @param speech        the spoken query's run
 * @param text          the typed query's run
 * @param analysis      METHOD.md's measures on the pair
 * @param speechCorrect whether the spoken query's answer is correct (null: no gold answer to judge by)
 * @param textCorrect   whether the typed query's answer is correct (null: no gold answer)
 */
public record ExampleResult(String model, Example example, AudioClip clip, QueryRun speech, QueryRun text,
        ExampleAnalysis analysis, Boolean speechCorrect, Boolean textCorrect) {

    /** Bytes of hidden states this result holds (for the cache's budget). */
    public long bytes() {
        return 4L * speech.states().hiddenSize()
                * ((long) speech.states().layerCount() * speech.states().tokenCount()
                        + (long) text.states().layerCount() * text.states().tokenCount());
    }

    /** L + 1, the number of hidden states per query. */
    public int layerCount() {
        return analysis.layerCount();
    }

    /** The time span in seconds of speech position {@code i} (from its start to the next one's). */
    public double[] speechSpan(int i) {
        float[] t = speech.times();
        if (t.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double step = t.length > 1 ? t[1] - t[0] : clip.durationSeconds();
        double end = i + 1 < t.length ? t[i + 1] : Math.min(clip.durationSeconds(), t[i] + step);
        return new double[] {t[i], Math.max(end, t[i] + 1e-3)};
    }
}
