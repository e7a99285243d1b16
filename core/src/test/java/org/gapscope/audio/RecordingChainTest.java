package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The live microphone chain through TarsosDSP's dispatcher, fed by a stand-in input (no device):
 * level meter, stop after trailing silence, and trimming of leading and trailing silence.
 */
class RecordingChainTest {

    private static final int RATE = 16000;

    /** A stand-in microphone: a 300 Hz tone whose amplitude follows a script over time, over faint noise. */
    static final class ScriptedLine implements CaptureLine {
        private final DoubleUnaryOperator amplitude;
        private final double noise;
        private final long totalFrames;
        private final Random random = new Random(11);
        private long position;
        volatile boolean closed;

        ScriptedLine(DoubleUnaryOperator amplitude, double noise, double seconds) {
            this.amplitude = amplitude;
            this.noise = noise;
            this.totalFrames = Math.round(seconds * RATE);
        }

        @Override
        public int sampleRate() {
            return RATE;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= totalFrames) {
                return -1;
            }
            int frames = (int) Math.min(Math.min(length / 2, 257), totalFrames - position); // uneven reads
            for (int i = 0; i < frames; i++) {
                double t = (position + i) / (double) RATE;
                double v = amplitude.applyAsDouble(t) * Math.sin(2 * Math.PI * 300 * t) + noise * random.nextGaussian();
                short s = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
                buffer[offset + 2 * i] = (byte) s;
                buffer[offset + 2 * i + 1] = (byte) (s >> 8);
            }
            position += frames;
            return 2 * frames;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Silent (noise at about -66 dBFS) except a tone at 0.5 from {@code from} to {@code to} seconds. */
    static DoubleUnaryOperator speechBetween(double from, double to) {
        return t -> t >= from && t < to ? 0.5 : 0;
    }

    private static AudioClip record(ScriptedLine line, RecordingSettings settings, List<AudioLevel> levels)
            throws Exception {
        Recording r = new LineRecorder(() -> line).start(settings, levels == null ? null : levels::add);
        AudioClip clip = r.clip().get(30, TimeUnit.SECONDS);
        assertFalse(r.isActive());
        assertTrue(line.closed, "the device is released");
        return clip;
    }

    @Test
    void trailingSilenceStopsTheRecordingWhenAsked() throws Exception {
        ScriptedLine line = new ScriptedLine(speechBetween(0.5, 1.5), 5e-4, 60);
        RecordingSettings settings = new RecordingSettings(30, 2.0, SilenceSettings.defaults());
        Recording r = new LineRecorder(() -> line).start(settings, null);
        AudioClip clip = r.clip().get(30, TimeUnit.SECONDS);
        // sound until 1.5 s, then 2 s of silence: the block that completes 2 s ends the recording
        assertEquals(3.5, clip.durationSeconds(), 0.051);
        assertTrue(r.endedBySilence());
    }

    @Test
    void silenceBeforeAnythingWasSaidDoesNotStopIt() throws Exception {
        ScriptedLine line = new ScriptedLine(speechBetween(3.0, 4.0), 5e-4, 60);
        Recording r = new LineRecorder(() -> line).start(new RecordingSettings(30, 1.0, SilenceSettings.defaults()), null);
        AudioClip clip = r.clip().get(30, TimeUnit.SECONDS);
        assertEquals(5.0, clip.durationSeconds(), 0.051, "3 s of silence first, 1 s of sound, then 1 s of silence");
        assertTrue(r.endedBySilence());
    }

    @Test
    void withoutTheSettingSilenceNeverStopsIt() throws Exception {
        ScriptedLine line = new ScriptedLine(speechBetween(0.5, 1.0), 5e-4, 60);
        Recording r = new LineRecorder(() -> line).start(RecordingSettings.upTo(4), null);
        AudioClip clip = r.clip().get(30, TimeUnit.SECONDS);
        assertEquals(4 * RATE, clip.length(), "stopped by the maximum length only");
        assertFalse(r.endedBySilence());
    }

    @Test
    void noisyInputAboveTheThresholdIsNotSilence() throws Exception {
        // noise only 20 dB below the speech: with the 30 dB default nothing is silent, the maximum length stops it
        ScriptedLine line = new ScriptedLine(speechBetween(0.2, 0.7), 0.035, 60);
        Recording r = new LineRecorder(() -> line).start(new RecordingSettings(3, 1.0, SilenceSettings.defaults()), null);
        assertEquals(3 * RATE, r.clip().get(30, TimeUnit.SECONDS).length());
        assertFalse(r.endedBySilence());
    }

