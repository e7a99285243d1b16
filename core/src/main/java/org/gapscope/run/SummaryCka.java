package org.gapscope.run;

import org.gapscope.GapScopeException;
import org.gapscope.GapScopeVersion;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Provenance;
import org.gapscope.lenses.CkaMatrix;
import org.gapscope.lenses.LensSources;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The dataset's cross-layer CKA as a run's {@code summary.json} holds it (docs/evaluation.md: {@code cka},
 * {@code cka_mismatched}, {@code cka_layers}, ...), read back into matrices for the explorer and
 * {@code gapscope figure cka --from RUN}. The hidden size is not in the summary: the matrices carry 0.
 *
 * @param matched         the matched pairs' matrix ({@code cka}, {@code cka_pairing}, {@code cka_pairs})
 * @param mismatched      GapScope's control ({@code cka_mismatched}), or null when the summary has none
 * @param difference      matched minus mismatched as the summary stores it ({@code cka_difference}; computed
 *                        when it is not stored), or null without a control
 * @param layers          the hidden state each row and column is ({@code cka_layers}, else 0..K-1)
 * @param label           the lens's source ({@code cka_label})
 * @param examples        examples stacked in the matched matrix ({@code cka_examples}; 0 when not given)
 * @param controlExamples examples stacked in the control ({@code cka_control.examples}; 0 when not given)
 * @param controlLabel    the control's label ({@code cka_control.label}, or {@code ""})
 */
