package org.gapscope.evaluation;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.gapscope.GapScopeException;
import org.gapscope.GapScopeVersion;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.analysis.NpyHiddenStates;
import org.gapscope.analysis.Provenance;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.capture.CaptureFile;
import org.gapscope.lenses.CkaMatrix;
import org.gapscope.lenses.CrossLayerCka;
import org.gapscope.lenses.LensSources;
import org.gapscope.lenses.LensesJson;
import org.gapscope.lenses.StackedHiddenStates;
import org.gapscope.lenses.TokenPairing;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;
import org.gapscope.run.RunFolder;
import org.gapscope.run.ScoresJson;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonWriter;

/**
 * The other lenses over a dataset, for {@code summary.json}, from what each record's {@code lenses}
 * entry holds ({@link ExampleLenses}): the dataset cross-layer CKA (every evaluated example's paired
 * tokens stacked), its mismatched-pair control (speech i paired proportionally with the text of its
 * control partner sigma(i), the same partner as the record's {@code control}) and their band summaries;
 * and the ALAS-style hit rate per layer, the mean over the examples with word timings, with its uniform
 * baseline. Keys: docs/evaluation.md.
 */
final class DatasetLenses {

    private DatasetLenses() {
    }

    /**
     * Adds the lens keys to {@code summary}; nothing when no evaluated record has a {@code lenses} entry.
     *
     * @param records  every record of the run (partners may be examples that failed later than their text)
     * @param ok       the evaluated records, in line order
     * @param averaged the averaged hidden states, as indices of the stored ones
     * @param layers   the stored hidden states when a subset, else null
     */
    static void add(JsonObject summary, RunFolder folder, List<JsonObject> records, List<JsonObject> ok,
            LayerRange averaged, int[] layers, String model, String dataset) {
        List<JsonObject> lensed = ok.stream().filter(r -> lenses(r) != null).toList();
        if (lensed.isEmpty()) {
            return;
        }
        Map<String, Integer> methods = new TreeMap<>();
        lensed.forEach(r -> methods.merge(lenses(r).get("pairing").getAsString(), 1, Integer::sum));
        JsonObject pairing = new JsonObject();
        methods.forEach(pairing::addProperty);
        summary.add("lens_pairing", pairing);
        if (lensed.size() < ok.size()) {
            summary.addProperty("lens_note", (ok.size() - lensed.size()) + " of " + ok.size() + " evaluated examples "
                    + "have no lenses entry (written by an older GapScope); gapscope analyse computes them from the "
                    + "captures");
        }
        cka(summary, folder, records, lensed, averaged, layers, model, dataset);
        hitRate(summary, lensed, averaged, layers);
    }

    /**
     * Adds {@code lens_agreement} ({@code evaluate --lens}): the mean over the examples that have it of each
     * hidden state's agreement, and its mean over the averaged layers; nothing when no record has one.
     */
    static void lensAgreement(JsonObject summary, List<JsonObject> ok, LayerRange averaged, int[] layers) {
        List<JsonObject> with = ok.stream().filter(r -> r.has(ExampleLenses.LENS_AGREEMENT)
                && r.get(ExampleLenses.LENS_AGREEMENT).isJsonObject())
                .map(r -> r.getAsJsonObject(ExampleLenses.LENS_AGREEMENT)).toList();
        if (with.isEmpty()) {
            return;
        }
        int count = with.get(0).getAsJsonArray("agreement").size();
        double[] share = new double[count];
        Map<String, Integer> methods = new TreeMap<>();
        for (JsonObject a : with) {
            JsonArray values = a.getAsJsonArray("agreement");
            if (values.size() != count) {
                throw new GapScopeException(RunFolder.RESULTS_JSONL + ": lens agreement over " + values.size() + " and "
                        + count + " hidden states in one run");
            }
            for (int l = 0; l < count; l++) {
                share[l] += ScoresJson.number(values.get(l)) / with.size();
            }
            methods.merge(a.get("pairing").getAsString(), 1, Integer::sum);
        }
        JsonObject o = new JsonObject();
        o.addProperty("label", LensSources.LENS_AGREEMENT);
        o.addProperty("source", LensSources.LOGIT_LENS);
        o.addProperty("examples", with.size());
        o.addProperty("mean_over", "examples");
        JsonObject pairing = new JsonObject();
        methods.forEach(pairing::addProperty);
        o.add("pairing", pairing);
        JsonArray range = new JsonArray();
        range.add(layers == null ? averaged.first() : layers[averaged.first()]);
        range.add(layers == null ? averaged.last() : layers[averaged.last()]);
        o.add("averaged_layers", range);
        o.add("agreement", ScoresJson.numbers(share));
        o.add("mean", ScoresJson.number(mean(share, averaged)));
        summary.add("lens_agreement", o);
    }

