package org.gapscope.app.cka;

import java.util.Locale;
import java.util.OptionalInt;

import org.gapscope.analysis.LayerRange;
import org.gapscope.figure.CkaData;
import org.gapscope.lenses.CkaMatrix;

/**
 * The CKA view's words: the hover read-out of one cell and the lines below the figure (source, pairing,
 * diagonal means, band widths, the control), from core's matrices; no number is computed here that
 * core's {@link CkaMatrix} does not give.
 */
final class CkaReadouts {

    /** What an undefined (null) cell reads as. */
    static final String UNDEFINED = "undefined";

    private CkaReadouts() {
    }

    /**
     * {@code speech layer 2 · text layer 3 · CKA 0.812 (in speech layer 2's band)}; for the difference panel
     * the matched and mismatched values beside it; {@code undefined} for a null cell.
     */
    static String hover(CkaData d, int a, int b, CkaMatrix matched, CkaMatrix mismatched) {
        int[] layers = d.layers();
        String where = String.format(Locale.ROOT, "speech layer %d \u00b7 text layer %d \u00b7 ", layers[a], layers[b]);
        double v = d.at(a, b);
        return switch (d.panel()) {
            case MATCHED -> where + "CKA " + value(v) + band(d, a, b, layers[a]);
            case MISMATCHED -> where + "CKA (mismatched) " + value(v) + band(d, a, b, layers[a]);
            case DIFFERENCE -> where + "matched \u2212 mismatched " + value(v) + " (matched " + value(matched.at(a, b))
                    + ", mismatched " + value(mismatched.at(a, b)) + ")";
        };
    }

    private static String band(CkaData d, int a, int b, int speechLayer) {
        return d.inBand(a, b) ? " (in speech layer " + speechLayer + "'s band)" : "";
    }

    /** A value with three decimals, or {@value #UNDEFINED}. */
    static String value(double v) {
        return Double.isNaN(v) ? UNDEFINED : String.format(Locale.ROOT, "%.3f", v);
    }

    /** The lines below the figure. */
    static String details(CkaMatrix matched, CkaMatrix mismatched, int[] layers, String source, String pairs,
            String control) {
        LayerRange averaged = matched.provenance().layers();
        String range = layers[Math.min(averaged.first(), layers.length - 1)] + "\u2013"
                + layers[Math.min(averaged.last(), layers.length - 1)];
        StringBuilder b = new StringBuilder(source).append('\n');
        b.append("Pairing: ").append(matched.pairing()).append("; ").append(pairs).append(".\n");
        double dm = matched.diagonalMean(averaged);
        b.append("Diagonal mean over layers ").append(range).append(": matched ").append(value(dm));
        if (mismatched != null) {
            double mm = mismatched.diagonalMean(averaged);
            b.append(" \u00b7 mismatched ").append(value(mm)).append(" \u00b7 difference ").append(value(dm - mm));
        }
        b.append(".\nBand width per speech layer (text layers within ").append(Math.round(CkaMatrix.BAND_SHARE * 100))
                .append(" % of the row's maximum): matched ").append(bands(matched, layers, averaged, range));
        if (mismatched != null) {
            b.append("; mismatched ").append(bands(mismatched, layers, averaged, range));
        }
        return b.append(".\n").append(control).toString();
    }

    /** {@code 0: 2 · 1: 3 · … (mean over 1–4: 2.25)}, {@code –} for an undefined row. */
    private static String bands(CkaMatrix m, int[] layers, LayerRange averaged, String range) {
        StringBuilder b = new StringBuilder();
        for (int a = 0; a < m.layerCount(); a++) {
            OptionalInt w = m.bandWidth(a);
            b.append(a == 0 ? "" : " \u00b7 ").append(layers[a]).append(": ")
                    .append(w.isPresent() ? Integer.toString(w.getAsInt()) : "\u2013");
        }
        double mean = m.meanBandWidth(averaged);
        return b.append(" (mean over ").append(range).append(": ")
                .append(Double.isNaN(mean) ? UNDEFINED : String.format(Locale.ROOT, "%.2f", mean)).append(')').toString();
    }
}
