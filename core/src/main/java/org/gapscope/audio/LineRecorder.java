package org.gapscope.audio;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import org.gapscope.GapScopeException;

/**
 * Records from a {@link CaptureDevice} on a thread of its own, in blocks of 50 ms: each block feeds
 * the level meter, the whole recording becomes a 16 kHz clip (resampled if the device delivered
 * another rate). Stop flags are atomic; the listener runs on the recording thread.
 */
public final class LineRecorder implements Recorder {

    private static final System.Logger LOG = System.getLogger(LineRecorder.class.getName());

    private final CaptureDevice device;
    private final ThreadFactory threads;

    /** A recorder on {@code device}, recording on a new daemon thread each time. */
    public LineRecorder(CaptureDevice device) {
        this(device, runnable -> {
            Thread t = new Thread(runnable, "gapscope-recorder");
            t.setDaemon(true);
            return t;
        });
    }

    /** A recorder on {@code device}, recording on threads from {@code threads}. */
    public LineRecorder(CaptureDevice device, ThreadFactory threads) {
        this.device = device;
        this.threads = threads;
    }

    @Override
    public Recording start(double maxSeconds, LevelListener levels) {
        if (!(maxSeconds > 0) || maxSeconds > AudioLoader.DEFAULT_MAX_SECONDS * 6) {
            throw new IllegalArgumentException("maximum recording length must be in (0, 3600] s: " + maxSeconds);
        }
        CaptureLine line = device.open();
        Active recording = new Active(line, maxSeconds, levels);
        try {
            threads.newThread(recording::run).start();
        } catch (RuntimeException e) {
            line.close();
            throw e;
        }
        return recording;
    }

    /** One recording, owned by its thread. */
    private static final class Active implements Recording {
        private final CaptureLine line;
        private final int rate;
        private final long maxFrames;
        private final LevelListener levels;
        private final AtomicBoolean stopRequested = new AtomicBoolean();
        private final CompletableFuture<AudioClip> result = new CompletableFuture<>();
        private volatile boolean active = true;
        private volatile long frames;

        Active(CaptureLine line, double maxSeconds, LevelListener levels) {
            this.line = line;
            this.rate = line.sampleRate();
            this.maxFrames = (long) Math.floor(maxSeconds * rate);
            this.levels = levels;
        }

        @Override
        public void stop() {
            stopRequested.set(true);
        }

        @Override
        public boolean isActive() {
            return active;
        }

        @Override
        public double elapsedSeconds() {
            return frames / (double) rate;
        }

        @Override
        public CompletableFuture<AudioClip> clip() {
            return result;
        }

        void run() {
            int blockFrames = Math.max(1, rate / 20);
            byte[] bytes = new byte[blockFrames * 2];
            float[] block = new float[blockFrames];
            float[] all = new float[Math.max(blockFrames, (int) Math.min(maxFrames, rate * 10L))];
            long count = 0;
            GapScopeException failure = null;
            boolean listenerFailed = false;
            try {
                boolean ended = false;
                while (!ended && !stopRequested.get() && count < maxFrames) {
                    int want = (int) Math.min(blockFrames, maxFrames - count) * 2;
                    int got = 0;
                    while (got < want) {
                        int n = line.read(bytes, got, want - got);
                        if (n < 0) {
                            ended = true;
                            break;
                        }
                        got += n;
                        if (n == 0 && stopRequested.get()) {
                            break;
                        }
                    }
                    int samples = got / 2;
                    for (int i = 0; i < samples; i++) {
                        block[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8)) / 32768f;
                    }
                    if (count + samples > all.length) {
                        all = Arrays.copyOf(all, (int) Math.min(maxFrames, Math.max(all.length * 2L, count + samples)));
                    }
                    System.arraycopy(block, 0, all, (int) count, samples);
                    count += samples;
                    frames = count;
                    if (levels != null && samples > 0 && !listenerFailed) {
                        try {
                            levels.onLevel(AudioLevel.of(block, samples, count / (double) rate));
                        } catch (RuntimeException e) {
                            listenerFailed = true;
                            LOG.log(System.Logger.Level.WARNING, "level listener failed; no more levels for this recording", e);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                failure = new GapScopeException("microphone: recording failed after "
                        + AudioErrors.duration(count / (double) rate) + " (" + e.getMessage() + ")", e);
            } finally {
                line.close();
            }
            float[] recorded = Arrays.copyOf(all, (int) count);
            active = false;
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (count == 0) {
                result.completeExceptionally(new GapScopeException(
                        "microphone: nothing was recorded (stopped before any audio arrived)"));
            } else {
                float[] at16k = Resampler.resample(recorded, rate, AudioClip.SAMPLE_RATE);
                result.complete(AudioClip.wrap(at16k, AudioClip.SAMPLE_RATE,
                        new SourceFormat("microphone", "16-bit PCM", rate, 1), null));
            }
        }
    }
}
