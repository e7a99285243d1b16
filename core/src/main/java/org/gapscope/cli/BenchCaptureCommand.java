package org.gapscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

import org.gapscope.GapScopeException;
import org.gapscope.capture.Capture;
import org.gapscope.model.CaptureHook;
import org.gapscope.model.DeviceNames;
import org.gapscope.model.LayeredModel;
import org.gapscope.model.ModelBundle;
import org.gapscope.model.Prompt;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gapscope bench-capture}: measures the runtime on a bundle: process memory (RSS) before and
 * after many capture passes in a row, and the time of a pass with capture against a plain pass.
 */
@Command(name = "bench-capture", mixinStandardHelpOptions = true,
        description = "Benchmark capture passes on a model bundle: memory over many passes, capture overhead.")
public final class BenchCaptureCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR",
            description = "model bundle folder (default: the built-in model named in resources/models/DEFAULT)")
    private Path model;

    @Option(names = "--passes", defaultValue = "1000", description = "capture passes in a row (default: ${DEFAULT-VALUE})")
    private int passes;

    @Option(names = "--pairs", defaultValue = "300",
            description = "interleaved plain/capture pass pairs for the overhead (default: ${DEFAULT-VALUE})")
    private int pairs;

    @Option(names = "--warmup", defaultValue = "50", description = "passes before measuring (default: ${DEFAULT-VALUE})")
    private int warmup;

    @Option(names = "--text", paramLabel = "TEXT",
            description = "benchmark this typed query instead of a spoken one (random log-mel features)")
    private String text;

    @Option(names = "--frames", defaultValue = "400",
            description = "frames of the random spoken query, 100 per second (default: ${DEFAULT-VALUE})")
    private int frames;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE})")
    private String device;

    @Override
    public Integer call() {
        if (passes < 1 || pairs < 1 || warmup < 0 || frames < 1) {
            throw new GapScopeException("--passes, --pairs and --frames must be positive, --warmup not negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        ModelChoice choice = ModelChoice.of(model);
        try (LayeredModel lm = LayeredModel.open(ModelBundle.open(choice.folder()), RunCommand.device(device))) {
            String deviceName = DeviceNames.system().describe(lm.device());
            spec.commandLine().getErr().println("gapscope: " + choice.describe(lm.manifest().name(), deviceName));
            float[][] features = text == null ? randomFeatures(lm.manifest().features().melBins(), frames) : null;
            Prompt fixed = promptOf(lm, features);
            out.printf(Locale.ROOT, "model %s: %d layers, hidden %d, %s %s; %s query, prompt %d positions (query %d)%n",
                    lm.manifest().name(), lm.numLayers(), lm.hiddenSize(), deviceName, lm.computeType(),
                    fixed.modality().id(), fixed.length(), fixed.queryLength());
            for (int i = 0; i < warmup; i++) {
                example(lm, features, i);
                lm.forward(fixed);
            }
            System.gc();
            long rssBefore = rssKb();
            long heapBefore = heapUsedKb();
            long[] exampleNs = new long[passes];
            StringBuilder trend = new StringBuilder();
            int every = Math.max(1, passes / 10);
            for (int i = 0; i < passes; i++) {
                long t0 = System.nanoTime();
                example(lm, features, i);
                exampleNs[i] = System.nanoTime() - t0;
                if ((i + 1) % every == 0) {
                    trend.append(' ').append(rssKb() / 1024);
                }
            }
            System.gc();
            long rssAfter = rssKb();
            long heapAfter = heapUsedKb();
            out.printf(Locale.ROOT, "%d capture examples in a row (%s, each: %s + forward with capture):%n", passes,
                    fixed.modality().id(), features != null ? "encode speech" : "tokenize");
            out.printf(Locale.ROOT, "  time per example: median %.3f ms, mean %.3f ms, p95 %.3f ms%n",
                    percentile(exampleNs, 50), mean(exampleNs), percentile(exampleNs, 95));
            out.printf(Locale.ROOT, "  RSS before %d kB, after %d kB (change %+d kB); every %d passes (MB):%s%n",
                    rssBefore, rssAfter, rssAfter - rssBefore, every, trend);
            out.printf(Locale.ROOT, "  Java heap used after GC: before %d kB, after %d kB%n", heapBefore, heapAfter);

            long[] plain = new long[pairs];
            long[] captured = new long[pairs];
            for (int i = 0; i < pairs; i++) {
                long t0 = System.nanoTime();
                lm.forward(fixed);
                long t1 = System.nanoTime();
                CaptureHook hook = CaptureHook.querySpan("bench");
                lm.forward(fixed, hook);
                hook.capture();
                long t2 = System.nanoTime();
                plain[i] = t1 - t0;
                captured[i] = t2 - t1;
            }
            double p = percentile(plain, 50);
            double c = percentile(captured, 50);
            out.printf(Locale.ROOT, "forward pass on the same prompt, %d interleaved pairs:%n", pairs);
            out.printf(Locale.ROOT, "  plain:        median %.3f ms, mean %.3f ms%n", p, mean(plain));
            out.printf(Locale.ROOT, "  with capture: median %.3f ms, mean %.3f ms%n", c, mean(captured));
            out.printf(Locale.ROOT, "  capture overhead: %+.3f ms per pass (%+.1f %%), median to median%n", c - p,
                    100 * (c - p) / p);
            if (features != null) {
                long[] encode = new long[Math.max(5, pairs / 10)];
                for (int i = 0; i < encode.length; i++) {
                    long t0 = System.nanoTime();
                    lm.encodeSpeech(features);
                    encode[i] = System.nanoTime() - t0;
                }
                out.printf(Locale.ROOT, "speech encoder alone (%d frames, padded to %s): median %.3f ms over %d runs%n",
                        frames, lm.manifest().features().padToFrames(), percentile(encode, 50), encode.length);
            }
        }
        return 0;
    }

    private Prompt promptOf(LayeredModel lm, float[][] features) {
        return features != null ? lm.speechPrompt(features) : lm.textPrompt(text);
    }

    private void example(LayeredModel lm, float[][] features, int i) {
        Prompt p = promptOf(lm, features);
        CaptureHook hook = CaptureHook.querySpan("bench-" + i);
        lm.forward(p, hook);
        Capture c = hook.capture();
        if (c.length() != p.queryLength()) {
            throw new IllegalStateException("capture of " + c.length() + " positions for a query of " + p.queryLength());
        }
    }

    static float[][] randomFeatures(int mels, int frames) {
        Random r = new Random(1);
        float[][] f = new float[mels][frames];
        for (float[] row : f) {
            for (int i = 0; i < frames; i++) {
                row[i] = (float) (r.nextGaussian() * 0.5);
            }
        }
        return f;
    }

    /** The process's resident set size from /proc/self/status (Linux), or -1 elsewhere. */
    static long rssKb() {
        return procStatusKb("VmRSS:");
    }

    /** A kB field of /proc/self/status (Linux: {@code VmRSS:}, {@code VmHWM:} the peak), or -1 elsewhere. */
    static long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static long heapUsedKb() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / 1024;
    }

    private static double percentile(long[] ns, double pct) {
        long[] s = ns.clone();
        Arrays.sort(s);
        int i = (int) Math.min(s.length - 1, Math.round(pct / 100.0 * (s.length - 1)));
        return s[i] / 1e6;
    }

    private static double mean(long[] ns) {
        double sum = 0;
        for (long v : ns) {
            sum += v;
        }
        return sum / ns.length / 1e6;
    }
}
