package org.gapscope.audio;

import java.util.concurrent.CompletableFuture;

/** A playback in progress: stop it from any thread, follow its position for a cursor. */
public interface Playback {

    /** Stops playing as soon as possible; safe to call repeatedly, from any thread. */
    void stop();

    /** True until playing has finished or stopped. */
    boolean isPlaying();

    /** The time in the clip now being heard, in seconds from the clip's start. */
    double positionSeconds();

    /** Completes when playing has finished or stopped; exceptionally with a GapScopeException if the device failed. */
    CompletableFuture<Void> finished();
}
