package org.gapscope.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity of {@link WhisperLogMel} with an independent NumPy implementation of Whisper's definition
 * (core/src/test/python/whisper_logmel_reference.py), run live on real read speech (LibriVox
 * recordings from pocketsphinx-testdata) and on synthetic signals: max |difference| <= 1e-3.
 */
class WhisperLogMelParityTest {

    static final Path LIBRIVOX = Path.of("/usr/share/pocketsphinx/test/data/librivox");
    static final double TOLERANCE = 1e-3;

    @TempDir
    static Path work;

    /** One comparison: what Java computed and the file the reference writes. */
    private record Case(String name, LogMelSpectrogram ours, Path reference) {
    }

    private static final List<Case> CASES = new ArrayList<>();
    private static final Map<String, String> TORCH_CHECK = new LinkedHashMap<>();
    private static final Map<String, String> FLOAT32_DEVIATION = new LinkedHashMap<>();

    @BeforeAll
    static void computeBothWays() throws IOException {
        assertTrue(Files.isDirectory(LIBRIVOX), LIBRIVOX + " is missing: install pocketsphinx-testdata");
        StringBuilder jobs = new StringBuilder();
        AudioLoader loader = new AudioLoader();
        WhisperLogMel mel80 = new WhisperLogMel(80);
        WhisperLogMel mel128 = new WhisperLogMel(128);
        List<Path> speech;
        try (var files = Files.list(LIBRIVOX)) {
            speech = files.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        assertTrue(speech.size() >= 5, "LibriVox recordings found: " + speech);
        for (Path wav : speech) {
            AudioClip clip = loader.load(wav);
            String stem = wav.getFileName().toString().replace(".wav", "");
            add(jobs, "speech " + stem + " 80", mel80.compute(clip), wav, 80, 0);
            add(jobs, "speech " + stem + " 128", mel128.compute(clip), wav, 128, 0);
        }
        AudioClip first = loader.load(speech.get(0));
        add(jobs, "speech padded to 30 s, 80", mel80.compute(first, 30), speech.get(0), 80, 30);
        add(jobs, "speech padded to 30 s, 128", mel128.compute(first, 30), speech.get(0), 128, 30);

        for (Map.Entry<String, float[]> e : SyntheticSignals.all().entrySet()) {
            Path input = work.resolve(e.getKey().replace(' ', '_') + ".f32");
            writeF32(input, e.getValue());
            AudioClip clip = AudioClip.ofSamples(e.getValue());
            add(jobs, e.getKey() + " 80", mel80.compute(clip), input, 80, 0);
            add(jobs, e.getKey() + " 128", mel128.compute(clip), input, 128, 0);
        }
        AudioClip tone = AudioClip.ofSamples(SyntheticSignals.all().get("sine 440 Hz"));
        Path toneInput = work.resolve("sine_440_Hz.f32");
        add(jobs, "sine padded to 5 s, 80", mel80.compute(tone, 5), toneInput, 80, 5);

        Path jobsFile = work.resolve("jobs.tsv");
        Files.writeString(jobsFile, jobs.toString(), StandardCharsets.UTF_8);
        String script = Python.repositoryRoot().resolve("core/src/test/python/whisper_logmel_reference.py").toString();
        String output = Python.run(script, jobsFile.toString());
        Map<String, String> nameOf = new LinkedHashMap<>();
        for (Case c : CASES) {
            nameOf.put(c.reference().toString(), c.name());
        }
        for (String line : output.split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length == 4) {
                String name = nameOf.getOrDefault(fields[0], fields[0]);
                TORCH_CHECK.put(name, fields[2]);
                FLOAT32_DEVIATION.put(name, fields[3].strip());
            }
        }
    }

    private static void add(StringBuilder jobs, String name, LogMelSpectrogram ours, Path input, int mels, double pad) {
        Path reference = work.resolve("ref" + CASES.size() + ".npy");
        CASES.add(new Case(name, ours, reference));
        jobs.append(input).append('\t').append(reference).append('\t').append(mels).append('\t')
                .append(pad).append('\n');
    }

