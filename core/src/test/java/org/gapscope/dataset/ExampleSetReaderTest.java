package org.gapscope.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.gapscope.GapScopeException;
import org.gapscope.dataset.ExampleSetReader.OnBrokenLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleSetReaderTest {

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("set.jsonl");
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void readsAllFieldKindsAndResolvesAudioAgainstTheFile() throws IOException {
        Path file = write(
                "{\"id\": \"q1\", \"audio\": \"wav/q1.wav\", \"transcript\": \"what colour is the sky\", \"answer\": \"blue\", \"task\": \"colours\"}",
                "",
                "# a comment",
                "{\"id\": \"q2\", \"audio\": \"q2.wav\", \"transcript\": \"two plus two\", \"answer\": [\"four\", \"4\"]}",
                "{\"id\": \"q3\", \"audio\": \"q3.wav\", \"transcript\": \"pick one\", \"choices\": [\"cat\", \"dog\", \"cow\"], \"answer\": \"dog\", \"prompt\": \"Choose.\"}");
        ExampleSet set = ExampleSetReader.create(OnBrokenLine.REFUSE).read(file);
        assertEquals(3, set.size());
        Example q1 = set.examples().get(0);
        assertEquals(dir.resolve("wav/q1.wav").toAbsolutePath(), q1.audio());
        assertEquals("colours", q1.task());
        assertEquals(1, q1.line());
        assertEquals(List.of("four", "4"), set.examples().get(1).answers());
        Example q3 = set.find("q3").orElseThrow();
        assertTrue(q3.isMultipleChoice());
        assertEquals(List.of("B"), q3.answers());
        assertEquals("Choose.", q3.prompt());
        assertEquals(5, q3.line());
    }

    @Test
    void brokenLinesAreReportedWithTheirNumbersWhenSkipped() throws IOException {
        Path file = write(
                "{\"id\": \"ok\", \"audio\": \"a.wav\", \"transcript\": \"t\", \"answer\": \"x\"}",
                "{not json",
                "{\"id\": \"n\", \"audio\": \"a.wav\", \"transcript\": \"t\", \"answer\": 42}",
                "{\"id\": \"m\", \"audio\": \"a.wav\", \"answer\": \"x\"}",
                "[1, 2]",
                "{\"id\": \"ok\", \"audio\": \"b.wav\", \"transcript\": \"t\", \"answer\": \"y\"}",
                "{\"id\": \"c\", \"audio\": \"b.wav\", \"transcript\": \"t\", \"choices\": [\"a\", \"b\"], \"answer\": \"z\"}",
                "{\"id\": \"na\", \"transcript\": \"t\", \"answer\": \"y\"}");
        ExampleSet set = ExampleSetReader.create(OnBrokenLine.SKIP).read(file);
        assertEquals(1, set.size());
        List<String> problems = set.problems().stream().map(Object::toString).toList();
        assertEquals(List.of(
                "line 2: not JSON (at column 7)",
                "line 3: \"answer\" must be a string or a list of strings, not a number",
                "line 4: missing \"transcript\"",
                "line 5: not a JSON object",
                "line 6: duplicate id \"ok\"",
                "line 7: \"answer\" \"z\" is neither a choice letter nor one of the choices",
                "line 8: missing \"audio\""), problems);
    }

    @Test
    void refusingNamesTheFirstBrokenLine() throws IOException {
        Path file = write(
                "{\"id\": \"ok\", \"audio\": \"a.wav\", \"transcript\": \"t\", \"answer\": \"x\"}",
                "{\"id\": \"bad\", \"audio\": \"a.wav\", \"transcript\": \"\", \"answer\": \"x\"}");
        GapScopeException e = assertThrows(GapScopeException.class,
                () -> ExampleSetReader.create(OnBrokenLine.REFUSE).read(file));
        assertEquals(file + ": line 2: \"transcript\" is empty", e.getMessage());
    }

    @Test
    void missingEmptyAndBinaryFilesGetAClearMessage() throws IOException {
        ExampleSetReader reader = ExampleSetReader.create(OnBrokenLine.SKIP);
        assertEquals(dir.resolve("none.jsonl") + ": no such dataset file",
                assertThrows(GapScopeException.class, () -> reader.read(dir.resolve("none.jsonl"))).getMessage());
        Path empty = write("", "  ");
        assertEquals(empty + ": no examples", assertThrows(GapScopeException.class, () -> reader.read(empty)).getMessage());
        Path binary = dir.resolve("bin.jsonl");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28});
        assertTrue(assertThrows(GapScopeException.class, () -> reader.read(binary)).getMessage().contains("not UTF-8"));
        assertTrue(assertThrows(GapScopeException.class, () -> reader.read(dir)).getMessage().contains("is a folder"));
    }

    @Test
    void typedOnlyExamplesAreAcceptedWhenAudioIsOptional() throws IOException {
        Path file = write("{\"id\": \"t\", \"transcript\": \"what is two plus two\", \"answer\": \"four\"}");
        ExampleSet set = ExampleSetReader.create(OnBrokenLine.REFUSE).optAudioOptional().read(file);
        assertTrue(set.examples().get(0).audioFile().isEmpty());
    }
}
