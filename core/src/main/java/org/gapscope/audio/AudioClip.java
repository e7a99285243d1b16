package org.gapscope.audio;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable mono clip: float samples (nominally in [-1, 1]) at a fixed rate, with the format
 * it was decoded from and the file it came from, if any. Loading always yields 16 kHz.
 */
public final class AudioClip {

    /** The sample rate every loaded or recorded clip has, and the one Whisper's features need. */
    public static final int SAMPLE_RATE = 16_000;

    private final float[] samples;
    private final int sampleRate;
    private final SourceFormat sourceFormat;
    private final Path source;

    private AudioClip(float[] samples, int sampleRate, SourceFormat sourceFormat, Path source) {
        this.samples = samples;
        this.sampleRate = sampleRate;
        this.sourceFormat = sourceFormat;
        this.source = source;
    }

    /**
     * A clip holding a copy of {@code samples}.
     *
     * @param source the file the audio came from, or {@code null} for recorded or generated audio
     * @throws IllegalArgumentException if the rate is not positive or a sample is NaN or infinite
     */
    public static AudioClip of(float[] samples, int sampleRate, SourceFormat sourceFormat, Path source) {
        return wrap(samples.clone(), sampleRate, sourceFormat, source);
    }

    /** A 16 kHz clip of generated audio (no file), e.g. for tests and synthetic signals. */
    public static AudioClip ofSamples(float[] samples) {
        return of(samples, SAMPLE_RATE, new SourceFormat("generated", "32-bit float", SAMPLE_RATE, 1), null);
    }

    /** Like {@link #of} but takes ownership of the array: the caller must not change it afterwards. */
    static AudioClip wrap(float[] samples, int sampleRate, SourceFormat sourceFormat, Path source) {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(sourceFormat, "sourceFormat");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
        }
        for (int i = 0; i < samples.length; i++) {
            if (!Float.isFinite(samples[i])) {
                throw new IllegalArgumentException("sample " + i + " is " + samples[i]);
            }
        }
        return new AudioClip(samples, sampleRate, sourceFormat, source);
    }

    /** Number of samples. */
    public int length() {
        return samples.length;
    }

    /** The sample at {@code index}. */
    public float sample(int index) {
        return samples[index];
    }

    /** A copy of all samples. */
    public float[] samples() {
        return samples.clone();
    }

    /** Copies {@code count} samples starting at {@code from} into {@code target} at {@code offset}. */
    public void copySamples(int from, float[] target, int offset, int count) {
        System.arraycopy(samples, from, target, offset, count);
    }

    /** The samples without a copy, for this package's read-only number crunching. */
    float[] samplesView() {
        return samples;
    }

    /** Samples per second. */
    public int sampleRate() {
        return sampleRate;
    }

    /** Length in seconds. */
    public double durationSeconds() {
        return samples.length / (double) sampleRate;
    }

    /** The format of the file before decoding, down-mixing and resampling. */
    public SourceFormat sourceFormat() {
        return sourceFormat;
    }

    /** The file the audio was loaded from; empty for recorded or generated audio. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /** The sample index nearest to {@code seconds}, clamped to [0, length]. */
    public int indexAt(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("time is NaN");
        }
        double index = Math.rint(seconds * sampleRate);
        return (int) Math.max(0, Math.min(samples.length, index));
    }

    /**
     * The part between {@code fromSeconds} and {@code toSeconds} (clamped to the clip) as a new clip
     * with the same format and source.
     */
    public AudioClip slice(double fromSeconds, double toSeconds) {
        int from = indexAt(fromSeconds);
        int to = indexAt(toSeconds);
        if (to < from) {
            throw new IllegalArgumentException("slice ends (" + toSeconds + " s) before it starts (" + fromSeconds + " s)");
        }
        float[] part = new float[to - from];
        System.arraycopy(samples, from, part, 0, part.length);
        return new AudioClip(part, sampleRate, sourceFormat, source);
    }

    /** The root-mean-square level of the whole clip. */
    public double rms() {
        double sum = 0;
        for (float s : samples) {
            sum += (double) s * s;
        }
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "AudioClip[%.3f s at %d Hz from %s%s]", durationSeconds(),
                sampleRate, sourceFormat.describe(), source == null ? "" : ", " + source);
    }
}
