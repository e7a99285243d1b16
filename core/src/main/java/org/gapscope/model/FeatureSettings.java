package org.gapscope.model;

/**
 * How audio becomes the speech encoder's input: Whisper-compatible log-mel features with these
 * settings, padded (or not) to a fixed number of frames.
 *
 * @param type always {@code whisper-log-mel} in format 1
 * @param melBins 80 or 128
 * @param sampleRate audio sample rate in Hz (16000)
 * @param nFft STFT window (400)
 * @param hopLength frames are this many samples apart (160, i.e. 10 ms)
 * @param padToFrames features are padded to this many frames before the encoder, or null for no padding
 * @param maxFrames the longest input the encoder accepts, in frames
 * @param adapterStride log-mel frames per speech position after encoder and adapter (informative)
 */
public record FeatureSettings(String type, int melBins, int sampleRate, int nFft, int hopLength, Integer padToFrames,
        int maxFrames, int adapterStride) {

    /** The only feature type of format 1. */
    public static final String WHISPER_LOG_MEL = "whisper-log-mel";

    /** Seconds between the starts of two frames. */
    public double frameSeconds() {
        return (double) hopLength / sampleRate;
    }

    /** The longest audio the encoder accepts, in seconds. */
    public double maxSeconds() {
        return maxFrames * frameSeconds();
    }
}
