package org.gapscope.intervention;

import org.gapscope.GapScopeException;

/** A rewrite of one speech hidden state h_s given its aligned text token's hidden state h_t. */
public interface SpeechRewrite {

    /** Returns h'_s for one pair of rows of equal length (inputs are not modified). */
    float[] rewrite(float[] speech, float[] text);

    /** Rewrites row k of {@code speechRows} with row k of {@code alignedTextRows}; returns new rows. */
    default float[][] rewrite(float[][] speechRows, float[][] alignedTextRows) {
        if (speechRows.length != alignedTextRows.length) {
            throw new IllegalArgumentException(speechRows.length + " speech rows but " + alignedTextRows.length
                    + " aligned text rows");
        }
        float[][] out = new float[speechRows.length][];
        for (int k = 0; k < speechRows.length; k++) {
            out[k] = rewrite(speechRows[k], alignedTextRows[k]);
        }
        return out;
    }

    /** Euclidean norm in double; rejects NaN and infinities. */
    static double norm(float[] v, String what) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        if (!Double.isFinite(s)) {
            for (int k = 0; k < v.length; k++) {
                if (!Float.isFinite(v[k])) {
                    throw new GapScopeException(what + " has a non-finite value " + v[k] + " at component " + k);
                }
            }
        }
        return Math.sqrt(s);
    }

    /** Checks equal hidden sizes. */
    static void checkSizes(float[] speech, float[] text) {
        if (speech.length != text.length) {
            throw new IllegalArgumentException("speech row has " + speech.length + " components, text row "
                    + text.length);
        }
    }
}
