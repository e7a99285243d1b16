package org.gapscope.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.dataset.WordTimings;
import org.gapscope.lenses.LensAgreement;
import org.gapscope.lenses.ExamplePairing;
import org.gapscope.lenses.PairedSpeech;
import org.gapscope.lenses.ReferenceAlignmentHitRate;
import org.gapscope.lenses.TokenPairing;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;
import org.gapscope.run.RunFolder;
import org.gapscope.run.ScoresJson;

import com.google.gson.JsonObject;

/**
 * The other lenses of one example as a batch run passes it ({@code evaluate}, {@code analyse}): its
 * token pairing (by the example's reference word timings, else proportional), its ALAS-style hit rate
 * per layer when it has word timings, and the rows the dataset's cross-layer CKA needs, written to a
 * small file ({@code lenses/L000012-id.lens.npz}): the paired speech vectors (T_t rows per layer, not
 * the T_s speech positions), the speech paired proportionally with the control partner's text, and,
 * when the run keeps no text captures, its own text rows and its partner's. So the dataset CKA and
 * its control can be computed at the end ({@link DatasetLenses}) even by a run that keeps no speech
 * captures, and an interrupted run resumes without losing them.
 */
final class ExampleLenses {

    /** The rows file's member with the paired speech vectors [K, T_t, d]. */
    static final String SPEECH = "speech";
    /** The member with the speech paired proportionally with the control partner's text [K, T_p, d]. */
    static final String MISMATCHED = "mismatched";
    /** The member with the text rows [K, T_t, d] (only when the text capture is not kept). */
    static final String TEXT = "text";
    /** The member with the control partner's text rows [K, T_p, d] (only when text captures are not kept). */
    static final String PARTNER_TEXT = "partner_text";
    /** The folder of the rows files. */
    static final String FOLDER = "lenses";

    /**
     * One example's inputs.
     *
     * @param where             for messages (e.g. {@code dataset line 12})
     * @param transcript        the transcript the words are checked against ({@code ""} when unknown)
     * @param words             the example's reference word timings ({@link WordTimings#NONE} when none)
     * @param speech            the speech hidden states as analysed (stored values)
     * @param text              the text hidden states as analysed
     * @param textTokens        the text capture's token strings
     * @param speechTimes       the speech capture's position start times
     * @param clipSeconds       the clip's length (NaN when unknown)
     * @param analysis          the example's analysis (its paths give the hit rate)
     * @param partnerText       the control partner's text hidden states, or null when there is none
     */
    record Input(String where, String transcript, WordTimings words, HiddenStates speech, HiddenStates text,
            List<String> textTokens, float[] speechTimes, double clipSeconds, ExampleAnalysis analysis,
            HiddenStates partnerText) {

        Input {
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(transcript, "transcript");
            words = words == null ? WordTimings.NONE : words;
        }
    }

    /** The record's key of lens agreement ({@code evaluate --lens}). */
    static final String LENS_AGREEMENT = "lens_agreement";

    private ExampleLenses() {
    }

    /**
     * The pairing of an example: by its word timings when it has them and they can be used, else
     * proportional, with a note saying why the timings could not be used.
     */
    static TokenPairing pairing(Input in) {
        return ExamplePairing.of(in.where(), in.transcript(), in.words(), in.speech().tokenCount(),
                in.text().tokenCount(), in.textTokens(), in.speechTimes(), in.clipSeconds());
    }

    /**
     * The record's {@code lens_agreement} entry: the pairing, the share per hidden state and its mean over
     * {@code averaged}.
     */
    static JsonObject agreement(LensAgreement a, LayerRange averaged) {
        JsonObject o = new JsonObject();
        o.addProperty("pairing", a.pairing().method().key());
        if (!a.pairing().note().isEmpty()) {
            o.addProperty("pairing_note", a.pairing().note());
        }
        o.add("agreement", ScoresJson.numbers(a.agreement()));
        o.add("mean", ScoresJson.number(a.mean(averaged)));
        return o;
    }

