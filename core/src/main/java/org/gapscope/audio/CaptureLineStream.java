package org.gapscope.audio;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import be.tarsos.dsp.io.TarsosDSPAudioFormat;
import be.tarsos.dsp.io.TarsosDSPAudioInputStream;

/**
 * A {@link CaptureLine} as TarsosDSP's input stream (16-bit signed little-endian mono). It ends the
 * stream itself, so that TarsosDSP's dispatcher finishes on its own thread: at a block boundary once
 * {@code end} is set (from any thread: it is atomic, unlike the dispatcher's own stop flag), after
 * {@code maxFrames}, or when the line ends. A device error is kept for the caller and ends the stream,
 * so the dispatcher never sees it (it would throw {@code java.lang.Error}).
 */
final class CaptureLineStream implements TarsosDSPAudioInputStream {

    private final CaptureLine line;
    private final AtomicBoolean end;
    private final long maxBytes;
    private final int blockBytes;
    private final TarsosDSPAudioFormat format;
    private long delivered;
    private volatile Exception failure;

    CaptureLineStream(CaptureLine line, AtomicBoolean end, long maxFrames, int blockFrames) {
        this.line = line;
        this.end = end;
        this.maxBytes = maxFrames * 2;
        this.blockBytes = blockFrames * 2;
        this.format = new TarsosDSPAudioFormat(line.sampleRate(), 16, 1, true, false);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (delivered >= maxBytes || failure != null || (delivered % blockBytes == 0 && end.get())) {
            return -1;
        }
        int n;
        try {
            n = line.read(buffer, offset, (int) Math.min(length, maxBytes - delivered));
        } catch (IOException | RuntimeException e) {
            failure = e;
            return -1;
        }
        if (n < 0 || (n == 0 && end.get())) {
            return -1;
        }
        delivered += n;
        return n;
    }

    /** The device error that ended the stream, or null. */
    Exception failure() {
        return failure;
    }

    @Override
    public long skip(long bytes) {
        return 0; // a live input is never skipped
    }

    @Override
    public void close() {
        line.close();
    }

    @Override
    public TarsosDSPAudioFormat getFormat() {
        return format;
    }

    @Override
    public long getFrameLength() {
        return -1;
    }
}
