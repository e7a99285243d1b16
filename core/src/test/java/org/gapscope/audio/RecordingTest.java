package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording logic against fake input lines: levels, stop, maximum length, failures. */
class RecordingTest {

    /** A fake input: a sine of the given amplitude, endless or of a fixed length, in uneven reads. */
    static final class FakeLine implements CaptureLine {
        final int rate;
        final double amplitude;
        final long totalFrames; // -1: endless
        final long failAfterFrames; // -1: never
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicInteger closeCalls = new AtomicInteger();
        long position;

        FakeLine(int rate, double amplitude, long totalFrames, long failAfterFrames) {
            this.rate = rate;
            this.amplitude = amplitude;
            this.totalFrames = totalFrames;
            this.failAfterFrames = failAfterFrames;
        }

        @Override
        public int sampleRate() {
            return rate;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (failAfterFrames >= 0 && position >= failAfterFrames) {
                throw new IOException("device unplugged");
            }
            if (totalFrames >= 0 && position >= totalFrames) {
                return -1;
            }
            // deliver at most 333 frames per call, so the recorder must assemble blocks
            int frames = (int) Math.min(Math.min(length / 2, 333), totalFrames < 0 ? Long.MAX_VALUE : totalFrames - position);
            for (int i = 0; i < frames; i++) {
                short s = (short) Math.round(amplitude * Math.sin(2 * Math.PI * 500 * (position + i) / rate) * 32767);
                buffer[offset + 2 * i] = (byte) s;
                buffer[offset + 2 * i + 1] = (byte) (s >> 8);
            }
            position += frames;
            return 2 * frames;
        }

        @Override
        public void close() {
            closed.set(true);
            closeCalls.incrementAndGet();
        }
    }

    private static AudioClip await(Recording r) throws Exception {
        return r.clip().get(30, TimeUnit.SECONDS);
    }

    @Test
    void stopsAtTheMaximumLengthAndReportsLevels() throws Exception {
        FakeLine line = new FakeLine(16000, 0.5, -1, -1);
        List<AudioLevel> levels = new CopyOnWriteArrayList<>();
        Recording r = new LineRecorder(() -> line).start(1.0, levels::add);
        AudioClip clip = await(r);
        assertEquals(16000, clip.length(), "exactly the maximum length");
        assertEquals("microphone", clip.sourceFormat().container());
        assertFalse(r.isActive());
        assertEquals(1.0, r.elapsedSeconds(), 1e-9);
        assertTrue(line.closed.get(), "the device is released");
        assertEquals(20, levels.size(), "one reading per 50 ms");
        for (AudioLevel level : levels) {
            assertEquals(0.5 / Math.sqrt(2), level.rms(), 0.01);
            assertEquals(0.5, level.peak(), 0.01);
            assertFalse(level.clipped());
        }
        assertEquals(1.0, levels.get(levels.size() - 1).elapsedSeconds(), 1e-9);
        assertEquals(-9.03, levels.get(0).rmsDbfs(), 0.1);
    }

    @Test
    void stopFromAnotherThreadEndsTheRecording() throws Exception {
        FakeLine line = new FakeLine(16000, 0.25, -1, -1);
        CountDownLatch started = new CountDownLatch(3);
        Recording r = new LineRecorder(() -> line).start(600, level -> started.countDown());
        assertTrue(started.await(30, TimeUnit.SECONDS));
        assertTrue(r.isActive() || r.clip().isDone());
        r.stop();
        r.stop(); // idempotent
        AudioClip clip = await(r);
        assertTrue(clip.length() >= 3 * 800, "at least the blocks metered: " + clip.length());
        assertEquals(0, clip.length() % 800, "whole 50 ms blocks");
        assertTrue(line.closed.get());
    }

    @Test
    void inputEndingEarlyGivesWhatWasRecorded() throws Exception {
        FakeLine line = new FakeLine(16000, 0.5, 12345, -1);
        AudioClip clip = await(new LineRecorder(() -> line).start(10, null));
        assertEquals(12345, clip.length());
        double[] fit = TestWavs.fitSine(clip.samples(), 500, 16000, 0, 12345);
        assertEquals(0.5, Math.hypot(fit[0], fit[1]), 1e-3);
    }

    @Test
    void otherDeviceRatesAreResampledTo16kHz() throws Exception {
        FakeLine line = new FakeLine(48000, 0.5, -1, -1);
        AudioClip clip = await(new LineRecorder(() -> line).start(0.5, null));
        assertEquals(8000, clip.length());
        assertEquals(48000, clip.sourceFormat().sampleRate());
        double[] fit = TestWavs.fitSine(clip.samples(), 500, 16000, 1000, 7000);
        assertEquals(0.5, Math.hypot(fit[0], fit[1]), 1e-3);
    }

    @Test
    void deviceFailureCompletesExceptionallyWithOneLine() {
        FakeLine line = new FakeLine(16000, 0.5, -1, 4000);
        Recording r = new LineRecorder(() -> line).start(10, null);
        ExecutionException e = assertThrows(ExecutionException.class, () -> r.clip().get(30, TimeUnit.SECONDS));
        GapScopeException cause = assertInstanceOf(GapScopeException.class, e.getCause());
        assertTrue(cause.getMessage().startsWith("microphone: recording failed"), cause.getMessage());
        assertTrue(cause.getMessage().contains("device unplugged"), cause.getMessage());
        assertTrue(line.closed.get());
    }

    @Test
    void nothingRecordedIsAClearError() {
        FakeLine line = new FakeLine(16000, 0.5, 0, -1);
        Recording r = new LineRecorder(() -> line).start(10, null);
        ExecutionException e = assertThrows(ExecutionException.class, () -> r.clip().get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("nothing was recorded"), e.getCause().getMessage());
    }

    @Test
    void aFailingLevelListenerDoesNotStopTheRecording() throws Exception {
        FakeLine line = new FakeLine(16000, 0.5, -1, -1);
        AtomicInteger calls = new AtomicInteger();
        AudioClip clip = await(new LineRecorder(() -> line).start(0.5, level -> {
            calls.incrementAndGet();
            throw new IllegalStateException("UI touched from the wrong thread");
        }));
        assertEquals(8000, clip.length());
        assertEquals(1, calls.get(), "not called again after it failed");
    }

    @Test
    void noMicrophoneIsAMessageAtStart() {
        Recorder recorder = new LineRecorder(() -> {
            throw new GapScopeException("microphone: no audio input device found; connect a microphone or load an audio file instead");
        });
        GapScopeException e = assertThrows(GapScopeException.class, () -> recorder.start(10, null));
        assertTrue(e.getMessage().startsWith("microphone: "));
    }

    @Test
    void recordingSavesAsSixteenBitWavAndLoadsBack(@TempDir Path dir) throws Exception {
        FakeLine line = new FakeLine(16000, 0.5, 8000, -1);
        AudioClip clip = await(new LineRecorder(() -> line).start(10, null));
        Path file = dir.resolve("take1.wav");
        WavWriter.writePcm16(clip, file);
        AudioClip back = new AudioLoader().load(file);
        assertEquals("WAV, 16-bit PCM, 16000 Hz, mono", back.sourceFormat().describe());
        assertEquals(clip.length(), back.length());
        for (int i = 0; i < clip.length(); i++) {
            assertEquals(clip.sample(i), back.sample(i), 1.0 / 32768, "sample " + i);
        }
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
