package org.gapscope.audio;

import java.util.Locale;

/**
 * When audio counts as silence, for trimming a recording and for stopping one after trailing silence:
 * a block is silent when its RMS level is more than {@code relativeDb} below the loudest block heard so
 * far (over the whole clip when trimming), and always when it is below {@code floorDbfs}. Trimming
 * keeps {@code marginSeconds} of the silence next to the speech, so soft onsets and releases (a word-
 * initial "f", a final "s") are not cut.
 *
 * <p>Defaults: 30 dB below the loudest block, never above -60 dBFS, 0.15 s kept, blocks of 10 ms.
 *
 * @param relativeDb    how far below the loudest block silence starts, in dB
 * @param floorDbfs     blocks quieter than this (dB relative to full scale) are always silent
 * @param marginSeconds silence kept before the first and after the last sound when trimming
 * @param blockSeconds  the length of the blocks judged when trimming
 */
public record SilenceSettings(double relativeDb, double floorDbfs, double marginSeconds, double blockSeconds) {

    /** Validates every field, naming the field and the bad value. */
    public SilenceSettings {
        if (!(relativeDb > 0) || relativeDb > 120) {
            throw new IllegalArgumentException("silence: relative threshold must be 0 to 120 dB, not " + relativeDb);
        }
        if (!(floorDbfs < 0) || floorDbfs < -120) {
            throw new IllegalArgumentException("silence: floor must be -120 to 0 dBFS, not " + floorDbfs);
        }
        if (!(marginSeconds >= 0) || marginSeconds > 10) {
            throw new IllegalArgumentException("silence: margin must be 0 to 10 s, not " + marginSeconds);
        }
        if (!(blockSeconds >= 0.001) || blockSeconds > 1) {
            throw new IllegalArgumentException("silence: block must be 0.001 to 1 s, not " + blockSeconds);
        }
    }

    /** The defaults described above. */
    public static SilenceSettings defaults() {
        return new SilenceSettings(30, -60, 0.15, 0.01);
    }

    /** The level below which a block is silent, given the loudest block so far (dBFS). */
    public double thresholdDbfs(double loudestDbfs) {
        return Math.max(loudestDbfs - relativeDb, floorDbfs);
    }

    /** One line, e.g. {@code 30 dB below the loudest block, at least -60 dBFS}. */
    public String describe() {
        return String.format(Locale.ROOT, "%.0f dB below the loudest block, at least %.0f dBFS", relativeDb, floorDbfs);
    }
}