    private static JsonObject lenses(JsonObject r) {
        return r.has("lenses") && r.get("lenses").isJsonObject() ? r.getAsJsonObject("lenses") : null;
    }

    private static void cka(JsonObject summary, RunFolder folder, List<JsonObject> records, List<JsonObject> lensed,
            LayerRange averaged, int[] layers, String model, String dataset) {
        Map<Integer, JsonObject> byLine = new HashMap<>();
        records.forEach(r -> byLine.put(r.get("line").getAsInt(), r));
        List<HiddenStates> speech = new ArrayList<>();
        List<HiddenStates> text = new ArrayList<>();
        List<HiddenStates> controlSpeech = new ArrayList<>();
        List<HiddenStates> controlText = new ArrayList<>();
        for (JsonObject r : lensed) {
            String where = RunFolder.RESULTS_JSONL + " line " + r.get("line");
            Path rowsFile = folder.resolve(lenses(r).get("rows").getAsString());
            Map<String, NpyArray> rows = Npz.read(rowsFile, Set.of(ExampleLenses.SPEECH, ExampleLenses.MISMATCHED,
                    ExampleLenses.PARTNER_TEXT));
            if (!rows.containsKey(ExampleLenses.SPEECH)) {
                throw new GapScopeException(rowsFile + ": no '" + ExampleLenses.SPEECH + "' rows (" + where + ")");
            }
            HiddenStates s = NpyHiddenStates.of(rowsFile.getFileName() + "[speech]", rows.get(ExampleLenses.SPEECH));
            HiddenStates t = textOf(folder, r);
            if (t == null || t.tokenCount() != s.tokenCount()) {
                throw new GapScopeException(rowsFile + ": the paired speech rows do not match the text of " + where
                        + (t == null ? " (no text rows)" : " (" + s.tokenCount() + " rows, " + t.tokenCount() + " tokens)"));
            }
            speech.add(s);
            text.add(t);
            JsonObject c = r.has("control") && r.get("control").isJsonObject() ? r.getAsJsonObject("control") : null;
            if (c != null && c.has("scores") && rows.containsKey(ExampleLenses.MISMATCHED)) {
                JsonObject partner = byLine.get(c.get("text_line").getAsInt());
                HiddenStates pt = rows.containsKey(ExampleLenses.PARTNER_TEXT)
                        ? NpyHiddenStates.of(rowsFile.getFileName() + "[partner_text]", rows.get(ExampleLenses.PARTNER_TEXT))
                        : partner == null ? null : textOf(folder, partner);
                HiddenStates m = NpyHiddenStates.of(rowsFile.getFileName() + "[mismatched]",
                        rows.get(ExampleLenses.MISMATCHED));
                if (pt != null && pt.tokenCount() == m.tokenCount()) {
                    controlSpeech.add(m);
                    controlText.add(pt);
                }
            }
        }
        String version = GapScopeVersion.get();
        CkaMatrix matched = CrossLayerCka.compute(StackedHiddenStates.of("speech (paired)", speech),
                StackedHiddenStates.of("text", text), describe(summary.getAsJsonObject("lens_pairing")),
                new Provenance(model, dataset, "cka", averaged, version));
        JsonObject out = new JsonObject();
        out.addProperty("cka_examples", speech.size());
        merge(out, w -> LensesJson.cka(w, "cka", matched, averaged));
        if (layers != null) {
            JsonArray a = new JsonArray();
            for (int l : layers) {
                a.add(l);
            }
            out.add("cka_layers", a);
        }
        JsonObject control = new JsonObject();
        control.addProperty("label", MismatchedPairControl.LABEL);
        control.addProperty("pairing", TokenPairing.Method.PROPORTIONAL.key());
        control.addProperty("examples", controlSpeech.size());
        out.add("cka_control", control);
        if (!controlSpeech.isEmpty()) {
            CkaMatrix mismatched = CrossLayerCka.compute(StackedHiddenStates.of("speech (mismatched)", controlSpeech),
                    StackedHiddenStates.of("text (mismatched)", controlText), TokenPairing.Method.PROPORTIONAL.key(),
                    new Provenance(model, dataset, "cka_mismatched", averaged, version));
            merge(out, w -> LensesJson.cka(w, "cka_mismatched", mismatched, averaged));
            JsonArray diff = new JsonArray();
            for (double[] row : matched.minus(mismatched)) {
                diff.add(ScoresJson.numbers(row));
            }
            out.add("cka_difference", diff);
            out.add("cka_diagonal_mean_margin",
                    ScoresJson.number(matched.diagonalMean(averaged) - mismatched.diagonalMean(averaged)));
        }
        out.entrySet().forEach(e -> summary.add(e.getKey(), e.getValue()));
    }

