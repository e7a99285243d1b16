package org.gapscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.gapscope.GapScopeException;
import org.gapscope.capture.Capture;
import org.gapscope.model.CaptureHook;
import org.gapscope.model.Generation;
import org.gapscope.model.KvCacheMode;
import org.gapscope.model.LayeredModel;
import org.gapscope.model.LmHeadLens;
import org.gapscope.model.ModelBundle;
import org.gapscope.model.Prompt;
import org.gapscope.model.SpeechEmbeddings;
import org.gapscope.npy.AtomicFiles;

import com.google.gson.GsonBuilder;
import com.sun.management.OperatingSystemMXBean;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gapscope bench-scale}: what one model costs on this machine, for docs/scale.md: bundle size,
 * open time and resident memory, a typed query and spoken queries of given lengths (speech encoder,
 * prompt pass with capture, capture size on disk), the LM head alone, and a greedy answer of N tokens
 * with the key/value cache and without it (the speed-up). Spoken queries are random log-mel features
 * (the benchmark measures cost, not answers). Whole-command timing is the caller's job.
 */
@Command(name = "bench-scale", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark one model at scale: open time, memory, typed and spoken queries, capture size, "
                + "greedy answers with and without the key/value cache.")
public final class BenchScaleCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model bundle folder")
    private Path model;

    @Option(names = "--text", paramLabel = "TEXT", required = true, description = "the typed query")
    private String text;

    @Option(names = "--speech-seconds", paramLabel = "S", split = ",", defaultValue = "5,30",
            description = "spoken queries of these lengths, random log-mel features (default: ${DEFAULT-VALUE})")
    private List<Double> speechSeconds = new ArrayList<>();

    @Option(names = "--tokens", paramLabel = "N", defaultValue = "32",
            description = "new tokens of the greedy answers (default: ${DEFAULT-VALUE})")
    private int tokens;

    @Option(names = "--uncached-up-to", paramLabel = "S", defaultValue = "5",
            description = "generate without the cache only for typed queries and spoken ones up to S seconds "
                    + "(slow at scale; default: ${DEFAULT-VALUE})")
    private double uncachedUpTo;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "repeat each timing and report the median (default: ${DEFAULT-VALUE})")
    private int repeat;

    @Option(names = "--json", paramLabel = "OUT.json", description = "also write the numbers as JSON")
    private Path json;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu (default: ${DEFAULT-VALUE})")
    private String device;

    private final Map<String, Object> results = new LinkedHashMap<>();
    private double lastCpu;

    @Override
    public Integer call() throws IOException {
        if (tokens < 1 || repeat < 1) {
            throw new GapScopeException("--tokens and --repeat must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        ModelBundle bundle = ModelBundle.open(model);
        put(out, "bundle_bytes", folderBytes(bundle.folder()), "bundle size, bytes");
        put(out, "rss_before_open_mb", BenchCaptureCommand.rssKb() / 1024, "resident memory before opening, MB");
        Map<String, Prompt> prompts = new LinkedHashMap<>();
        Map<String, Generation> answers = new LinkedHashMap<>();
        long c0 = processCpuNanos();
        long t0 = System.nanoTime();
        try (LayeredModel lm = LayeredModel.open(bundle, RunCommand.device(device))) {
            lastCpu = (processCpuNanos() - c0) / 1e9;
            time(out, "open_s", (System.nanoTime() - t0) / 1e9, "open (load every part, probe)");
            put(out, "rss_after_open_mb", BenchCaptureCommand.rssKb() / 1024, "resident memory with the model open, MB");
            out.printf(Locale.ROOT, "model %s: %d layers, d %d, vocab %d, %s %s, key/value cache %s%n",
                    lm.manifest().name(), lm.numLayers(), lm.hiddenSize(), lm.manifest().vocabSize(), lm.device(),
                    lm.computeType(), lm.usesKvCache() ? "yes" : "no (format 1)");
            prompts.put("typed", lm.textPrompt(text));
            for (double s : speechSeconds) {
                int frames = (int) Math.round(s * 100);
                float[][] features = BenchCaptureCommand.randomFeatures(lm.manifest().features().melBins(), frames);
                String name = String.format(Locale.ROOT, "spoken_%gs", s);
                SpeechEmbeddings[] encoded = new SpeechEmbeddings[1];
                time(out, name + "_encoder_s", median(() -> encoded[0] = lm.encodeSpeech(features, frames)),
                        name + ": speech encoder");
                prompts.put(name, lm.speechPrompt(encoded[0]));
            }
            for (Map.Entry<String, Prompt> e : prompts.entrySet()) {
                answers.put(e.getKey(), query(out, lm, e.getKey(), e.getValue()));
            }
            float[] state = new float[lm.hiddenSize()];
            state[0] = 1;
            LmHeadLens lens = new LmHeadLens(lm);
            time(out, "lm_head_one_position_s", median(() -> lens.top(state, 1, 1)),
                    "LM head on one position (the logit lens: softmax and top-1 included)");
            put(out, "rss_peak_mb", BenchCaptureCommand.procStatusKb("VmHWM:") / 1024,
                    "peak resident memory of the process so far, MB");
        }
        try (LayeredModel uncached = LayeredModel.open(bundle, RunCommand.device(device), KvCacheMode.OFF)) {
            for (Map.Entry<String, Prompt> e : prompts.entrySet()) {
                String name = e.getKey();
                if (e.getValue().speech() == null || e.getValue().speech().seconds() <= uncachedUpTo + 1e-9) {
                    Generation[] u = new Generation[1];
                    double whole = median(() -> u[0] = uncached.generate(e.getValue(), tokens));
                    if (!Arrays.equals(u[0].tokenIds(), answers.get(name).tokenIds())) {
                        throw new GapScopeException(name + ": the answer without the cache differs from the cached one");
                    }
                    time(out, name + "_answer_uncached_s", whole, name + ": the same answer without the cache");
                    put(out, name + "_cache_speedup", whole / (Double) results.get(name + "_answer_cached_s"),
                            name + ": speed-up of the cache (the same tokens), wall");
                    put(out, name + "_cache_speedup_cpu", lastCpu / (Double) results.get(name + "_answer_cached_s_cpu"),
                            name + ": speed-up of the cache, CPU");
                }
            }
        }
        if (json != null) {
            String text = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                    .toJson(results);
            AtomicFiles.write(json, o -> o.write((text + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        return 0;
    }

    /** Prompt pass with capture (time, capture size), then the greedy answer with the cache. */
    private Generation query(PrintWriter out, LayeredModel lm, String name, Prompt p) throws IOException {
        put(out, name + "_prompt_positions", p.length(), name + ": prompt positions (query " + p.queryLength() + ")");
        CaptureHook[] last = new CaptureHook[1];
        double pass = median(() -> {
            last[0] = CaptureHook.querySpan(name);
            return lm.forward(p, last[0]);
        });
        time(out, name + "_prompt_pass_s", pass, name + ": prompt pass with capture");
        Capture c = last[0].capture();
        Path dir = Files.createTempDirectory("gapscope-bench-scale");
        try {
            for (boolean half : new boolean[] {false, true}) {
                Path f = dir.resolve(half ? "c16.npz" : "c32.npz");
                c.save(f, half);
                put(out, name + (half ? "_capture_float16_bytes" : "_capture_float32_bytes"), Files.size(f),
                        name + ": capture of " + c.layerCount() + " x " + c.length() + " x " + c.hiddenSize() + ", "
                                + (half ? "float16" : "float32") + ", bytes");
                Files.delete(f);
            }
        } finally {
            Files.deleteIfExists(dir);
        }
        Generation[] g = new Generation[1];
        double cached = median(() -> g[0] = lm.generate(p, tokens));
        put(out, name + "_answer_tokens", g[0].tokenIds().length, name + ": tokens generated (" + g[0].stopReason() + ")");
        time(out, name + "_answer_cached_s", cached, name + ": greedy answer with the key/value cache");
        return g[0];
    }

    /** Runs {@code work} --repeat times; returns the median wall seconds and records the median CPU seconds. */
    private double median(Supplier<?> work) {
        double[] wall = new double[repeat];
        double[] cpu = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            work.get();
            wall[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (processCpuNanos() - c0) / 1e9;
        }
        lastCpu = middle(cpu);
        return middle(wall);
    }

    private static double middle(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** CPU time of the whole process (every thread, libtorch's included), or 0 where the JVM cannot say. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    /** Records a timing: wall seconds under {@code key}, the CPU seconds of the same runs under {@code key_cpu}. */
    private void time(PrintWriter out, String key, double wall, String label) {
        double cpu = lastCpu;
        put(out, key, wall, label + ", wall seconds");
        put(out, key + "_cpu", cpu, label + ", CPU seconds (all threads)");
    }

    private void put(PrintWriter out, String key, Object value, String label) {
        results.put(key, value);
        if (!label.isEmpty()) {
            String v = value instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(value);
            out.printf(Locale.ROOT, "%-72s %s%n", label, v);
            out.flush();
        }
    }

    private static long folderBytes(Path folder) {
        try (var files = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new GapScopeException(folder + ": cannot read: " + e.getMessage(), e);
        }
    }
}
