package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The envelope and spectrogram pyramids give exactly the brute-force answers at every zoom. */
class DisplayDataTest {

    private static AudioClip noise(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextGaussian() * 0.2);
        }
        return AudioClip.ofSamples(x);
    }

    @Test
    void envelopeMatchesBruteForceAtManyZooms() {
        AudioClip clip = noise(123_457, 1);
        float[] x = clip.samples();
        WaveformEnvelope envelope = WaveformEnvelope.of(clip);
        Random random = new Random(2);
        for (int trial = 0; trial < 300; trial++) {
            double from = random.nextDouble() * clip.durationSeconds() * 1.1 - 0.2;
            double width = Math.pow(10, -4 + 5 * random.nextDouble()); // 0.1 ms .. 10 s
            int columns = 1 + random.nextInt(700);
            float[] min = new float[columns];
            float[] max = new float[columns];
            envelope.columns(from, from + width, columns, min, max);
            double start = from * 16000;
            double per = width * 16000 / columns;
            for (int c = 0; c < columns; c++) {
                long a = (long) Math.floor(start + c * per);
                long b = Math.max(a + 1, (long) Math.floor(start + (c + 1) * per));
                if (b <= 0 || a >= x.length) {
                    assertTrue(Float.isNaN(min[c]) && Float.isNaN(max[c]));
                    continue;
                }
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (long i = Math.max(0, a); i < Math.min(x.length, b); i++) {
                    lo = Math.min(lo, x[(int) i]);
                    hi = Math.max(hi, x[(int) i]);
                }
                assertEquals(lo, min[c], "min, trial " + trial + " column " + c);
                assertEquals(hi, max[c], "max, trial " + trial + " column " + c);
            }
        }
    }

    @Test
    void envelopeOfWholeClipAndTinyClips() {
        AudioClip clip = noise(16_000, 3);
        float[] x = clip.samples();
        float[] whole = WaveformEnvelope.of(clip).range(0, x.length);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        assertEquals(lo, whole[0]);
        assertEquals(hi, whole[1]);
        AudioClip one = AudioClip.ofSamples(new float[] {0.5f});
        float[] min = new float[4];
        float[] max = new float[4];
        WaveformEnvelope.of(one).columns(0, 1.0 / 16000, 4, min, max);
        assertEquals(0.5f, min[0]);
        assertEquals(0.5f, max[3]);
    }

    @Test
    void spectrogramMatchesBruteForceMaxima() {
        AudioClip clip = noise(16_000 * 7 + 33, 4);
        LogMelSpectrogram mel = new WhisperLogMel(80).compute(clip);
        DisplaySpectrogram display = DisplaySpectrogram.of(mel);
        assertEquals(80, display.bins());
        assertEquals(mel.frames(), display.frames());
        assertEquals(mel.max(), display.maxValue());
        Random random = new Random(5);
        for (int trial = 0; trial < 100; trial++) {
            double from = random.nextDouble() * 7.5 - 0.3;
            double width = Math.pow(10, -3 + 4 * random.nextDouble());
            int columns = 1 + random.nextInt(300);
            float[] out = new float[columns * 80];
            display.render(from, from + width, columns, out);
            double start = from * 100;
            double per = width * 100 / columns;
            for (int c = 0; c < columns; c++) {
                long a = (long) Math.floor(start + c * per);
                long b = Math.max(a + 1, (long) Math.floor(start + (c + 1) * per));
                for (int m = 0; m < 80; m++) {
                    float value = out[m * columns + c];
                    if (b <= 0 || a >= mel.frames()) {
                        assertTrue(Float.isNaN(value));
                        continue;
                    }
                    float expected = Float.NEGATIVE_INFINITY;
                    for (long t = Math.max(0, a); t < Math.min(mel.frames(), b); t++) {
                        expected = Math.max(expected, mel.value(m, (int) t));
                    }
                    assertEquals(expected, value, "trial " + trial + " column " + c + " bin " + m);
                }
            }
        }
    }
}
