package org.gapscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.LogMelSpectrogram;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.npy.DType;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gapscope features}: the .npy it writes, and one-line errors with exit status 2. */
class FeaturesCommandTest {

    private static final Path SPEECH =
            Path.of("/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav");

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void requireSpeech() {
        Assumptions.assumeTrue(Files.exists(SPEECH), "pocketsphinx-testdata not installed");
        out = new StringWriter();
        err = new StringWriter();
    }

    private int run(String... args) {
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    private void assertUserError(int status) throws IOException {
        assertEquals(GapScopeCli.EXIT_USER_ERROR, status, err.toString());
        String message = err.toString();
        assertTrue(message.startsWith("gapscope: "), message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".npy") || p.toString().endsWith(".part")),
                    "nothing written");
        }
    }

    @Test
    void writesFloat32MelsByFrames() {
        Path npy = dir.resolve("speech.npy");
        assertEquals(0, run("features", "--audio", SPEECH.toString(), "--out", npy.toString()), err.toString());
        NpyArray array = Npy.read(npy);
        assertEquals(DType.FLOAT32, array.dtype());
        assertArrayEquals(new long[] {80, 47840 / 160}, array.shape());
        LogMelSpectrogram expected = new WhisperLogMel(80).compute(new AudioLoader().load(SPEECH));
        assertArrayEquals(expected.toRowMajor(), array.toFloatArray());
        assertTrue(out.toString().contains("float32 [80, 299]"), out.toString());
    }

    @Test
    void melsAndPadding() {
        Path npy = dir.resolve("padded.npy");
        assertEquals(0, run("features", "--audio", SPEECH.toString(), "--mels", "128", "--pad-seconds", "30",
                "--out", npy.toString()), err.toString());
        assertArrayEquals(new long[] {128, 3000}, Npy.read(npy).shape());
    }

    @Test
    void badMelCount() throws IOException {
        assertUserError(run("features", "--audio", SPEECH.toString(), "--mels", "64", "--out", dir.resolve("x.npy").toString()));
        assertTrue(err.toString().contains("--mels must be 80 or 128"), err.toString());
    }

    @Test
    void badPadding() throws IOException {
        assertUserError(run("features", "--audio", SPEECH.toString(), "--pad-seconds", "-3", "--out", dir.resolve("x.npy").toString()));
        err.getBuffer().setLength(0);
        assertUserError(run("features", "--audio", SPEECH.toString(), "--pad-seconds", "1", "--out", dir.resolve("x.npy").toString()));
        assertTrue(err.toString().contains("longer") || err.toString().contains("more than"), err.toString());
    }

    @Test
    void missingAudio() throws IOException {
        Path missing = dir.resolve("missing.wav");
        assertUserError(run("features", "--audio", missing.toString(), "--out", dir.resolve("x.npy").toString()));
        assertEquals("gapscope: " + missing + ": no such file", err.toString().strip());
    }

    @Test
    void textFileNamedWav() throws IOException {
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "not audio at all\n", StandardCharsets.UTF_8);
        assertUserError(run("features", "--audio", text.toString(), "--out", dir.resolve("x.npy").toString()));
        assertTrue(err.toString().contains("not a WAV file"), err.toString());
    }

    @Test
    void outputFolderMissing() throws IOException {
        assertUserError(run("features", "--audio", SPEECH.toString(), "--out", dir.resolve("no/such/dir/x.npy").toString()));
        assertTrue(err.toString().contains("does not exist"), err.toString());
    }

    @Test
    void requiredOptions() throws IOException {
        assertUserError(run("features", "--audio", SPEECH.toString()));
        assertTrue(err.toString().contains("--out"), err.toString());
    }
}