    @Test
    void theLevelMeterFollowsTheInputBlockByBlock() throws Exception {
        List<AudioLevel> levels = new CopyOnWriteArrayList<>();
        record(new ScriptedLine(speechBetween(0.5, 1.0), 0, 60), RecordingSettings.upTo(1.5), levels);
        assertEquals(30, levels.size(), "one reading per 50 ms block");
        assertEquals(0, levels.get(3).rms(), 1e-9, "0.15-0.2 s: silence");
        assertEquals(0.5 / Math.sqrt(2), levels.get(15).rms(), 0.005, "0.75-0.8 s: the tone");
        assertEquals(0.8, levels.get(15).elapsedSeconds(), 1e-9);
        assertEquals(1.5, levels.get(29).elapsedSeconds(), 1e-9);
    }

    @Test
    void trimmingTakesOffLeadingAndTrailingSilenceKeepingTheMargin() throws Exception {
        AudioClip clip = record(new ScriptedLine(speechBetween(1.0, 2.5), 5e-4, 60), RecordingSettings.upTo(4), null);
        SilenceTrimmer.Result result = SilenceTrimmer.trim(clip, SilenceSettings.defaults());
        SilenceTrim trim = result.trim();
        assertEquals(1.0 - 0.15, trim.leadSeconds(), 1e-9);
        assertEquals(4.0 - 2.5 - 0.15, trim.tailSeconds(), 1e-9);
        assertEquals(1.5 + 0.3, result.clip().durationSeconds(), 1e-9);
        assertEquals(4.0, trim.originalSeconds(), 1e-9);
        assertEquals(20 * Math.log10(0.5 / Math.sqrt(2)) - 30, trim.thresholdDbfs(), 0.1);
        assertTrue(trim.trimmedAnything());
        assertEquals("trimmed 0.85 s of silence before and 1.35 s after (below -39 dBFS, 0.15 s kept)", trim.describe());
        // the sound itself is untouched: the trimmed clip starts 0.85 s into the recording
        for (int i = 0; i < result.clip().length(); i += 997) {
            assertEquals(clip.sample(i + (int) Math.round(0.85 * RATE)), result.clip().sample(i));
        }
    }

    @Test
    void aSilentRecordingIsKeptWhole() {
        float[] quiet = new float[RATE];
        AudioClip clip = AudioClip.ofSamples(quiet);
        SilenceTrimmer.Result result = SilenceTrimmer.trim(clip, SilenceSettings.defaults());
        assertEquals(RATE, result.clip().length());
        assertFalse(result.trim().trimmedAnything());
        assertEquals(-60, result.trim().thresholdDbfs(), 1e-9, "the floor: nothing louder was heard");
    }

    @Test
    void soundTouchingBothEndsIsNotTrimmed() {
        AudioClip tone = ProsodyAnalyzerTest.tone(200, 3, 0.4, 1.0);
        SilenceTrimmer.Result result = SilenceTrimmer.trim(tone, SilenceSettings.defaults());
        assertEquals(tone.length(), result.clip().length());
        assertFalse(result.trim().trimmedAnything());
    }

    @Test
    void settingsAreCheckedWithTheFieldNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RecordingSettings(30, -1, SilenceSettings.defaults()));
        assertTrue(e.getMessage().startsWith("silence before stopping"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecordingSettings.upTo(0));
        assertThrows(IllegalArgumentException.class, () -> new SilenceSettings(30, 5, 0.1, 0.01));
    }

    @Test
    void theSilenceGateMeasuresRmsLevelsWhateverTheBlockLength() {
        SilenceGate gate = new SilenceGate();
        for (int n : new int[] {160, 800, 4096}) {
            float[] block = new float[n];
            for (int i = 0; i < n; i++) {
                block[i] = (float) (0.1 * Math.sin(2 * Math.PI * 250 * i / RATE + 0.3));
            }
            double rms = AudioLevel.of(block, n, 0).rmsDbfs();
            assertEquals(rms, gate.levelDbfs(block), 1e-6, n + " samples");
            assertTrue(gate.silent(block, rms + 1), n + " samples, threshold 1 dB above");
            assertFalse(gate.silent(block, rms - 1), n + " samples, threshold 1 dB below");
        }
        assertEquals(ProsodyTrack.LEVEL_FLOOR_DB, gate.levelDbfs(new float[800]));
    }
}
