package org.gapscope.cli.figure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.gapscope.GapScopeException;
import org.gapscope.figure.AnalysisFigures;
import org.gapscope.figure.CkaData;
import org.gapscope.figure.CkaRenderer;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.run.RunFolder;
import org.gapscope.run.SummaryCka;

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
        SummaryCka cka = SummaryCka.of(o, file.toString());
        if (p != CkaData.Panel.MATCHED && cka.mismatched() == null) {
            String key = p == CkaData.Panel.MISMATCHED ? "cka_mismatched" : "cka_difference";
            throw new GapScopeException(file + ": has no \"" + key + "\" (the " + p.key() + " panel needs a run's "
                    + "summary.json with GapScope's control)");
        }
        String title = output.title != null ? output.title : title(o);
        try {
            return new CkaRenderer(AnalysisFigures.cka(p, cka.matched(), cka.mismatched(), cka.difference(), cka.layers(),
                    cka.label(), title));
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

    private static String title(JsonObject o) {
        String model = text(o, "model", "");
        String dataset = text(o, "dataset", "");
        return model.isEmpty() ? dataset : dataset.isEmpty() ? model : model + " \u00b7 " + dataset;
    }

    private static String text(JsonObject o, String key, String otherwise) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : otherwise;
    }
}
