package org.gapscope.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.gapscope.npy.AtomicFiles;

/**
 * Writes a clip as a 16-bit PCM mono WAV file, atomically (a temporary file in the same folder,
 * then one rename), so a crash never leaves half a recording. Samples outside [-1, 1] are clipped.
 */
public final class WavWriter {

    private WavWriter() {
    }

    /** Writes {@code clip} to {@code path} as 16-bit PCM mono at the clip's rate. */
    public static void writePcm16(AudioClip clip, Path path) {
        AtomicFiles.write(path, out -> writePcm16(clip.samplesView(), clip.sampleRate(), out));
    }

    /** The 16-bit value for a float sample: round(s * 32768), clipped to the 16-bit range. */
    static short toPcm16(float sample) {
        long v = Math.round(sample * 32768.0);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }

    static void writePcm16(float[] samples, int sampleRate, OutputStream out) throws IOException {
        long dataBytes = 2L * samples.length;
        if (dataBytes + 36 > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("too long for a WAV file: " + samples.length + " samples");
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + dataBytes))
                .put(new byte[] {'W', 'A', 'V', 'E'})
                .put(new byte[] {'f', 'm', 't', ' '}).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2)
                .putShort((short) 2).putShort((short) 16)
                .put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) dataBytes);
        out.write(header.array());
        ByteBuffer block = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            if (!block.hasRemaining()) {
                out.write(block.array(), 0, block.position());
                block.clear();
            }
            block.putShort(toPcm16(s));
        }
        out.write(block.array(), 0, block.position());
    }
}
