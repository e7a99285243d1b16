package org.gapscope.audio;

/**
 * An immutable [mels, frames] matrix of Whisper-normalised log-mel values, 100 frames per second
 * (frame t is centred at t * 10 ms), stored row-major (one row per mel bin).
 */
public final class LogMelSpectrogram {

    /** Frames per second (16 kHz / hop 160). */
    public static final double FRAME_RATE = 100.0;

    private final int mels;
    private final int frames;
    private final float[] values;
    private final int validFrames;

    LogMelSpectrogram(int mels, int frames, float[] values, int validFrames) {
        if (values.length != (long) mels * frames) {
            throw new IllegalArgumentException(values.length + " values for " + mels + " x " + frames);
        }
        this.mels = mels;
        this.frames = frames;
        this.values = values;
        this.validFrames = validFrames;
    }

    /** Number of mel bins (rows). */
    public int mels() {
        return mels;
    }

    /** Number of frames (columns), padding included. */
    public int frames() {
        return frames;
    }

    /** Frames that cover the clip itself, without the zero padding asked for (= frames() when unpadded). */
    public int validFrames() {
        return validFrames;
    }

    /** The value of mel bin {@code mel} in frame {@code frame}. */
    public float value(int mel, int frame) {
        return values[mel * frames + frame];
    }

    /** A row-major copy, shape [mels, frames]: the layout of Whisper's input and of the .npy file. */
    public float[] toRowMajor() {
        return values.clone();
    }

    /** A copy as {@code [mels][frames]}. */
    public float[][] toMatrix() {
        float[][] out = new float[mels][frames];
        for (int m = 0; m < mels; m++) {
            System.arraycopy(values, m * frames, out[m], 0, frames);
        }
        return out;
    }

    /** The row-major array without a copy, for this package. */
    float[] valuesView() {
        return values;
    }

    /** Smallest value. */
    public float min() {
        float min = Float.POSITIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    /** Largest value. */
    public float max() {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