    /**
     * Computes the example's lenses, writes its rows file to {@code folder.resolve(rowsName)} and returns
     * the record's {@code lenses} entry.
     *
     * @param float16  store the rows as float16 (as the run's captures)
     * @param withText store the text rows, its own and its partner's (the run keeps no text captures)
     */
    static JsonObject compute(Input in, RunFolder folder, String rowsName, boolean float16, boolean withText) {
        TokenPairing pairing = pairing(in);
        JsonObject o = new JsonObject();
        o.addProperty("pairing", pairing.method().key());
        if (!pairing.note().isEmpty()) {
            o.addProperty("pairing_note", pairing.note());
        }
        if (pairing.method() == TokenPairing.Method.REFERENCE_WORDS) {
            o.add("hit_rate", hitRate(in.analysis(), pairing));
        }
        Map<String, NpyArray> rows = new LinkedHashMap<>();
        rows.put(SPEECH, rows(PairedSpeech.of(in.speech(), pairing), float16));
        HiddenStates partner = in.partnerText();
        if (partner != null && partner.tokenCount() > 0) {
            rows.put(MISMATCHED, rows(PairedSpeech.of(in.speech(),
                    TokenPairing.proportional(in.speech().tokenCount(), partner.tokenCount())), float16));
            o.addProperty("mismatched_text_tokens", partner.tokenCount());
        }
        if (withText) {
            rows.put(TEXT, rows(in.text(), float16));
            if (rows.containsKey(MISMATCHED)) {
                rows.put(PARTNER_TEXT, rows(partner, float16));
            }
        }
        try {
            Files.createDirectories(folder.resolve(FOLDER));
        } catch (IOException e) {
            throw new GapScopeException(folder.resolve(FOLDER) + ": cannot create: " + e.getMessage(), e);
        }
        Npz.write(folder.resolve(rowsName), rows);
        o.addProperty("rows", rowsName);
        return o;
    }

    /** {@code {"baseline": b, "cosine": [hit per layer], "euclidean": [...]}}; b is the same at every layer. */
    static JsonObject hitRate(ExampleAnalysis analysis, TokenPairing pairing) {
        JsonObject o = new JsonObject();
        ReferenceAlignmentHitRate cos = ReferenceAlignmentHitRate.of(analysis, SimilarityMetric.COSINE, pairing);
        ReferenceAlignmentHitRate euc = ReferenceAlignmentHitRate.of(analysis, SimilarityMetric.EUCLIDEAN, pairing);
        o.add("baseline", ScoresJson.number(cos.baseline().length == 0 ? Double.NaN : cos.baseline()[0]));
        o.add(SimilarityMetric.COSINE.key(), ScoresJson.numbers(cos.hit()));
        o.add(SimilarityMetric.EUCLIDEAN.key(), ScoresJson.numbers(euc.hit()));
        return o;
    }

    /** All layers of {@code states} as one [K, T, d] array. */
    private static NpyArray rows(HiddenStates states, boolean float16) {
        int per = states.tokenCount() * states.hiddenSize();
        float[] all = new float[states.layerCount() * per];
        float[] layer = new float[per];
        for (int l = 0; l < states.layerCount(); l++) {
            states.copyLayer(l, layer);
            System.arraycopy(layer, 0, all, l * per, per);
        }
        NpyArray a = NpyArray.ofFloats(all, states.layerCount(), states.tokenCount(), states.hiddenSize());
        return float16 ? a.toFloat16() : a;
    }

    /** {@code lenses/L000012-some_id.lens.npz}. */
    static String rowsName(int line, String id) {
        String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 60) {
            safe = safe.substring(0, 60);
        }
        return FOLDER + "/" + String.format(java.util.Locale.ROOT, "L%06d-%s.lens.npz", line, safe);
    }
}
