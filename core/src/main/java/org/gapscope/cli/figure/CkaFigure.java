package org.gapscope.cli.figure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.gapscope.GapScopeException;
import org.gapscope.figure.CkaData;
import org.gapscope.figure.CkaRenderer;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.lenses.LensSources;
import org.gapscope.run.RunFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gapscope figure cka}: the cross-layer CKA matrix of a run's {@code summary.json} (matched,
 * mismatched or their difference) or of a {@code gapscope metrics --json} file (one example, matched).
 */
@Command(name = "cka", mixinStandardHelpOptions = true,
        description = {
            "Cross-layer CKA (Hsu et al. 2026): speech layer up, text layer across, a dot on each speech layer's",
            "band (text layers with at least 0.9 of the row's maximum). FROM is a run folder (its summary.json",
            "from evaluate or analyse), a summary.json, or the JSON of gapscope metrics --json (matched only)."})
final class CkaFigure extends FigureSubcommand {

    @Option(names = "--from", required = true, paramLabel = "FROM", description = "run folder, summary.json or metrics JSON")
    Path from;

    @Option(names = "--panel", defaultValue = "matched", paramLabel = "matched|mismatched|difference",
            description = "which matrix: matched pairs, GapScope's mismatched-pair control, or matched - mismatched;"
                    + " default ${DEFAULT-VALUE}")
    String panel;

    @Override
    FigureRenderer draw() {
        CkaData.Panel p;
        try {
            p = CkaData.Panel.parse(panel);
        } catch (IllegalArgumentException e) {
            throw new GapScopeException("--panel: " + e.getMessage(), e);
        }
        Path file = Files.isDirectory(from) ? from.resolve(RunFolder.SUMMARY_JSON) : from;
        JsonObject o = read(file);
        String key = switch (p) {
            case MATCHED -> "cka";
            case MISMATCHED -> "cka_mismatched";
            case DIFFERENCE -> "cka_difference";
        };
        if (!o.has("cka")) {
            throw new GapScopeException(file + ": has no \"cka\" matrix (run gapscope evaluate or analyse, or metrics "
                    + "with --cka)");
        }
        if (!o.has(key)) {
            throw new GapScopeException(file + ": has no \"" + key + "\" (the " + p.key() + " panel needs a run's "
                    + "summary.json with GapScope's control)");
        }
        double[][] values = matrix(file, key, o.get(key));
        int[] layers = layers(file, o, values.length);
        String title = output.title != null ? output.title : title(o);
        String pairing = text(o, p == CkaData.Panel.MATCHED ? "cka_pairing" : "cka_mismatched_pairing", "proportional");
        int pairs = o.has(p == CkaData.Panel.MATCHED ? "cka_pairs" : "cka_mismatched_pairs")
                ? o.get(p == CkaData.Panel.MATCHED ? "cka_pairs" : "cka_mismatched_pairs").getAsInt()
                : o.has("cka_pairs") ? o.get("cka_pairs").getAsInt() : 0;
        try {
            return new CkaRenderer(new CkaData(p, layers, values, text(o, "cka_label", LensSources.CKA), pairing, pairs,
                    title));
        } catch (IllegalArgumentException e) {
            throw new GapScopeException(file + ": " + e.getMessage(), e);
        }
    }

    /** The JSON object in {@code file}; every problem one {@link GapScopeException} naming the file. */
    static JsonObject read(Path file) {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new GapScopeException(file + ": expected a JSON object");
            }
            return e.getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new GapScopeException(file + ": no such file", e);
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new GapScopeException(file + ": not valid JSON", e);
        }
    }

    private static double[][] matrix(Path file, String key, JsonElement e) {
        try {
            JsonArray rows = e.getAsJsonArray();
            double[][] m = new double[rows.size()][];
            for (int a = 0; a < m.length; a++) {
                JsonArray row = rows.get(a).getAsJsonArray();
                m[a] = new double[row.size()];
                for (int b = 0; b < m[a].length; b++) {
                    m[a][b] = row.get(b).isJsonNull() ? Double.NaN : row.get(b).getAsDouble();
                }
            }
            return m;
        } catch (RuntimeException ex) {
            throw new GapScopeException(file + ": \"" + key + "\" is not a matrix of numbers and nulls", ex);
        }
    }

    /** {@code cka_layers} when the captures held a subset, else 0..K-1. */
    private static int[] layers(Path file, JsonObject o, int k) {
        int[] layers = new int[k];
        if (o.has("cka_layers")) {
            JsonArray a = o.getAsJsonArray("cka_layers");
            if (a.size() != k) {
                throw new GapScopeException(file + ": \"cka_layers\" names " + a.size() + " layers for a " + k + " x " + k
                        + " matrix");
            }
            for (int i = 0; i < k; i++) {
                layers[i] = a.get(i).getAsInt();
            }
        } else {
            for (int i = 0; i < k; i++) {
                layers[i] = i;
            }
        }
        return layers;
    }

    private static String title(JsonObject o) {
        String model = text(o, "model", "");
        String dataset = text(o, "dataset", "");
        return model.isEmpty() ? dataset : dataset.isEmpty() ? model : model + " \u00b7 " + dataset;
    }

    private static String text(JsonObject o, String key, String otherwise) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : otherwise;
    }
}
