package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Slowed playback by TarsosDSP's WSOLA: the stretched length, the pitch kept, the timing, the player. */
class TimeStretchTest {

    private static final int RATE = AudioClip.SAMPLE_RATE;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"0.5, 120", "0.75, 120", "0.5, 230", "0.75, 310", "1.5, 180"})
    void theStretchedToneHasTheLengthAskedForAndTheSamePitch(double speed, double hz) {
        AudioClip tone = ProsodyAnalyzerTest.tone(hz, 10, 0.5, 1.2);
        AudioClip slowed = TimeStretch.stretch(tone, speed);
        assertEquals(Math.round(tone.length() / speed), slowed.length());
        ProsodyTrack before = ProsodyAnalyzer.analyze(tone, ProsodySettings.defaults());
        ProsodyTrack after = ProsodyAnalyzer.analyze(slowed, ProsodySettings.defaults());
        assertEquals(before.medianF0(), after.medianF0(), hz * 0.01, "median F0 at " + speed + "x");
        assertTrue(after.voicedFraction() > 0.95, "voiced " + after.voicedFraction());
        for (float f : after.voicedF0()) {
            assertEquals(hz, f, hz * 0.03, "every frame near " + hz + " Hz at " + speed + "x");
        }
    }

    @Test
    void soundStaysWhereItWasInTheStretchedTime() {
        float[] s = new float[3 * RATE];
        float[] burst = ProsodyAnalyzerTest.tone(200, 6, 0.5, 0.5).samples();
        System.arraycopy(burst, 0, s, RATE, burst.length); // sound from 1.0 to 1.5 s
        AudioClip slowed = TimeStretch.stretch(AudioClip.ofSamples(s), 0.5);
        ProsodyTrack levels = ProsodyAnalyzer.analyze(slowed, ProsodySettings.defaults());
        // at half speed the sound lies from 2.0 to 3.0 s (give or take a seek window)
        assertTrue(levels.level(levels.frameAt(1.8)) < -60, "before: " + levels.level(levels.frameAt(1.8)));
        assertTrue(levels.level(levels.frameAt(2.5)) > -20, "during: " + levels.level(levels.frameAt(2.5)));
        assertTrue(levels.level(levels.frameAt(3.2)) < -60, "after: " + levels.level(levels.frameAt(3.2)));
    }

    @Test
    void espeakSpeechSlowedToHalfSpeedKeepsItsPitch() {
        AudioClip speech = new AudioLoader().load(EspeakSpeech.monotone(dir, 150, "where is the lake"));
        AudioClip slowed = TimeStretch.stretch(speech, 0.5);
        assertEquals(Math.round(speech.length() / 0.5), slowed.length());
        double f0 = ProsodyAnalyzer.analyze(slowed, ProsodySettings.defaults()).medianF0();
        assertEquals(EspeakSpeech.monotoneF0(150), f0, 3, "median F0 of the slowed speech");
    }

    @Test
    void speedsOutsideTheRangeAreRefused() {
        AudioClip tone = ProsodyAnalyzerTest.tone(200, 1, 0.5, 0.2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeStretch.stretch(tone, 0.1));
        assertEquals("playback speed must be 0.25 to 2.0, not 0.1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeStretch.stretch(tone, Double.NaN));
        assertEquals(tone.length(), TimeStretch.stretch(tone, 1.0).length());
    }

    @Test
    void theLinePlayerPlaysASlowedStretchAndReportsTimeInTheClip() throws Exception {
        PlaybackTest.FakeOutput out = new PlaybackTest.FakeOutput(RATE, false);
        AudioClip tone = ProsodyAnalyzerTest.tone(180, 8, 0.5, 2.0);
        Playback p = new LinePlayer(rate -> out).play(tone, 0.5, 1.25, 0.5);
        p.finished().get(30, TimeUnit.SECONDS);
        short[] played = out.samples();
        assertEquals(Math.round(0.75 * RATE / 0.5), played.length, "0.75 s played at half speed: 1.5 s");
        assertEquals(1.25, p.positionSeconds(), 1e-9, "the position is in the clip's time");
        float[] heard = new float[played.length];
        for (int i = 0; i < heard.length; i++) {
            heard[i] = played[i] / 32768f;
        }
        assertEquals(180, ProsodyAnalyzer.analyze(AudioClip.ofSamples(heard), ProsodySettings.defaults()).medianF0(), 2);
    }

    @Test
    void anyPlayerSlowsDownByStretchingFirst() throws Exception {
        List<double[]> asked = new ArrayList<>();
        List<AudioClip> given = new ArrayList<>();
        Player player = (clip, from, to) -> {
            asked.add(new double[] {from, to});
            given.add(clip);
            return new Playback() {
                @Override
                public void stop() {
                }

                @Override
                public boolean isPlaying() {
                    return false;
                }

                @Override
                public double positionSeconds() {
                    return to;
                }

                @Override
                public CompletableFuture<Void> finished() {
                    return CompletableFuture.completedFuture(null);
                }
            };
        };
        AudioClip tone = ProsodyAnalyzerTest.tone(180, 8, 0.5, 2.0);
        Playback p = player.play(tone, 1.0, 1.5, 0.75);
        assertEquals(Math.round(0.5 * RATE / 0.75), given.get(0).length());
        assertEquals(0, asked.get(0)[0]);
        assertEquals(given.get(0).durationSeconds(), asked.get(0)[1], 1e-12);
        assertEquals(1.5, p.positionSeconds(), 1e-3, "the end of the stretched clip is the end of the range");
        assertFalse(p.isPlaying());
        player.play(tone, 0, 1, 1.0);
        assertEquals(1, asked.get(1)[1], "normal speed plays the clip itself");
        assertTrue(given.get(1) == tone);
    }
}
