package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** F0 and level tracks by TarsosDSP against tones and speech whose pitch is known. */
class ProsodyAnalyzerTest {

    private static final int RATE = AudioClip.SAMPLE_RATE;

    @TempDir
    Path dir;

    /** A tone of F0 {@code hz} with {@code harmonics} harmonics falling as 1/k (a voice-like spectrum), peak ~amplitude. */
    static AudioClip tone(double hz, int harmonics, double amplitude, double seconds) {
        float[] s = new float[(int) Math.round(seconds * RATE)];
        double norm = 0;
        for (int k = 1; k <= harmonics; k++) {
            norm += 1.0 / k;
        }
        for (int i = 0; i < s.length; i++) {
            double v = 0;
            for (int k = 1; k <= harmonics; k++) {
                v += Math.sin(2 * Math.PI * hz * k * i / RATE) / k;
            }
            s[i] = (float) (amplitude * v / norm);
        }
        return AudioClip.ofSamples(s);
    }

    @ParameterizedTest
    @CsvSource({"yin, 110, 1", "yin, 220, 1", "yin, 440, 1", "yin, 95, 12", "yin, 180, 12", "mpm, 110, 1", "mpm, 180, 12",
        "fast-yin, 130, 12"})
    void theF0OfToneIsItsFrequencyInEveryFrame(String algorithm, double hz, int harmonics) {
        ProsodySettings settings = ProsodySettings.defaults().withAlgorithm(PitchAlgorithm.parse(algorithm));
        ProsodyTrack track = ProsodyAnalyzer.analyze(tone(hz, harmonics, 0.5, 1.0), settings);
        // frames of 1024 samples every 160 whose window lies inside one second: (16000 - 1024) / 160 + 1
        assertEquals(94, track.frames());
        assertEquals(0.032, track.time(0), 1e-12);
        assertEquals(0.01, track.time(1) - track.time(0), 1e-12);
        assertEquals(1.0, track.voicedFraction(), algorithm + " " + hz + " Hz");
        for (int k = 0; k < track.frames(); k++) {
            assertEquals(hz, track.f0(k), hz * 0.005, "frame " + k);
        }
    }

    @Test
    void theLevelIsTheRmsInDecibelsOfFullScale() {
        // a sine of amplitude 0.5 has RMS 0.5 / sqrt 2: -9.03 dBFS; at 0.05, 20 dB lower
        ProsodyTrack loud = ProsodyAnalyzer.analyze(tone(200, 1, 0.5, 0.5), ProsodySettings.defaults());
        ProsodyTrack quiet = ProsodyAnalyzer.analyze(tone(200, 1, 0.05, 0.5), ProsodySettings.defaults());
        for (int k = 0; k < loud.frames(); k++) {
            assertEquals(20 * Math.log10(0.5 / Math.sqrt(2)), loud.level(k), 0.05);
            assertEquals(20 * Math.log10(0.05 / Math.sqrt(2)), quiet.level(k), 0.05);
        }
    }

    @Test
    void silenceIsUnvoicedAtTheLevelFloorAndQuietFramesAreUnvoiced() {
        float[] s = new float[RATE];
        float[] voiced = tone(150, 8, 0.5, 0.5).samples();
        System.arraycopy(voiced, 0, s, 0, voiced.length);
        for (int i = voiced.length; i < s.length; i++) {
            s[i] = (float) (0.5 * 1e-3 * Math.sin(2 * Math.PI * 150 * i / RATE)); // 60 dB down: too quiet to count
        }
        ProsodyTrack track = ProsodyAnalyzer.analyze(AudioClip.ofSamples(s), ProsodySettings.defaults());
        int k = track.frameAt(0.25);
        assertTrue(track.voiced(k));
        assertEquals(150, track.f0(k), 1);
        int quiet = track.frameAt(0.8);
        assertFalse(track.voiced(quiet), "60 dB below the loudest frame");
        // -69.03 dBFS, give or take TarsosDSP's 16-bit quantisation of a 16-LSB sine
        assertEquals(20 * Math.log10(5e-4 / Math.sqrt(2)), track.level(quiet), 0.5);

        ProsodyTrack zeros = ProsodyAnalyzer.analyze(AudioClip.ofSamples(new float[RATE / 2]), ProsodySettings.defaults());
        assertEquals(0, zeros.voicedF0().length);
        assertEquals(ProsodyTrack.LEVEL_FLOOR_DB, zeros.level(3));
        assertTrue(Double.isNaN(zeros.medianF0()));
    }

