package org.gapscope.audio;

/** Opens a {@link PlaybackLine}: the default speaker, or a fake device in tests. */
@FunctionalInterface
public interface PlaybackDevice {

    /**
     * Opens the output, at {@code preferredRate} when the device supports it.
     *
     * @throws org.gapscope.GapScopeException with a one-line reason when there is no usable output
     */
    PlaybackLine open(int preferredRate);
}
