package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every supported WAV/AIFF/AU layout loads to the right 16 kHz mono signal. */
class AudioLoaderFormatsTest {

    @TempDir
    Path dir;

    private final AudioLoader loader = new AudioLoader();

    /** Max |clip - 0.5 sin(2 pi hz t)| away from the edges. */
    private static double errorAgainstSine(AudioClip clip, double hz, double amplitude) {
        float[] x = clip.samples();
        double worst = 0;
        for (int i = 1000; i < x.length - 1000; i++) {
            worst = Math.max(worst, Math.abs(x[i] - amplitude * Math.sin(2 * Math.PI * hz * i / 16000.0)));
        }
        return worst;
    }

    @ParameterizedTest(name = "{0} at {1} Hz, {2} channel(s), extensible={3}")
    @CsvSource({
        "UNSIGNED_8, 8000, 1, false, 0.02",
        "SIGNED_16, 8000, 1, false, 1e-3",
        "SIGNED_16, 11025, 2, false, 1e-3",
        "SIGNED_16, 16000, 1, false, 1e-4",
        "SIGNED_16, 22050, 1, false, 1e-3",
        "SIGNED_16, 44100, 2, false, 1e-3",
        "SIGNED_16, 48000, 6, true, 1e-3",
        "SIGNED_24, 44100, 1, false, 1e-3",
        "SIGNED_24, 48000, 2, true, 1e-3",
        "SIGNED_32, 32000, 1, false, 1e-3",
        "SIGNED_32, 16000, 2, true, 1e-6",
        "FLOAT_32, 44100, 1, false, 1e-3",
        "FLOAT_32, 16000, 1, false, 1e-6",
        "FLOAT_32, 48000, 2, true, 1e-3",
        "FLOAT_64, 24000, 1, false, 1e-3",
    })
    void wavLayoutsLoadAsTheSameTone(SampleEncoding encoding, int rate, int channels, boolean extensible,
            double tolerance) throws IOException {
        double[] tone = TestWavs.signal(rate, 1.0, TestWavs.sine(1000, 0.5));
        double[][] chans = new double[channels][];
        for (int c = 0; c < channels; c++) {
            chans[c] = tone;
        }
        Path file = TestWavs.write(dir, "tone.wav", TestWavs.wav(encoding, rate, extensible, chans));
        AudioClip clip = loader.load(file);
        assertEquals(16000, clip.sampleRate());
        assertEquals(16000, clip.length(), "1 s at 16 kHz");
        assertEquals(1.0, clip.durationSeconds(), 1e-9);
        assertEquals(file, clip.source().orElseThrow());
        assertEquals(rate, clip.sourceFormat().sampleRate());
        assertEquals(channels, clip.sourceFormat().channels());
        assertEquals(encoding.description(), clip.sourceFormat().encoding());
        assertEquals("WAV", clip.sourceFormat().container());
        double error = errorAgainstSine(clip, 1000, 0.5);
        assertTrue(error < tolerance, String.format(Locale.ROOT, "max error %.2e", error));
    }

    @Test
    void twentyFourBitsInThirtyTwoBitWordsAreRead() throws IOException {
        double[] tone = TestWavs.signal(16000, 0.5, TestWavs.sine(500, 0.5));
        byte[] wav = TestWavs.riff(TestWavs.chunk("fmt ", TestWavs.fmt(1, 1, 16000, 32, 24, true)),
                TestWavs.chunk("data", TestWavs.interleave(SampleEncoding.SIGNED_32, tone)));
        AudioClip clip = loader.load(TestWavs.write(dir, "24in32.wav", wav));
        assertEquals("24-bit PCM (in 32-bit words)", clip.sourceFormat().encoding());
        assertTrue(errorAgainstSine(clip, 500, 0.5) < 1e-6);
    }

