package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input is one line naming the file and the problem, never a crash. */
class AudioLoaderBadInputTest {

    @TempDir
    Path dir;

    private final AudioLoader loader = new AudioLoader();

    /** Loads and returns the message, checking it names the file and is one line. */
    private String failure(AudioLoader with, Path file, String... expectedWords) {
        GapScopeException e = assertThrows(GapScopeException.class, () -> with.load(file));
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), "names the file: " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
        for (String word : expectedWords) {
            assertTrue(message.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT)),
                    "'" + word + "' in: " + message);
        }
        return message;
    }

    private String failure(Path file, String... expectedWords) {
        return failure(loader, file, expectedWords);
    }

    private static byte[] goodFmt() {
        return TestWavs.chunk("fmt ", TestWavs.fmt(1, 1, 16000, 16, 16, false));
    }

    @Test
    void missingFile() {
        failure(dir.resolve("nowhere.wav"), "no such file");
    }

    @Test
    void directory() throws IOException {
        failure(Files.createDirectory(dir.resolve("folder.wav")), "folder");
    }

    @Test
    void unreadableFile() throws IOException {
        Path file = TestWavs.write(dir, "secret.wav", TestWavs.wav(SampleEncoding.SIGNED_16, 16000, false, new double[100]));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(file), "running as root: every file is readable");
        failure(file, "permission denied");
    }

    @Test
    void emptyFile() throws IOException {
        failure(TestWavs.write(dir, "empty.wav", new byte[0]), "empty");
    }

    @Test
    void textFileNamedWav() throws IOException {
        Path file = TestWavs.write(dir, "notes.wav", "hello, this is not audio\n".getBytes(StandardCharsets.UTF_8));
        failure(file, "not a WAV file", "text");
    }

    @Test
    void textFileNamedAiffAndAu() throws IOException {
        failure(TestWavs.write(dir, "notes.aiff", "plain text".getBytes(StandardCharsets.UTF_8)), "not an AIFF file");
        failure(TestWavs.write(dir, "notes.au", "plain text".getBytes(StandardCharsets.UTF_8)), "not an AU file");
    }

    @Test
    void binaryGarbageWithUnknownExtension() throws IOException {
        failure(TestWavs.write(dir, "data.bin", new byte[] {0, 1, 2, 3, (byte) 200, 5, 6, 7, 8, 9, 10, 11, 12}),
                "not a recognised audio file", "WAV");
    }

    @Test
    void truncatedRiffHeader() throws IOException {
        failure(TestWavs.write(dir, "short.wav", new byte[] {'R', 'I', 'F', 'F', 10, 0}), "truncated");
    }

    @Test
    void truncatedFmtChunk() throws IOException {
        byte[] full = TestWavs.riff(goodFmt());
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 6);
        failure(TestWavs.write(dir, "cutfmt.wav", cut), "truncated", "fmt");
    }

    @Test
    void fmtChunkTooSmall() throws IOException {
        failure(TestWavs.write(dir, "tinyfmt.wav", TestWavs.riff(TestWavs.chunk("fmt ", new byte[8]))),
                "corrupt", "fmt");
    }

    @Test
    void noFmtChunk() throws IOException {
        failure(TestWavs.write(dir, "nofmt.wav", TestWavs.riff(TestWavs.chunk("LIST", new byte[4]))), "no 'fmt '");
    }

    @Test
    void dataBeforeFmt() throws IOException {
        failure(TestWavs.write(dir, "order.wav", TestWavs.riff(TestWavs.chunk("data", new byte[4]), goodFmt())),
                "before the 'fmt ' chunk");
    }

    @Test
    void noDataChunk() throws IOException {
        failure(TestWavs.write(dir, "nodata.wav", TestWavs.riff(goodFmt())), "no 'data' chunk");
    }

    @Test
    void chunkRunningPastTheEnd() throws IOException {
        failure(TestWavs.write(dir, "runaway.wav", TestWavs.riff(goodFmt(), TestWavs.chunk("LIST", 5000, new byte[10]))),
                "truncated", "LIST");
    }

    @Test
    void zeroChannels() throws IOException {
        failure(TestWavs.write(dir, "nochannels.wav", TestWavs.riff(TestWavs.chunk("fmt ", TestWavs.fmt(1, 0, 16000, 16, 16, false)),
                TestWavs.chunk("data", new byte[4]))), "0 channels");
    }

    @Test
    void inconsistentBlockAlign() throws IOException {
        byte[] fmt = TestWavs.fmt(1, 2, 16000, 16, 16, false);
        fmt[12] = 3; // block align 3 for 2 x 16 bits
        failure(TestWavs.write(dir, "align.wav", TestWavs.riff(TestWavs.chunk("fmt ", fmt), TestWavs.chunk("data", new byte[12]))),
                "corrupt", "block");
    }

    @Test
    void zeroLengthAudio() throws IOException {
        failure(TestWavs.write(dir, "silent.wav", TestWavs.riff(goodFmt(), TestWavs.chunk("data", new byte[0]))),
                "no audio samples");
    }

    @Test
    void truncatedData() throws IOException {
        // the header promises 2 s, the file holds 1 s
        byte[] samples = TestWavs.interleave(SampleEncoding.SIGNED_16, new double[16000]);
        String message = failure(TestWavs.write(dir, "cut.wav", TestWavs.riff(goodFmt(),
                TestWavs.chunk("data", 64000, samples))), "truncated", "2.000 s", "1.000 s");
        assertTrue(message.contains("sox --ignore-length"), message);
    }

    @Test
    void nanSamplesInFloatWav() throws IOException {
        double[] x = new double[16000];
        x[8000] = Double.NaN;
        failure(TestWavs.write(dir, "nan.wav", TestWavs.wav(SampleEncoding.FLOAT_32, 16000, false, x)), "NaN", "0.500 s");
    }

    @Test
    void infiniteSamplesInFloatWav() throws IOException {
        double[] x = new double[16000];
        x[4000] = Double.NEGATIVE_INFINITY;
        failure(TestWavs.write(dir, "inf.wav", TestWavs.wav(SampleEncoding.FLOAT_64, 16000, false, x)), "infinite", "0.250 s");
    }

    @Test
    void tooLongIsRefusedFromTheHeaderBeforeReading() throws IOException {
        // the header declares 11 minutes; the file is tiny, so only the header can have been used
        long bytes = 11L * 60 * 16000 * 2;
        Path file = TestWavs.write(dir, "long.wav", TestWavs.riff(goodFmt(), TestWavs.chunk("data", bytes, new byte[100])));
        String message = failure(file, "11 min", "limit of 10 min", "cut it into shorter pieces");
        assertTrue(message.contains("sox"), message);
    }

    @Test
    void limitIsConfigurable() throws IOException {
        Path file = TestWavs.write(dir, "two.wav", TestWavs.wav(SampleEncoding.SIGNED_16, 16000, false, new double[32000]));
        failure(new AudioLoader(1.5), file, "2.0 s", "limit of 1.5 s");
        assertEquals(32000, new AudioLoader(2.0).load(file).length());
    }

    @Test
    void streamedWavOverTheLimitStopsReading() {
        byte[] wav = TestWavs.riff(goodFmt(), TestWavs.chunk("data", 0xFFFFFFFFL, new byte[2 * 16000 * 3]));
        GapScopeException e = assertThrows(GapScopeException.class,
                () -> WavReader.read(new java.io.ByteArrayInputStream(wav), "pipe", 2.0, "WAV"));
        assertTrue(e.getMessage().contains("limit of 2.0 s"), e.getMessage());
    }

    @Test
    void unsupportedSampleRate() throws IOException {
        failure(TestWavs.write(dir, "low.wav", TestWavs.wav(SampleEncoding.SIGNED_16, 4000, false, new double[100])),
                "4000 Hz", "8000-192000");
    }

    @Test
    void unsupportedBitDepthAndEncoding() throws IOException {
        failure(TestWavs.write(dir, "twelve.wav", TestWavs.riff(TestWavs.chunk("fmt ", TestWavs.fmt(1, 1, 16000, 12, 12, false)),
                TestWavs.chunk("data", new byte[4]))), "12-bit");
        failure(TestWavs.write(dir, "adpcm.wav", TestWavs.riff(TestWavs.chunk("fmt ", TestWavs.fmt(2, 1, 16000, 4, 4, false)),
                TestWavs.chunk("data", new byte[4]))), "0x0002", "convert");
    }

    @Test
    void bigEndianAndRf64AreNamed() throws IOException {
        byte[] rifx = TestWavs.wav(SampleEncoding.SIGNED_16, 16000, false, new double[10]);
        rifx[3] = 'X';
        failure(TestWavs.write(dir, "rifx.wav", rifx), "RIFX");
        byte[] rf64 = TestWavs.wav(SampleEncoding.SIGNED_16, 16000, false, new double[10]);
        rf64[0] = 'R';
        rf64[1] = 'F';
        rf64[2] = '6';
        rf64[3] = '4';
        failure(TestWavs.write(dir, "rf64.wav", rf64), "RF64");
    }

    @Test
    void compressedFormatsWithoutFfmpegNameTheMissingTool() throws IOException {
        AudioLoader noFfmpeg = new AudioLoader(600, dir.resolve("no-such-bin").toString());
        String mp3 = failure(noFfmpeg, TestWavs.write(dir, "song.mp3", new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0}),
                "MP3", "ffmpeg", "not on the PATH", "apt-get install ffmpeg");
        assertTrue(mp3.contains("convert the file to WAV"), mp3);
        failure(noFfmpeg, TestWavs.write(dir, "song.flac", "fLaC\0\0\0\"".getBytes(StandardCharsets.ISO_8859_1)), "FLAC", "ffmpeg");
        failure(noFfmpeg, TestWavs.write(dir, "song.ogg", "OggS\0\2\0\0".getBytes(StandardCharsets.ISO_8859_1)), "Ogg", "ffmpeg");
        // detected from the magic bytes even with a wrong extension
        failure(noFfmpeg, TestWavs.write(dir, "mislabelled.dat", "fLaC\0\0\0\"".getBytes(StandardCharsets.ISO_8859_1)), "FLAC", "ffmpeg");
    }

    /** A stand-in "ffmpeg" in its own folder: a shell script with the given body. */
    private Path fakeFfmpeg(String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("fakebin"));
        Path script = bin.resolve("ffmpeg");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void ffmpegOutputIsReadFromThePipeWithUnknownLength() throws IOException {
        // what ffmpeg writes to a pipe: float WAV whose RIFF and data sizes are 0xFFFFFFFF
        double[] tone = TestWavs.signal(44100, 1.0, TestWavs.sine(1000, 0.5));
        byte[] wav = TestWavs.riff(TestWavs.chunk("fmt ", TestWavs.fmt(3, 2, 44100, 32, 32, false)),
                TestWavs.chunk("data", 0xFFFFFFFFL, TestWavs.interleave(SampleEncoding.FLOAT_32, tone, tone)));
        Path stream = TestWavs.write(dir, "stream.bin", wav);
        Path bin = fakeFfmpeg("exec cat '" + stream + "'");
        AudioLoader withFake = new AudioLoader(600, bin.toString());
        AudioClip clip = withFake.load(TestWavs.write(dir, "song.mp3", new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0}));
        assertEquals("MP3 (via ffmpeg)", clip.sourceFormat().container());
        assertEquals(44100, clip.sourceFormat().sampleRate());
        assertEquals(16000, clip.length());
        double[] fit = TestWavs.fitSine(clip.samples(), 1000, 16000, 1000, 15000);
        assertEquals(0.5, Math.hypot(fit[0], fit[1]), 1e-3);
        // and the limit still holds for streams of unknown length
        failure(new AudioLoader(0.5, bin.toString()), dir.resolve("song.mp3"), "limit of 0.5 s");
    }

    @Test
    void ffmpegErrorsBecomeOneLineNamingTheFile() throws IOException {
        Path bin = fakeFfmpeg("echo 'song.flac: Invalid data found when processing input' >&2\nexit 1");
        String message = failure(new AudioLoader(600, bin.toString()),
                TestWavs.write(dir, "song.flac", "fLaC\0\0\0\"".getBytes(StandardCharsets.ISO_8859_1)),
                "ffmpeg could not decode it", "Invalid data found");
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void ourLimitMessageWinsOverWhatAStoppedFfmpegSays() throws IOException {
        double[] tone = TestWavs.signal(16000, 2.0, TestWavs.sine(1000, 0.5));
        byte[] wav = TestWavs.riff(TestWavs.chunk("fmt ", TestWavs.fmt(3, 1, 16000, 32, 32, false)),
                TestWavs.chunk("data", 0xFFFFFFFFL, TestWavs.interleave(SampleEncoding.FLOAT_32, tone)));
        Path stream = TestWavs.write(dir, "stream.bin", wav);
        Path bin = fakeFfmpeg("cat '" + stream + "'\necho 'Exiting normally, received signal 15.' >&2\nexit 255");
        failure(new AudioLoader(1.0, bin.toString()),
                TestWavs.write(dir, "long.ogg", "OggS\0\2\0\0".getBytes(StandardCharsets.ISO_8859_1)), "limit of 1.0 s");
    }

    @Test
    void ffmpegFailureIsOneLine() throws IOException {
        Assumptions.assumeTrue(FfmpegDecoder.find(System.getenv("PATH")).isPresent(), "ffmpeg is not installed");
        failure(TestWavs.write(dir, "broken.mp3", new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 1, 2, 3}), "ffmpeg");
    }

    @Test
    void ffmpegDecodesFlacWhenInstalled() throws Exception {
        var found = FfmpegDecoder.find(System.getenv("PATH"));
        Assumptions.assumeTrue(found.isPresent(), "ffmpeg is not installed");
        Path wav = TestWavs.write(dir, "tone.wav", TestWavs.wav(SampleEncoding.SIGNED_16, 44100, false,
                TestWavs.signal(44100, 1.0, TestWavs.sine(1000, 0.5)), TestWavs.signal(44100, 1.0, TestWavs.sine(1000, 0.5))));
        Path flac = dir.resolve("tone.flac");
        Process p = new ProcessBuilder(found.get().executable().toString(), "-nostdin", "-v", "error", "-i", wav.toString(),
                flac.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        AudioClip clip = loader.load(flac);
        assertEquals("FLAC (via ffmpeg)", clip.sourceFormat().container());
        assertEquals(16000, clip.length());
        double[] fit = TestWavs.fitSine(clip.samples(), 1000, 16000, 1000, 15000);
        assertEquals(0.5, Math.hypot(fit[0], fit[1]), 1e-3);
    }
}
