package org.gapscope.engine;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;
import org.gapscope.lenses.ReferenceSpans;
import org.gapscope.lenses.ReferenceWords;

/**
 * One example run through one model by the {@link ExampleEngine}: both queries (captures, with their
 * provenance, and answers), the analysis of the pair, and whether each answer is correct.
 *
 * @param model         the model's name
 * @param example       the example as it was run (transcript and answers at that time)
 * @param clip          the spoken query
 * @param speech        the spoken query's answer and capture
 * @param text          the typed query's answer and capture
 * @param analysis      METHOD.md's measures on the pair
 * @param speechCorrect whether the spoken query's answer is correct (null: no gold answer to judge by)
 * @param textCorrect   whether the typed query's answer is correct (null: no gold answer)
 */
public record ExampleRun(String model, Example example, AudioClip clip, ModelRunner.Answered speech,
        ModelRunner.Answered text, ExampleAnalysis analysis, Boolean speechCorrect, Boolean textCorrect) {

    /** Bytes of hidden states this run holds (for a cache's budget). */
    public long bytes() {
        return 4L * speech.capture().hiddenSize()
                * ((long) speech.capture().layerCount() * speech.capture().length()
                        + (long) text.capture().layerCount() * text.capture().length());
    }

    /** L + 1, the number of hidden states per query. */
    public int layerCount() {
        return analysis.layerCount();
    }

    /** The time span in seconds of speech position {@code i} (from its start to the next one's); NaN without times. */
    public double[] speechSpan(int i) {
        float[] t = speech.times();
        if (t.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double step = t.length > 1 ? t[1] - t[0] : clip.durationSeconds();
        double end = i + 1 < t.length ? t[i + 1] : Math.min(clip.durationSeconds(), t[i] + step);
        return new double[] {t[i], Math.max(end, t[i] + 1e-3)};
    }

    /**
     * The example's reference word spans (its {@code words} paired with the speech positions and text tokens
     * of this run, as {@code evaluate} pairs them), for the heatmap and the ALAS-style hit rate.
     *
     * @throws GapScopeException when the example has no word timings or they cannot be used here
     *                         (the message says why)
     */
    public ReferenceSpans referenceSpans() {
        if (!example.hasWords()) {
            throw new GapScopeException("example " + example.id() + " has no reference word timings "
                    + "(\"words\" in its dataset line)");
        }
        ReferenceWords reference = new ReferenceWords("example " + example.id(), example.transcript(), example.words(),
                null, Double.NaN);
        return reference.spans(analysis.speechTokens(), analysis.textTokens(), text.tokens(), speech.times(),
                clip.durationSeconds());
    }
}
