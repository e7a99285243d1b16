package org.gapscope.audio;

import java.util.Objects;

/**
 * How a recording from the microphone runs: its maximum length, and whether it stops by itself after
 * trailing silence (silence that follows sound; silence before anything was said never stops it).
 *
 * @param maxSeconds              the recording stops after this many seconds, in (0, 3600]
 * @param stopAfterSilenceSeconds stop after this much trailing silence; 0 never stops on silence
 * @param silence                 what counts as silence
 */
public record RecordingSettings(double maxSeconds, double stopAfterSilenceSeconds, SilenceSettings silence) {

    /** The longest recording allowed, in seconds. */
    public static final double LONGEST_SECONDS = 3600;

    /** The default trailing silence that stops a recording, in seconds. */
    public static final double DEFAULT_STOP_AFTER_SILENCE_SECONDS = 2;

    /** Validates every field, naming the field and the bad value. */
    public RecordingSettings {
        if (!(maxSeconds > 0) || maxSeconds > LONGEST_SECONDS) {
            throw new IllegalArgumentException("maximum recording length must be in (0, 3600] s: " + maxSeconds);
        }
        if (!(stopAfterSilenceSeconds >= 0) || stopAfterSilenceSeconds > LONGEST_SECONDS) {
            throw new IllegalArgumentException("silence before stopping must be 0 (never) to 3600 s: "
                    + stopAfterSilenceSeconds);
        }
        Objects.requireNonNull(silence, "silence");
    }

    /** A recording of at most {@code maxSeconds} that never stops on silence. */
    public static RecordingSettings upTo(double maxSeconds) {
        return new RecordingSettings(maxSeconds, 0, SilenceSettings.defaults());
    }

    /** Whether trailing silence stops the recording. */
    public boolean stopsOnSilence() {
        return stopAfterSilenceSeconds > 0;
    }
}
