package org.gapscope.audio;

/**
 * One open audio output taking signed 16-bit little-endian mono PCM: a speaker line, or a fake one
 * in tests. Used by one playback thread only.
 */
public interface PlaybackLine extends AutoCloseable {

    /** Samples per second this line plays. */
    int sampleRate();

    /** Blocks until {@code length} bytes are queued for playing (or the line is stopped). */
    void write(byte[] buffer, int offset, int length) throws java.io.IOException;

    /** Blocks until everything written has been played. */
    void drain();

    /** Frames played so far (for the play cursor). */
    long framesPlayed();

    /**
     * Discards what is queued and releases the device; never throws, may be called more than once
     * and from another thread (a blocked {@link #write} or {@link #drain} then returns).
     */
    @Override
    void close();
}