    @Test
    void channelsAreAveraged() throws IOException {
        double[] tone = TestWavs.signal(16000, 0.5, TestWavs.sine(300, 0.5));
        double[] inverted = tone.clone();
        double[] silent = new double[tone.length];
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = -tone[i];
        }
        AudioClip cancel = loader.load(TestWavs.write(dir, "cancel.wav",
                TestWavs.wav(SampleEncoding.FLOAT_32, 16000, false, tone, inverted)));
        assertEquals(0, cancel.rms(), 1e-7);
        AudioClip half = loader.load(TestWavs.write(dir, "half.wav",
                TestWavs.wav(SampleEncoding.FLOAT_32, 16000, false, tone, silent)));
        assertTrue(errorAgainstSine(half, 300, 0.25) < 1e-6);
    }

    @Test
    void unknownChunksBeforeAndAfterFmtAreSkipped() throws IOException {
        double[] tone = TestWavs.signal(16000, 0.25, TestWavs.sine(700, 0.5));
        byte[] wav = TestWavs.riff(TestWavs.chunk("LIST", new byte[] {1, 2, 3}), // odd size: padded
                TestWavs.chunk("fmt ", TestWavs.fmt(1, 1, 16000, 16, 16, false)),
                TestWavs.chunk("fact", new byte[4]),
                TestWavs.chunk("data", TestWavs.interleave(SampleEncoding.SIGNED_16, tone)),
                TestWavs.chunk("id3 ", new byte[10]));
        AudioClip clip = loader.load(TestWavs.write(dir, "chunks.wav", wav));
        assertEquals(4000, clip.length());
    }

    @Test
    void g711TablesMatchPythonsAudioop() {
        String script = "import sys, warnings\nwarnings.simplefilter('ignore')\n"
                + "try:\n    import audioop\nexcept ImportError:\n    print('missing'); sys.exit(0)\n"
                + "for f in (audioop.ulaw2lin, audioop.alaw2lin):\n"
                + "    print(' '.join(str(int.from_bytes(f(bytes([c]), 2), 'little', signed=True)) for c in range(256)))\n";
        String[] lines = org.gapscope.testing.Python.run(script).strip().split("\n");
        Assumptions.assumeFalse(lines[0].equals("missing"), "this Python has no audioop module");
        String[] mu = lines[0].split(" ");
        String[] a = lines[1].split(" ");
        for (int code = 0; code < 256; code++) {
            assertEquals(Integer.parseInt(mu[code]), SampleEncoding.muLaw(code), "mu-law code " + code);
            assertEquals(Integer.parseInt(a[code]), SampleEncoding.aLaw(code), "A-law code " + code);
        }
    }

    @Test
    void g711WavIsDecoded() throws IOException {
        ByteArrayInputStream stream = new ByteArrayInputStream(TestWavs.riff(
                TestWavs.chunk("fmt ", fmtBytes(7, 1, 8000, 1, 8)), TestWavs.chunk("data", new byte[] {0, (byte) 0x80, (byte) 0xFF, 0})));
        DecodedAudio decoded = WavReader.read(stream, "mulaw.wav", 600, "WAV");
        assertEquals("8-bit mu-law", decoded.format().encoding());
        assertEquals(-32124 / 32768.0, decoded.samples()[0], 1e-7);
        assertEquals(32124 / 32768.0, decoded.samples()[1], 1e-7);
    }

    private static byte[] fmtBytes(int tag, int channels, int rate, int blockAlign, int bits) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        return b.array();
    }

    @Test
    void streamedWavOfUnknownLengthIsReadToTheEnd() throws IOException {
        double[] tone = TestWavs.signal(16000, 0.5, TestWavs.sine(700, 0.5));
        byte[] wav = TestWavs.riff(TestWavs.chunk("fmt ", TestWavs.fmt(3, 1, 16000, 32, 32, false)),
                TestWavs.chunk("data", 0xFFFFFFFFL, TestWavs.interleave(SampleEncoding.FLOAT_32, tone)));
        DecodedAudio decoded = WavReader.read(new ByteArrayInputStream(wav), "pipe", 600, "WAV");
        assertEquals(8000, decoded.samples().length);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AIFF, aiff, true", "AU, au, true", "WAVE, wav, false"})
    void javaSoundWrittenFilesLoad(String type, String extension, boolean bigEndian) throws IOException {
        int rate = 22050;
        double[] tone = TestWavs.signal(rate, 1.0, TestWavs.sine(1000, 0.5));
        byte[] pcm = new byte[tone.length * 4];
        for (int i = 0; i < tone.length; i++) {
            short s = (short) Math.round(tone[i] * 32767);
            for (int c = 0; c < 2; c++) {
                int o = (i * 2 + c) * 2;
                pcm[o + (bigEndian ? 0 : 1)] = (byte) (s >> 8);
                pcm[o + (bigEndian ? 1 : 0)] = (byte) s;
            }
        }
        AudioFormat format = new AudioFormat(rate, 16, 2, true, bigEndian);
        Path file = dir.resolve("tone." + extension);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, tone.length),
                new AudioFileFormat.Type(type, extension), file.toFile());
        AudioClip clip = loader.load(file);
        assertEquals(16000, clip.length());
        assertEquals(2, clip.sourceFormat().channels());
        assertTrue(errorAgainstSine(clip, 1000, 0.5) < 1e-3, "error " + errorAgainstSine(clip, 1000, 0.5));
    }

    @Test
    void filesWrittenBySoxLoadWhenSoxIsInstalled() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sox")), "sox not installed");
        // sox writes WAVE_FORMAT_EXTENSIBLE for 24-bit and for float
        String[][] variants = {{"-b", "24", "-e", "signed-integer"}, {"-b", "32", "-e", "floating-point"},
            {"-b", "8", "-e", "u-law"}};
        for (String[] v : variants) {
            Path file = dir.resolve("sox" + v[1] + v[3] + ".wav");
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("/usr/bin/sox", "-n", "-r", "44100", "-c", "2"));
            cmd.addAll(java.util.List.of(v));
            cmd.addAll(java.util.List.of(file.toString(), "synth", "1", "sine", "1000", "vol", "0.5"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, output);
            AudioClip clip = loader.load(file);
            assertEquals(16000, clip.length(), file.toString());
            double[] fit = TestWavs.fitSine(clip.samples(), 1000, 16000, 1000, 15000);
            assertEquals(0.5, Math.hypot(fit[0], fit[1]), v[3].equals("u-law") ? 0.01 : 1e-3, file + " amplitude");
        }
    }

    @Test
    void librivoxSpeechLoadsWithItsTranscriptLength() {
        Path file = Path.of("/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav");
        Assumptions.assumeTrue(Files.exists(file), "pocketsphinx-testdata not installed");
        AudioClip clip = loader.load(file);
        assertEquals(47840, clip.length());
        assertEquals("WAV, 16-bit PCM, 16000 Hz, mono", clip.sourceFormat().describe());
        assertTrue(clip.rms() > 0.01, "speech is not silent");
    }

    @Test
    void writtenWavReadsBackExactly() {
        float[] samples = new float[1000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (i - 500) / 32768f;
        }
        samples[0] = 1.5f; // clipped
        Path file = dir.resolve("written.wav");
        WavWriter.writePcm16(AudioClip.ofSamples(samples), file);
        AudioClip back = loader.load(file);
        assertEquals(32767 / 32768f, back.sample(0));
        for (int i = 1; i < samples.length; i++) {
            assertEquals(samples[i], back.sample(i), "sample " + i);
        }
    }
}
