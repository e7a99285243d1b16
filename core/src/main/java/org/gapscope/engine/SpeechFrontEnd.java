package org.gapscope.engine;

import org.gapscope.GapScopeException;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.LogMelSpectrogram;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.model.FeatureSettings;

/**
 * How a 16 kHz clip becomes a bundle's speech input: Whisper log-mel features of the zero-padded
 * waveform when the bundle's encoder has a fixed length and the clip fits (as Whisper's feature
 * extractor does), else of the clip alone. The one place that checks a bundle's feature settings
 * are Whisper's (16000 Hz, n_fft 400, hop 160).
 */
public final class SpeechFrontEnd {

    private final FeatureSettings settings;
    private final WhisperLogMel logMel;

    private SpeechFrontEnd(FeatureSettings settings) {
        this.settings = settings;
        this.logMel = new WhisperLogMel(settings.melBins());
    }

    /**
     * The front end for {@code settings}.
     *
     * @throws GapScopeException when they are not Whisper's 16000/400/160
     */
    public static SpeechFrontEnd of(FeatureSettings settings) {
        if (settings.sampleRate() != WhisperLogMel.SAMPLE_RATE || settings.nFft() != WhisperLogMel.N_FFT
                || settings.hopLength() != WhisperLogMel.HOP_LENGTH) {
            throw new GapScopeException("the bundle's features (sample rate " + settings.sampleRate() + ", n_fft "
                    + settings.nFft() + ", hop " + settings.hopLength() + ") are not Whisper's 16000/400/160");
        }
        return new SpeechFrontEnd(settings);
    }

    /** The model's speech input for {@code clip}; audio longer than the encoder accepts is refused by the runtime. */
    public ModelRunner.SpeechInput input(AudioClip clip) {
        Integer padTo = settings.padToFrames();
        boolean fits = padTo != null && WhisperLogMel.frameCount(clip.length()) <= padTo;
        LogMelSpectrogram s = fits ? logMel.compute(clip, padTo * settings.frameSeconds()) : logMel.compute(clip);
        return new ModelRunner.SpeechInput(s.toMatrix(), s.validFrames(), clip.durationSeconds());
    }

    /** Log-mel features given as they are ({@code [mel][frames]}, every frame valid). */
    public ModelRunner.SpeechInput input(float[][] melByFrame) {
        int frames = melByFrame.length == 0 ? 0 : melByFrame[0].length;
        return new ModelRunner.SpeechInput(melByFrame, frames, frames * settings.frameSeconds());
    }
}
