package org.gapscope.engine;

import java.util.Map;
import java.util.Objects;

import org.gapscope.analysis.LayerRange;
import org.gapscope.lenses.LensAgreement;
import org.gapscope.lenses.LensReadout;

/**
 * The logit lens (nostalgebraist 2020; AudioLens, Yang et al. 2025) on one example run at chosen
 * layers: what each speech position and each text token reads as, lens agreement per layer, and the
 * text of every token id named, so that a front end needs no model to show it.
 *
 * @param model      the model's name
 * @param exampleId  the example's id
 * @param speech     the spoken query's read-out (positions {@code s0, s1, ...})
 * @param times      the start time in seconds of each speech position
 * @param text       the typed query's read-out (its tokens)
 * @param agreement  lens agreement at each read layer (pairing by the example's words when usable, else proportional)
 * @param averaged   the layers the mean agreement averages over (1..L)
 * @param vocabSize  the vocabulary size V of the head
 * @param tokenTexts the text of every token id the read-outs and the agreement name
 * @param seconds    wall time spent in the LM head
 */
public record ExampleLens(String model, String exampleId, LensReadout speech, float[] times, LensReadout text,
        LensAgreement agreement, LayerRange averaged, int vocabSize, Map<Integer, String> tokenTexts, double seconds) {

    /** Validates and copies. */
    public ExampleLens {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(exampleId, "exampleId");
        Objects.requireNonNull(speech, "speech");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(agreement, "agreement");
        Objects.requireNonNull(averaged, "averaged");
        times = times.clone();
        tokenTexts = Map.copyOf(tokenTexts);
        if (times.length != speech.positions().size()) {
            throw new IllegalArgumentException(times.length + " times for " + speech.positions().size() + " speech positions");
        }
    }

    @Override
    public float[] times() {
        return times.clone();
    }

    /** The text of token {@code id} ({@code #id} for an id no read-out names). */
    public String token(int id) {
        String t = tokenTexts.get(id);
        return t == null ? "#" + id : t;
    }

    /** The layers read, ascending. */
    public int[] layers() {
        return speech.layers();
    }
}
