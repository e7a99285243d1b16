package org.gapscope.audio;

/**
 * Plays clips, whole or a time range (e.g. the stretch under a clicked heatmap cell), at normal speed
 * or slowed down with the pitch kept ({@link TimeStretch}).
 */
public interface Player {

    /**
     * Starts playing [fromSeconds, toSeconds) of {@code clip} (clamped to the clip); returns without waiting.
     *
     * @throws org.gapscope.GapScopeException when there is no usable output device
     */
    Playback play(AudioClip clip, double fromSeconds, double toSeconds);

    /**
     * Starts playing [fromSeconds, toSeconds) of {@code clip} at {@code speed} (0.5 = half speed) with
     * its pitch kept; the playback's position is in the clip's own time. This default stretches on the
     * calling thread and plays the stretched audio; {@link LinePlayer} stretches on its playback thread.
     *
     * @throws org.gapscope.GapScopeException when there is no usable output device
     * @throws IllegalArgumentException when the speed is outside [0.25, 2]
     */
    default Playback play(AudioClip clip, double fromSeconds, double toSeconds, double speed) {
        TimeStretch.check(speed);
        if (speed == 1.0) {
            return play(clip, fromSeconds, toSeconds);
        }
        AudioClip part = clip.slice(fromSeconds, toSeconds);
        double start = clip.indexAt(fromSeconds) / (double) clip.sampleRate();
        AudioClip slowed = TimeStretch.stretch(part, speed);
        Playback inner = play(slowed, 0, slowed.durationSeconds());
        return new Playback() {
            @Override
            public void stop() {
                inner.stop();
            }

            @Override
            public boolean isPlaying() {
                return inner.isPlaying();
            }

            @Override
            public double positionSeconds() {
                return start + inner.positionSeconds() * speed;
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> finished() {
                return inner.finished();
            }
        };
    }

    /** Starts playing the whole clip. */
    default Playback play(AudioClip clip) {
        return play(clip, 0, clip.durationSeconds());
    }
}