    static void writeF32(Path path, float[] samples) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(samples);
        Files.write(path, buffer.array());
    }

    @Test
    void everyCaseMatchesTheReferenceWithinTolerance() {
        double worstOverall = 0;
        String worstCase = "";
        StringBuilder report = new StringBuilder();
        for (Case c : CASES) {
            NpyArray reference = Npy.read(c.reference());
            long[] shape = reference.shape();
            assertEquals(2, shape.length, c.name());
            assertEquals(c.ours().mels(), shape[0], c.name() + ": mel bins");
            assertEquals(c.ours().frames(), shape[1], c.name() + ": frames");
            float[] expected = reference.toFloatArray();
            float[] actual = c.ours().toRowMajor();
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            }
            report.append(String.format(Locale.ROOT, "  %-55s %4d x %5d  max |diff| = %.3e%n", c.name(),
                    c.ours().mels(), c.ours().frames(), worst));
            if (worst > worstOverall) {
                worstOverall = worst;
                worstCase = c.name();
            }
            assertTrue(worst <= TOLERANCE, c.name() + ": max |diff| " + worst + " > " + TOLERANCE);
        }
        System.out.printf(Locale.ROOT, "log-mel parity with the NumPy reference over %d cases: max |diff| = %.3e (%s)%n%s",
                CASES.size(), worstOverall, worstCase, report);
    }

    /** Whether torch could check {@code caseName}: every case but the one shorter than torch's reflect padding. */
    private static boolean torchChecks(String caseName) {
        return !caseName.startsWith("shorter than the pad");
    }

    /**
     * The torch values of every case as numbers; a case torch could not check must be the short one,
     * and a missing torch fails (it would otherwise check nothing and pass).
     */
    private static Map<String, Double> torchValues(Map<String, String> column, String what) {
        assertEquals(CASES.size(), column.size(), "one line per case from the reference: " + column);
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : column.entrySet()) {
            String caseName = e.getKey();
            assertNotEquals("no-torch", e.getValue(), "PyTorch is not importable by " + Python.interpreter()
                    + " (install python3-torch): " + what + " cannot be checked");
            if (torchChecks(caseName)) {
                values.put(e.getKey(), Double.parseDouble(e.getValue()));
            } else {
                assertEquals("short", e.getValue(), e.getKey());
            }
        }
        assertEquals(CASES.stream().filter(c -> torchChecks(c.name())).count(), values.size(), what + ": cases checked");
        return values;
    }

    @Test
    void theReferenceFramesLikeTorchStft() {
        // The reference's own check: its power spectrogram against torch.stft(center=True, reflect).
        Map<String, Double> checked = torchValues(TORCH_CHECK, "the framing");
        for (Map.Entry<String, Double> e : checked.entrySet()) {
            assertTrue(e.getValue() < 1e-9, e.getKey() + ": torch.stft differs from the reference by " + e.getValue());
        }
        System.out.println("reference vs torch.stft: " + checked.size() + " of " + TORCH_CHECK.size() + " inputs checked");
    }

    @Test
    void whispersOwnFloat32ArithmeticStaysWithinTolerance() {
        // How far a float32 PyTorch computation (Whisper's) lies from the float64 reference we match.
        double worst = 0;
        for (double value : torchValues(FLOAT32_DEVIATION, "float32 rounding").values()) {
            worst = Math.max(worst, value);
        }
        System.out.printf(Locale.ROOT, "float32 torch pipeline vs float64 reference: max |diff| = %.3e%n", worst);
        assertTrue(worst <= TOLERANCE, "float32 rounding alone moves the features by " + worst);
    }

    @Test
    void frameCountIsSamplesOverHop() {
        for (Case c : CASES) {
            assertTrue(c.ours().frames() > 0, c.name());
        }
        assertEquals(3000, CASES.stream().filter(c -> c.name().startsWith("speech padded to 30 s, 80"))
                .findFirst().orElseThrow().ours().frames());
    }

    /** Deterministic test signals at 16 kHz. */
    static final class SyntheticSignals {
        private SyntheticSignals() {
        }

        static Map<String, float[]> all() {
            Map<String, float[]> signals = new LinkedHashMap<>();
            int n = 16000 * 2;
            signals.put("sine 440 Hz", generate(n, t -> 0.5 * Math.sin(2 * Math.PI * 440 * t)));
            signals.put("sine 7900 Hz", generate(n, t -> 0.3 * Math.sin(2 * Math.PI * 7900 * t)));
            // linear chirp 50 Hz -> 7950 Hz over 2 s
            signals.put("chirp", generate(n, t -> 0.4 * Math.sin(2 * Math.PI * (50 * t + (7900.0 / 4) * t * t))));
            Random random = new Random(1234);
            float[] noise = new float[n];
            for (int i = 0; i < n; i++) {
                noise[i] = (float) (0.1 * random.nextGaussian());
            }
            signals.put("white noise", noise);
            signals.put("silence", new float[n]);
            float[] impulse = new float[8000];
            impulse[4000] = 1f;
            signals.put("impulse", impulse);
            signals.put("very short 0.05 s", generate(800, t -> 0.5 * Math.sin(2 * Math.PI * 1000 * t)));
            signals.put("shorter than the pad (170 samples)", generate(170, t -> 0.5 * Math.sin(2 * Math.PI * 300 * t)));
            signals.put("odd length 12345 samples", generate(12345, t -> 0.2 * Math.sin(2 * Math.PI * 3000 * t)
                    + 0.2 * Math.sin(2 * Math.PI * 123 * t)));
            signals.put("full-scale square", generate(n, t -> Math.sin(2 * Math.PI * 200 * t) >= 0 ? 1.0 : -1.0));
            return signals;
        }

        private static float[] generate(int n, java.util.function.DoubleUnaryOperator f) {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = (float) f.applyAsDouble(i / 16000.0);
            }
            return out;
        }
    }
}
