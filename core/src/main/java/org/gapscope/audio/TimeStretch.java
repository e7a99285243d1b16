package org.gapscope.audio;

import java.util.Arrays;
import java.util.Locale;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.WaveformSimilarityBasedOverlapAdd;
import be.tarsos.dsp.WaveformSimilarityBasedOverlapAdd.Parameters;

/**
 * Changes the speed of audio without changing its pitch, with TarsosDSP's WSOLA (waveform-similarity
 * overlap-add; Verhelst and Roelands 1993) at its slow-down settings: 100 ms sequences, a 35 ms seek
 * window, 20 ms cross-fades. Used to listen to a stretch of speech at 0.5× or 0.75×.
 */
public final class TimeStretch {

    /** The slowest speed allowed. */
    public static final double SLOWEST = 0.25;

    /** The fastest speed allowed. */
    public static final double FASTEST = 2.0;

    private TimeStretch() {
    }

    /**
     * {@code clip} played at {@code speed} (0.5 = half speed, twice as long), same pitch: a clip of
     * {@code round(length / speed)} samples at the clip's rate, with its format and source.
     */
    public static AudioClip stretch(AudioClip clip, double speed) {
        return AudioClip.wrap(stretch(clip.samplesView(), clip.sampleRate(), speed), clip.sampleRate(),
                clip.sourceFormat(), clip.source().orElse(null));
    }

    /** {@code samples} at {@code speed}: {@code round(samples.length / speed)} samples. */
    static float[] stretch(float[] samples, int sampleRate, double speed) {
        check(speed);
        int outLength = (int) Math.round(samples.length / speed);
        if (speed == 1.0 || samples.length == 0) {
            return Arrays.copyOf(samples, outLength);
        }
        WaveformSimilarityBasedOverlapAdd wsola = new WaveformSimilarityBasedOverlapAdd(
                Parameters.slowdownDefaults(speed, sampleRate));
        int inSize = wsola.getInputBufferSize();
        // zeros after the end, so the last sequences are emitted too
        float[] padded = Arrays.copyOf(samples, samples.length + 2 * inSize);
        AudioDispatcher dispatcher = Dispatch.over(padded, sampleRate, inSize, wsola.getOverlap());
        wsola.setDispatcher(dispatcher);
        float[] out = new float[outLength + inSize];
        int[] written = {0};
        dispatcher.addAudioProcessor(wsola);
        dispatcher.addAudioProcessor((Dispatch.Listener) event -> {
            float[] block = event.getFloatBuffer();
            int n = Math.min(block.length, out.length - written[0]);
            if (n > 0) {
                System.arraycopy(block, 0, out, written[0], n);
                written[0] += n;
            }
        });
        dispatcher.run();
        return Arrays.copyOf(out, outLength);
    }

    /** Refuses speeds outside [{@link #SLOWEST}, {@link #FASTEST}] with the reason. */
    static void check(double speed) {
        if (!(speed >= SLOWEST && speed <= FASTEST)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "playback speed must be %.2f to %.1f, not %s",
                    SLOWEST, FASTEST, speed));
        }
    }
}
