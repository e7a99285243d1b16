package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.gapscope.GapScopeException;
import org.gapscope.capture.Capture;
import org.gapscope.capture.CaptureMeta;
import org.gapscope.capture.Modality;
import org.gapscope.cli.GapScopeCli;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;
import org.gapscope.run.RunFolder;
import org.gapscope.run.Shard;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Folders {@code analyse} must refuse with one clear line and without touching their results, and a
 * folder whose captures hold a subset of the hidden states, which it analyses over what is there.
 */
class AnalyseFoldersTest {

    @TempDir
    Path dir;

    Path good;
    ExampleSet set;

    @BeforeEach
    void evaluateOnce() throws IOException {
        set = EvaluationEngineTest.read(EvaluationEngineTest.dataset(dir));
        good = dir.resolve("good");
        Evaluation.run(EvaluationEngineTest.runner(set), set, good, Shard.ALL, EvaluationEngineTest.settings(),
                BatchListener.SILENT);
        Files.delete(good.resolve(RunFolder.SUMMARY_JSON));
    }

    /** A copy of the good run broken by {@code breakIt}; analyse must fail with {@code message} and write nothing. */
    void refused(String name, Consumer<Path> breakIt, String message) throws IOException {
        Path copy = dir.resolve(name);
        AnalyseTest.copyTree(good, copy);
        breakIt.accept(copy);
        byte[] before = Files.exists(copy.resolve(RunFolder.RESULTS_JSONL))
                ? Files.readAllBytes(copy.resolve(RunFolder.RESULTS_JSONL)) : null;
        GapScopeException e = assertThrows(GapScopeException.class,
                () -> RunAnalysis.analyse(copy, RunAnalysis.Options.defaults(), BatchListener.SILENT), name);
        assertTrue(e.getMessage().contains(message), name + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), name + ": one line");
        if (before != null) {
            assertEquals(new String(before, StandardCharsets.UTF_8),
                    Files.readString(copy.resolve(RunFolder.RESULTS_JSONL)), name + ": results untouched");
        }
        assertFalse(Files.exists(copy.resolve(RunFolder.SUMMARY_JSON)), name + ": no summary");
        try (Stream<Path> files = Files.walk(copy)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".part")).toList(), name);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void brokenFoldersGetOneLineAndNothingWritten() throws IOException {
        refused("no-run-json", f -> f.resolve(RunFolder.RUN_JSON).toFile().delete(), "not a GapScope run folder (no run.json)");
        refused("version", f -> write(f.resolve(RunFolder.RUN_JSON),
                read(f.resolve(RunFolder.RUN_JSON)).replace("\"format_version\": 2", "\"format_version\": 3")),
                "run format version 3 is not one this GapScope reads (1 to 2); a newer GapScope wrote it");
        refused("unfinished", f -> write(f.resolve(RunFolder.STATUS_JSON),
                "{\"entries\": 11, \"records\": 9, \"complete\": false}"), "the run is not finished");
        refused("missing", f -> f.resolve("captures/L000002-q2.speech.npz").toFile().delete(),
                "L000002-q2.speech.npz: the speech capture of line 2 (q2) is missing");
        refused("truncated", f -> {
            Path npz = f.resolve("captures/L000005-q4.text.npz");
            try {
                byte[] b = Files.readAllBytes(npz);
                Files.write(npz, java.util.Arrays.copyOf(b, b.length / 2));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "L000005-q4.text.npz: not a NumPy .npz archive");
        refused("shapes", f -> Capture.of(new float[4 * 3 * 5], 4, 3, 5, List.of("a", "b", "c"), new float[0],
                new CaptureMeta("synthetic", Modality.TEXT, "q3", "test")).save(f.resolve("captures/L000003-q3.text.npz")),
                "L000003-q3.text.npz: holds hidden states [0, 1, 2, 3] of size 5, L000001-q1.speech.npz holds "
                        + "[0, 1, 2, 3] of size 8");
        refused("record", f -> write(f.resolve(RunFolder.RESULTS_JSONL), read(f.resolve(RunFolder.RESULTS_JSONL))
                + "{\"line\": 12, \"status\": \"ok\", \"id\": \"x\"}\n"), "an evaluated (\"ok\") record needs an \"id\" "
                + "and a non-empty \"gold\"");
        refused("json", f -> write(f.resolve(RunFolder.RESULTS_JSONL), "{\"line\": 1,,}\n"),
                "results.jsonl line 1: not a JSON object");
    }

    @Test
    void textOnlyRunsAndShardsAreSentBackWithWhatToDo() throws IOException {
        Path text = dir.resolve("text");
        Evaluation.run(EvaluationEngineTest.runner(set), set, text, Shard.ALL,
                EvaluationEngineTest.settings().withCaptures(CapturesKept.TEXT), BatchListener.SILENT);
        GapScopeException e = assertThrows(GapScopeException.class,
                () -> RunAnalysis.analyse(text, RunAnalysis.Options.defaults(), BatchListener.SILENT));
        assertTrue(e.getMessage().contains("line 1 (q1) names no speech capture"), e.getMessage());
        Path shard = dir.resolve("shard");
        Evaluation.run(EvaluationEngineTest.runner(set), set, shard, new Shard(1, 2), EvaluationEngineTest.settings(),
                BatchListener.SILENT);
        e = assertThrows(GapScopeException.class,
                () -> RunAnalysis.analyse(shard, RunAnalysis.Options.defaults(), BatchListener.SILENT));
        assertTrue(e.getMessage().contains("is shard 1/2 of a run; join the shards first with: gapscope analyse "
                + "--merge --out DIR SHARD_DIR..."), e.getMessage());

        // the command line: exit status 2 and one line
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GapScopeCli.run(new String[] {"analyse", shard.toString()}, new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(2, status);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("gapscope: "), err.toString());
    }

    @Test
    void capturesOfSomeHiddenStatesAreAnalysedOverThoseAndTheSummarySaysSo() throws IOException {
        Path subset = dir.resolve("subset");
        AnalyseTest.copyTree(good, subset);
        int[] keep = {0, 2, 3};
        try (Stream<Path> files = Files.list(subset.resolve(RunFolder.CAPTURES))) {
            for (Path p : files.toList()) {
                keepLayers(p, keep);
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GapScopeCli.run(new String[] {"analyse", subset.toString(), "--quiet"}, new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(0, status, err.toString());
        assertTrue(err.toString().contains("the captures hold 3 of the hidden states (0, 2, 3): scores average over "
                + "the 2 of them in 2..3"), err.toString());
        JsonObject summary = EvaluationEngineTest.json(subset.resolve(RunFolder.SUMMARY_JSON));
        assertEquals("[0,2,3]", summary.get("layers_present").toString());
        assertEquals("[2,3]", summary.get("averaged_layers").toString());
        JsonArray cosine = summary.getAsJsonObject("per_layer").getAsJsonArray("cosine");
        assertEquals(List.of(0, 2, 3), cosine.asList().stream().map(e -> e.getAsJsonObject().get("layer").getAsInt())
                .toList());
        // every example's mean is the mean over hidden states 2 and 3 of the full run's per-layer values
        Map<Integer, JsonObject> full = new LinkedHashMap<>();
        EvaluationEngineTest.records(good).forEach(r -> full.put(r.get("line").getAsInt(), r));
        for (JsonObject r : EvaluationEngineTest.records(subset)) {
            if (!"ok".equals(r.get("status").getAsString())) {
                continue;
            }
            JsonArray perLayer = full.get(r.get("line").getAsInt()).getAsJsonObject("scores").getAsJsonObject("cosine")
                    .getAsJsonArray("per_layer");
            double expected = (perLayer.get(2).getAsDouble() + perLayer.get(3).getAsDouble()) / 2;
            assertEquals(expected, r.getAsJsonObject("scores").getAsJsonObject("cosine").get("mean").getAsDouble(),
                    1e-12);
            assertEquals("[0,2,3]", r.getAsJsonObject("scores").get("layers").toString());
        }
    }

    /** Rewrites a capture file keeping only the given hidden states, with the {@code layers} member. */
    static void keepLayers(Path npz, int[] keep) {
        Capture c = Capture.load(npz);
        int n = c.length() * c.hiddenSize();
        float[] kept = new float[keep.length * n];
        for (int k = 0; k < keep.length; k++) {
            System.arraycopy(c.asHiddenStates().layer(keep[k]), 0, kept, k * n, n);
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("hidden", NpyArray.ofFloats(kept, keep.length, c.length(), c.hiddenSize()).toFloat16());
        arrays.put("tokens", NpyArray.ofBytes(new com.google.gson.Gson().toJson(c.tokens())
                .getBytes(StandardCharsets.UTF_8)));
        arrays.put("times", NpyArray.ofFloats(c.times(), c.times().length));
        arrays.put("meta", NpyArray.ofBytes(c.meta().toJson().getBytes(StandardCharsets.UTF_8)));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * keep.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int l : keep) {
            b.putLong(l);
        }
        b.flip();
        arrays.put("layers", NpyArray.of(org.gapscope.npy.DType.INT64, new long[] {keep.length}, b));
        Npz.write(npz, arrays);
        assertEquals("[0, 2, 3]", java.util.Arrays.toString(org.gapscope.capture.CaptureFile.read(npz).layers()));
    }
}