    /** The text rows of a record: its lens file's text rows, else its text capture; null when it has neither. */
    private static HiddenStates textOf(RunFolder folder, JsonObject r) {
        JsonObject lenses = lenses(r);
        if (lenses != null && lenses.has("rows")) {
            Path rowsFile = folder.resolve(lenses.get("rows").getAsString());
            if (Files.isRegularFile(rowsFile)) {
                NpyArray t = Npz.read(rowsFile, Set.of(ExampleLenses.TEXT)).get(ExampleLenses.TEXT);
                if (t != null) {
                    return NpyHiddenStates.of(rowsFile.getFileName() + "[text]", t);
                }
            }
        }
        if (r.has("captures") && r.get("captures").isJsonObject() && r.getAsJsonObject("captures").has("text")) {
            Path file = folder.resolve(r.getAsJsonObject("captures").get("text").getAsString());
            if (Files.isRegularFile(file)) {
                return CaptureFile.read(file).hiddenStates();
            }
        }
        return null;
    }

    private static String describe(JsonObject methods) {
        if (methods.size() == 1) {
            return methods.keySet().iterator().next();
        }
        List<String> parts = new ArrayList<>();
        methods.entrySet().forEach(e -> parts.add(e.getKey() + " for " + e.getValue().getAsInt() + " examples"));
        return String.join(", ", parts);
    }

    /** The mean hit rate per layer over the examples with word timings, beside the mean uniform baseline. */
    private static void hitRate(JsonObject summary, List<JsonObject> lensed, LayerRange averaged, int[] layers) {
        List<JsonObject> rates = lensed.stream().filter(r -> lenses(r).has("hit_rate"))
                .map(r -> lenses(r).getAsJsonObject("hit_rate")).toList();
        if (rates.isEmpty()) {
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("label", LensSources.HIT_RATE);
        o.addProperty("examples", rates.size());
        o.addProperty("mean_over", "examples");
        JsonArray range = new JsonArray();
        range.add(layers == null ? averaged.first() : layers[averaged.first()]);
        range.add(layers == null ? averaged.last() : layers[averaged.last()]);
        o.add("averaged_layers", range);
        double baseline = 0;
        for (JsonObject r : rates) {
            baseline += ScoresJson.number(r.get("baseline"));
        }
        baseline /= rates.size();
        int count = rates.get(0).getAsJsonArray(SimilarityMetric.COSINE.key()).size();
        double[] base = new double[count];
        java.util.Arrays.fill(base, baseline);
        o.add("baseline", ScoresJson.numbers(base));
        o.add("mean_baseline", ScoresJson.number(mean(base, averaged)));
        for (SimilarityMetric metric : SimilarityMetric.values()) {
            double[] hit = new double[count];
            for (JsonObject r : rates) {
                JsonArray a = r.getAsJsonArray(metric.key());
                if (a.size() != count) {
                    throw new GapScopeException(RunFolder.RESULTS_JSONL + ": hit rates over " + a.size() + " and " + count
                            + " hidden states in one run");
                }
                for (int l = 0; l < count; l++) {
                    hit[l] += ScoresJson.number(a.get(l)) / rates.size();
                }
            }
            double[] margin = new double[count];
            for (int l = 0; l < count; l++) {
                margin[l] = hit[l] - base[l];
            }
            JsonObject m = new JsonObject();
            m.add("hit", ScoresJson.numbers(hit));
            m.add("hit_minus_baseline", ScoresJson.numbers(margin));
            m.add("mean_hit", ScoresJson.number(mean(hit, averaged)));
            m.add("mean_hit_minus_baseline", ScoresJson.number(mean(margin, averaged)));
            o.add(metric.key(), m);
        }
        summary.add("hit_rate", o);
    }

    private static double mean(double[] x, LayerRange range) {
        double s = 0;
        int n = 0;
        for (int l = range.first(); l <= Math.min(range.last(), x.length - 1); l++) {
            s += x[l];
            n++;
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Keys written by a {@link LensesJson} method, added to {@code out}. */
    private static void merge(JsonObject out, JsonPart part) {
        StringWriter s = new StringWriter();
        try (JsonWriter w = new JsonWriter(s)) {
            w.setSerializeNulls(true);
            w.beginObject();
            part.write(w);
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonParser.parseString(s.toString()).getAsJsonObject().entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
    }

    @FunctionalInterface
    private interface JsonPart {
        void write(JsonWriter w) throws IOException;
    }
}
