package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The resampler's frequency response: tones below the 8 kHz output Nyquist frequency come through
 * with their amplitude and phase; tones above it are removed instead of aliasing.
 */
class ResamplerTest {

    private static final int OUT = 16_000;

    /** The output of a 1 s tone at {@code hz} from {@code rate} to 16 kHz. */
    private static float[] resampledTone(int rate, double hz, double amplitude) {
        double[] tone = TestWavs.signal(rate, 1.0, TestWavs.sine(hz, amplitude));
        float[] in = new float[tone.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) tone[i];
        }
        return Resampler.resample(in, rate, OUT);
    }

    @ParameterizedTest(name = "{0} Hz, tone at {1} Hz")
    @CsvSource({
        "8000, 300", "8000, 3500",
        "11025, 1000", "11025, 5000",
        "22050, 1000", "22050, 7000",
        "24000, 440", "24000, 7200",
        "32000, 2000", "32000, 7300",
        "44100, 100", "44100, 1000", "44100, 4000", "44100, 7000", "44100, 7300",
        "48000, 1000", "48000, 7300",
        "44056, 1000", "44056, 7000", // a rate whose ratio is not a small fraction: interpolated phases
        "16000, 5000",
    })
    void tonesBelowNyquistPassWithTheirAmplitudeAndPhase(int rate, double hz) {
        float[] out = resampledTone(rate, hz, 0.5);
        assertEquals((long) Math.ceil(rate * 1.0 * OUT / rate), out.length, "output length");
        int from = 2000;
        int to = out.length - 2000; // away from the edges, where the signal starts from silence
        // compare with the ideal: the same tone sampled at 16 kHz directly
        double worst = 0;
        for (int i = from; i < to; i++) {
            double ideal = 0.5 * Math.sin(2 * Math.PI * hz * i / OUT);
            worst = Math.max(worst, Math.abs(out[i] - ideal));
        }
        double[] fit = TestWavs.fitSine(out, hz, OUT, from, to);
        double amplitude = Math.hypot(fit[0], fit[1]);
        assertEquals(0.5, amplitude, 0.5e-3, "amplitude (within 0.1 %)");
        assertTrue(worst < 1e-3, String.format(Locale.ROOT, "%d Hz -> 16 kHz, %s Hz: max error vs ideal %.2e", rate, hz, worst));
    }

    @ParameterizedTest(name = "{0} Hz, tone at {1} Hz")
    @CsvSource({
        "44100, 8050", "44100, 9000", "44100, 12000", "44100, 15000", "44100, 20000",
        "48000, 8100", "48000, 9000", "48000, 16000", "48000, 23000",
        "22050, 8200", "22050, 10000",
        "32000, 8100", "32000, 15900",
        "44056, 9000",
    })
    void tonesAboveNyquistAreSuppressedNotAliased(int rate, double hz) {
        float[] out = resampledTone(rate, hz, 0.5);
        // sample dropping would alias the tone into the band (e.g. 9 kHz to 7 kHz) at full amplitude
        double rms = TestWavs.rms(out, 2000, out.length - 2000);
        double attenuationDb = 20 * Math.log10(rms / (0.5 / Math.sqrt(2)));
        assertTrue(attenuationDb < -70, String.format(Locale.ROOT,
                "%d Hz -> 16 kHz, %s Hz tone: only %.1f dB down", rate, hz, attenuationDb));
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 11025, 22050, 44100, 48000})
    void upsamplingAndDownsamplingKeepDcAndAddNoImages(int rate) {
        float[] dc = new float[rate];
        java.util.Arrays.fill(dc, 0.25f);
        float[] out = Resampler.resample(dc, rate, OUT);
        for (int i = 2000; i < out.length - 2000; i++) {
            assertEquals(0.25, out[i], 1e-4, "DC at " + i);
        }
    }

    @org.junit.jupiter.api.Test
    void upsamplingFrom8kHzLeavesNoImageAbove4kHz() {
        float[] out = resampledTone(8000, 3000, 0.5);
        double[] fit = TestWavs.fitSine(out, 3000, OUT, 2000, out.length - 2000);
        float[] residual = out.clone();
        for (int i = 0; i < residual.length; i++) {
            residual[i] -= (float) (fit[0] * Math.sin(2 * Math.PI * 3000 * i / OUT) + fit[1] * Math.cos(2 * Math.PI * 3000 * i / OUT));
        }
        // the image of 3 kHz at 8 - 3 = 5 kHz must be gone
        double[] image = TestWavs.fitSine(out, 5000, OUT, 2000, out.length - 2000);
        assertTrue(Math.hypot(image[0], image[1]) < 1e-4, "image at 5 kHz: " + Math.hypot(image[0], image[1]));
        assertTrue(TestWavs.rms(residual, 2000, out.length - 2000) < 1e-4);
    }

    @org.junit.jupiter.api.Test
    void emptyAndTinyInputs() {
        assertEquals(0, Resampler.resample(new float[0], 44100, OUT).length);
        assertEquals(1, Resampler.resample(new float[] {1f}, 44100, OUT).length);
        assertEquals(2, Resampler.resample(new float[] {1f}, 8000, OUT).length);
    }
}
