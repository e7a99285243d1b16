package org.gapscope.audio;

import java.util.concurrent.CompletableFuture;

/** A recording in progress: stop it from any thread; its clip arrives through {@link #clip()}. */
public interface Recording {

    /** Asks the recording to stop after the current block (within 50 ms); safe to call repeatedly, from any thread. */
    void stop();

    /** True until the recording has stopped. */
    boolean isActive();

    /** Seconds recorded so far. */
    double elapsedSeconds();

    /** Whether the recording ended by itself after trailing silence (only once it has ended). */
    default boolean endedBySilence() {
        return false;
    }

    /**
     * Completes with the recorded 16 kHz clip when the recording stops (by {@link #stop()}, at the
     * maximum length, after trailing silence, or when the input ends), or exceptionally with a
     * {@link org.gapscope.GapScopeException} when the device fails or nothing was recorded.
     */
    CompletableFuture<AudioClip> clip();
}
