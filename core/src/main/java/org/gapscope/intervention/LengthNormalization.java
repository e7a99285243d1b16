package org.gapscope.intervention;

import org.gapscope.GapScopeException;

/**
 * Length normalization of METHOD.md: h'_s = h_s * ||h_t|| / ||h_s|| (keep the speech direction,
 * take the aligned text token's norm). Computed in double, returned as float32.
 */
public final class LengthNormalization implements SpeechRewrite {

    /** The one instance (stateless). */
    public static final LengthNormalization INSTANCE = new LengthNormalization();

    private LengthNormalization() {
    }

    @Override
    public float[] rewrite(float[] speech, float[] text) {
        SpeechRewrite.checkSizes(speech, text);
        double ns = SpeechRewrite.norm(speech, "speech hidden state");
        double nt = SpeechRewrite.norm(text, "text hidden state");
        if (ns == 0) {
            throw new GapScopeException("length normalization is undefined: the speech hidden state is a zero vector");
        }
        double scale = nt / ns;
        float[] out = new float[speech.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) (scale * speech[k]);
        }
        return out;
    }

    @Override
    public String toString() {
        return "length normalization";
    }
}
