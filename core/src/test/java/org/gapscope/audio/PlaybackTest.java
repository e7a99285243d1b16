package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;

/** Playback logic against fake output lines. */
class PlaybackTest {

    /** Collects what is written; optionally blocks each write until closed. */
    static final class FakeOutput implements PlaybackLine {
        final int rate;
        final boolean blockUntilClosed;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicLong frames = new AtomicLong();
        final AtomicBoolean closed = new AtomicBoolean();
        final CountDownLatch firstWrite = new CountDownLatch(1);
        final CountDownLatch closedLatch = new CountDownLatch(1);

        FakeOutput(int rate, boolean blockUntilClosed) {
            this.rate = rate;
            this.blockUntilClosed = blockUntilClosed;
        }

        @Override
        public int sampleRate() {
            return rate;
        }

        @Override
        public synchronized void write(byte[] buffer, int offset, int length) {
            written.write(buffer, offset, length);
            frames.addAndGet(length / 2);
            firstWrite.countDown();
            if (blockUntilClosed) {
                try {
                    closedLatch.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void drain() {
        }

        @Override
        public long framesPlayed() {
            return frames.get();
        }

        @Override
        public void close() {
            closed.set(true);
            closedLatch.countDown();
        }

        short[] samples() {
            byte[] b = written.toByteArray();
            short[] out = new short[b.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = (short) ((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8));
            }
            return out;
        }
    }

    private static AudioClip ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i % 1000) / 1000f - 0.5f;
        }
        return AudioClip.ofSamples(x);
    }

    @Test
    void playsTheWholeClip() throws Exception {
        FakeOutput out = new FakeOutput(16000, false);
        AudioClip clip = ramp(16000);
        Playback p = new LinePlayer(rate -> out).play(clip);
        p.finished().get(30, TimeUnit.SECONDS);
        assertFalse(p.isPlaying());
        assertTrue(out.closed.get());
        short[] played = out.samples();
        assertEquals(16000, played.length);
        for (int i = 0; i < played.length; i++) {
            assertEquals(WavWriter.toPcm16(clip.sample(i)), played[i]);
        }
        assertEquals(1.0, p.positionSeconds(), 1e-9);
    }

    @Test
    void playsATimeRange() throws Exception {
        FakeOutput out = new FakeOutput(16000, false);
        AudioClip clip = ramp(16000);
        Playback p = new LinePlayer(rate -> out).play(clip, 0.25, 0.5);
        p.finished().get(30, TimeUnit.SECONDS);
        short[] played = out.samples();
        assertEquals(4000, played.length);
        assertEquals(WavWriter.toPcm16(clip.sample(4000)), played[0]);
        assertEquals(WavWriter.toPcm16(clip.sample(7999)), played[3999]);
        assertEquals(0.5, p.positionSeconds(), 1e-9);
    }

    @Test
    void rangesAreClampedAndEmptyRangesFinishAtOnce() throws Exception {
        FakeOutput out = new FakeOutput(16000, false);
        AudioClip clip = ramp(1600);
        new LinePlayer(rate -> out).play(clip, -1, 5).finished().get(30, TimeUnit.SECONDS);
        assertEquals(1600, out.samples().length);
        Playback empty = new LinePlayer(rate -> {
            throw new AssertionError("no device needed for nothing");
        }).play(clip, 0.05, 0.05);
        assertTrue(empty.finished().isDone());
        assertFalse(empty.isPlaying());
        assertThrows(IllegalArgumentException.class, () -> new LinePlayer(rate -> out).play(clip, 0.5, 0.1));
    }

    @Test
    void stopFromAnotherThreadUnblocksAndFinishes() throws Exception {
        FakeOutput out = new FakeOutput(16000, true);
        Playback p = new LinePlayer(rate -> out).play(ramp(160000));
        assertTrue(out.firstWrite.await(30, TimeUnit.SECONDS));
        assertTrue(p.isPlaying());
        p.stop();
        p.finished().get(30, TimeUnit.SECONDS);
        assertFalse(p.isPlaying());
        assertTrue(out.closed.get());
        assertEquals(800, out.samples().length, "only the first 50 ms block was written");
        assertEquals(0.05, p.positionSeconds(), 1e-9);
    }

    @Test
    void otherDeviceRatesGetResampledAudio() throws Exception {
        FakeOutput out = new FakeOutput(48000, false);
        new LinePlayer(rate -> out).play(ramp(16000)).finished().get(30, TimeUnit.SECONDS);
        assertEquals(48000, out.samples().length);
    }

    @Test
    void noSpeakerIsAMessage() {
        Player player = new LinePlayer(rate -> {
            throw new GapScopeException("speaker: no audio output device found; connect headphones or speakers to listen");
        });
        GapScopeException e = assertThrows(GapScopeException.class, () -> player.play(ramp(1600)));
        assertTrue(e.getMessage().startsWith("speaker: "));
    }
}
