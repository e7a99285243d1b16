package org.gapscope.app.desktop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.gapscope.GapScopeException;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLevel;
import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.Playback;
import org.gapscope.audio.Player;
import org.gapscope.audio.Recorder;
import org.gapscope.audio.Recording;
import org.gapscope.audio.RecordingSettings;

/** Audio devices for tests: none at all, or fakes that record a tone and remember what they played. */
public final class TestAudio {

    private TestAudio() {
    }

    /** A machine without microphone or speaker: both say so with Java Sound's one-line messages. */
    public static AudioServices noDevices() {
        return new AudioServices(new AudioLoader(), (max, levels) -> {
            throw new GapScopeException("microphone: no audio input device found; connect a microphone or load an audio file instead");
        }, (clip, from, to) -> {
            throw new GapScopeException("speaker: no audio output device found; connect headphones or speakers to listen");
        });
    }

    /** A 440 Hz tone of {@code seconds} at 16 kHz. */
    public static AudioClip tone(double seconds) {
        float[] s = new float[(int) Math.round(seconds * AudioClip.SAMPLE_RATE)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / AudioClip.SAMPLE_RATE));
        }
        return AudioClip.ofSamples(s);
    }

    /** A recorder that "records" a tone: levels arrive when asked, the clip when stopped. */
    public static final class FakeRecorder implements Recorder {
        public final List<Double> maxSeconds = new ArrayList<>();
        public final List<RecordingSettings> settings = new ArrayList<>();
        public FakeRecording last;

        @Override
        public Recording start(RecordingSettings asked, LevelListener levels) {
            maxSeconds.add(asked.maxSeconds());
            settings.add(asked);
            last = new FakeRecording(levels);
            return last;
        }
    }

    /** A recording in progress that the test drives. */
    public static final class FakeRecording implements Recording {
        private final Recorder.LevelListener levels;
        private final CompletableFuture<AudioClip> clip = new CompletableFuture<>();
        private volatile boolean endedBySilence;

        FakeRecording(Recorder.LevelListener levels) {
            this.levels = levels;
        }

        /** Sends one level reading as the recording thread would. */
        public void level(double rms, double elapsed) {
            levels.onLevel(new AudioLevel(rms, rms * 1.4, elapsed));
        }

        @Override
        public void stop() {
            clip.complete(tone(1.5));
        }

        /** Ends the recording with {@code take}, as if trailing silence had stopped it when {@code bySilence}. */
        public void finish(AudioClip take, boolean bySilence) {
            endedBySilence = bySilence;
            clip.complete(take);
        }

        @Override
        public boolean endedBySilence() {
            return endedBySilence;
        }

        /** Ends the recording with a device failure. */
        public void fail(String message) {
            clip.completeExceptionally(new GapScopeException(message));
        }

        @Override
        public boolean isActive() {
            return !clip.isDone();
        }

        @Override
        public double elapsedSeconds() {
            return 0;
        }

        @Override
        public CompletableFuture<AudioClip> clip() {
            return clip;
        }
    }

    /** A player that remembers the ranges asked for; each playback runs until stopped. */
    public static final class FakePlayer implements Player {
        public final List<double[]> played = new ArrayList<>();
        public final List<AudioClip> clips = new ArrayList<>();

        @Override
        public Playback play(AudioClip clip, double fromSeconds, double toSeconds) {
            played.add(new double[] {fromSeconds, toSeconds});
            clips.add(clip);
            CompletableFuture<Void> done = new CompletableFuture<>();
            return new Playback() {
                @Override
                public void stop() {
                    done.complete(null);
                }

                @Override
                public boolean isPlaying() {
                    return !done.isDone();
                }

                @Override
                public double positionSeconds() {
                    return fromSeconds;
                }

                @Override
                public CompletableFuture<Void> finished() {
                    return done;
                }
            };
        }
    }
}