public record SummaryCka(CkaMatrix matched, CkaMatrix mismatched, double[][] difference, int[] layers, String label, int examples,
        int controlExamples, String controlLabel) {

    /** Copies. */
    public SummaryCka {
        layers = layers.clone();
        difference = difference == null ? null : copy(difference);
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int a = 0; a < m.length; a++) {
            c[a] = m[a].clone();
        }
        return c;
    }

    @Override
    public int[] layers() {
        return layers.clone();
    }

    @Override
    public double[][] difference() {
        return difference == null ? null : copy(difference);
    }

    /** Whether {@code summary} has the dataset CKA ({@code cka}). */
    public static boolean present(JsonObject summary) {
        return summary.has("cka") && summary.get("cka").isJsonArray();
    }

    /**
     * Reads the CKA keys of {@code summary}; {@code where} names the file in errors.
     *
     * @throws GapScopeException naming the file and the key when the summary has no {@code cka} or a key is
     *                           not what docs/evaluation.md says
     */
    public static SummaryCka of(JsonObject summary, String where) {
        if (!present(summary)) {
            throw new GapScopeException(where + ": has no \"cka\" matrix (run gapscope evaluate or analyse, or metrics "
                    + "with --cka)");
        }
        double[][] m = matrix(where, "cka", summary.get("cka"));
        int[] layers = layers(where, summary, m.length);
        LayerRange averaged = averaged(summary, layers);
        String model = text(summary, "model", "");
        String dataset = text(summary, "dataset", "");
        String version = text(summary, "program_version", GapScopeVersion.get());
        CkaMatrix matched = matrix(where, summary, "cka", m, new Provenance(model, dataset, "cka", averaged, version));
        CkaMatrix mismatched = null;
        double[][] difference = null;
        if (summary.has("cka_mismatched") && summary.get("cka_mismatched").isJsonArray()) {
            double[][] mm = matrix(where, "cka_mismatched", summary.get("cka_mismatched"));
            if (mm.length != m.length) {
                throw new GapScopeException(where + ": \"cka_mismatched\" is " + mm.length + " x " + mm.length
                        + ", \"cka\" " + m.length + " x " + m.length);
            }
            mismatched = matrix(where, summary, "cka_mismatched", mm,
                    new Provenance(model, dataset, "cka_mismatched", averaged, version));
            difference = summary.has("cka_difference") && summary.get("cka_difference").isJsonArray()
                    ? matrix(where, "cka_difference", summary.get("cka_difference")) : matched.minus(mismatched);
            if (difference.length != m.length) {
                throw new GapScopeException(where + ": \"cka_difference\" is " + difference.length + " x "
                        + difference.length + ", \"cka\" " + m.length + " x " + m.length);
            }
        }
        JsonObject control = summary.has("cka_control") && summary.get("cka_control").isJsonObject()
                ? summary.getAsJsonObject("cka_control") : new JsonObject();
        return new SummaryCka(matched, mismatched, difference, layers, text(summary, "cka_label", LensSources.CKA),
                count(summary, "cka_examples"), count(control, "examples"), text(control, "label", ""));
    }

    private static CkaMatrix matrix(String where, JsonObject o, String key, double[][] values, Provenance provenance) {
        try {
            return new CkaMatrix(provenance, text(o, key + "_pairing", "proportional"), count(o, key + "_pairs"), 0,
                    text(o, key + "_gram", ""), values);
        } catch (IllegalArgumentException e) {
            throw new GapScopeException(where + ": \"" + key + "\": " + e.getMessage(), e);
        }
    }

    /** A JSON matrix of numbers and nulls (NaN), square; else an error naming {@code key}. */
    private static double[][] matrix(String where, String key, JsonElement e) {
        try {
            JsonArray rows = e.getAsJsonArray();
            double[][] m = new double[rows.size()][];
            for (int a = 0; a < m.length; a++) {
                JsonArray row = rows.get(a).getAsJsonArray();
                if (row.size() != m.length) {
                    throw new IllegalArgumentException("not square");
                }
                m[a] = new double[row.size()];
                for (int b = 0; b < m[a].length; b++) {
                    m[a][b] = row.get(b).isJsonNull() ? Double.NaN : row.get(b).getAsDouble();
                }
            }
            if (m.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return m;
        } catch (RuntimeException ex) {
            throw new GapScopeException(where + ": \"" + key + "\" is not a square matrix of numbers and nulls", ex);
        }
    }

    /** {@code cka_layers} when the captures held a subset, else 0..K-1. */
    private static int[] layers(String where, JsonObject o, int k) {
        int[] layers = new int[k];
        if (o.has("cka_layers") && o.get("cka_layers").isJsonArray()) {
            JsonArray a = o.getAsJsonArray("cka_layers");
            if (a.size() != k) {
                throw new GapScopeException(where + ": \"cka_layers\" names " + a.size() + " layers for a " + k + " x " + k
                        + " matrix");
            }
            try {
                for (int i = 0; i < k; i++) {
                    layers[i] = a.get(i).getAsInt();
                }
            } catch (RuntimeException e) {
                throw new GapScopeException(where + ": \"cka_layers\" is not a list of layer numbers", e);
            }
        } else {
            for (int i = 0; i < k; i++) {
                layers[i] = i;
            }
        }
        return layers;
    }

    /** {@code averaged_layers} [first, last] as matrix indices; 1..K-1 when not given. */
    private static LayerRange averaged(JsonObject o, int[] layers) {
        int first = 1;
        int last = layers.length - 1;
        if (o.has("averaged_layers") && o.get("averaged_layers").isJsonArray()
                && o.getAsJsonArray("averaged_layers").size() == 2) {
            try {
                int lo = o.getAsJsonArray("averaged_layers").get(0).getAsInt();
                int hi = o.getAsJsonArray("averaged_layers").get(1).getAsInt();
                first = -1;
                last = -1;
                for (int i = 0; i < layers.length; i++) {
                    if (layers[i] >= lo && layers[i] <= hi) {
                        first = first < 0 ? i : first;
                        last = i;
                    }
                }
            } catch (RuntimeException e) {
                // a malformed range leaves the default, 1..L
                first = 1;
                last = layers.length - 1;
            }
        }
        if (first < 0 || last < first) {
            first = Math.min(1, layers.length - 1);
            last = layers.length - 1;
        }
        return new LayerRange(first, last);
    }

    private static int count(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsInt() : 0;
    }

    private static String text(JsonObject o, String key, String otherwise) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : otherwise;
    }
}
