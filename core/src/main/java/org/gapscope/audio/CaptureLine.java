package org.gapscope.audio;

/**
 * One open, started audio input delivering signed 16-bit little-endian mono PCM: a microphone line,
 * or a fake one in tests. Used by one recording thread only.
 */
public interface CaptureLine extends AutoCloseable {

    /** Samples per second this line delivers. */
    int sampleRate();

    /**
     * Blocks until up to {@code length} bytes are read into {@code buffer}; returns the count read,
     * or -1 when the input has ended.
     *
     * @throws java.io.IOException when the device fails
     */
    int read(byte[] buffer, int offset, int length) throws java.io.IOException;

    /**
     * Stops and releases the device; never throws, may be called more than once and from another
     * thread (a blocked {@link #read} then returns).
     */
    @Override
    void close();
}
