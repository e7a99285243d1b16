package org.gapscope.audio;

import java.util.Locale;
import java.util.Objects;

/**
 * How the pitch (F0) and level tracks are computed: the estimator, the pitch range (Praat's "pitch
 * floor" and "pitch ceiling"), the analysis window and hop in samples, and how far below the loudest
 * frame a frame is taken as too quiet to be voiced.
 *
 * <p>Defaults: YIN, 75–600 Hz (Praat's pitch range for speech), a 1024-sample window (64 ms at 16 kHz:
 * YIN searches periods up to half the window, so F0 down to 31 Hz fits, two periods of the 75 Hz
 * floor included) and a 160-sample hop (10 ms, the hop of Whisper's log-mel frames), frames more
 * than 40 dB below the loudest frame unvoiced.
 *
 * @param algorithm      the F0 estimator
 * @param pitchFloorHz   F0 below this is reported as unvoiced
 * @param pitchCeilingHz F0 above this is reported as unvoiced
 * @param windowSamples  samples per analysis frame (pitch and level alike)
 * @param hopSamples     samples between frame starts
 * @param voicingRangeDb frames whose level is more than this many dB below the loudest frame are unvoiced
 */
public record ProsodySettings(PitchAlgorithm algorithm, double pitchFloorHz, double pitchCeilingHz,
        int windowSamples, int hopSamples, double voicingRangeDb) {

    /** Validates every field, naming the field and the bad value. */
    public ProsodySettings {
        Objects.requireNonNull(algorithm, "algorithm");
        if (!(pitchFloorHz > 0) || !Double.isFinite(pitchFloorHz)) {
            throw new IllegalArgumentException("pitch floor must be a positive number of Hz, not " + pitchFloorHz);
        }
        if (!(pitchCeilingHz > pitchFloorHz) || !Double.isFinite(pitchCeilingHz)) {
            throw new IllegalArgumentException("pitch ceiling (" + pitchCeilingHz + " Hz) must be above the pitch floor ("
                    + pitchFloorHz + " Hz)");
        }
        if (windowSamples < 32 || windowSamples > 1 << 16) {
            throw new IllegalArgumentException("window must be 32 to 65536 samples, not " + windowSamples);
        }
        if (hopSamples < 1 || hopSamples > windowSamples) {
            throw new IllegalArgumentException("hop must be 1 to " + windowSamples + " samples (the window), not "
                    + hopSamples);
        }
        if (!(voicingRangeDb > 0) || !Double.isFinite(voicingRangeDb)) {
            throw new IllegalArgumentException("voicing range must be a positive number of dB, not " + voicingRangeDb);
        }
    }

    /** The defaults described above. */
    public static ProsodySettings defaults() {
        return new ProsodySettings(PitchAlgorithm.YIN, 75, 600, 1024, 160, 40);
    }

    /** A copy with another estimator. */
    public ProsodySettings withAlgorithm(PitchAlgorithm newAlgorithm) {
        return new ProsodySettings(newAlgorithm, pitchFloorHz, pitchCeilingHz, windowSamples, hopSamples, voicingRangeDb);
    }

    /** A copy with another pitch range. */
    public ProsodySettings withPitchRange(double floorHz, double ceilingHz) {
        return new ProsodySettings(algorithm, floorHz, ceilingHz, windowSamples, hopSamples, voicingRangeDb);
    }

    /** One line for captions and exported data, e.g. {@code YIN 75-600 Hz, window 64 ms, hop 10 ms}. */
    public String describe(int sampleRate) {
        return String.format(Locale.ROOT, "%s, %.0f–%.0f Hz, window %.0f ms, hop %.0f ms", algorithm.key(),
                pitchFloorHz, pitchCeilingHz, windowSamples * 1000.0 / sampleRate, hopSamples * 1000.0 / sampleRate);
    }
}
