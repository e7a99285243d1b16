package org.gapscope.audio;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Decodes compressed audio (MP3, FLAC, Ogg, ...) by running {@code ffmpeg}, which writes 32-bit
 * float WAV at the file's own rate and channel count to a pipe; down-mixing and resampling then
 * happen here as for every other format.
 */
final class FfmpegDecoder {

    private final Path executable;

    private FfmpegDecoder(Path executable) {
        this.executable = executable;
    }

    /** Finds {@code ffmpeg} on the given search path (the PATH variable's format). */
    static Optional<FfmpegDecoder> find(String searchPath) {
        if (searchPath == null || searchPath.isBlank()) {
            return Optional.empty();
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "ffmpeg");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new FfmpegDecoder(candidate));
            }
        }
        return Optional.empty();
    }

    /** The ffmpeg program found. */
    Path executable() {
        return executable;
    }

    DecodedAudio read(Path file, String name, String container, double maxSeconds) throws IOException {
        Path errors = Files.createTempFile("gapscope-ffmpeg", ".log");
        List<String> command = List.of(executable.toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
                "-i", file.toAbsolutePath().toString(), "-map", "0:a:0", "-vn", "-acodec", "pcm_f32le", "-f", "wav", "-");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        boolean finished = false;
        long[] count = new long[1];
        try (InputStream out = new CountingInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16), count)) {
            DecodedAudio decoded;
            try {
                decoded = WavReader.read(out, name, maxSeconds, container + " (via ffmpeg)");
            } catch (RuntimeException e) {
                process.destroy();
                waitQuietly(process);
                String problem = firstLine(errors);
                // ffmpeg's own complaint explains a pipe that broke off in the header; when we stopped
                // reading later (too long, NaN) our message is the one that matters
                if (problem != null && count[0] <= HEADER_BYTES) {
                    throw AudioErrors.of(name, "ffmpeg could not decode it: " + problem, e);
                }
                throw e;
            }
            int status = waitQuietly(process);
            finished = true;
            if (status != 0) {
                String problem = firstLine(errors);
                throw AudioErrors.of(name, "ffmpeg could not decode it: "
                        + (problem == null ? "exit status " + status : problem));
            }
            return decoded;
        } finally {
            if (!finished) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(errors);
        }
    }

    /** Bytes a WAV header from ffmpeg can take before the samples. */
    private static final long HEADER_BYTES = 4096;

    /** Counts the bytes read through it. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private final long[] count;

        CountingInputStream(InputStream in, long[] count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count[0]++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count[0] += n;
            }
            return n;
        }
    }

    private static int waitQuietly(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    private static String firstLine(Path log) {
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    return line.strip();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
