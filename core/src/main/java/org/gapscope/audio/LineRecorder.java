package org.gapscope.audio;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import org.gapscope.GapScopeException;

import be.tarsos.dsp.AudioDispatcher;
import be.tarsos.dsp.AudioEvent;

/**
 * Records from a {@link CaptureDevice} through TarsosDSP's dispatcher, on a thread of its own, in
 * blocks of 50 ms: a chain of processors keeps the samples, feeds the level meter and, when the
 * settings ask for it, stops the recording after trailing silence (TarsosDSP's silence detector via
 * {@link SilenceGate}). The whole recording becomes a 16 kHz clip (resampled if the device delivered
 * another rate). The stop flag is atomic and read only by the input stream, so the dispatcher is
 * stopped on its own thread; the level listener runs on the recording thread.
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
    public Recording start(RecordingSettings settings, LevelListener levels) {
        CaptureLine line = device.open();
        Active recording = new Active(line, settings, levels);
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
        private final int blockFrames;
        private final RecordingSettings settings;
        private final LevelListener levels;
        private final AtomicBoolean end = new AtomicBoolean();
        private final CompletableFuture<AudioClip> result = new CompletableFuture<>();
        private volatile boolean active = true;
        private volatile boolean endedBySilence;
        private volatile long frames;
        private float[] all;
        private boolean listenerFailed;

        Active(CaptureLine line, RecordingSettings settings, LevelListener levels) {
            this.line = line;
            this.rate = line.sampleRate();
            this.blockFrames = Math.max(1, rate / 20);
            this.settings = settings;
            this.levels = levels;
            long maxFrames = (long) Math.floor(settings.maxSeconds() * rate);
            this.all = new float[(int) Math.max(blockFrames, Math.min(maxFrames, rate * 10L))];
        }

        @Override
        public void stop() {
            end.set(true);
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
        public boolean endedBySilence() {
            return endedBySilence;
        }

        @Override
        public CompletableFuture<AudioClip> clip() {
            return result;
        }

        void run() {
            long maxFrames = (long) Math.floor(settings.maxSeconds() * rate);
            CaptureLineStream stream = new CaptureLineStream(line, end, maxFrames, blockFrames);
            GapScopeException failure = null;
            try {
                AudioDispatcher dispatcher = new AudioDispatcher(stream, blockFrames, 0);
                dispatcher.setZeroPadLastBuffer(false);
                dispatcher.addAudioProcessor((Dispatch.Listener) this::keep);
                dispatcher.addAudioProcessor((Dispatch.Listener) this::meter);
                if (settings.stopsOnSilence()) {
                    dispatcher.addAudioProcessor((Dispatch.Listener) new TrailingSilence()::judge);
                }
                dispatcher.run();
                if (stream.failure() != null) {
                    failure = failed(stream.failure());
                }
            } catch (RuntimeException e) {
                failure = failed(e);
            } finally {
                line.close();
            }
            long count = frames;
            float[] recorded = Arrays.copyOf(all, (int) count);
            all = null;
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

        private GapScopeException failed(Exception e) {
            return new GapScopeException("microphone: recording failed after "
                    + AudioErrors.duration(frames / (double) rate) + " (" + e.getMessage() + ")", e);
        }

        /** Appends the block to the recording. */
        private void keep(AudioEvent event) {
            float[] block = event.getFloatBuffer();
            long count = frames;
            if (count + block.length > all.length) {
                all = Arrays.copyOf(all, (int) Math.max(all.length * 2L, count + block.length));
            }
            System.arraycopy(block, 0, all, (int) count, block.length);
            frames = count + block.length;
        }

        /** Sends the block's level to the listener; a listener that fails is not called again. */
        private void meter(AudioEvent event) {
            float[] block = event.getFloatBuffer();
            if (levels == null || listenerFailed || block.length == 0) {
                return;
            }
            try {
                levels.onLevel(AudioLevel.of(block, block.length, frames / (double) rate));
            } catch (RuntimeException e) {
                listenerFailed = true;
                LOG.log(System.Logger.Level.WARNING, "level listener failed; no more levels for this recording", e);
            }
        }

        /** Ends the recording after {@link RecordingSettings#stopAfterSilenceSeconds()} of silence that follows sound. */
        private final class TrailingSilence {
            private final SilenceGate gate = new SilenceGate();
            private final long stopAfter = Math.round(settings.stopAfterSilenceSeconds() * rate);
            private double loudest = ProsodyTrack.LEVEL_FLOOR_DB;
            private boolean heardSound;
            private long silentFrames;

            void judge(AudioEvent event) {
                float[] block = event.getFloatBuffer();
                loudest = Math.max(loudest, gate.levelDbfs(block));
                if (gate.silent(block, settings.silence().thresholdDbfs(loudest))) {
                    silentFrames += block.length;
                } else {
                    heardSound = true;
                    silentFrames = 0;
                }
                if (heardSound && silentFrames >= stopAfter && !end.get()) {
                    endedBySilence = true;
                    end.set(true);
                }
            }
        }
    }
}