    @Test
    void pitchOutsideTheRangeIsUnvoiced() {
        ProsodyTrack track = ProsodyAnalyzer.analyze(tone(700, 1, 0.5, 0.3), ProsodySettings.defaults());
        assertEquals(0, track.voicedF0().length, "700 Hz is above the 600 Hz ceiling");
        ProsodyTrack wide = ProsodyAnalyzer.analyze(tone(700, 1, 0.5, 0.3),
                ProsodySettings.defaults().withPitchRange(75, 900));
        assertEquals(700, wide.medianF0(), 3);
    }

    @Test
    void aClipShorterThanOneWindowHasNoFrames() {
        ProsodyTrack track = ProsodyAnalyzer.analyze(tone(200, 1, 0.5, 0.05), ProsodySettings.defaults());
        assertEquals(0, track.frames());
        assertEquals(-1, track.frameAt(0.01));
    }

    @Test
    void settingsThatDoNotFitTheRateAreRefusedWithTheReason() {
        GapScopeException low = assertThrows(GapScopeException.class, () -> ProsodyAnalyzer.analyze(
                tone(200, 1, 0.5, 0.5), ProsodySettings.defaults().withPitchRange(20, 600)));
        assertTrue(low.getMessage().startsWith("pitch floor 20 Hz needs a window of at least 1600 samples"), low.getMessage());
        GapScopeException high = assertThrows(GapScopeException.class, () -> ProsodyAnalyzer.analyze(
                tone(200, 1, 0.5, 0.5), ProsodySettings.defaults().withPitchRange(75, 5000)));
        assertTrue(high.getMessage().contains("above a quarter of the sample rate"), high.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProsodySettings.defaults().withPitchRange(300, 200));
    }

    @ParameterizedTest
    @CsvSource({"100, yin", "150, yin", "200, yin", "120, mpm", "180, fast-yin"})
    void espeakSpeechOnOnePitchHasThatF0(int pitch, String algorithm) {
        Path wav = EspeakSpeech.monotone(dir, pitch, "the quick brown fox jumps over the lazy dog");
        ProsodyTrack track = ProsodyAnalyzer.analyze(new AudioLoader().load(wav),
                ProsodySettings.defaults().withAlgorithm(PitchAlgorithm.parse(algorithm)));
        double expected = EspeakSpeech.monotoneF0(pitch);
        assertEquals(expected, track.medianF0(), expected * 0.02, "median F0 of espeak-ng monotone " + pitch);
        float[] voiced = track.voicedF0();
        int near = 0;
        for (float f : voiced) {
            if (Math.abs(f - expected) <= expected * 0.05) {
                near++;
            }
        }
        assertTrue(voiced.length >= track.frames() / 3, voiced.length + " of " + track.frames() + " frames voiced");
        assertTrue(near >= voiced.length * 0.9, near + " of " + voiced.length + " voiced frames within 5 %");
    }

    @Test
    void espeakPitchOptionMovesTheMedianF0() {
        String text = "what is the capital of france";
        double low = ProsodyAnalyzer.analyze(new AudioLoader().load(EspeakSpeech.speak(dir, "low", text, "-p", "20")),
                ProsodySettings.defaults()).medianF0();
        double high = ProsodyAnalyzer.analyze(new AudioLoader().load(EspeakSpeech.speak(dir, "high", text, "-p", "80")),
                ProsodySettings.defaults()).medianF0();
        assertTrue(high > low * 1.2, "-p 20: " + low + " Hz, -p 80: " + high + " Hz");
    }
}
