package org.gapscope.figure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntFunction;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.gapscope.analysis.LayerRange;
import org.gapscope.lenses.LensAgreement;
import org.gapscope.lenses.LensReadout;
import org.gapscope.lenses.LensSources;
import org.gapscope.lenses.TopTokens;

/**
 * What the logit-lens figure shows: for the speech and/or the text side, a positions x layers grid of
 * the top-k lens tokens with their probabilities, and, with both sides, lens agreement per layer.
 *
 * @param title          a title (model, example), possibly empty
 * @param source         the lens's label with its sources (nostalgebraist 2020; AudioLens, Yang et al. 2025)
 * @param layers         the hidden states read, ascending
 * @param sides          one or two sides ({@code speech} first)
 * @param agreement      lens agreement at each of {@code layers}, or an empty array when there is none
 * @param pairing        how speech was paired with text for the agreement (empty without agreement)
 * @param agreementMean  the mean agreement over {@code averaged}, NaN when undefined
 * @param averaged       the layers the mean is over, e.g. {@code 1..4} (empty without agreement)
 */
public record LensData(String title, String source, int[] layers, List<Side> sides, double[] agreement, String pairing,
        double agreementMean, String averaged) implements FigureData {

    /**
     * One query's read-out.
     *
     * @param name          {@code speech} or {@code text}
     * @param labels        each position's label: a start time ({@code 0.24 s}) or a token
     * @param tokens        {@code [layer][position][rank]} lens tokens, best first
     * @param probabilities {@code [layer][position][rank]} their probabilities
     */
    public record Side(String name, List<String> labels, String[][][] tokens, float[][][] probabilities) {

        /** Validates and copies. */
        public Side {
            Objects.requireNonNull(name, "name");
            labels = List.copyOf(labels);
            if (tokens.length != probabilities.length) {
                throw new IllegalArgumentException(name + ": " + tokens.length + " layers of tokens, "
                        + probabilities.length + " of probabilities");
            }
            String[][][] t = new String[tokens.length][][];
            float[][][] p = new float[tokens.length][][];
            for (int l = 0; l < tokens.length; l++) {
                if (tokens[l].length != labels.size() || probabilities[l].length != labels.size()) {
                    throw new IllegalArgumentException(name + ": layer index " + l + " has " + tokens[l].length
                            + " positions, expected " + labels.size());
                }
                t[l] = new String[tokens[l].length][];
                p[l] = new float[tokens[l].length][];
                for (int i = 0; i < tokens[l].length; i++) {
                    if (tokens[l][i].length == 0 || tokens[l][i].length != probabilities[l][i].length) {
                        throw new IllegalArgumentException(name + ": layer index " + l + ", position " + i + " has "
                                + tokens[l][i].length + " tokens and " + probabilities[l][i].length + " probabilities");
                    }
                    t[l][i] = tokens[l][i].clone();
                    p[l][i] = probabilities[l][i].clone();
                }
            }
            tokens = t;
            probabilities = p;
        }

        /** The number of positions. */
        public int positions() {
            return labels.size();
        }

        /** The top-1 token at layer index {@code l}, position {@code i}. */
        public String top1(int l, int i) {
            return tokens[l][i][0];
        }

        /** The top-1 probability at layer index {@code l}, position {@code i}. */
        public float top1Probability(int l, int i) {
            return probabilities[l][i][0];
        }

        /** How many tokens each cell holds. */
        public int k(int l, int i) {
            return tokens[l][i].length;
        }

        /** Token of rank {@code r} at layer index {@code l}, position {@code i}. */
        public String token(int l, int i, int r) {
            return tokens[l][i][r];
        }

        /** Probability of rank {@code r} at layer index {@code l}, position {@code i}. */
        public float probability(int l, int i, int r) {
            return probabilities[l][i][r];
        }

        @Override
        public String[][][] tokens() {
            String[][][] out = new String[tokens.length][][];
            for (int l = 0; l < tokens.length; l++) {
                out[l] = new String[tokens[l].length][];
                for (int i = 0; i < tokens[l].length; i++) {
                    out[l][i] = tokens[l][i].clone();
                }
            }
            return out;
        }

        @Override
        public float[][][] probabilities() {
            float[][][] out = new float[probabilities.length][][];
            for (int l = 0; l < probabilities.length; l++) {
                out[l] = new float[probabilities[l].length][];
                for (int i = 0; i < probabilities[l].length; i++) {
                    out[l][i] = probabilities[l][i].clone();
                }
            }
            return out;
        }
    }

    /** Validates and copies. */
    public LensData {
        title = title == null ? "" : title;
        Objects.requireNonNull(source, "source");
        pairing = pairing == null ? "" : pairing;
        averaged = averaged == null ? "" : averaged;
        sides = List.copyOf(sides);
        layers = layers.clone();
        agreement = agreement == null ? new double[0] : agreement.clone();
        if (layers.length == 0) {
            throw new IllegalArgumentException("lens figure: no layer read");
        }
        if (sides.isEmpty() || sides.size() > 2) {
            throw new IllegalArgumentException("lens figure: " + sides.size() + " sides, expected speech and/or text");
        }
        for (Side s : sides) {
            if (s.tokens.length != layers.length) {
                throw new IllegalArgumentException("lens figure: " + s.name() + " has " + s.tokens.length
                        + " layers, expected " + layers.length);
            }
            if (s.positions() == 0) {
                throw new IllegalArgumentException("lens figure: " + s.name() + " has no positions");
            }
        }
        if (agreement.length != 0 && agreement.length != layers.length) {
            throw new IllegalArgumentException("lens figure: " + agreement.length + " agreements for " + layers.length
                    + " layers");
        }
    }

    /**
     * The figure's data from read-outs (either may be null, not both) and lens agreement (may be null),
     * with {@code token} giving each id's text.
     */
    public static LensData of(String title, LensReadout speech, float[] times, LensReadout text, LensAgreement agreement,
            LayerRange averaged, IntFunction<String> token) {
        List<Side> sides = new ArrayList<>();
        LensReadout first = speech != null ? speech : Objects.requireNonNull(text, "speech or text");
        if (speech != null) {
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < speech.positions().size(); i++) {
                labels.add(times != null && i < times.length ? timeLabel(times[i]) : speech.positions().get(i));
            }
            sides.add(side("speech", labels, speech, token));
        }
        if (text != null) {
            sides.add(side("text", text.positions(), text, token));
        }
        double[] share = agreement == null ? new double[0] : agreement.agreement();
        return new LensData(title, LensSources.LOGIT_LENS, first.layers(), sides, share,
                agreement == null ? "" : agreement.pairing().describe(),
                agreement == null ? Double.NaN : agreement.mean(averaged),
                agreement == null ? "" : averaged.toString());
    }

    /** A speech position's label: its start time in seconds. */
    public static String timeLabel(double seconds) {
        return String.format(Locale.ROOT, "%.2f s", seconds);
    }

    private static Side side(String name, List<String> labels, LensReadout r, IntFunction<String> token) {
        int n = r.layers().length;
        String[][][] t = new String[n][][];
        float[][][] p = new float[n][][];
        for (int l = 0; l < n; l++) {
            TopTokens top = r.perLayer().get(l);
            t[l] = new String[top.rows()][r.k()];
            p[l] = top.probabilities();
            for (int i = 0; i < top.rows(); i++) {
                for (int k = 0; k < r.k(); k++) {
                    t[l][i][k] = token.apply(top.id(i, k));
                }
            }
        }
        return new Side(name, labels, t, p);
    }

    @Override
    public int[] layers() {
        return layers.clone();
    }

    @Override
    public double[] agreement() {
        return agreement.clone();
    }

    /** Whether lens agreement is drawn (both sides were read). */
    public boolean hasAgreement() {
        return agreement.length > 0;
    }

    /** The side called {@code name}, or null. */
    public Side side(String name) {
        return sides.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** The label of lens agreement, with its pairing. */
    public String agreementCaption() {
        return hasAgreement() ? "lens agreement (GapScope), pairing: " + pairing : "";
    }

    @Override
    public String kind() {
        return "lens";
    }

    @Override
    public String toCsv() {
        Csv csv = new Csv().row("side", "layer", "position", "label", "rank", "token", "probability");
        for (Side s : sides) {
            for (int l = 0; l < layers.length; l++) {
                for (int i = 0; i < s.positions(); i++) {
                    for (int r = 0; r < s.k(l, i); r++) {
                        csv.field(s.name()).field(layers[l]).field(i).field(s.labels().get(i)).field(r)
                                .field(s.token(l, i, r)).field(Double.parseDouble(Float.toString(s.probability(l, i, r)))).end();
                    }
                }
            }
        }
        for (int l = 0; l < agreement.length; l++) {
            csv.field("agreement").field(layers[l]).field("").field("").field("").field("").field(agreement[l]).end();
        }
        return csv.toString();
    }

    @Override
    public String toJson() {
        JsonObject o = Json.object(kind());
        o.add("title", Json.str(title));
        o.addProperty("source", source);
        o.add("layers", Json.array(layers));
        for (Side s : sides) {
            JsonObject side = new JsonObject();
            JsonArray labels = new JsonArray();
            s.labels().forEach(labels::add);
            side.add("labels", labels);
            JsonArray perLayer = new JsonArray();
            for (int l = 0; l < layers.length; l++) {
                JsonArray tokens = new JsonArray();
                JsonArray probs = new JsonArray();
                for (int i = 0; i < s.positions(); i++) {
                    JsonArray t = new JsonArray();
                    JsonArray p = new JsonArray();
                    for (int r = 0; r < s.k(l, i); r++) {
                        t.add(s.token(l, i, r));
                        p.add(s.probability(l, i, r));
                    }
                    tokens.add(t);
                    probs.add(p);
                }
                JsonObject layer = new JsonObject();
                layer.addProperty("layer", layers[l]);
                layer.add("top_tokens", tokens);
                layer.add("top_probs", probs);
                perLayer.add(layer);
            }
            side.add("layers", perLayer);
            o.add(s.name(), side);
        }
        if (hasAgreement()) {
            JsonObject a = new JsonObject();
            a.addProperty("label", LensSources.LENS_AGREEMENT);
            a.addProperty("pairing", pairing);
            a.add("agreement", Json.array(agreement));
            a.addProperty("averaged_layers", averaged);
            a.add("mean", Json.num(agreementMean));
            o.add("agreement", a);
        }
        return Json.print(o);
    }
}
