package org.gapscope.model;

import java.util.Arrays;

/**
 * The speech encoder's output for one clip: one vector per speech position in the language model's
 * input space (only positions computed from valid, unpadded frames), with the timing needed to place
 * each position on the audio.
 */
public final class SpeechEmbeddings {

    private final float[] data;
    private final int positions;
    private final int hiddenSize;
    private final int validFrames;
    private final double frameSeconds;
    private final int adapterStride;

    SpeechEmbeddings(float[] data, int positions, int hiddenSize, int validFrames, double frameSeconds,
            int adapterStride) {
        if ((long) positions * hiddenSize != data.length) {
            throw new IllegalArgumentException(data.length + " values for " + positions + " x " + hiddenSize);
        }
        this.data = data;
        this.positions = positions;
        this.hiddenSize = hiddenSize;
        this.validFrames = validFrames;
        this.frameSeconds = frameSeconds;
        this.adapterStride = adapterStride;
    }

    /** The number of speech positions T_s. */
    public int positions() {
        return positions;
    }

    /** The hidden size d. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The number of valid log-mel frames the positions were computed from. */
    public int validFrames() {
        return validFrames;
    }

    /** The clip's duration covered by the valid frames, in seconds. */
    public double seconds() {
        return validFrames * frameSeconds;
    }

    /**
     * The start time in seconds of each position: position i starts at frame i x s of a fixed-stride
     * encoder (s = the bundle's {@code adapter_stride}, log-mel frames per position: 4 for Qwen2-Audio,
     * 10 for Whisper + a 5-frame adapter), i.e. at i x s x hop / rate. The stride is used when it agrees
     * with the encoder's output (T_s = floor or ceil of valid frames / s); otherwise (a manifest whose
     * stride is wrong) the positions are spread evenly over the valid frames.
     */
    public float[] times() {
        float[] t = new float[positions];
        double step = positions == 0 ? 0 : seconds() / positions;
        if (adapterStride >= 1 && (positions == validFrames / adapterStride
                || positions == (validFrames + adapterStride - 1) / adapterStride)) {
            step = adapterStride * frameSeconds;
        }
        for (int i = 0; i < positions; i++) {
            t[i] = (float) (i * step);
        }
        return t;
    }

    /** One position's vector (a copy). */
    public float[] vector(int position) {
        return Arrays.copyOfRange(data, position * hiddenSize, (position + 1) * hiddenSize);
    }

    /** All vectors as {@code [position][dimension]} (a copy). */
    public float[][] toArray() {
        float[][] out = new float[positions][];
        for (int i = 0; i < positions; i++) {
            out[i] = vector(i);
        }
        return out;
    }

    /** The flat row-major values, shared: the runtime only reads them. */
    float[] data() {
        return data;
    }
}
