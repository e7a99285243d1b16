package org.gapscope.audio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Benchmarks of the audio front end (a bench command, not a test): warm-up runs, then timed runs,
 * reporting the minimum and median. Run from the repository root with
 * <pre>
 * mvn -B -q -o -pl core test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp core/target/test-classes:core/target/classes:$(cat core/target/test-classpath.txt) org.gapscope.audio.AudioBenchmark [FILTER]
 * </pre>
 * FILTER, when given, runs only the benchmarks whose name contains it (e.g. {@code "30 s"}).
 */
public final class AudioBenchmark {

    private static double sink;
    private static String filter = "";

    private AudioBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        filter = args.length > 0 ? args[0] : "";
        System.out.printf(Locale.ROOT, "java %s, %d CPUs available%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        Random random = new Random(7);
        AudioClip thirty = AudioClip.ofSamples(signal(30 * 16000, random));
        AudioClip tenMinutes = AudioClip.ofSamples(signal(600 * 16000, random));
        AudioClip sevenSeconds = AudioClip.ofSamples(signal(7 * 16000, random));
        WhisperLogMel mel80 = new WhisperLogMel(80);
        WhisperLogMel mel128 = new WhisperLogMel(128);

        time("log-mel 80 x 3000, 30 s of audio", 10, 30, () -> mel80.compute(thirty).value(0, 0));
        time("log-mel 128 x 3000, 30 s of audio", 10, 30, () -> mel128.compute(thirty).value(0, 0));
        time("log-mel 80, 7 s padded to 30 s", 10, 30, () -> mel80.compute(sevenSeconds, 30).value(0, 0));
        time("power spectra of 3000 frames: mixed-radix FFT", 10, 30, () -> fftFrames(thirty));
        time("power spectra of 3000 frames: DFT by matrix", 3, 10, () -> dftMatrixFrames(thirty));
        time("log-mel 80, 10 min of audio", 2, 5, () -> mel80.compute(tenMinutes).value(0, 0));

        float[] at44 = signal(600 * 44100, random);
        float[] at48 = signal(600 * 48000, random);
        time("resample 10 min 44.1 kHz -> 16 kHz", 1, 5, () -> Resampler.resample(at44, 44100, 16000)[0]);
        time("resample 10 min 48 kHz -> 16 kHz", 1, 5, () -> Resampler.resample(at48, 48000, 16000)[0]);

        Path wav = Files.createTempFile("gapscope-bench", ".wav");
        try {
            Files.write(wav, TestWavs.wav(SampleEncoding.SIGNED_16, 44100, false,
                    toDouble(signal(30 * 44100, random)), toDouble(signal(30 * 44100, random))));
            AudioLoader loader = new AudioLoader();
            time("load 30 s 44.1 kHz stereo 16-bit WAV (decode, down-mix, resample)", 5, 20,
                    () -> loader.load(wav).sample(0));
            time("load + log-mel 80 of that file", 5, 20, () -> mel80.compute(loader.load(wav)).value(0, 0));
        } finally {
            Files.deleteIfExists(wav);
        }

        time("waveform envelope: build pyramid, 10 min", 3, 10, () -> WaveformEnvelope.of(tenMinutes).durationSeconds());
        WaveformEnvelope envelope = WaveformEnvelope.of(tenMinutes);
        float[] min = new float[1920];
        float[] max = new float[1920];
        for (double span : new double[] {600, 60, 1, 0.01}) {
            time(String.format(Locale.ROOT, "waveform envelope: 1920 columns over %s s of a 10 min clip", span), 200, 2000,
                    () -> {
                        envelope.columns(600 - span, 600, 1920, min, max);
                        return min[0] + max[1919];
                    });
        }
        LogMelSpectrogram tenMinuteMel = mel80.compute(tenMinutes);
        time("spectrogram display: build pyramid, 10 min", 2, 10, () -> DisplaySpectrogram.of(tenMinuteMel).frames());
        DisplaySpectrogram display = DisplaySpectrogram.of(tenMinuteMel);
        float[] image = new float[1920 * 80];
        for (double span : new double[] {600, 60, 1}) {
            time(String.format(Locale.ROOT, "spectrogram display: 1920 x 80 image over %s s of a 10 min clip", span), 50, 500,
                    () -> {
                        display.render(0, span, 1920, image);
                        return image[0];
                    });
        }
        for (PitchAlgorithm algorithm : PitchAlgorithm.values()) {
            ProsodySettings settings = ProsodySettings.defaults().withAlgorithm(algorithm);
            time("pitch and level tracks (" + algorithm.key() + "), 30 s of audio", 3, 10,
                    () -> ProsodyAnalyzer.analyze(thirty, settings).frames());
        }
        AudioClip five = AudioClip.ofSamples(Arrays.copyOf(thirty.samples(), 5 * 16000));
        for (double speed : new double[] {0.5, 0.75}) {
            time("slowed playback: WSOLA " + speed + "x of 5 s of audio", 3, 10,
                    () -> TimeStretch.stretch(five, speed).length());
        }
        time("silence trimming, 30 s of audio", 3, 10,
                () -> SilenceTrimmer.trim(thirty, SilenceSettings.defaults()).clip().length());
        System.out.println("(ignore: " + sink + ")");
    }

    private static float[] signal(int n, Random random) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.3 * Math.sin(i * 0.05) + 0.05 * random.nextGaussian());
        }
        return x;
    }

    private static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    private static double fftFrames(AudioClip clip) {
        RealFft fft = new RealFft(400);
        double[] frame = new double[400];
        double[] power = new double[201];
        float[] x = clip.samplesView();
        double s = 0;
        for (int t = 0; t + 400 <= x.length; t += 160) {
            for (int j = 0; j < 400; j++) {
                frame[j] = x[t + j];
            }
            fft.powerSpectrum(frame, power);
            s += power[7];
        }
        return s;
    }

    private static double[][] cosTable;
    private static double[][] sinTable;

    private static double dftMatrixFrames(AudioClip clip) {
        if (cosTable == null) {
            cosTable = new double[201][400];
            sinTable = new double[201][400];
            for (int k = 0; k <= 200; k++) {
                for (int j = 0; j < 400; j++) {
                    cosTable[k][j] = Math.cos(2 * Math.PI * k * j / 400);
                    sinTable[k][j] = -Math.sin(2 * Math.PI * k * j / 400);
                }
            }
        }
        double[] frame = new double[400];
        double[] power = new double[201];
        float[] x = clip.samplesView();
        double s = 0;
        for (int t = 0; t + 400 <= x.length; t += 160) {
            for (int j = 0; j < 400; j++) {
                frame[j] = x[t + j];
            }
            for (int k = 0; k <= 200; k++) {
                double re = 0;
                double im = 0;
                double[] c = cosTable[k];
                double[] sn = sinTable[k];
                for (int j = 0; j < 400; j++) {
                    re += frame[j] * c[j];
                    im += frame[j] * sn[j];
                }
                power[k] = re * re + im * im;
            }
            s += power[7];
        }
        return s;
    }

    private static void time(String name, int warmups, int runs, Supplier<Object> work) {
        if (!name.contains(filter)) {
            return;
        }
        for (int i = 0; i < warmups; i++) {
            consume(work.get());
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            consume(work.get());
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-75s min %9.3f ms   median %9.3f ms  (%d runs)%n", name, nanos[0] / 1e6,
                nanos[runs / 2] / 1e6, runs);
    }

    private static void consume(Object o) {
        sink += o instanceof Number n ? n.doubleValue() : o.hashCode();
    }
}
