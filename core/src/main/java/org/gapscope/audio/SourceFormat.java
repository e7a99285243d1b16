package org.gapscope.audio;

import java.util.Objects;

/**
 * What an audio file held before it was decoded, down-mixed and resampled: container, sample
 * encoding, rate and channel count.
 *
 * @param container     the file type, e.g. {@code "WAV"}, {@code "AIFF"}, {@code "MP3 (ffmpeg)"}
 * @param encoding      the sample encoding, e.g. {@code "16-bit PCM"}, {@code "32-bit float"}
 * @param sampleRate    samples per second per channel in the file
 * @param channels      number of interleaved channels in the file
 */
public record SourceFormat(String container, String encoding, int sampleRate, int channels) {

    /** Validates the fields. */
    public SourceFormat {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(encoding, "encoding");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive: " + channels);
        }
    }

    /** One readable line, e.g. {@code "WAV, 24-bit PCM, 44100 Hz, stereo"}. */
    public String describe() {
        String layout = switch (channels) {
            case 1 -> "mono";
            case 2 -> "stereo";
            default -> channels + " channels";
        };
        return container + ", " + encoding + ", " + sampleRate + " Hz, " + layout;
    }

    @Override
    public String toString() {
        return describe();
    }
}
