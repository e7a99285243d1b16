package org.gapscope.audio;

import be.tarsos.dsp.SilenceDetector;

/**
 * Levels of blocks in dB relative to full scale through TarsosDSP's {@link SilenceDetector}. Its
 * "dB SPL" in version 2.4.1 is {@code 20 log10(sqrt(sum x^2) / n)}, which is the RMS level minus
 * {@code 10 log10(n)} (about 29 dB for 800 samples); the gate adds that back, so thresholds mean the
 * same for every block length. {@code SilenceGateTest} pins this against the RMS of known signals.
 */
final class SilenceGate {

    private final SilenceDetector detector = new SilenceDetector(SilenceDetector.DEFAULT_SILENCE_THRESHOLD, false);

    /** The RMS level of {@code buffer} in dBFS, floored at {@link ProsodyTrack#LEVEL_FLOOR_DB}. */
    double levelDbfs(float[] buffer) {
        if (buffer.length == 0) {
            return ProsodyTrack.LEVEL_FLOOR_DB;
        }
        detector.isSilence(buffer);
        double level = detector.currentSPL() + 10 * Math.log10(buffer.length);
        return Double.isFinite(level) ? Math.max(ProsodyTrack.LEVEL_FLOOR_DB, level) : ProsodyTrack.LEVEL_FLOOR_DB;
    }

    /** Whether {@code buffer} is below {@code thresholdDbfs}, asked of TarsosDSP's detector in its own units. */
    boolean silent(float[] buffer, double thresholdDbfs) {
        return buffer.length == 0 || detector.isSilence(buffer, thresholdDbfs - 10 * Math.log10(buffer.length));
    }
}
