package org.gapscope.figure;

import java.util.Locale;
import java.util.Objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * What the cross-layer CKA figure shows: one (L+1) x (L+1) matrix, rows = speech layer, columns = text
 * layer, of matched pairs, of GapScope's mismatched-pair control, or their difference; NaN where
 * undefined.
 *
 * @param panel   which matrix: {@link Panel#MATCHED}, {@link Panel#MISMATCHED} or {@link Panel#DIFFERENCE}
 * @param layers  the hidden state each row and column is (0..L, or the subset a capture holds)
 * @param values  the matrix, {@code [rows][columns]}
 * @param source  the lens's label with its source (e.g. Hsu et al. 2026)
 * @param pairing how speech positions were paired with text tokens
 * @param pairs   the number of paired tokens stacked (n)
 * @param title   a title (model, dataset or example), possibly empty
 */
public record CkaData(Panel panel, int[] layers, double[][] values, String source, String pairing, int pairs,
        String title) implements FigureData {

    /** Which matrix is drawn. */
    public enum Panel {
        /** Matched pairs. */
        MATCHED("matched", "CKA"),
        /** GapScope's mismatched-pair control. */
        MISMATCHED("mismatched", "CKA, mismatched pairs (GapScope's control)"),
        /** Matched minus mismatched. */
        DIFFERENCE("difference", "CKA, matched \u2212 mismatched");

        private final String key;
        private final String label;

        Panel(String key, String label) {
            this.key = key;
            this.label = label;
        }

        /** The name on the command line and in the data ({@code matched}, {@code mismatched}, {@code difference}). */
        public String key() {
            return key;
        }

        /** The colour bar's label. */
        public String label() {
            return label;
        }

        /** Parses a key. */
        public static Panel parse(String s) {
            for (Panel p : values()) {
                if (p.key.equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
            throw new IllegalArgumentException("the CKA panel must be matched, mismatched or difference, not '" + s + "'");
        }
    }

    /** The share of a row's maximum that puts a text layer into the speech layer's band (METHOD.md). */
    public static final double BAND_SHARE = 0.9;

    /** Validates and copies. */
    public CkaData {
        Objects.requireNonNull(panel, "panel");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(pairing, "pairing");
        title = title == null ? "" : title;
        if (values.length == 0 || layers.length != values.length) {
            throw new IllegalArgumentException("CKA figure: " + values.length + " rows for " + layers.length + " layers");
        }
        double[][] copy = new double[values.length][];
        for (int a = 0; a < values.length; a++) {
            if (values[a].length != values.length) {
                throw new IllegalArgumentException("CKA figure: row " + a + " has " + values[a].length
                        + " entries, expected " + values.length);
            }
            copy[a] = values[a].clone();
        }
        values = copy;
        layers = layers.clone();
    }

    @Override
    public int[] layers() {
        return layers.clone();
    }

    @Override
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int a = 0; a < values.length; a++) {
            copy[a] = values[a].clone();
        }
        return copy;
    }

    /** The number of layers on each axis. */
    public int size() {
        return values.length;
    }

    /** The value at speech layer index {@code a}, text layer index {@code b}. */
    public double at(int a, int b) {
        return values[a][b];
    }

    /**
     * Whether text layer index {@code b} is in speech layer index {@code a}'s band: at least
     * {@link #BAND_SHARE} of the row's largest defined value (not for the difference panel).
     */
    public boolean inBand(int a, int b) {
        if (panel == Panel.DIFFERENCE || Double.isNaN(values[a][b])) {
            return false;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values[a]) {
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
        }
        return values[a][b] >= BAND_SHARE * max;
    }

    /** Whether any cell is undefined (NaN). */
    public boolean hasUndefined() {
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isNaN(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The mean of the defined diagonal entries over the layers after the first (1..L), NaN when none. */
    public double diagonalMean() {
        double s = 0;
        int n = 0;
        for (int l = 0; l < values.length; l++) {
            if (layers[l] >= 1 && !Double.isNaN(values[l][l])) {
                s += values[l][l];
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    @Override
    public String kind() {
        return "cka";
    }

    @Override
    public String toCsv() {
        Csv csv = new Csv().row("panel", "speech_layer", "text_layer", "cka", "in_band");
        for (int a = 0; a < values.length; a++) {
            for (int b = 0; b < values.length; b++) {
                csv.field(panel.key()).field(layers[a]).field(layers[b]).field(values[a][b])
                        .field(panel == Panel.DIFFERENCE ? "" : Boolean.toString(inBand(a, b))).end();
            }
        }
        return csv.toString();
    }

    @Override
    public String toJson() {
        JsonObject o = Json.object(kind());
        o.add("title", Json.str(title));
        o.addProperty("panel", panel.key());
        o.addProperty("source", source);
        o.addProperty("pairing", pairing);
        o.addProperty("pairs", pairs);
        o.add("layers", Json.array(layers));
        JsonArray rows = new JsonArray();
        for (double[] row : values) {
            rows.add(Json.array(row));
        }
        o.add("values", rows);
        o.add("diagonal_mean", Json.num(diagonalMean()));
        o.addProperty("band_share", BAND_SHARE);
        return Json.print(o);
    }
}
