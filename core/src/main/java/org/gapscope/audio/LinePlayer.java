package org.gapscope.audio;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import org.gapscope.GapScopeException;

/**
 * Plays clips on a {@link PlaybackDevice} from a thread of its own, writing 50 ms blocks so a stop
 * takes effect at once; a slowed playback is time-stretched ({@link TimeStretch}) on that thread, and
 * the clip is resampled if the device runs at another rate.
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
        return play(clip, fromSeconds, toSeconds, 1.0);
    }

    @Override
    public Playback play(AudioClip clip, double fromSeconds, double toSeconds, double speed) {
        if (!(toSeconds >= fromSeconds)) {
            throw new IllegalArgumentException("playback range ends (" + toSeconds + " s) before it starts (" + fromSeconds + " s)");
        }
        TimeStretch.check(speed);
        int from = clip.indexAt(fromSeconds);
        int to = clip.indexAt(toSeconds);
        double start = from / (double) clip.sampleRate();
        float[] part = new float[to - from];
        clip.copySamples(from, part, 0, part.length);
        if (part.length == 0) {
            return Active.finishedAt(start);
        }
        PlaybackLine line = device.open(clip.sampleRate());
        Active playback = new Active(line, part, clip.sampleRate(), speed, start);
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
        private final float[] part;
        private final int clipRate;
        private final double speed;
        private final double startSeconds;
        private final AtomicBoolean stopRequested = new AtomicBoolean();
        private final CompletableFuture<Void> finished = new CompletableFuture<>();
        private volatile boolean playing;
        private volatile double endPosition = Double.NaN;
        private volatile long frames = Long.MAX_VALUE; // frames to play at the line's rate, known once prepared

        private Active(PlaybackLine line, float[] part, int clipRate, double speed, double startSeconds) {
            this.line = line;
            this.part = part;
            this.clipRate = clipRate;
            this.speed = speed;
            this.startSeconds = startSeconds;
            this.playing = line != null;
        }

        static Active finishedAt(double seconds) {
            Active done = new Active(null, new float[0], 1, 1.0, seconds);
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
            return positionAt(line.framesPlayed());
        }

        /** The time in the clip heard after {@code played} frames of the (stretched, resampled) audio. */
        private double positionAt(long played) {
            return startSeconds + Math.min(played, frames) / (double) line.sampleRate() * speed;
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
                float[] stretched = speed == 1.0 ? part : TimeStretch.stretch(part, clipRate, speed);
                float[] samples = line.sampleRate() == clipRate ? stretched
                        : Resampler.resample(stretched, clipRate, line.sampleRate());
                frames = samples.length;
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
                    endPosition = positionAt(line.framesPlayed());
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
