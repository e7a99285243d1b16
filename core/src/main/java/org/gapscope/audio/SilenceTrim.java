package org.gapscope.audio;

import java.util.Locale;

/**
 * What trimming took off a recording before it became an example: the leading and trailing silence
 * removed, the level below which audio counted as silence, the margin kept, and the length before.
 *
 * @param leadSeconds     silence removed at the start
 * @param tailSeconds     silence removed at the end
 * @param thresholdDbfs   blocks below this RMS level (dBFS) were silent
 * @param marginSeconds   silence kept next to the sound on each side
 * @param originalSeconds the recording's length before trimming
 */
public record SilenceTrim(double leadSeconds, double tailSeconds, double thresholdDbfs, double marginSeconds,
        double originalSeconds) {

    /** Validates the lengths. */
    public SilenceTrim {
        if (!(leadSeconds >= 0) || !(tailSeconds >= 0) || !(originalSeconds >= leadSeconds + tailSeconds - 1e-9)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "silence trim: %.3f s lead and %.3f s tail do not fit in %.3f s", leadSeconds, tailSeconds,
                    originalSeconds));
        }
        if (!Double.isFinite(thresholdDbfs) || !(marginSeconds >= 0)) {
            throw new IllegalArgumentException("silence trim: threshold " + thresholdDbfs + " dBFS, margin " + marginSeconds
                    + " s");
        }
    }

    /** Whether anything was removed. */
    public boolean trimmedAnything() {
        return leadSeconds > 0 || tailSeconds > 0;
    }

    /** One line for the audio pane, e.g. {@code trimmed 0.42 s of silence before and 1.10 s after (below -48 dBFS)}. */
    public String describe() {
        if (!trimmedAnything()) {
            return String.format(Locale.ROOT, "no silence to trim (below %.0f dBFS)", thresholdDbfs);
        }
        return String.format(Locale.ROOT, "trimmed %.2f s of silence before and %.2f s after (below %.0f dBFS, %.2f s kept)",
                leadSeconds, tailSeconds, thresholdDbfs, marginSeconds);
    }
}
