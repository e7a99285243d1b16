package org.gapscope.lenses;

import java.util.Objects;
import java.util.OptionalInt;

import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Provenance;

/**
 * Cross-layer linear CKA between speech layer a (rows) and text layer b (columns) for every pair of
 * hidden states 0..L ({@link CrossLayerCka}), with its diagonal and each speech layer's band width.
 * Undefined entries (fewer than two paired tokens, or a centred Gram matrix that is zero) are NaN.
 *
 * @param provenance  model, example (or dataset), metric {@code cka} (or {@code cka_mismatched}), averaged layers
 * @param pairing     how speech positions were paired with text tokens (e.g. {@code proportional})
 * @param pairs       n, the number of paired tokens stacked
 * @param hiddenSize  d
 * @param route       {@link CrossLayerCka#GRAM_N} (n x n Gram matrices, n < d) or {@link CrossLayerCka#GRAM_D}
 * @param values      CKA(a, b), {@code [L+1][L+1]}, NaN where undefined
 */
public record CkaMatrix(Provenance provenance, String pairing, int pairs, int hiddenSize, String route,
        double[][] values) {

    /** The share of a row's maximum that counts a text layer into the band. */
    public static final double BAND_SHARE = 0.9;

    /** Validates and copies. */
    public CkaMatrix {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(pairing, "pairing");
        Objects.requireNonNull(route, "route");
        double[][] copy = new double[values.length][];
        for (int a = 0; a < values.length; a++) {
            if (values[a].length != values.length) {
                throw new IllegalArgumentException("CKA row " + a + " has " + values[a].length + " entries, expected "
                        + values.length);
            }
            copy[a] = values[a].clone();
        }
        values = copy;
    }

    @Override
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int a = 0; a < values.length; a++) {
            copy[a] = values[a].clone();
        }
        return copy;
    }

    /** The number of hidden states L+1. */
    public int layerCount() {
        return values.length;
    }

    /** CKA(speech layer a, text layer b), NaN where undefined. */
    public double at(int a, int b) {
        return values[a][b];
    }

    /** CKA(l, l) for every layer l, NaN where undefined. */
    public double[] diagonal() {
        double[] d = new double[values.length];
        for (int l = 0; l < d.length; l++) {
            d[l] = values[l][l];
        }
        return d;
    }

    /** The mean of the defined diagonal entries over {@code range}, NaN when none is defined. */
    public double diagonalMean(LayerRange range) {
        double sum = 0;
        int count = 0;
        for (int l = range.first(); l <= Math.min(range.last(), values.length - 1); l++) {
            if (!Double.isNaN(values[l][l])) {
                sum += values[l][l];
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * The band width of speech layer a: how many text layers b reach at least {@link #BAND_SHARE} of
     * max_b CKA(a, b) (defined entries only); empty when the whole row is undefined.
     */
    public OptionalInt bandWidth(int a) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values[a]) {
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return OptionalInt.empty();
        }
        int count = 0;
        for (double v : values[a]) {
            if (!Double.isNaN(v) && v >= BAND_SHARE * max) {
                count++;
            }
        }
        return OptionalInt.of(count);
    }

    /** The mean band width over the speech layers in {@code range} where it is defined, NaN when none is. */
    public double meanBandWidth(LayerRange range) {
        double sum = 0;
        int count = 0;
        for (int a = range.first(); a <= Math.min(range.last(), values.length - 1); a++) {
            OptionalInt w = bandWidth(a);
            if (w.isPresent()) {
                sum += w.getAsInt();
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** This matrix minus {@code other}, entry by entry (NaN where either is undefined); e.g. matched - mismatched. */
    public double[][] minus(CkaMatrix other) {
        if (other.layerCount() != layerCount()) {
            throw new IllegalArgumentException("CKA matrices of " + layerCount() + " and " + other.layerCount() + " layers");
        }
        double[][] out = new double[values.length][values.length];
        for (int a = 0; a < values.length; a++) {
            for (int b = 0; b < values.length; b++) {
                out[a][b] = values[a][b] - other.values[a][b];
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CkaMatrix m && provenance.equals(m.provenance) && pairing.equals(m.pairing)
                && pairs == m.pairs && hiddenSize == m.hiddenSize && route.equals(m.route)
                && java.util.Arrays.deepEquals(values, m.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provenance, pairing, pairs, hiddenSize, route, java.util.Arrays.deepHashCode(values));
    }

    @Override
    public String toString() {
        return "CkaMatrix[" + provenance.example() + ", " + values.length + " layers, n = " + pairs + ", " + route + "]";
    }
}
