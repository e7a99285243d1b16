package org.gapscope.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.Score;
import org.gapscope.capture.Modality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/** The run reader lists a large run at once, reads a record's details again on demand, and never changes the folder. */
class RunReaderTest {

    @TempDir
    Path dir;

    @Test
    void listsFiveThousandRecordsAndReadsOneAgainOnDemand() throws IOException {
        RunReaderBenchmark.write(dir, 5000, 5);
        byte[] before = Files.readAllBytes(dir.resolve(RunFolder.RESULTS_JSONL));
        RunReader reader = RunReader.open(dir);
        assertEquals(5000, reader.records().size());
        assertTrue(reader.isComplete());
        RunRecord r = reader.record(4321).orElseThrow();
        assertEquals("q4321", r.id());
        assertEquals("Paris", r.speech().answer());
        assertEquals(Boolean.TRUE, r.speech().correct());
        assertEquals(750, r.speech().length());
        assertTrue(r.score(Score.APS_COSINE).isPresent());
        assertEquals(7, r.control().size());
        JsonObject full = reader.recordJson(r);
        assertEquals(5, full.getAsJsonObject("scores").getAsJsonObject("cosine").getAsJsonArray("per_layer").size());
        assertEquals(r.score(Score.COSINE).getAsDouble(),
                full.getAsJsonObject("scores").getAsJsonObject("cosine").get("mean").getAsDouble(), 0);
        // captures load on demand: a missing one is one line naming the file
        GapScopeException missing = assertThrows(GapScopeException.class, () -> reader.capture(r, Modality.SPEECH));
        assertTrue(missing.getMessage().endsWith("L4321.speech.npz: the speech capture of line 4321 (q4321) is missing"),
                missing.getMessage());
        assertEquals(new String(before), new String(Files.readAllBytes(dir.resolve(RunFolder.RESULTS_JSONL))),
                "reading never changes the folder");
    }

    @Test
    void aHalfWrittenLastLineIsLeftOutAndADuplicateLineRefused() throws IOException {
        RunReaderBenchmark.write(dir, 3, 2);
        Path results = dir.resolve(RunFolder.RESULTS_JSONL);
        Files.writeString(results, "{\"line\": 4, \"status\": \"o", StandardOpenOption.APPEND);
        assertEquals(3, RunReader.open(dir).records().size());
        Files.writeString(results, Files.readString(results).replace("{\"line\": 4, \"status\": \"o", "")
                + Files.readAllLines(results).get(0) + "\n");
        GapScopeException twice = assertThrows(GapScopeException.class, () -> RunReader.open(dir));
        assertTrue(twice.getMessage().contains("line 4: a second record for dataset line 1"), twice.getMessage());
        assertFalse(twice.getMessage().contains("\n"));
    }
}
