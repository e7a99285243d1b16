package org.gapscope.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.gapscope.GapScopeException;
import org.gapscope.run.ResultLog;
import org.gapscope.run.Shard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

class BatchMachineryTest {

    @TempDir
    Path dir;

    @Test
    void shardsPartitionTheDatasetExactlyOnce() {
        int n = 3;
        int[] owners = new int[10];
        for (int s = 1; s <= n; s++) {
            Shard shard = new Shard(s, n);
            for (int k = 0; k < owners.length; k++) {
                if (shard.contains(k)) {
                    owners[k]++;
                }
            }
        }
        assertTrue(IntStream.of(owners).allMatch(c -> c == 1));
        assertEquals(List.of(1, 4, 7), IntStream.range(0, 10).filter(Shard.parse("2/3")::contains).boxed().toList());
        assertEquals("shard-2-of-3", Shard.parse(" 2 / 3 ").label());
        assertEquals("shard index must be between 1 and 4, got 0",
                assertThrows(GapScopeException.class, () -> Shard.parse("0/4")).getMessage());
        assertTrue(assertThrows(GapScopeException.class, () -> Shard.parse("two")).getMessage().contains("i/n"));
    }

    @Test
    void resultLogResumesAndCutsOffAHalfWrittenLine() throws IOException {
        Path file = dir.resolve("results.jsonl");
        try (ResultLog log = ResultLog.open(file, "id")) {
            log.append("a", record("a", 1));
            log.append("b", record("b", 2));
        }
        Files.writeString(file, "{\"id\": \"c\", \"val", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        try (ResultLog log = ResultLog.open(file, "id")) {
            assertTrue(log.contains("a") && log.contains("b"));
            assertFalse(log.contains("c"));
            log.append("c", record("c", 3));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals("{\"id\":\"c\",\"value\":3}", lines.get(2));
    }

    @Test
    void resultLogRefusesAForeignFile() throws IOException {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, "{\"id\": \"a\"}\nthis is not json\n{\"id\": \"b\"}\n");
        GapScopeException e = assertThrows(GapScopeException.class, () -> ResultLog.open(file, "id"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void progressShowsRateAndEtaOnATerminalAndPlainLinesOtherwise() {
        AtomicLong clock = new AtomicLong(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressReporter bar = new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true,
                "evaluate", 4, clock::get);
        clock.set(2_000_000_000L);
        bar.step(false);
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("\revaluate [#######---------------------] 1/4 (0.50/s, ETA 6s)", shown);
        clock.set(4_000_000_000L);
        bar.step(true);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("2/4 (0.50/s, ETA 4s, 1 failed)"));

        ByteArrayOutputStream plainBytes = new ByteArrayOutputStream();
        clock.set(0);
        ProgressReporter plain = new ProgressReporter(new PrintStream(plainBytes, true, StandardCharsets.UTF_8), false,
                "evaluate", 3, clock::get);
        clock.set(1_000_000_000L);
        plain.step(false);
        assertEquals("", plainBytes.toString(StandardCharsets.UTF_8), "no line within 5 s");
        clock.set(6_000_000_000L);
        plain.step(false);
        plain.step(false);
        String[] lines = plainBytes.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(2, lines.length);
        assertFalse(lines[0].contains("\r"));
        assertTrue(lines[1].contains("3/3"), lines[1]);
        assertEquals("1h01m", ProgressReporter.duration(3660));
    }

    private static JsonObject record(String id, int value) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("value", value);
        return o;
    }
}
