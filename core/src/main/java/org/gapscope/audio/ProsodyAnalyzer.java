package org.gapscope.audio;

import java.util.Arrays;

import org.gapscope.GapScopeException;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.pitch.PitchProcessor;

/**
 * Computes the pitch (F0) and level tracks of a clip with TarsosDSP: one dispatcher runs the clip in
 * frames of {@link ProsodySettings#windowSamples()} every {@link ProsodySettings#hopSamples()} samples
 * through a level processor (RMS in dBFS) and TarsosDSP's {@link PitchProcessor} (YIN, fast YIN or
 * MPM). A frame is voiced when the estimator reports a pitch, the pitch lies within the settings' range
 * and the frame is no more than {@link ProsodySettings#voicingRangeDb()} below the loudest frame. The
 * raw estimates are reported: no smoothing and no octave-jump correction.
 */
public final class ProsodyAnalyzer {

    private ProsodyAnalyzer() {
    }

    /**
     * The tracks of {@code clip}: one frame per hop whose whole window lies inside the clip (none for a
     * clip shorter than one window), so the first frame is centred half a window after the start.
     *
     * @throws GapScopeException when the settings do not fit the clip's sample rate (window too short
     *         for two periods of the pitch floor, ceiling above a quarter of the sample rate)
     */
    public static ProsodyTrack analyze(AudioClip clip, ProsodySettings settings) {
        int rate = clip.sampleRate();
        int window = settings.windowSamples();
        int hop = settings.hopSamples();
        if (window / 2 < Math.ceil(rate / settings.pitchFloorHz())) {
            throw new GapScopeException(String.format(java.util.Locale.ROOT,
                    "pitch floor %.0f Hz needs a window of at least %d samples at %d Hz (two periods); the window is %d",
                    settings.pitchFloorHz(), (int) Math.ceil(2 * rate / settings.pitchFloorHz()), rate, window));
        }
        if (settings.pitchCeilingHz() > rate / 4.0) {
            throw new GapScopeException(String.format(java.util.Locale.ROOT,
                    "pitch ceiling %.0f Hz is above a quarter of the sample rate (%d Hz)", settings.pitchCeilingHz(), rate));
        }
        String source = clip.source().map(p -> p.getFileName().toString()).orElse(clip.sourceFormat().container());
        float[] samples = clip.samplesView();
        if (samples.length < window) {
            return new ProsodyTrack(new double[0], new float[0], new float[0], settings, rate, clip.durationSeconds(),
                    source);
        }
        int frames = (samples.length - window) / hop + 1;
        float[] level = new float[frames];
        float[] f0 = new float[frames];
        Arrays.fill(f0, Float.NaN);
        int[] levelFrame = {0};
        int[] pitchFrame = {0};
        AudioDispatcher dispatcher = Dispatch.over(samples, rate, window, window - hop);
        dispatcher.addAudioProcessor((Dispatch.Listener) event -> {
            int k = levelFrame[0]++;
            if (k < frames) {
                level[k] = (float) Dispatch.levelDb(event, ProsodyTrack.LEVEL_FLOOR_DB);
            }
        });
        dispatcher.addAudioProcessor(new PitchProcessor(settings.algorithm().tarsos(), rate, window, (result, event) -> {
            int k = pitchFrame[0]++;
            if (k < frames && result.isPitched()) {
                f0[k] = result.getPitch();
            }
        }));
        dispatcher.run();
        if (levelFrame[0] < frames || pitchFrame[0] < frames) {
            throw new IllegalStateException("TarsosDSP delivered " + Math.min(levelFrame[0], pitchFrame[0]) + " of "
                    + frames + " frames");
        }
        double loudest = ProsodyTrack.LEVEL_FLOOR_DB;
        for (float l : level) {
            loudest = Math.max(loudest, l);
        }
        double[] times = new double[frames];
        for (int k = 0; k < frames; k++) {
            times[k] = (k * (double) hop + window / 2.0) / rate;
            boolean inRange = f0[k] >= settings.pitchFloorHz() && f0[k] <= settings.pitchCeilingHz();
            if (!inRange || level[k] < loudest - settings.voicingRangeDb() || level[k] <= ProsodyTrack.LEVEL_FLOOR_DB) {
                f0[k] = Float.NaN;
            }
        }
        return new ProsodyTrack(times, f0, level, settings, rate, clip.durationSeconds(), source);
    }
}
