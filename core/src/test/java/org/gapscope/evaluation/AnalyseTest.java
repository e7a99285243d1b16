package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.capture.CaptureFile;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.intervention.CriticalTokens;
import org.gapscope.intervention.RewriteKind;
import org.gapscope.run.RunFolder;
import org.gapscope.run.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * {@code gapscope analyse} recomputes from a folder's files exactly what {@code evaluate} and
 * {@code intervene} computed as they ran; {@code evaluate --captures} changes the disk, not the
 * numbers.
 */
class AnalyseTest {

    @TempDir
    Path dir;

    static final List<String> FILES = List.of(RunFolder.RESULTS_JSONL, RunFolder.RESULTS_CSV, RunFolder.SUMMARY_JSON);

    Path evaluate(Path out, ExampleSet set, Evaluation.Settings settings) {
        Evaluation.Outcome o = Evaluation.run(EvaluationEngineTest.runner(set), set, out, Shard.ALL, settings,
                BatchListener.SILENT);
        assertTrue(o.complete());
        return out;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static void assertSameFiles(Path expected, Path actual, List<String> files) throws IOException {
        for (String f : files) {
            assertEquals(Files.readString(expected.resolve(f)), Files.readString(actual.resolve(f)), f);
        }
    }

    @Test
    void analyseOnAnEvaluateFolderWritesTheSameFilesEvaluateWrote() throws IOException {
        ExampleSet set = EvaluationEngineTest.read(EvaluationEngineTest.dataset(dir));
        Path run = evaluate(dir.resolve("run"), set, EvaluationEngineTest.settings());
        Path copy = dir.resolve("copy");
        copyTree(run, copy);
        Files.delete(copy.resolve(RunFolder.SUMMARY_JSON));
        Files.delete(copy.resolve(RunFolder.RESULTS_CSV));
        RunAnalysis.Outcome o = RunAnalysis.analyse(copy, RunAnalysis.Options.defaults(), BatchListener.SILENT);
        assertEquals(7, o.analysed());
        assertSameFiles(run, copy, FILES);
        assertFalse(Files.exists(copy.resolve(RunAnalysis.PROGRESS_JSONL)), "the journal is removed when done");

        // critical tokens: the paper's Bottom-3 and All on the cosine path of hidden state 0, from the stored captures
        List<String> lines = Files.readAllLines(copy.resolve(RunFolder.CRITICAL_TOKENS_JSONL));
        assertEquals(7, lines.size());
        JsonObject first = com.google.gson.JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(1, first.get("line").getAsInt());
        assertEquals(0, first.get("select_layer").getAsInt());
        ExampleAnalysis a = ExampleAnalyzer.analyze(
                CaptureFile.read(copy.resolve("captures/L000001-q1.speech.npz")).hiddenStates(),
                CaptureFile.read(copy.resolve("captures/L000001-q1.text.npz")).hiddenStates(),
                AnalysisSettings.defaults().withDtwExtension(false), "", "");
        CriticalTokens bottom = CriticalTokens.select(a.path(SimilarityMetric.COSINE, 0), CriticalTokenSelection.bottomK(3));
        JsonObject b3 = first.getAsJsonObject("selections").getAsJsonObject("bottom:3");
        assertArrayEquals(bottom.speechPositions(), ints(b3.getAsJsonArray("speech_positions")));
        assertArrayEquals(bottom.sourceTokens(), ints(b3.getAsJsonArray("source_tokens")));
        assertArrayEquals(bottom.selectedTokens(), ints(b3.getAsJsonArray("text_tokens")));
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    @Test
    void keepingTextOrNoCapturesGivesTheSummaryOfARunThatKeepsEverything() throws IOException {
        ExampleSet set = EvaluationEngineTest.read(EvaluationEngineTest.dataset(dir));
        Evaluation.Settings base = EvaluationEngineTest.settings();
        Path all = evaluate(dir.resolve("all"), set, base.withCaptures(CapturesKept.ALL));
        Path text = evaluate(dir.resolve("text"), set, base.withCaptures(CapturesKept.TEXT));
        Path none = evaluate(dir.resolve("none"), set, base.withCaptures(CapturesKept.NONE));
        for (Path p : List.of(text, none)) {
            assertEquals(Files.readString(all.resolve(RunFolder.SUMMARY_JSON)), Files.readString(p.resolve(
                    RunFolder.SUMMARY_JSON)), p.toString());
            assertEquals(Files.readString(all.resolve(RunFolder.RESULTS_CSV)), Files.readString(p.resolve(
                    RunFolder.RESULTS_CSV)), p.toString());
            assertEquals(withoutCaptures(all), withoutCaptures(p), "records, captures aside: " + p);
        }
        assertEquals(List.of("speech", "text"), kinds(all));
        assertEquals(List.of("text"), kinds(text));
        assertEquals(List.of(), kinds(none));
    }

    private static List<String> withoutCaptures(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonObject r : EvaluationEngineTest.records(run)) {
            r.remove("captures");
            out.add(r.toString());
        }
        return out;
    }

    private static List<String> kinds(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve(RunFolder.CAPTURES))) {
            return files.map(p -> p.getFileName().toString().replaceAll(".*\\.(speech|text)\\.npz", "$1")).distinct()
                    .sorted().toList();
        }
    }

    @Test
    void shardsKeepingTextCapturesMergeIntoTheUnshardedRun() throws IOException {
        ExampleSet set = EvaluationEngineTest.read(EvaluationEngineTest.dataset(dir));
        Evaluation.Settings settings = EvaluationEngineTest.settings().withCaptures(CapturesKept.TEXT);
        Path whole = evaluate(dir.resolve("whole"), set, settings);
        List<Path> shards = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path s = dir.resolve("s" + i);
            Evaluation.run(EvaluationEngineTest.runner(set), set, s, new Shard(i, 3), settings, BatchListener.SILENT);
            shards.add(s);
        }
        Evaluation.merge(dir.resolve("merged"), shards, BatchListener.SILENT);
        assertSameFiles(whole, dir.resolve("merged"), FILES);
    }

    @Test
    void analyseOnAnInterventionRunWritesTheSameTable() throws IOException {
        ExampleSet set = EvaluationEngineTest.read(EvaluationEngineTest.dataset(dir));
        InterventionRun.Settings settings = new InterventionRun.Settings(8, List.of(RewriteKind.ANGLE_PROJECTION,
                RewriteKind.LENGTH_NORMALIZATION), List.of(CriticalTokenSelection.bottomK(2),
                CriticalTokenSelection.allTokens()), 0, 0, SimilarityMetric.COSINE);
        Path iv = dir.resolve("iv");
        InterventionRun.run(EvaluationEngineTest.runner(set), set, iv, Shard.ALL, settings, BatchListener.SILENT);
        Path copy = dir.resolve("copy");
        copyTree(iv, copy);
        Files.delete(copy.resolve(InterventionTable.TABLE_MD));
        RunAnalysis.Outcome o = RunAnalysis.analyse(copy, RunAnalysis.Options.defaults(), BatchListener.SILENT);
        assertEquals(RunFolder.INTERVENE, o.command());
        assertSameFiles(iv, copy, List.of(RunFolder.RESULTS_JSONL, RunFolder.RESULTS_CSV, RunFolder.SUMMARY_JSON,
                InterventionTable.TABLE_MD, InterventionTable.TABLE_CSV));
    }
}
