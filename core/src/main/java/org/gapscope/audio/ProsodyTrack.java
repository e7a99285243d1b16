package org.gapscope.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * The pitch (F0) and level tracks of a clip, one value of each per analysis frame: F0 in Hz (NaN where
 * the frame is unvoiced) and the frame's RMS level in dB relative to full scale (dBFS, floored at
 * {@link #LEVEL_FLOOR_DB}), at the frame centres. Computed by {@link ProsodyAnalyzer}.
 *
 * @param times          centre of each frame in seconds from the clip's start
 * @param f0Hz           F0 of each frame in Hz, NaN where unvoiced
 * @param levelDb        RMS level of each frame in dBFS
 * @param settings       how the tracks were computed
 * @param sampleRate     the clip's sample rate
 * @param durationSeconds the clip's length
 * @param source         what was analysed (a file name, "recording"), possibly empty
 */
public record ProsodyTrack(double[] times, float[] f0Hz, float[] levelDb, ProsodySettings settings, int sampleRate,
        double durationSeconds, String source) {

    /** The level reported for digital silence (below 16-bit quantisation noise). */
    public static final double LEVEL_FLOOR_DB = -100;

    /** Validates and copies. */
    public ProsodyTrack {
        Objects.requireNonNull(settings, "settings");
        if (times.length != f0Hz.length || times.length != levelDb.length) {
            throw new IllegalArgumentException("prosody track: " + times.length + " times, " + f0Hz.length + " F0 values and "
                    + levelDb.length + " levels");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("prosody track: sample rate must be positive, not " + sampleRate);
        }
        if (!(durationSeconds >= 0)) {
            throw new IllegalArgumentException("prosody track: duration must be >= 0, not " + durationSeconds);
        }
        for (int k = 0; k < times.length; k++) {
            if (!Double.isFinite(times[k]) || (k > 0 && !(times[k] > times[k - 1]))) {
                throw new IllegalArgumentException("prosody track: frame times must increase (frame " + k + ")");
            }
            if (!Float.isFinite(levelDb[k])) {
                throw new IllegalArgumentException("prosody track: level of frame " + k + " is " + levelDb[k]);
            }
            if (!Float.isNaN(f0Hz[k]) && !(f0Hz[k] > 0 && Float.isFinite(f0Hz[k]))) {
                throw new IllegalArgumentException("prosody track: F0 of frame " + k + " is " + f0Hz[k]);
            }
        }
        times = times.clone();
        f0Hz = f0Hz.clone();
        levelDb = levelDb.clone();
        source = source == null ? "" : source;
    }

    /** A copy of the frame centres. */
    @Override
    public double[] times() {
        return times.clone();
    }

    /** A copy of the F0 values (NaN: unvoiced). */
    @Override
    public float[] f0Hz() {
        return f0Hz.clone();
    }

    /** A copy of the levels. */
    @Override
    public float[] levelDb() {
        return levelDb.clone();
    }

    /** Number of frames. */
    public int frames() {
        return times.length;
    }

    /** Centre of frame k in seconds. */
    public double time(int k) {
        return times[k];
    }

    /** F0 of frame k in Hz, NaN when unvoiced. */
    public float f0(int k) {
        return f0Hz[k];
    }

    /** Whether frame k is voiced. */
    public boolean voiced(int k) {
        return !Float.isNaN(f0Hz[k]);
    }

    /** Level of frame k in dBFS. */
    public float level(int k) {
        return levelDb[k];
    }

    /** The hop between frames in seconds. */
    public double hopSeconds() {
        return settings.hopSamples() / (double) sampleRate;
    }

    /** The analysis window in seconds. */
    public double windowSeconds() {
        return settings.windowSamples() / (double) sampleRate;
    }

    /** The frame whose centre is nearest to {@code seconds}, or -1 when there is no frame within half a hop of it. */
    public int frameAt(double seconds) {
        if (times.length == 0 || Double.isNaN(seconds)) {
            return -1;
        }
        int i = Arrays.binarySearch(times, seconds);
        if (i < 0) {
            int after = -i - 1;
            int before = after - 1;
            if (after >= times.length) {
                i = before;
            } else if (before < 0) {
                i = after;
            } else {
                i = seconds - times[before] <= times[after] - seconds ? before : after;
            }
        }
        return Math.abs(times[i] - seconds) <= hopSeconds() / 2 + 1e-9 ? i : -1;
    }

    /** The F0 values of the voiced frames, in frame order. */
    public float[] voicedF0() {
        int n = 0;
        float[] out = new float[f0Hz.length];
        for (float f : f0Hz) {
            if (!Float.isNaN(f)) {
                out[n++] = f;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The median F0 over the voiced frames, NaN when none is voiced. */
    public double medianF0() {
        float[] v = voicedF0();
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + (double) v[v.length / 2]) / 2;
    }

    /** The share of frames that are voiced (0 without frames). */
    public double voicedFraction() {
        return times.length == 0 ? 0 : voicedF0().length / (double) times.length;
    }

    /** The loudest frame's level, or {@link #LEVEL_FLOOR_DB} without frames. */
    public double maxLevelDb() {
        double max = LEVEL_FLOOR_DB;
        for (float l : levelDb) {
            max = Math.max(max, l);
        }
        return max;
    }
}
