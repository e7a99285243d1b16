package org.gapscope.audio;

import java.util.Locale;

import org.gapscope.GapScopeException;

import be.tarsos.dsp.pitch.PitchProcessor.PitchEstimationAlgorithm;

/** The pitch (F0) estimators GapScope offers, all computed by TarsosDSP. */
public enum PitchAlgorithm {
    /** YIN (de Cheveigné and Kawahara 2002), threshold 0.20, difference function computed directly. */
    YIN("yin", PitchEstimationAlgorithm.YIN),
    /** YIN with the difference function computed by FFT: the same estimator, faster on long clips. */
    FAST_YIN("fast-yin", PitchEstimationAlgorithm.FFT_YIN),
    /** The McLeod pitch method (normalised square difference function, McLeod and Wyvill 2005). */
    MPM("mpm", PitchEstimationAlgorithm.MPM);

    private final String key;
    private final PitchEstimationAlgorithm tarsos;

    PitchAlgorithm(String key, PitchEstimationAlgorithm tarsos) {
        this.key = key;
        this.tarsos = tarsos;
    }

    /** The name used on the command line and in exported data, e.g. {@code yin}. */
    public String key() {
        return key;
    }

    /** TarsosDSP's estimator. */
    PitchEstimationAlgorithm tarsos() {
        return tarsos;
    }

    /** The algorithm named {@code key} (yin, fast-yin or mpm); a one-line error for any other name. */
    public static PitchAlgorithm parse(String key) {
        String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        for (PitchAlgorithm a : values()) {
            if (a.key.equals(k)) {
                return a;
            }
        }
        throw new GapScopeException("pitch algorithm must be yin, fast-yin or mpm, not '" + key + "'");
    }
}
