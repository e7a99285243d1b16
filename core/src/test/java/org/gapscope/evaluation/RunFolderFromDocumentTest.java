package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.gapscope.capture.Modality;
import org.gapscope.run.RunFolder;
import org.gapscope.run.RunReader;
import org.gapscope.run.RunRecord;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * A run folder written by another program that only read docs/run-format.md
 * (core/src/test/python/write_run_folder.py, NumPy only) opens in {@code analyse}, {@code compare}
 * and {@code figure}, and in the reader the explorer will use.
 */
class RunFolderFromDocumentTest {

    @TempDir
    Path dir;


    Path write(String name, double noise) {
        Path out = dir.resolve(name);
        Python.run(Python.repositoryRoot().resolve("core/src/test/python/write_run_folder.py").toString(),
                out.toString(), name, Double.toString(noise), "3");
        return out;
    }

    @Test
    void aFolderWrittenFromTheDocumentIsAnalysedComparedAndDrawn() throws IOException {
        List<Path> runs = List.of(write("model-a", 0.3), write("model-b", 0.9), write("model-c", 1.8));
        for (Path run : runs) {
            EndToEndTest.Cli a = EndToEndTest.cli("analyse", run.toString(), "--quiet");
            assertEquals(0, a.status(), a.err());
            assertTrue(a.out().contains(run.getFileName() + " on examples.jsonl: 10 entries, 8 evaluated, 2 failed "
                    + "(audio 1, dataset 1)"), a.out());
        }
        Path first = runs.get(0);
        JsonObject summary = EvaluationEngineTest.json(first.resolve(RunFolder.SUMMARY_JSON));
        assertEquals(5, summary.getAsJsonObject("per_layer").getAsJsonArray("cosine").size());
        JsonObject cosine = summary.getAsJsonObject("scores").getAsJsonObject("cosine");
        assertTrue(cosine.get("margin").getAsDouble() > 0, "speech lies near its own text: " + cosine);
        // text accuracy: every typed answer is the question's last word, the gold answer, except q8's "a",
        // which the scoring rules drop as an article
        assertEquals(7, summary.getAsJsonObject("accuracy").getAsJsonObject("text").get("correct").getAsInt());

        // the reader lists the records, with the answers scored by analyse, and loads a capture when asked
        RunReader reader = RunReader.open(first);
        assertEquals(10, reader.records().size());
        RunRecord q1 = reader.record(1).orElseThrow();
        assertEquals(Boolean.TRUE, q1.text().correct());
        assertTrue(q1.score(org.gapscope.analysis.Score.APS_COSINE).isPresent());
        RunRecord lost = reader.records().get(9);
        assertEquals("audio", lost.stage());
        assertEquals(12, reader.capture(q1, Modality.SPEECH).length());

        Path compare = dir.resolve("compare");
        EndToEndTest.Cli c = EndToEndTest.cli("compare", runs.get(0).toString(), runs.get(1).toString(), runs.get(2).toString(), "--out",
                compare.toString(), "--dpi", "50");
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("| model-a |") && c.out().contains("| model-c |"), c.out());
        assertTrue(Files.isRegularFile(compare.resolve("score-vs-gap-aps_cosine.png")));

        Path heatmap = dir.resolve("heatmap.png");
        EndToEndTest.Cli f = EndToEndTest.cli("figure", "heatmap", "--speech", first.resolve(q1.capture(Modality.SPEECH).orElseThrow()).toString(),
                "--text", first.resolve(q1.capture(Modality.TEXT).orElseThrow()).toString(), "--layer", "2", "--out",
                heatmap.toString(), "--dpi", "50");
        assertEquals(0, f.status(), f.err());
        assertTrue(Files.size(heatmap) > 1000);
    }
}
