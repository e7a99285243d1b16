package org.gapscope.audio;

/** Records a clip from an input device, with a live level meter. */
public interface Recorder {

    /**
     * Opens the input and starts recording at once; returns without waiting.
     *
     * @param maxSeconds the recording stops by itself after this many seconds
     * @param levels     receives a reading every 50 ms, on the recording thread (never the UI
     *                   thread: marshal to it yourself); may be {@code null}
     * @throws org.gapscope.GapScopeException when there is no usable input device
     */
    Recording start(double maxSeconds, LevelListener levels);

    /** Receives level-meter readings while recording. */
    @FunctionalInterface
    interface LevelListener {
        /** Called on the recording thread for every block; must return quickly. */
        void onLevel(AudioLevel level);
    }
}
