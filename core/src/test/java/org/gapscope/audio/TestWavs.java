package org.gapscope.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;

/** Builds WAV files byte by byte for tests, in any encoding and header style, good or broken. */
final class TestWavs {

    private TestWavs() {
    }

    /** Samples of f(t) at {@code rate} for {@code seconds}. */
    static double[] signal(int rate, double seconds, DoubleUnaryOperator f) {
        int n = (int) Math.round(rate * seconds);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = f.applyAsDouble(i / (double) rate);
        }
        return out;
    }

    static DoubleUnaryOperator sine(double hz, double amplitude) {
        return t -> amplitude * Math.sin(2 * Math.PI * hz * t);
    }

    /** The encoded bytes of one sample, little-endian. */
    static byte[] encode(SampleEncoding encoding, double v) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        switch (encoding) {
            case UNSIGNED_8 -> b.put((byte) (Math.max(0, Math.min(255, Math.round(v * 128) + 128))));
            case SIGNED_16 -> b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
            case SIGNED_24 -> {
                int x = (int) Math.max(-8388608, Math.min(8388607, Math.round(v * 8388608)));
                b.put((byte) x).put((byte) (x >> 8)).put((byte) (x >> 16));
            }
            case SIGNED_32 -> b.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(v * 2147483648.0))));
            case FLOAT_32 -> b.putFloat((float) v);
            case FLOAT_64 -> b.putDouble(v);
            default -> throw new IllegalArgumentException(encoding.toString());
        }
        byte[] out = new byte[encoding.bytes()];
        b.flip();
        b.get(out);
        return out;
    }

    /** Interleaved sample bytes of the given channels (all the same length). */
    static byte[] interleave(SampleEncoding encoding, double[]... channels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < channels[0].length; i++) {
            for (double[] channel : channels) {
                out.writeBytes(encode(encoding, channel[i]));
            }
        }
        return out.toByteArray();
    }

    /** A 'fmt ' chunk body: plain (16 bytes, or 18 for float) or WAVE_FORMAT_EXTENSIBLE (40 bytes). */
    static byte[] fmt(int formatTag, int channels, int rate, int containerBits, int validBits, boolean extensible) {
        ByteBuffer b = ByteBuffer.allocate(extensible ? 40 : 16).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * containerBits / 8;
        b.putShort((short) (extensible ? 0xFFFE : formatTag)).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) containerBits);
        if (extensible) {
            b.putShort((short) 22).putShort((short) validBits).putInt(channels == 2 ? 3 : 0)
                    .putShort((short) formatTag)
                    .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        return b.array();
    }

    static int tagOf(SampleEncoding encoding) {
        return encoding.isFloat() ? 3 : 1;
    }

    /** A chunk: id, little-endian size, body, pad byte when odd. */
    static byte[] chunk(String id, byte[] body) {
        return chunk(id, body.length, body);
    }

    /** A chunk whose size field says {@code declaredSize} whatever the body holds. */
    static byte[] chunk(String id, long declaredSize, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) declaredSize).put(body);
        return b.array();
    }

    /** A RIFF/WAVE file of the given chunks. */
    static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            body.writeBytes(c);
        }
        byte[] b = body.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(8 + b.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(b.length).put(b);
        return out.array();
    }

    /** A well-formed WAV of the channels in the encoding. */
    static byte[] wav(SampleEncoding encoding, int rate, boolean extensible, double[]... channels) {
        int bits = encoding.bytes() * 8;
        return riff(chunk("fmt ", fmt(tagOf(encoding), channels.length, rate, bits, bits, extensible)),
                chunk("data", interleave(encoding, channels)));
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** Amplitude and phase fit of a sinusoid at {@code hz} over samples [from, to) at 16 kHz. */
    static double[] fitSine(float[] x, double hz, int rate, int from, int to) {
        double ss = 0;
        double sc = 0;
        double cc = 0;
        double xs = 0;
        double xc = 0;
        for (int i = from; i < to; i++) {
            double s = Math.sin(2 * Math.PI * hz * i / rate);
            double c = Math.cos(2 * Math.PI * hz * i / rate);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            xs += x[i] * s;
            xc += x[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (xs * cc - xc * sc) / det;
        double b = (xc * ss - xs * sc) / det;
        return new double[] {a, b};
    }

    /** RMS of x[from, to). */
    static double rms(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }
}
