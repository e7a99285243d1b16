package org.gapscope.audio;

/** Plays clips, whole or a time range (e.g. the stretch under a clicked heatmap cell). */
public interface Player {

    /**
     * Starts playing [fromSeconds, toSeconds) of {@code clip} (clamped to the clip); returns without waiting.
     *
     * @throws org.gapscope.GapScopeException when there is no usable output device
     */
    Playback play(AudioClip clip, double fromSeconds, double toSeconds);

    /** Starts playing the whole clip. */
    default Playback play(AudioClip clip) {
        return play(clip, 0, clip.durationSeconds());
    }
}
