package org.gapscope.audio;

/** Opens a {@link CaptureLine}: the default microphone, or a fake device in tests. */
@FunctionalInterface
public interface CaptureDevice {

    /**
     * Opens and starts the input.
     *
     * @throws org.gapscope.GapScopeException with a one-line reason when there is no usable input
     *         (no microphone is a normal state, not a crash)
     */
    CaptureLine open();
}
