package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;

/** Shape and edge-case behaviour of the log-mel features (values are checked in the parity test). */
class WhisperLogMelTest {

    private final WhisperLogMel mel = new WhisperLogMel(80);

    private static AudioClip tone(int samples, double hz) {
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / 16000));
        }
        return AudioClip.ofSamples(x);
    }

    @Test
    void framesAreSamplesOverHop() {
        for (int n : new int[] {160, 319, 320, 16000, 16159, 48000}) {
            LogMelSpectrogram s = mel.compute(tone(n, 440));
            assertEquals(n / 160, s.frames(), "frames for " + n + " samples");
            assertEquals(s.frames(), s.validFrames());
            assertEquals(80, s.mels());
        }
    }

    @Test
    void paddingToThirtySecondsGivesThreeThousandFrames() {
        LogMelSpectrogram s = mel.compute(tone(16000, 440), 30);
        assertEquals(3000, s.frames());
        assertEquals(100, s.validFrames());
        LogMelSpectrogram wide = new WhisperLogMel(128).compute(tone(16000, 440), 30);
        assertEquals(128, wide.mels());
    }

    @Test
    void clipLongerThanThePadIsRefusedNotCut() {
        GapScopeException e = assertThrows(GapScopeException.class, () -> mel.compute(tone(32000, 440), 1.0));
        assertTrue(e.getMessage().contains("2.00 s") && e.getMessage().contains("1.00 s"), e.getMessage());
        assertThrows(GapScopeException.class, () -> mel.compute(tone(1600, 440), -1));
        assertThrows(GapScopeException.class, () -> mel.compute(tone(1600, 440), Double.NaN));
    }

    @Test
    void clipShorterThanOneHopIsRefused() {
        GapScopeException e = assertThrows(GapScopeException.class, () -> mel.compute(tone(159, 440)));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }

    @Test
    void onlySixteenKilohertzAndWhisperMelCounts() {
        AudioClip at8k = AudioClip.of(new float[8000], 8000, new SourceFormat("generated", "32-bit float", 8000, 1), null);
        assertThrows(IllegalArgumentException.class, () -> mel.compute(at8k));
        assertThrows(IllegalArgumentException.class, () -> new WhisperLogMel(64));
    }

    @Test
    void silenceIsTheFloor() {
        LogMelSpectrogram s = mel.compute(AudioClip.ofSamples(new float[16000]));
        assertEquals(-1.5f, s.min());
        assertEquals(-1.5f, s.max());
    }

    @Test
    void dynamicRangeIsEightDecadesAndAToneLandsInItsBin() {
        LogMelSpectrogram s = mel.compute(tone(16000, 1000));
        assertEquals(2.0, s.max() - s.min(), 1e-6, "clamped at max - 8 (in log10), scaled by 1/4");
        // the loudest bin of a middle frame is the one whose filter peaks nearest 1 kHz
        int frame = 50;
        int loudest = 0;
        for (int m = 1; m < 80; m++) {
            if (s.value(m, frame) > s.value(loudest, frame)) {
                loudest = m;
            }
        }
        double centre = MelFilterBank.melToHz(MelFilterBank.hzToMel(8000) * (loudest + 1) / 81.0);
        assertEquals(1000, centre, 60, "centre of the loudest mel bin");
    }

    @Test
    void reflectIndexingMatchesNumpy() {
        int[] lengths = {2, 3, 5, 160, 199, 200, 201, 1000};
        String script = "import numpy as np\nfor n in (2, 3, 5, 160, 199, 200, 201, 1000):\n"
                + "    print(' '.join(map(str, np.pad(np.arange(n), 200, mode='reflect'))))\n";
        String[] lines = org.gapscope.testing.Python.run(script).strip().split("\n");
        for (int c = 0; c < lengths.length; c++) {
            String[] expected = lines[c].split(" ");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Integer.parseInt(expected[i]), WhisperLogMel.reflect(i - 200, lengths[c]),
                        "n=" + lengths[c] + ", index " + (i - 200));
            }
        }
    }

    @Test
    void slaneyMelScale() {
        assertEquals(15.0, MelFilterBank.hzToMel(1000), 1e-12);
        assertEquals(3.0, MelFilterBank.hzToMel(200), 1e-12);
        assertEquals(15.0 + 27, MelFilterBank.hzToMel(6400), 1e-9);
        for (double hz : new double[] {0, 50, 999, 1000, 1001, 4000, 8000}) {
            assertEquals(hz, MelFilterBank.melToHz(MelFilterBank.hzToMel(hz)), 1e-9);
        }
        MelFilterBank bank = MelFilterBank.slaney(16000, 400, 80, 0, 8000);
        assertEquals(201, bank.bins());
        for (int m = 0; m < 80; m++) {
            double area = 0;
            for (int k = 0; k < 201; k++) {
                assertTrue(bank.weight(m, k) >= 0);
                area += bank.weight(m, k) * 40.0; // bins are 40 Hz apart
            }
            // Slaney normalisation: each triangle has unit area in Hz (up to sampling of the triangle)
            assertEquals(1.0, area, m < 3 ? 0.5 : 0.15, "area of filter " + m);
        }
    }
}
