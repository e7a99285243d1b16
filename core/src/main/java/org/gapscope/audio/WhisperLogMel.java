package org.gapscope.audio;

import java.util.Locale;

import org.gapscope.GapScopeException;

/**
 * Whisper's log-mel spectrogram, computed exactly as Whisper defines it: 16 kHz audio, 400-sample
 * periodic Hann window, hop 160, centred frames (200 samples of reflect padding at each end, as
 * {@code torch.stft(center=True)}), |STFT|^2 with the last frame dropped, Slaney mel filters
 * (0-8 kHz), log10 with a 1e-10 floor, values clamped at (global max - 8), then (x + 4) / 4.
 * A clip of n samples gives n / 160 frames. Immutable and thread-safe.
 */
public final class WhisperLogMel {

    /** Sample rate the features are defined at. */
    public static final int SAMPLE_RATE = AudioClip.SAMPLE_RATE;
    /** Window and FFT length. */
    public static final int N_FFT = 400;
    /** Hop between frames in samples (10 ms). */
    public static final int HOP_LENGTH = 160;

    private final int mels;
    private final MelFilterBank filters;
    private final double[] window;

    /** Features with {@code mels} mel bins: 80 (Whisper up to large-v2) or 128 (large-v3). */
    public WhisperLogMel(int mels) {
        if (mels != 80 && mels != 128) {
            throw new IllegalArgumentException("Whisper uses 80 or 128 mel bins, not " + mels);
        }
        this.mels = mels;
        this.filters = MelFilterBank.slaney(SAMPLE_RATE, N_FFT, mels, 0, SAMPLE_RATE / 2.0);
        this.window = new double[N_FFT];
        for (int j = 0; j < N_FFT; j++) {
            window[j] = 0.5 - 0.5 * Math.cos(2 * Math.PI * j / N_FFT); // periodic Hann
        }
    }

    /** Number of mel bins. */
    public int mels() {
        return mels;
    }

    /** The mel filter bank in use. */
    public MelFilterBank filters() {
        return filters;
    }

    /** Frames for a clip of {@code samples} samples: samples / 160. */
    public static int frameCount(long samples) {
        return (int) (samples / HOP_LENGTH);
    }

    /** The features of a whole 16 kHz clip, without padding. */
    public LogMelSpectrogram compute(AudioClip clip) {
        requireRate(clip);
        return compute(clip.samplesView(), clip.length(), clip);
    }

    /**
     * The features of a 16 kHz clip zero-padded to {@code padSeconds} seconds before the STFT (as
     * Whisper's {@code pad_or_trim} before {@code log_mel_spectrogram}); a clip longer than that is
     * refused rather than silently cut.
     */
    public LogMelSpectrogram compute(AudioClip clip, double padSeconds) {
        requireRate(clip);
        if (!(padSeconds > 0) || Double.isInfinite(padSeconds)) {
            throw new GapScopeException("pad length must be a positive number of seconds, not " + padSeconds);
        }
        long target = Math.round(padSeconds * SAMPLE_RATE);
        if (target < clip.length()) {
            throw new GapScopeException(String.format(Locale.ROOT,
                    "%s: the audio is %.2f s long, more than the %.2f s to pad it to; trim it or pad to at least %.2f s",
                    describe(clip), clip.durationSeconds(), padSeconds, clip.durationSeconds()));
        }
        if (target > Integer.MAX_VALUE - 2L * N_FFT) {
            throw new GapScopeException("pad length " + padSeconds + " s is too long");
        }
        return compute(clip.samplesView(), (int) target, clip);
    }

    /** Pads with zeros to {@code length} samples and computes the features. */
    private LogMelSpectrogram compute(float[] samples, int length, AudioClip clip) {
        int frames = frameCount(length);
        if (frames == 0) {
            throw new GapScopeException(String.format(Locale.ROOT,
                    "%s: too short for features (%d samples; at least %d, i.e. 10 ms, are needed)",
                    describe(clip), length, HOP_LENGTH));
        }
        int pad = N_FFT / 2;
        double[] padded = new double[length + 2 * pad];
        int n = length;
        for (int i = 0; i < padded.length; i++) {
            int source = reflect(i - pad, n);
            padded[i] = source < samples.length ? samples[source] : 0.0;
        }
        float[] out = new float[mels * frames];
        RealFft fft = new RealFft(N_FFT);
        double[] frame = new double[N_FFT];
        double[] power = new double[N_FFT / 2 + 1];
        double[] melPower = new double[mels];
        double[] logs = new double[mels * frames];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < frames; t++) {
            int start = t * HOP_LENGTH;
            for (int j = 0; j < N_FFT; j++) {
                frame[j] = padded[start + j] * window[j];
            }
            fft.powerSpectrum(frame, power);
            filters.apply(power, melPower);
            for (int m = 0; m < mels; m++) {
                double v = Math.log10(Math.max(melPower[m], 1e-10));
                logs[m * frames + t] = v;
                if (v > max) {
                    max = v;
                }
            }
        }
        double floor = max - 8.0;
        for (int i = 0; i < logs.length; i++) {
            out[i] = (float) ((Math.max(logs[i], floor) + 4.0) / 4.0);
        }
        int valid = Math.min(frames, frameCount(samples.length));
        return new LogMelSpectrogram(mels, frames, out, valid);
    }

    /**
     * Index into a signal of length n for position i of its reflect-padded extension (the edge
     * sample is not repeated; numpy's {@code pad(mode='reflect')}, repeating when the pad is longer
     * than the signal).
     */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int r = Math.floorMod(i, period);
        return r < n ? r : period - r;
    }

    private static void requireRate(AudioClip clip) {
        if (clip.sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException("Whisper features need 16 kHz audio, got " + clip.sampleRate() + " Hz");
        }
    }

    private static String describe(AudioClip clip) {
        return clip.source().map(Object::toString).orElse("audio");
    }
}
