package org.gapscope.cli.figure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import org.gapscope.GapScopeException;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.LensData;
import org.gapscope.figure.LensRenderer;
import org.gapscope.lenses.LensJson;
import org.gapscope.lenses.LensSources;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gapscope figure lens}: the logit-lens grid (top-1 token per position and layer, speech and
 * text side by side) and lens agreement per layer, from the JSON of {@code gapscope lens --json}.
 */
@Command(name = "lens", mixinStandardHelpOptions = true,
        description = {
            "The logit lens (nostalgebraist 2020; AudioLens, Yang et al. 2025): read layers up, positions across,",
            "each cell the top-1 lens token coloured by its probability; speech positions labelled with their start",
            "times, text positions with their tokens; lens agreement per layer beside them when both were read.",
            "FROM is the JSON written by gapscope lens --json."})
final class LensFigure extends FigureSubcommand {

    @Option(names = "--from", required = true, paramLabel = "lens.json", description = "the JSON of gapscope lens --json")
    Path from;

    @Override
    FigureRenderer draw() {
        JsonObject o = CkaFigure.read(from);
        if (!o.has("format") || !LensJson.FORMAT.equals(text(o, "format", ""))) {
            throw new GapScopeException(from + ": not the JSON of gapscope lens --json (its \"format\" is not \""
                    + LensJson.FORMAT + "\")");
        }
        try {
            int[] layers = ints(o.getAsJsonArray("layers"));
            List<LensData.Side> sides = new ArrayList<>();
            for (String name : new String[] {"speech", "text"}) {
                if (o.has(name)) {
                    sides.add(side(name, o.getAsJsonObject(name), layers));
                }
            }
            if (sides.isEmpty()) {
                throw new GapScopeException(from + ": has neither \"speech\" nor \"text\"");
            }
            double[] agreement = null;
            String pairing = "";
            double mean = Double.NaN;
            String averaged = "";
            if (o.has("agreement")) {
                JsonObject a = o.getAsJsonObject("agreement");
                JsonArray perLayer = a.getAsJsonArray("layers");
                agreement = new double[perLayer.size()];
                for (int i = 0; i < agreement.length; i++) {
                    JsonObject l = perLayer.get(i).getAsJsonObject();
                    if (l.get("layer").getAsInt() != layers[Math.min(i, layers.length - 1)]) {
                        throw new GapScopeException(from + ": \"agreement\" layer " + l.get("layer").getAsInt()
                                + " is not \"layers\"[" + i + "]");
                    }
                    agreement[i] = l.get("agreement").getAsDouble();
                }
                JsonObject p = a.getAsJsonObject("pairing");
                String note = text(p, "note", "");
                pairing = text(p, "method", "?") + (note.isEmpty() ? "" : " (" + note + ")");
                mean = a.has("mean") && !a.get("mean").isJsonNull() ? a.get("mean").getAsDouble() : Double.NaN;
                if (a.has("averaged_layers")) {
                    JsonObject r = a.getAsJsonObject("averaged_layers");
                    averaged = r.get("first").getAsInt() + ".." + r.get("last").getAsInt();
                }
            }
            String title = output.title != null ? output.title : title(o);
            return new LensRenderer(new LensData(title, text(o, "label", LensSources.LOGIT_LENS), layers, sides,
                    agreement, pairing, mean, averaged));
        } catch (IllegalArgumentException | IllegalStateException | NullPointerException | ClassCastException
                | IndexOutOfBoundsException e) {
            if (e instanceof GapScopeException g) {
                throw g;
            }
            throw new GapScopeException(from + ": not a complete gapscope lens JSON (" + e.getMessage() + ")", e);
        }
    }

    private LensData.Side side(String name, JsonObject s, int[] layers) {
        JsonArray tokens = s.getAsJsonArray("tokens");
        List<String> labels = new ArrayList<>();
        JsonArray times = s.has("times") ? s.getAsJsonArray("times") : null;
        for (int i = 0; i < tokens.size(); i++) {
            labels.add(times != null && i < times.size() ? LensData.timeLabel(times.get(i).getAsDouble())
                    : tokens.get(i).getAsString());
        }
        JsonArray perLayer = s.getAsJsonArray("layers");
        if (perLayer.size() != layers.length) {
            throw new GapScopeException(from + ": \"" + name + "\" has " + perLayer.size() + " layers, \"layers\" names "
                    + layers.length);
        }
        String[][][] top = new String[layers.length][][];
        float[][][] probs = new float[layers.length][][];
        for (int l = 0; l < layers.length; l++) {
            JsonObject layer = perLayer.get(l).getAsJsonObject();
            JsonArray t = layer.getAsJsonArray("top_tokens");
            JsonArray p = layer.getAsJsonArray("top_probs");
            top[l] = new String[t.size()][];
            probs[l] = new float[p.size()][];
            for (int i = 0; i < t.size(); i++) {
                JsonArray ti = t.get(i).getAsJsonArray();
                top[l][i] = new String[ti.size()];
                for (int r = 0; r < ti.size(); r++) {
                    top[l][i][r] = ti.get(r).getAsString();
                }
            }
            for (int i = 0; i < p.size(); i++) {
                JsonArray pi = p.get(i).getAsJsonArray();
                probs[l][i] = new float[pi.size()];
                for (int r = 0; r < pi.size(); r++) {
                    probs[l][i][r] = pi.get(r).getAsFloat();
                }
            }
        }
        return new LensData.Side(name, labels, top, probs);
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    private static String title(JsonObject o) {
        JsonObject p = o.has("provenance") && o.get("provenance").isJsonObject() ? o.getAsJsonObject("provenance")
                : new JsonObject();
        String model = text(p, "model", "");
        String query = p.has("audio") ? Path.of(text(p, "audio", "")).getFileName().toString() : text(p, "text", "");
        return model.isEmpty() ? query : query.isEmpty() ? model : model + " \u00b7 " + query;
    }

    private static String text(JsonObject o, String key, String otherwise) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : otherwise;
    }
}
