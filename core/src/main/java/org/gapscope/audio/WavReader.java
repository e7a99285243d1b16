package org.gapscope.audio;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A RIFF/WAVE parser: PCM 8/16/24/32-bit, IEEE float 32/64-bit, mu-law and A-law, plain or
 * WAVE_FORMAT_EXTENSIBLE headers, any channel count, chunks in any order before the data. A data
 * chunk of unknown size (0xFFFFFFFF, as streaming writers such as ffmpeg emit) is read to the end.
 */
final class WavReader {

    private static final int FORMAT_PCM = 0x0001;
    private static final int FORMAT_FLOAT = 0x0003;
    private static final int FORMAT_ALAW = 0x0006;
    private static final int FORMAT_MULAW = 0x0007;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
    private static final int MAX_FMT_BYTES = 1 << 16;

    static final int MIN_RATE = 8_000;
    static final int MAX_RATE = 192_000;

    private WavReader() {
    }

    /** Decodes a WAV stream to mono at its own rate; {@code name} is used in messages. */
    static DecodedAudio read(InputStream in, String name, double maxSeconds, String container) throws IOException {
        byte[] header = new byte[12];
        readHeader(in, header, name, "the RIFF header");
        String riff = ascii(header, 0);
        if (riff.equals("RIFX")) {
            throw AudioErrors.of(name, "big-endian WAV (RIFX) is not supported; convert it (sox in.wav out.wav)");
        }
        if (riff.equals("RF64")) {
            throw AudioErrors.of(name, "RF64 WAV is not supported; convert it to a plain WAV (sox in.wav out.wav)");
        }
        if (!riff.equals("RIFF") || !ascii(header, 8).equals("WAVE")) {
            throw AudioErrors.of(name, "not a WAV file: it has no RIFF/WAVE header");
        }
        Format format = null;
        byte[] chunk = new byte[8];
        while (true) {
            int got = in.readNBytes(chunk, 0, 8);
            if (got < 8) {
                if (format == null) {
                    throw AudioErrors.of(name, got == 0 ? "corrupt WAV: no 'fmt ' chunk before the end of the file"
                            : "truncated WAV header (the file ends inside a chunk header)");
                }
                throw AudioErrors.of(name, "corrupt WAV: no 'data' chunk (the file holds no audio)");
            }
            String id = ascii(chunk, 0);
            long size = u32(chunk, 4);
            if (id.equals("fmt ")) {
                if (size < 16 || size > MAX_FMT_BYTES) {
                    throw AudioErrors.of(name, "corrupt WAV header: 'fmt ' chunk of " + size + " bytes (expected 16 to 40)");
                }
                byte[] body = new byte[(int) size];
                readHeader(in, body, name, "the 'fmt ' chunk");
                if ((size & 1) == 1) {
                    skip(in, 1, name, "fmt ");
                }
                format = parseFormat(body, name);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw AudioErrors.of(name, "corrupt WAV: the 'data' chunk comes before the 'fmt ' chunk");
                }
                PcmDownmixer mixer = new PcmDownmixer(name, format.encoding, false, format.channels,
                        format.sampleRate, maxSeconds);
                long frames = size == UNKNOWN_SIZE ? -1 : size / format.blockAlign;
                if (size != UNKNOWN_SIZE && frames == 0) {
                    throw AudioErrors.empty(name);
                }
                float[] mono = mixer.read(in, frames);
                if (mono.length == 0) {
                    throw AudioErrors.empty(name);
                }
                return new DecodedAudio(mono, new SourceFormat(container, format.description(),
                        format.sampleRate, format.channels));
            } else {
                skip(in, size + (size & 1), name, id.strip());
            }
        }
    }

    private record Format(SampleEncoding encoding, int channels, int sampleRate, int blockAlign, String description) {
    }

    private static Format parseFormat(byte[] b, String name) {
        int tag = u16(b, 0);
        int channels = u16(b, 2);
        long rate = u32(b, 4);
        int blockAlign = u16(b, 12);
        int bits = u16(b, 14);
        int validBits = bits;
        if (tag == FORMAT_EXTENSIBLE) {
            if (b.length < 40 || u16(b, 16) < 22) {
                throw AudioErrors.of(name, "corrupt WAV header: WAVE_FORMAT_EXTENSIBLE without its extension");
            }
            validBits = u16(b, 18);
            tag = u16(b, 24); // the first two bytes of the sub-format GUID
            if (validBits == 0) {
                validBits = bits;
            }
        }
        if (channels == 0) {
            throw AudioErrors.of(name, "corrupt WAV header: 0 channels");
        }
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw AudioErrors.of(name, "sample rate of " + rate + " Hz is outside the supported " + MIN_RATE
                    + "-" + MAX_RATE + " Hz; resample it (sox in.wav -r 16000 out.wav)");
        }
        SampleEncoding encoding;
        switch (tag) {
            case FORMAT_PCM:
                encoding = switch (bits) {
                    case 8 -> SampleEncoding.UNSIGNED_8;
                    case 16 -> SampleEncoding.SIGNED_16;
                    case 24 -> SampleEncoding.SIGNED_24;
                    case 32 -> SampleEncoding.SIGNED_32;
                    default -> throw AudioErrors.of(name, bits + "-bit PCM WAV is not supported (8, 16, 24 or 32 bits)");
                };
                break;
            case FORMAT_FLOAT:
                encoding = switch (bits) {
                    case 32 -> SampleEncoding.FLOAT_32;
                    case 64 -> SampleEncoding.FLOAT_64;
                    default -> throw AudioErrors.of(name, bits + "-bit float WAV is not supported (32 or 64 bits)");
                };
                break;
            case FORMAT_MULAW:
            case FORMAT_ALAW:
                if (bits != 8) {
                    throw AudioErrors.of(name, "corrupt WAV header: G.711 with " + bits + " bits per sample");
                }
                encoding = tag == FORMAT_MULAW ? SampleEncoding.MU_LAW : SampleEncoding.A_LAW;
                break;
            default:
                throw AudioErrors.of(name, String.format("unsupported WAV encoding (format tag 0x%04X, e.g. "
                        + "ADPCM or MP3-in-WAV); convert it to PCM (sox in.wav -e signed-integer out.wav)", tag));
        }
        if (blockAlign != channels * encoding.bytes()) {
            throw AudioErrors.of(name, "corrupt WAV header: block size " + blockAlign + " does not fit "
                    + channels + " channel(s) of " + bits + " bits");
        }
        String description = validBits != bits && encoding == SampleEncoding.SIGNED_32
                ? validBits + "-bit PCM (in 32-bit words)" : encoding.description();
        return new Format(encoding, channels, (int) rate, blockAlign, description);
    }

    private static void readHeader(InputStream in, byte[] target, String name, String what) throws IOException {
        int got = in.readNBytes(target, 0, target.length);
        if (got < target.length) {
            if (got == 0 && what.equals("the RIFF header")) {
                throw AudioErrors.of(name, "the file is empty (0 bytes)");
            }
            throw AudioErrors.of(name, "truncated WAV header (the file ends inside " + what + ")");
        }
    }

    private static void skip(InputStream in, long count, String name, String chunk) throws IOException {
        try {
            in.skipNBytes(count);
        } catch (EOFException e) {
            throw AudioErrors.of(name, "truncated WAV: the '" + chunk + "' chunk runs past the end of the file "
                    + "and no 'data' chunk follows");
        }
    }

    private static String ascii(byte[] b, int offset) {
        return new String(b, offset, 4, StandardCharsets.ISO_8859_1);
    }

    private static int u16(byte[] b, int o) {
        return (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8);
    }

    private static long u32(byte[] b, int o) {
        return (b[o] & 0xFFL) | ((b[o + 1] & 0xFFL) << 8) | ((b[o + 2] & 0xFFL) << 16) | ((b[o + 3] & 0xFFL) << 24);
    }
}
