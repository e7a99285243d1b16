package org.gapscope.lenses;

import java.io.IOException;
import java.util.OptionalInt;

import com.google.gson.stream.JsonWriter;

import org.gapscope.analysis.AnalysisJson;
import org.gapscope.analysis.LayerRange;

/**
 * Writes the other lenses' numbers into an open JSON object (the keys of {@code gapscope metrics --json}
 * and, for phase-2 outputs, of any other file that shows them): the pairing, the CKA matrix with its
 * diagonal and band widths, and the hit rate. Undefined values are {@code null}; each lens carries its
 * label.
 */
public final class LensesJson {

    private LensesJson() {
    }

    /** {@code pairing}: method, note, and the speech positions [start, end) paired with each text token. */
    public static void pairing(JsonWriter w, String key, TokenPairing p) throws IOException {
        w.name(key).beginObject();
        w.name("method").value(p.method().key());
        w.name("note").value(p.note());
        w.name("speech_positions").value(p.speechPositions());
        w.name("text_tokens").value(p.textTokens());
        w.name("spans").beginArray();
        for (int j = 0; j < p.textTokens(); j++) {
            w.beginArray().value(p.startOf(j)).value(p.endOf(j)).endArray();
        }
        w.endArray();
        w.endObject();
    }

    /**
     * {@code <prefix>_label}, {@code <prefix>} (the matrix, rows = speech layer, columns = text layer),
     * {@code <prefix>_diagonal}, {@code <prefix>_diagonal_mean} (over {@code averaged}),
     * {@code <prefix>_band_width} (per speech layer), {@code <prefix>_band_width_mean},
     * {@code <prefix>_band_share}, {@code <prefix>_gram}, {@code <prefix>_pairs}, {@code <prefix>_pairing}.
     */
    public static void cka(JsonWriter w, String prefix, CkaMatrix m, LayerRange averaged) throws IOException {
        w.name(prefix + "_label").value(LensSources.CKA);
        w.name(prefix).beginArray();
        for (int a = 0; a < m.layerCount(); a++) {
            w.beginArray();
            for (int b = 0; b < m.layerCount(); b++) {
                AnalysisJson.number(w, m.at(a, b));
            }
            w.endArray();
        }
        w.endArray();
        w.name(prefix + "_diagonal").beginArray();
        for (double v : m.diagonal()) {
            AnalysisJson.number(w, v);
        }
        w.endArray();
        AnalysisJson.number(w.name(prefix + "_diagonal_mean"), m.diagonalMean(averaged));
        w.name(prefix + "_band_width").beginArray();
        for (int a = 0; a < m.layerCount(); a++) {
            OptionalInt bw = m.bandWidth(a);
            if (bw.isPresent()) {
                w.value(bw.getAsInt());
            } else {
                w.nullValue();
            }
        }
        w.endArray();
        AnalysisJson.number(w.name(prefix + "_band_width_mean"), m.meanBandWidth(averaged));
        w.name(prefix + "_band_share").value(CkaMatrix.BAND_SHARE);
        w.name(prefix + "_gram").value(m.route());
        w.name(prefix + "_pairs").value(m.pairs());
        w.name(prefix + "_pairing").value(m.pairing());
    }

    /**
     * {@code hit_rate}: label, pairing, and per path metric the hit rate, its uniform baseline and
     * hit - baseline per layer and averaged.
     */
    public static void hitRate(JsonWriter w, ReferenceAlignmentHitRate... rates) throws IOException {
        w.name("hit_rate").beginObject();
        w.name("label").value(LensSources.HIT_RATE);
        if (rates.length > 0) {
            w.name("pairing").value(rates[0].pairing().describe());
            LayerRange range = rates[0].provenance().layers();
            w.name("averaged_layers").beginObject().name("first").value(range.first()).name("last")
                    .value(range.last()).endObject();
        }
        for (ReferenceAlignmentHitRate r : rates) {
            w.name(r.metric().key()).beginObject();
            AnalysisJson.doubles(w.name("hit"), r.hit());
            AnalysisJson.doubles(w.name("baseline"), r.baseline());
            AnalysisJson.doubles(w.name("hit_minus_baseline"), r.hitMinusBaseline());
            AnalysisJson.number(w.name("mean_hit"), r.meanHit());
            AnalysisJson.number(w.name("mean_baseline"), r.meanBaseline());
            AnalysisJson.number(w.name("mean_hit_minus_baseline"), r.meanHitMinusBaseline());
            w.endObject();
        }
        w.endObject();
    }
}
