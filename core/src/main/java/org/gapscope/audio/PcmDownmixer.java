package org.gapscope.audio;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads interleaved PCM frames from a stream and averages the channels into mono floats, checking
 * length limits and non-finite samples as it goes. Not a public type: the decoders share it.
 */
final class PcmDownmixer {

    private final String fileName;
    private final SampleEncoding encoding;
    private final boolean bigEndian;
    private final int channels;
    private final int sampleRate;
    private final long maxFrames;
    private final double maxSeconds;

    PcmDownmixer(String fileName, SampleEncoding encoding, boolean bigEndian, int channels, int sampleRate,
            double maxSeconds) {
        this.fileName = fileName;
        this.encoding = encoding;
        this.bigEndian = bigEndian;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.maxSeconds = maxSeconds;
        this.maxFrames = (long) Math.min(Math.floor(maxSeconds * sampleRate), Integer.MAX_VALUE - 8.0);
    }

    /** Throws the "too long" error when {@code frames} is over the limit. */
    void checkLength(long frames) {
        if (frames > maxFrames) {
            throw AudioErrors.tooLong(fileName, frames / (double) sampleRate, maxSeconds);
        }
    }

    /**
     * Reads {@code frames} frames, or up to the end of the stream when {@code frames} is negative.
     * A stream that ends early is reported as truncated.
     */
    float[] read(InputStream in, long frames) throws IOException {
        int frameBytes = channels * encoding.bytes();
        if (frames >= 0) {
            checkLength(frames);
        }
        int capacity = frames >= 0 ? (int) frames : Math.min(1 << 20, (int) Math.min(Integer.MAX_VALUE - 8, maxFrames + 1));
        float[] out = new float[capacity];
        int framesPerBlock = Math.max(1, (1 << 16) / frameBytes);
        byte[] block = new byte[framesPerBlock * frameBytes];
        long count = 0;
        double scale = 1.0 / channels;
        while (frames < 0 || count < frames) {
            int want = frames < 0 ? framesPerBlock : (int) Math.min(framesPerBlock, frames - count);
            int got = in.readNBytes(block, 0, want * frameBytes);
            int whole = got / frameBytes;
            if (frames < 0) {
                checkLength(count + whole);
            }
            if (count + whole > out.length) {
                long grown = Math.min(Math.max(out.length * 2L, count + whole), Integer.MAX_VALUE - 8L);
                out = Arrays.copyOf(out, (int) grown);
            }
            for (int f = 0; f < whole; f++) {
                int base = f * frameBytes;
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    double v = encoding.decode(block, base + c * encoding.bytes(), bigEndian);
                    if (!Double.isFinite(v)) {
                        throw AudioErrors.nonFinite(fileName, v, (count + f) / (double) sampleRate);
                    }
                    sum += v;
                }
                out[(int) (count + f)] = (float) (sum * scale);
            }
            count += whole;
            if (got < want * frameBytes) {
                if (frames >= 0) {
                    throw AudioErrors.truncated(fileName, frames / (double) sampleRate, count / (double) sampleRate);
                }
                break;
            }
        }
        return count == out.length ? out : Arrays.copyOf(out, (int) count);
    }
}
