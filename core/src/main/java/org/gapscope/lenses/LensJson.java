package org.gapscope.lenses;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import com.google.gson.stream.JsonWriter;

import org.gapscope.analysis.AnalysisJson;
import org.gapscope.analysis.LayerRange;

/**
 * Writes the JSON of {@code gapscope lens --json}: the logit lens read-outs of the spoken and/or typed
 * query (per chosen layer, per position the top-k token ids, texts and probabilities), lens agreement
 * when both are given, each with its label, and how long the LM head took.
 */
public final class LensJson {

    /** Value of the {@code format} key. */
    public static final String FORMAT = "gapscope-lens";

    /** Value of the {@code format_version} key. */
    public static final int FORMAT_VERSION = 1;

    /**
     * What one run measured of the LM head: {@code rows} hidden states (all sides, agreement included)
     * through a d x V head in {@code seconds}.
     *
     * @param rows       hidden states sent through the head
     * @param seconds    wall time spent in the head (softmax and top-k included)
     * @param hiddenSize d
     * @param vocabSize  V
     */
    public record HeadTiming(long rows, double seconds, int hiddenSize, int vocabSize) {

        /** Multiply-adds of the LM head's matrix per row: d V. */
        public long multiplyAddsPerRow() {
            return (long) hiddenSize * vocabSize;
        }

        /** The rate reached, in GFLOP/s (2 d V floating-point operations per row). */
        public double gflopsPerSecond() {
            return seconds > 0 ? 2.0 * multiplyAddsPerRow() * rows / seconds / 1e9 : Double.NaN;
        }
    }

    private LensJson() {
    }

    /**
     * Writes the whole document.
     *
     * @param model      the bundle's name
     * @param inputs     what was read: e.g. {@code {"audio", path}, {"text", transcript}}
     * @param readouts   the speech and/or text read-outs
     * @param times      the speech positions' start times (null without speech)
     * @param agreement  lens agreement, or null
     * @param averaged   the layers the mean agreement averages over (1..L)
     */
    public static void write(Writer out, String model, String programVersion, List<String[]> inputs,
            List<LensReadout> readouts, float[] times, LensAgreement agreement, LayerRange averaged, LensHead head,
            HeadTiming timing) throws IOException {
        JsonWriter w = new JsonWriter(out);
        w.setIndent(" ");
        w.beginObject();
        w.name("format").value(FORMAT);
        w.name("format_version").value(FORMAT_VERSION);
        w.name("label").value(LensSources.LOGIT_LENS);
        w.name("provenance").beginObject();
        w.name("model").value(model);
        for (String[] input : inputs) {
            w.name(input[0]).value(input[1]);
        }
        w.name("program_version").value(programVersion);
        w.endObject();
        w.name("head").beginObject();
        w.name("part").value("lm_head (final norm + LM head)");
        w.name("hidden_size").value(head.hiddenSize());
        w.name("vocab_size").value(head.vocabSize());
        w.endObject();
        LensReadout first = readouts.get(0);
        w.name("layers").beginArray();
        for (int l : first.layers()) {
            w.value(l);
        }
        w.endArray();
        w.name("top").value(first.k());
        for (LensReadout r : readouts) {
            w.name(r.side()).beginObject();
            w.name("positions").value(r.positions().size());
            w.name("tokens").beginArray();
            for (String t : r.positions()) {
                w.value(t);
            }
            w.endArray();
            if ("speech".equals(r.side()) && times != null) {
                w.name("times").beginArray();
                for (float t : times) {
                    w.value(t);
                }
                w.endArray();
            }
            w.name("layers").beginArray();
            int[] layers = r.layers();
            for (int i = 0; i < layers.length; i++) {
                TopTokens top = r.perLayer().get(i);
                w.beginObject();
                w.name("layer").value(layers[i]);
                w.name("top_ids").beginArray();
                for (int p = 0; p < top.rows(); p++) {
                    w.beginArray();
                    for (int k = 0; k < r.k(); k++) {
                        w.value(top.id(p, k));
                    }
                    w.endArray();
                }
                w.endArray();
                w.name("top_tokens").beginArray();
                for (int p = 0; p < top.rows(); p++) {
                    w.beginArray();
                    for (int k = 0; k < r.k(); k++) {
                        w.value(head.token(top.id(p, k)));
                    }
                    w.endArray();
                }
                w.endArray();
                w.name("top_probs").beginArray();
                for (int p = 0; p < top.rows(); p++) {
                    w.beginArray();
                    for (int k = 0; k < r.k(); k++) {
                        w.value(top.probability(p, k));
                    }
                    w.endArray();
                }
                w.endArray();
                w.endObject();
            }
            w.endArray();
            w.endObject();
        }
        if (agreement != null) {
            w.name("agreement").beginObject();
            w.name("label").value(LensSources.LENS_AGREEMENT);
            LensesJson.pairing(w, "pairing", agreement.pairing());
            w.name("layers").beginArray();
            int[] layers = agreement.layers();
            double[] share = agreement.agreement();
            int[][] speechTop = agreement.speechTop1();
            int[][] textTop = agreement.textTop1();
            for (int i = 0; i < layers.length; i++) {
                w.beginObject().name("layer").value(layers[i]).name("agreement").value(share[i]);
                w.name("speech_top1").beginArray();
                for (int id : speechTop[i]) {
                    w.value(id);
                }
                w.endArray();
                w.name("text_top1").beginArray();
                for (int id : textTop[i]) {
                    w.value(id);
                }
                w.endArray();
                w.endObject();
            }
            w.endArray();
            w.name("averaged_layers").beginObject().name("first").value(averaged.first()).name("last")
                    .value(averaged.last()).endObject();
            AnalysisJson.number(w.name("mean"), agreement.mean(averaged));
            w.endObject();
        }
        w.name("timing").beginObject();
        w.name("lm_head_rows").value(timing.rows());
        w.name("lm_head_seconds").value(timing.seconds());
        w.name("multiply_adds_per_row").value(timing.multiplyAddsPerRow());
        AnalysisJson.number(w.name("gflop_per_second"), timing.gflopsPerSecond());
        w.endObject();
        w.endObject();
        w.flush();
    }
}
