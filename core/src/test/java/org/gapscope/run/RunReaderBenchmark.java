package org.gapscope.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import org.gapscope.analysis.Score;
import org.gapscope.engine.StoredRun;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Benchmark of listing a large run (a bench command, not a test): writes a 5,000-example run folder
 * whose records hold 7B-shaped scores (33 hidden states, with their control), then times
 * {@link RunReader#open} and the explorer's {@link StoredRun#open} (warm-up runs, then timed runs; minimum
 * and median) and reports the size of a record and the heap the listing holds. Run from the repository root with
 * <pre>
 * mvn -B -q -o -pl core test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp core/target/test-classes:core/target/classes:$(cat core/target/test-classpath.txt) org.gapscope.run.RunReaderBenchmark [EXAMPLES]
 * </pre>
 */
public final class RunReaderBenchmark {

    private RunReaderBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path dir = Files.createTempDirectory("gapscope-run-bench");
        try {
            long bytes = write(dir, n, 33);
            System.out.printf(Locale.ROOT, "java %s, %d CPUs; %d records, results.jsonl %.1f MB (%.1f KB per record)%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), n, bytes / 1e6,
                    bytes / 1e3 / n);
            int warmups = 3;
            int runs = 7;
            double[] ms = new double[runs];
            RunReader reader = null;
            for (int i = 0; i < warmups + runs; i++) {
                long t0 = System.nanoTime();
                reader = RunReader.open(dir);
                long t1 = System.nanoTime();
                if (i >= warmups) {
                    ms[i - warmups] = (t1 - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            System.gc();
            Runtime rt = Runtime.getRuntime();
            long used = rt.totalMemory() - rt.freeMemory();
            System.out.printf(Locale.ROOT, "RunReader.open: min %.0f ms, median %.0f ms (%d runs after %d warm-ups); "
                    + "heap in use with the listing held: %.0f MB%n", ms[0], ms[runs / 2], runs, warmups, used / 1e6);
            double[] stored = new double[runs];
            for (int i = 0; i < warmups + runs; i++) {
                long t0 = System.nanoTime();
                StoredRun listed = StoredRun.open(dir);
                long t1 = System.nanoTime();
                if (i >= warmups) {
                    stored[i - warmups] = (t1 - t0) / 1e6;
                }
                if (listed.entries().size() != n) {
                    throw new IllegalStateException("listed " + listed.entries().size() + " of " + n);
                }
            }
            Arrays.sort(stored);
            System.out.printf(Locale.ROOT, "StoredRun.open (the explorer's list, no dataset file): min %.0f ms, "
                    + "median %.0f ms%n", stored[0], stored[runs / 2]);
            long t0 = System.nanoTime();
            JsonObject one = reader.recordJson(reader.records().get(n / 2));
            System.out.printf(Locale.ROOT, "one record's per-layer scores read again: %.2f ms (%d keys)%n",
                    (System.nanoTime() - t0) / 1e6, one.size());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A finished run of {@code n} evaluated examples with {@code layers} hidden states; returns the results' size. */
    static long write(Path dir, int n, int layers) throws IOException {
        JsonObject run = RunFolder.identity(RunFolder.CAPTURE, "bench", "bench", dir.resolve("set.jsonl"), "0",
                Shard.ALL, new JsonObject());
        RunFolder.writeJson(dir.resolve(RunFolder.RUN_JSON), run);
        SplittableRandom random = new SplittableRandom(1);
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            JsonObject r = new JsonObject();
            r.addProperty("line", i);
            r.addProperty("status", "ok");
            r.addProperty("id", "q" + i);
            r.addProperty("task", "sd-qa");
            JsonArray gold = new JsonArray();
            gold.add("paris");
            r.add("gold", gold);
            r.add("text", answer("The capital of France is Paris.", "tokens", 20));
            r.add("speech", answer("Paris", "positions", 750));
            JsonObject captures = new JsonObject();
            captures.addProperty("text", "captures/L" + i + ".text.npz");
            captures.addProperty("speech", "captures/L" + i + ".speech.npz");
            r.add("captures", captures);
            r.add("scores", scores(random, layers));
            JsonObject control = new JsonObject();
            control.addProperty("text_line", (i % n) + 1);
            control.addProperty("text_id", "q" + ((i % n) + 1));
            control.add("scores", scores(random, layers));
            r.add("control", control);
            sb.append(r).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(RunFolder.RESULTS_JSONL), bytes);
        RunFolder.writeJson(dir.resolve(RunFolder.STATUS_JSON), JsonObject.class.cast(
                com.google.gson.JsonParser.parseString("{\"entries\": " + n + ", \"records\": " + n
                        + ", \"complete\": true}")));
        return bytes.length;
    }

    private static JsonObject answer(String text, String key, int length) {
        JsonObject o = new JsonObject();
        o.addProperty("answer", text);
        o.addProperty("correct", true);
        o.addProperty(key, length);
        return o;
    }

    private static JsonObject scores(SplittableRandom random, int layers) {
        JsonObject o = new JsonObject();
        JsonArray range = new JsonArray();
        range.add(1);
        range.add(layers - 1);
        o.add("averaged_layers", range);
        for (Score s : Score.values()) {
            JsonObject one = new JsonObject();
            one.addProperty("mean", random.nextDouble());
            JsonArray perLayer = new JsonArray();
            for (int l = 0; l < layers; l++) {
                perLayer.add(random.nextDouble());
            }
            one.add("per_layer", perLayer);
            o.add(s.key(), one);
        }
        return o;
    }
}
