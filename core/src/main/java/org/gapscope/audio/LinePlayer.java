package org.gapscope.audio;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import org.gapscope.GapScopeException;

/**
 * Plays clips on a {@link PlaybackDevice} from a thread of its own, writing 50 ms blocks so a stop
 * takes effect at once; the clip is resampled if the device runs at another rate.
 */
public final class LinePlayer implements Player {

    private final PlaybackDevice device;
    private final ThreadFactory threads;

    /** A player on {@code device}, playing on a new daemon thread each time. */
    public LinePlayer(PlaybackDevice device) {
        this(device, runnable -> {
            Thread t = new Thread(runnable, "gapscope-player");
            t.setDaemon(true);
            return t;
        });
    }

    /** A player on {@code device}, playing on threads from {@code threads}. */
    public LinePlayer(PlaybackDevice device, ThreadFactory threads) {
        this.device = device;
        this.threads = threads;
    }

    @Override
    public Playback play(AudioClip clip, double fromSeconds, double toSeconds) {
        if (!(toSeconds >= fromSeconds)) {
            throw new IllegalArgumentException("playback range ends (" + toSeconds + " s) before it starts (" + fromSeconds + " s)");
        }
        int from = clip.indexAt(fromSeconds);
        int to = clip.indexAt(toSeconds);
        double start = from / (double) clip.sampleRate();
        float[] part = new float[to - from];
        clip.copySamples(from, part, 0, part.length);
        if (part.length == 0) {
            return Active.finishedAt(start);
        }
        PlaybackLine line = device.open(clip.sampleRate());
        float[] samples = line.sampleRate() == clip.sampleRate() ? part
                : Resampler.resample(part, clip.sampleRate(), line.sampleRate());
        Active playback = new Active(line, samples, start);
        try {
            threads.newThread(playback::run).start();
        } catch (RuntimeException e) {
            line.close();
            throw e;
        }
        return playback;
    }

    /** One playback, owned by its thread. */
    private static final class Active implements Playback {
        private final PlaybackLine line;
        private final float[] samples;
        private final double startSeconds;
        private final AtomicBoolean stopRequested = new AtomicBoolean();
        private final CompletableFuture<Void> finished = new CompletableFuture<>();
        private volatile boolean playing;
        private volatile double endPosition = Double.NaN;

        private Active(PlaybackLine line, float[] samples, double startSeconds) {
            this.line = line;
            this.samples = samples;
            this.startSeconds = startSeconds;
            this.playing = line != null;
        }

        static Active finishedAt(double seconds) {
            Active done = new Active(null, new float[0], seconds);
            done.endPosition = seconds;
            done.finished.complete(null);
            return done;
        }

        @Override
        public void stop() {
            if (stopRequested.compareAndSet(false, true) && line != null) {
                endPosition = positionSeconds(); // before closing: a closed line forgets its position
                line.close(); // unblocks a write or drain in progress
            }
        }

        @Override
        public boolean isPlaying() {
            return playing;
        }

        @Override
        public double positionSeconds() {
            double end = endPosition;
            if (!Double.isNaN(end)) {
                return end;
            }
            long played = Math.min(line.framesPlayed(), samples.length);
            return startSeconds + played / (double) line.sampleRate();
        }

        @Override
        public CompletableFuture<Void> finished() {
            return finished;
        }

        void run() {
            int blockFrames = Math.max(1, line.sampleRate() / 20);
            byte[] bytes = new byte[blockFrames * 2];
            GapScopeException failure = null;
            try {
                for (int offset = 0; offset < samples.length && !stopRequested.get(); offset += blockFrames) {
                    int n = Math.min(blockFrames, samples.length - offset);
                    for (int i = 0; i < n; i++) {
                        short s = WavWriter.toPcm16(samples[offset + i]);
                        bytes[2 * i] = (byte) s;
                        bytes[2 * i + 1] = (byte) (s >> 8);
                    }
                    line.write(bytes, 0, 2 * n);
                }
                if (!stopRequested.get()) {
                    line.drain();
                }
            } catch (IOException | RuntimeException e) {
                if (!stopRequested.get()) {
                    failure = new GapScopeException("speaker: playback failed (" + e.getMessage() + ")", e);
                }
            } finally {
                if (Double.isNaN(endPosition)) {
                    endPosition = startSeconds + Math.min(line.framesPlayed(), samples.length) / (double) line.sampleRate();
                }
                line.close();
                playing = false;
            }
            if (failure != null) {
                finished.completeExceptionally(failure);
            } else {
                finished.complete(null);
            }
        }
    }
}
