package org.gapscope.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import org.gapscope.GapScopeException;

/**
 * Loads an audio file as a 16 kHz mono {@link AudioClip}: WAV (own parser), AIFF and AU (Java
 * Sound), MP3/FLAC/Ogg/Opus/M4A (through {@code ffmpeg} on the PATH). Channels are averaged and the
 * rate converted with the band-limited {@link Resampler}. Every problem with the file becomes a
 * one-line {@link GapScopeException} naming the file. Clips longer than the limit (10 minutes by
 * default) are refused before their samples are read. Immutable and thread-safe.
 */
public final class AudioLoader {

    /** The default longest clip, in seconds: 10 minutes. */
    public static final double DEFAULT_MAX_SECONDS = 600;

    private final double maxSeconds;
    private final Supplier<Optional<FfmpegDecoder>> ffmpeg;

    /** A loader with the 10-minute limit that looks for ffmpeg on the PATH. */
    public AudioLoader() {
        this(DEFAULT_MAX_SECONDS);
    }

    /** A loader refusing clips longer than {@code maxSeconds}, looking for ffmpeg on the PATH. */
    public AudioLoader(double maxSeconds) {
        this(maxSeconds, () -> FfmpegDecoder.find(System.getenv("PATH")));
    }

    /** A loader whose ffmpeg is looked up on {@code searchPath} instead of the PATH (tests). */
    AudioLoader(double maxSeconds, String searchPath) {
        this(maxSeconds, () -> FfmpegDecoder.find(searchPath));
    }

    private AudioLoader(double maxSeconds, Supplier<Optional<FfmpegDecoder>> ffmpeg) {
        if (!(maxSeconds > 0) || maxSeconds > 24 * 3600) {
            throw new IllegalArgumentException("maxSeconds must be in (0, 86400]: " + maxSeconds);
        }
        this.maxSeconds = maxSeconds;
        this.ffmpeg = ffmpeg;
    }

    /** The longest clip this loader accepts, in seconds. */
    public double maxSeconds() {
        return maxSeconds;
    }

    /** Loads {@code file} as 16 kHz mono. */
    public AudioClip load(Path file) {
        String name = file.toString();
        checkReadable(file, name);
        Kind kind = detect(file, name);
        DecodedAudio decoded;
        try {
            decoded = switch (kind) {
                case WAV -> {
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                        yield WavReader.read(in, name, maxSeconds, "WAV");
                    }
                }
                case AIFF, AU -> JavaSoundDecoder.read(file, name, kind.label, maxSeconds);
                case COMPRESSED -> decodeWithFfmpeg(file, name);
            };
        } catch (GapScopeException e) {
            throw e;
        } catch (IOException e) {
            throw AudioErrors.of(name, "could not be read: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw AudioErrors.of(name, "too large to load into memory; cut it into shorter pieces", e);
        }
        float[] resampled = Resampler.resample(decoded.samples(), decoded.format().sampleRate(), AudioClip.SAMPLE_RATE);
        if (resampled.length == 0) {
            throw AudioErrors.empty(name);
        }
        return AudioClip.wrap(resampled, AudioClip.SAMPLE_RATE, decoded.format(), file);
    }

    private DecodedAudio decodeWithFfmpeg(Path file, String name) throws IOException {
        String label = compressedLabel(file);
        Optional<FfmpegDecoder> decoder = ffmpeg.get();
        if (decoder.isEmpty()) {
            throw AudioErrors.of(name, label + " files are read with ffmpeg, which is not on the PATH; install it "
                    + "(apt-get install ffmpeg) or convert the file to WAV");
        }
        return decoder.get().read(file, name, label, maxSeconds);
    }

