package org.gapscope.figure;

import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * What the layer-curves figure shows: per layer, the cosine similarity and the Euclidean distance
 * between the mean-pooled speech and text hidden states, one series per example, model or
 * checkpoint, dataset means with a band of one standard deviation, mismatched-pair controls dashed.
 *
 * @param series the curves, drawn in order (individual examples first is best)
 * @param title a title, possibly empty
 */
public record LayerCurvesData(List<Series> series, String title) implements FigureData {

    /** How a series is drawn. */
    public enum Kind {
        /** A model, checkpoint or example in its own colour, solid with markers. */
        SERIES,
        /** A dataset mean: thicker, with its ± 1 sd band when given. */
        MEAN,
        /** A mismatched-pair control (GapScope's addition): dashed, hollow markers. */
        CONTROL,
        /** One of many individual examples: thin and faint, one legend entry for all of them. */
        INDIVIDUAL
    }

    /**
     * One curve pair.
     *
     * @param label the legend text
     * @param firstLayer the layer of the first value (0 = input embeddings)
     * @param cosine cosine similarity per layer (NaN where missing)
     * @param euclidean Euclidean distance per layer (NaN where missing)
     * @param cosineSd one standard deviation of the cosine per layer, or null for no band
     * @param euclideanSd one standard deviation of the distance per layer, or null for no band
     * @param kind how the series is drawn
     * @param colorGroup series with the same group share a colour (e.g. a mean and its control); null for its own colour
     * @param shade      how far the group's colour is lightened towards the background, 0 (none) to 1 (exclusive):
     *                   the checkpoints of one training regime share its colour and differ in shade
     */
    public record Series(String label, int firstLayer, double[] cosine, double[] euclidean, double[] cosineSd,
            double[] euclideanSd, Kind kind, String colorGroup, double shade) {

        /** A series in its group's full colour. */
        public Series(String label, int firstLayer, double[] cosine, double[] euclidean, double[] cosineSd,
                double[] euclideanSd, Kind kind, String colorGroup) {
            this(label, firstLayer, cosine, euclidean, cosineSd, euclideanSd, kind, colorGroup, 0);
        }

        /** Validates lengths and copies the arrays. */
        public Series {
            if (label == null) {
                label = "";
            }
            if (firstLayer < 0) {
                throw new IllegalArgumentException("layer curves: series '" + label + "' starts at layer " + firstLayer);
            }
            if (cosine == null || euclidean == null || cosine.length == 0 || cosine.length != euclidean.length) {
                throw new IllegalArgumentException("layer curves: series '" + label
                        + "' needs as many cosine as Euclidean values, at least one");
            }
            if (cosineSd != null && cosineSd.length != cosine.length
                    || euclideanSd != null && euclideanSd.length != euclidean.length) {
                throw new IllegalArgumentException("layer curves: series '" + label
                        + "' has a band of another length than its values");
            }
            cosine = cosine.clone();
            euclidean = euclidean.clone();
            cosineSd = cosineSd == null ? null : cosineSd.clone();
            euclideanSd = euclideanSd == null ? null : euclideanSd.clone();
            kind = kind == null ? Kind.SERIES : kind;
            if (!(shade >= 0 && shade < 1)) {
                throw new IllegalArgumentException("layer curves: series '" + label + "' has shade " + shade
                        + "; give 0 (full colour) up to below 1");
            }
        }

        /** {@code base} lightened towards {@code background} by this series' shade. */
        public java.awt.Color shaded(java.awt.Color base, java.awt.Color background) {
            if (shade == 0) {
                return base;
            }
            return new java.awt.Color(mix(base.getRed(), background.getRed()), mix(base.getGreen(), background.getGreen()),
                    mix(base.getBlue(), background.getBlue()));
        }

        private int mix(int from, int to) {
            return (int) Math.round(from + (to - from) * shade);
        }

        /** A plain series (solid, markers, no band). */
        public static Series of(String label, int firstLayer, double[] cosine, double[] euclidean) {
            return new Series(label, firstLayer, cosine, euclidean, null, null, Kind.SERIES, null);
        }

        /** A copy of the cosine values. */
        @Override
        public double[] cosine() {
            return cosine.clone();
        }

        /** A copy of the Euclidean values. */
        @Override
        public double[] euclidean() {
            return euclidean.clone();
        }

        /** A copy of the cosine band, or null. */
        @Override
        public double[] cosineSd() {
            return cosineSd == null ? null : cosineSd.clone();
        }

        /** A copy of the Euclidean band, or null. */
        @Override
        public double[] euclideanSd() {
            return euclideanSd == null ? null : euclideanSd.clone();
        }

        /** Number of layers in this series. */
        public int layers() {
            return cosine.length;
        }

        /** The value at index k of the given metric (true = cosine). */
        double value(boolean cos, int k) {
            return cos ? cosine[k] : euclidean[k];
        }

        /** The band half-width at index k of the given metric, or NaN without a band. */
        double sd(boolean cos, int k) {
            double[] sd = cos ? cosineSd : euclideanSd;
            return sd == null ? Double.NaN : sd[k];
        }

        /** Whether the given metric has a band. */
        boolean hasBand(boolean cos) {
            return (cos ? cosineSd : euclideanSd) != null;
        }
    }

    /** Requires at least one series; copies the list. */
    public LayerCurvesData {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("layer curves: no series");
        }
        series = List.copyOf(series);
        title = title == null ? "" : title;
    }

    @Override
    public String kind() {
        return "layer-curves";
    }

    /** One row per series and layer. */
    @Override
    public String toCsv() {
        Csv csv = new Csv().row("series", "kind", "layer", "cosine", "cosine_sd", "euclidean", "euclidean_sd");
        for (Series s : series) {
            for (int k = 0; k < s.layers(); k++) {
                csv.field(s.label()).field(s.kind().name().toLowerCase(java.util.Locale.ROOT))
                        .field(s.firstLayer() + k).field(s.value(true, k)).field(s.sd(true, k))
                        .field(s.value(false, k)).field(s.sd(false, k)).end();
            }
        }
        return csv.toString();
    }

    @Override
    public String toJson() {
        JsonObject o = Json.object(kind());
        o.add("title", Json.str(title));
        JsonArray arr = new JsonArray();
        for (Series s : series) {
            JsonObject j = new JsonObject();
            j.addProperty("label", s.label());
            j.addProperty("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT));
            j.addProperty("first_layer", s.firstLayer());
            j.add("cosine", Json.array(s.cosine));
            j.add("euclidean", Json.array(s.euclidean));
            if (s.cosineSd != null) {
                j.add("cosine_sd", Json.array(s.cosineSd));
            }
            if (s.euclideanSd != null) {
                j.add("euclidean_sd", Json.array(s.euclideanSd));
            }
            if (s.colorGroup() != null) {
                j.addProperty("color_group", s.colorGroup());
            }
            if (s.shade() > 0) {
                j.addProperty("shade", s.shade());
            }
            arr.add(j);
        }
        o.add("series", arr);
        return Json.print(o);
    }
}
