package org.gapscope.audio;

/** Records a clip from an input device, with a live level meter and, if asked, a stop after trailing silence. */
public interface Recorder {

    /**
     * Opens the input and starts recording at once; returns without waiting.
     *
     * @param settings the maximum length, and whether trailing silence stops the recording
     * @param levels   receives a reading every 50 ms, on the recording thread (never the UI
     *                 thread: marshal to it yourself); may be {@code null}
     * @throws org.gapscope.GapScopeException when there is no usable input device
     */
    Recording start(RecordingSettings settings, LevelListener levels);

    /**
     * Starts a recording of at most {@code maxSeconds} that does not stop on silence.
     *
     * @throws IllegalArgumentException when {@code maxSeconds} is not in (0, 3600]
     */
    default Recording start(double maxSeconds, LevelListener levels) {
        return start(RecordingSettings.upTo(maxSeconds), levels);
    }

    /** Receives level-meter readings while recording. */
    @FunctionalInterface
    interface LevelListener {
        /** Called on the recording thread for every block; must return quickly. */
        void onLevel(AudioLevel level);
    }
}
