package org.gapscope.lenses;

import java.util.Objects;

import org.gapscope.analysis.LayerRange;

/**
 * Lens agreement (METHOD.md): at layer l, the share of text tokens j whose paired speech vector and
 * h^t_{l,j} have the same top-1 logit-lens token (both predict the next token, so no off-by-one).
 *
 * @param pairing    how speech positions were paired with the text tokens
 * @param layers     the layers compared, ascending
 * @param agreement  the share at each of {@code layers}
 * @param speechTop1 {@code [layer index][token]} top-1 token of each paired speech vector
 * @param textTop1   {@code [layer index][token]} top-1 token of each text token
 */
public record LensAgreement(TokenPairing pairing, int[] layers, double[] agreement, int[][] speechTop1,
        int[][] textTop1) {

    /** Validates and copies. */
    public LensAgreement {
        Objects.requireNonNull(pairing, "pairing");
        layers = layers.clone();
        agreement = agreement.clone();
        speechTop1 = copy(speechTop1);
        textTop1 = copy(textTop1);
        if (agreement.length != layers.length || speechTop1.length != layers.length || textTop1.length != layers.length) {
            throw new IllegalArgumentException("one agreement and one top-1 row per layer");
        }
    }

    @Override
    public int[] layers() {
        return layers.clone();
    }

    @Override
    public double[] agreement() {
        return agreement.clone();
    }

    @Override
    public int[][] speechTop1() {
        return copy(speechTop1);
    }

    @Override
    public int[][] textTop1() {
        return copy(textTop1);
    }

    /** The mean agreement over the compared layers that lie in {@code range}, NaN when none does. */
    public double mean(LayerRange range) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < layers.length; i++) {
            if (range.contains(layers[i])) {
                s += agreement[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private static int[][] copy(int[][] a) {
        int[][] out = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
