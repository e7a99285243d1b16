package org.gapscope.intervention;

import org.gapscope.GapScopeException;

/**
 * Angle projection of METHOD.md: h'_s = ||h_s|| * h_t / ||h_t|| (keep the speech norm, take the
 * aligned text token's direction). Computed in double, returned as float32.
 */
public final class AngleProjection implements SpeechRewrite {

    /** The one instance (stateless). */
    public static final AngleProjection INSTANCE = new AngleProjection();

    private AngleProjection() {
    }

    @Override
    public float[] rewrite(float[] speech, float[] text) {
        SpeechRewrite.checkSizes(speech, text);
        double ns = SpeechRewrite.norm(speech, "speech hidden state");
        double nt = SpeechRewrite.norm(text, "text hidden state");
        if (nt == 0) {
            throw new GapScopeException("angle projection is undefined: the aligned text hidden state is a zero vector");
        }
        double scale = ns / nt;
        float[] out = new float[text.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) (scale * text[k]);
        }
        return out;
    }

    @Override
    public String toString() {
        return "angle projection";
    }
}
