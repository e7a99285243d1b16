package org.gapscope.analysis;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.OptionalDouble;

import com.google.gson.stream.JsonWriter;

/**
 * Writes an {@link ExampleAnalysis} as the JSON of {@code gapscope metrics --json}: the per-layer
 * list {@code layers}, the averages under the score keys, the paths {@code path_cosine} and
 * {@code path_euclidean} (per layer, the aligned speech index of each text token), and GapScope's
 * DTW extension under {@code extension_dtw}. Undefined values (monotonicity) are {@code null}.
 */
public final class AnalysisJson {

    /** Value of the {@code format} key. */
    public static final String FORMAT = "gapscope-metrics";

    /** Value of the {@code format_version} key. */
    public static final int FORMAT_VERSION = 1;

    private AnalysisJson() {
    }

    /** More keys written into the same top-level object, after the analysis's own (e.g. other lenses). */
    @FunctionalInterface
    public interface Extra {
        /** Writes name/value pairs with {@code w} (inside the open top-level object). */
        void write(JsonWriter w) throws IOException;
    }

    /** Writes {@code analysis} to {@code out}; {@code speechName}/{@code textName} name the inputs. */
    public static void write(ExampleAnalysis analysis, String speechName, String textName, Writer out)
            throws IOException {
        write(analysis, speechName, textName, out, w -> { });
    }

    /** As {@link #write(ExampleAnalysis, String, String, Writer)}, with {@code extra} keys at the end. */
    public static void write(ExampleAnalysis analysis, String speechName, String textName, Writer out, Extra extra)
            throws IOException {
        JsonWriter w = new JsonWriter(out);
        w.setIndent(" ");
        w.beginObject();
        w.name("format").value(FORMAT);
        w.name("format_version").value(FORMAT_VERSION);
        Provenance p = analysis.provenance();
        w.name("provenance").beginObject();
        w.name("model").value(p.model());
        w.name("example").value(p.example());
        w.name("speech").value(speechName);
        w.name("text").value(textName);
        w.name("program_version").value(p.programVersion());
        w.endObject();
        w.name("shape").beginObject();
        w.name("hidden_states").value(analysis.layerCount());
        w.name("speech_positions").value(analysis.speechTokens());
        w.name("text_tokens").value(analysis.textTokens());
        w.name("hidden_size").value(analysis.hiddenSize());
        w.endObject();
        w.name("settings").beginObject();
        w.name("include_layer0").value(analysis.settings().includeLayer0());
        w.name("extension_dtw").value(analysis.settings().dtwExtension());
        w.endObject();
        w.name("averaged_layers").beginObject();
        w.name("first").value(p.layers().first());
        w.name("last").value(p.layers().last());
        w.endObject();

        w.name("layers").beginArray();
        for (int l = 0; l < analysis.layerCount(); l++) {
            w.beginObject();
            w.name("layer").value(l);
            for (Score s : Score.values()) {
                number(w.name(s.key()), analysis.score(s, l));
            }
            w.endObject();
        }
        w.endArray();
        for (Score s : Score.values()) {
            number(w.name(s.key()), analysis.score(s));
        }
        for (SimilarityMetric m : SimilarityMetric.values()) {
            w.name("path_" + m.key()).beginArray();
            for (int l = 0; l < analysis.layerCount(); l++) {
                ints(w, analysis.path(m, l).speechIndex());
            }
            w.endArray();
        }
        for (SimilarityMetric m : SimilarityMetric.values()) {
            w.name("path_value_" + m.key()).beginArray();
            for (int l = 0; l < analysis.layerCount(); l++) {
                doubles(w, analysis.path(m, l).value());
            }
            w.endArray();
        }
        if (analysis.hasDtwExtension()) {
            writeDtw(w, analysis);
        }
        extra.write(w);
        w.endObject();
        w.flush();
    }

    private static void writeDtw(JsonWriter w, ExampleAnalysis analysis) throws IOException {
        w.name("extension_dtw").beginObject();
        w.name("label").value(DtwAlignmentPath.LABEL);
        w.name("layers").beginArray();
        LayerRange range = analysis.averagedLayers();
        double[] sums = new double[2];
        for (int l = 0; l < analysis.layerCount(); l++) {
            w.beginObject();
            w.name("layer").value(l);
            int m = 0;
            for (SimilarityMetric metric : SimilarityMetric.values()) {
                DtwAlignmentPath path = dtw(analysis, metric).get(l);
                number(w.name("score_" + metric.key()), path.score());
                number(w.name("normalized_cost_" + metric.key()), path.normalizedCost());
                number(w.name("agreement_" + metric.key()), path.agreementWith(analysis.path(metric, l)));
                if (range.contains(l)) {
                    sums[m] += path.score();
                }
                m++;
            }
            w.endObject();
        }
        w.endArray();
        number(w.name("score_cosine"), sums[0] / range.size());
        number(w.name("score_euclidean"), sums[1] / range.size());
        for (SimilarityMetric metric : SimilarityMetric.values()) {
            w.name("path_" + metric.key()).beginArray();
            for (DtwAlignmentPath path : dtw(analysis, metric)) {
                ints(w, path.speechIndex());
            }
            w.endArray();
        }
        for (SimilarityMetric metric : SimilarityMetric.values()) {
            w.name("span_" + metric.key()).beginArray();
            for (DtwAlignmentPath path : dtw(analysis, metric)) {
                int[] start = path.spanStart();
                int[] end = path.spanEnd();
                w.beginArray();
                for (int j = 0; j < start.length; j++) {
                    w.beginArray().value(start[j]).value(end[j]).endArray();
                }
                w.endArray();
            }
            w.endArray();
        }
        w.endObject();
    }

    private static List<DtwAlignmentPath> dtw(ExampleAnalysis analysis, SimilarityMetric metric) {
        return metric == SimilarityMetric.COSINE ? analysis.dtwCosine() : analysis.dtwEuclidean();
    }

    private static void ints(JsonWriter w, int[] values) throws IOException {
        w.beginArray();
        for (int v : values) {
            w.value(v);
        }
        w.endArray();
    }

    /** Writes an array of numbers, null for NaN. */
    public static void doubles(JsonWriter w, double[] values) throws IOException {
        w.beginArray();
        for (double v : values) {
            number(w, v);
        }
        w.endArray();
    }

    /** Writes a finite number, or null for NaN (an undefined value). */
    public static void number(JsonWriter w, double v) throws IOException {
        if (Double.isNaN(v)) {
            w.nullValue();
        } else {
            w.value(v);
        }
    }

    /** Writes an optional number as a number or null. */
    static void number(JsonWriter w, OptionalDouble v) throws IOException {
        number(w, v.orElse(Double.NaN));
    }
}