    private static void checkReadable(Path file, String name) {
        if (!Files.exists(file)) {
            throw AudioErrors.of(name, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw AudioErrors.of(name, "is a folder, not an audio file");
        }
        if (!Files.isReadable(file)) {
            throw AudioErrors.of(name, "cannot be read (permission denied)");
        }
        try {
            if (Files.size(file) == 0) {
                throw AudioErrors.of(name, "the file is empty (0 bytes)");
            }
        } catch (IOException e) {
            throw AudioErrors.of(name, "could not be read: " + e.getMessage(), e);
        }
    }

    /** The kinds of file this loader tells apart. */
    private enum Kind {
        WAV("WAV"), AIFF("AIFF"), AU("AU"), COMPRESSED("compressed");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Detects the format from the first bytes, falling back on the extension for compressed formats. */
    private static Kind detect(Path file, String name) {
        byte[] head = new byte[12];
        int got;
        try (InputStream in = Files.newInputStream(file)) {
            got = in.readNBytes(head, 0, head.length);
        } catch (AccessDeniedException e) {
            throw AudioErrors.of(name, "cannot be read (permission denied)", e);
        } catch (NoSuchFileException e) {
            throw AudioErrors.of(name, "no such file", e);
        } catch (IOException e) {
            throw AudioErrors.of(name, "could not be read: " + e.getMessage(), e);
        }
        String magic = new String(head, 0, Math.min(4, got), StandardCharsets.ISO_8859_1);
        String form = got >= 12 ? new String(head, 8, 4, StandardCharsets.ISO_8859_1) : "";
        if (magic.equals("RIFF") || magic.equals("RIFX") || magic.equals("RF64")) {
            return Kind.WAV;
        }
        if (magic.equals("FORM") && (form.equals("AIFF") || form.equals("AIFC"))) {
            return Kind.AIFF;
        }
        if (magic.equals(".snd")) {
            return Kind.AU;
        }
        if (magic.equals("fLaC") || magic.equals("OggS") || magic.startsWith("ID3")
                || (got >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0)) {
            return Kind.COMPRESSED;
        }
        String extension = extension(file);
        if (COMPRESSED_EXTENSIONS.contains(extension)) {
            return Kind.COMPRESSED;
        }
        String looks = looksLikeText(head, got) ? " (it looks like a text file)" : "";
        if (extension.equals("wav") || extension.equals("wave")) {
            throw AudioErrors.of(name, "not a WAV file: it has no RIFF/WAVE header" + looks);
        }
        if (extension.equals("aif") || extension.equals("aiff") || extension.equals("aifc")) {
            throw AudioErrors.of(name, "not an AIFF file: it has no FORM/AIFF header" + looks);
        }
        if (extension.equals("au") || extension.equals("snd")) {
            throw AudioErrors.of(name, "not an AU file: it has no .snd header" + looks);
        }
        throw AudioErrors.of(name, "not a recognised audio file" + looks
                + "; GapScope reads WAV, AIFF and AU, and with ffmpeg MP3, FLAC, Ogg, Opus and M4A");
    }

    private static final java.util.Set<String> COMPRESSED_EXTENSIONS =
            java.util.Set.of("mp3", "flac", "ogg", "oga", "opus", "m4a", "aac", "webm");

    private static String compressedLabel(Path file) {
        String extension = extension(file);
        return switch (extension) {
            case "mp3" -> "MP3";
            case "flac" -> "FLAC";
            case "ogg", "oga" -> "Ogg";
            case "opus" -> "Opus";
            case "m4a", "aac" -> "AAC";
            case "webm" -> "WebM";
            default -> magicLabel(file);
        };
    }

    private static String magicLabel(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            String magic = new String(head, StandardCharsets.ISO_8859_1);
            if (magic.equals("fLaC")) {
                return "FLAC";
            }
            if (magic.equals("OggS")) {
                return "Ogg";
            }
            return "MP3";
        } catch (IOException e) {
            return "Compressed audio";
        }
    }

    private static String extension(Path file) {
        Path fileName = file.getFileName();
        String s = fileName == null ? "" : fileName.toString();
        int dot = s.lastIndexOf('.');
        return dot < 0 ? "" : s.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean looksLikeText(byte[] head, int length) {
        if (length == 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int c = head[i] & 0xFF;
            if (c < 0x09 || (c > 0x0D && c < 0x20) || c == 0x7F) {
                return false;
            }
        }
        return true;
    }
}
