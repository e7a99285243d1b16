package org.gapscope.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonParser;

import org.gapscope.dataset.ExampleSetReader.OnBrokenLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional {@code words} field: parsed, validated, and a bad one a broken line, never a crash. */
class WordTimingsTest {

    @TempDir
    Path dir;

    private static final String SKY = "[{\"word\": \"What\", \"start\": 0.10, \"end\": 0.30},"
            + "{\"word\": \"colour\", \"start\": 0.30, \"end\": 0.70},"
            + "{\"word\": \"sky?\", \"start\": 0.75, \"end\": 1.20}]";

    private static String line(String id, String transcript, String words) {
        return "{\"id\": \"" + id + "\", \"audio\": \"a.wav\", \"transcript\": \"" + transcript
                + "\", \"answer\": \"blue\", \"words\": " + words + "}";
    }

    @Test
    void aGoodWordsFieldIsReadAndMatchedToTheTranscriptWords() throws IOException {
        Path file = dir.resolve("set.jsonl");
        Files.write(file, List.of(line("q1", "what colour - sky", SKY),
                "{\"id\": \"q2\", \"audio\": \"a.wav\", \"transcript\": \"t\", \"answer\": \"x\"}"));
        ExampleSet set = ExampleSetReader.create(OnBrokenLine.REFUSE).read(file);
        Example q1 = set.examples().get(0);
        assertTrue(q1.hasWords());
        assertEquals(3, q1.words().size());
        assertEquals(new WordTiming("colour", 0.30, 0.70), q1.words().get(1));
        assertFalse(set.examples().get(1).hasWords());
        // the lone dash is not a word; "What" matches "what", "sky?" matches "sky"
        assertEquals(List.of("what", "colour", "sky"), WordTimings.transcriptWords("what colour - sky"));
    }

    @Test
    void eachKindOfBadWordsFieldIsABrokenLineWithItsReason() throws IOException {
        Path file = dir.resolve("set.jsonl");
        Files.write(file, List.of(
                line("ok", "what colour sky", SKY),
                line("order", "what colour sky", "[{\"word\": \"what\", \"start\": 0.5, \"end\": 0.6},"
                        + "{\"word\": \"colour\", \"start\": 0.2, \"end\": 0.7}, {\"word\": \"sky\", \"start\": 1, \"end\": 2}]"),
                line("count", "what colour is the sky", SKY),
                line("differs", "what color sky", SKY),
                line("negative", "what colour sky", SKY.replace("0.10", "-0.10")),
                line("backwards", "what colour sky", SKY.replace("\"end\": 0.70", "\"end\": 0.20")),
                line("string", "what colour sky", SKY.replace("0.75", "\"0.75\"")),
                line("notalist", "what colour sky", "{\"word\": \"what\"}"),
                line("empty", "what colour sky", "[]"),
                line("noword", "what colour sky", SKY.replace("\"sky?\"", "\"?\""))));
        ExampleSet set = ExampleSetReader.create(OnBrokenLine.SKIP).read(file);
        assertEquals(1, set.size());
        List<String> reasons = set.problems().stream().map(ExampleSet.LineProblem::message).toList();
        assertEquals(9, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).contains("not in order"), reasons.get(0));
        assertTrue(reasons.get(1).contains("has 3 words") && reasons.get(1).contains("has 5"), reasons.get(1));
        assertTrue(reasons.get(2).contains("\"colour\"") && reasons.get(2).contains("\"color\""), reasons.get(2));
        assertTrue(reasons.get(3).contains("item 1") && reasons.get(3).contains("start"), reasons.get(3));
        assertTrue(reasons.get(4).contains("item 2") && reasons.get(4).contains("end"), reasons.get(4));
        assertTrue(reasons.get(5).contains("item 3") && reasons.get(5).contains("number"), reasons.get(5));
        assertTrue(reasons.get(6).contains("must be a list"), reasons.get(6));
        assertTrue(reasons.get(7).contains("empty"), reasons.get(7));
        assertTrue(reasons.get(8).contains("not a word"), reasons.get(8));
        assertEquals(2, set.problems().get(0).line());
    }

    @Test
    void wordsMustLieInsideTheClipUpToOneHop() {
        WordTimings w = WordTimings.fromJson(JsonParser.parseString(SKY));
        w.checkInside(1.20);
        w.checkInside(1.195);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.checkInside(1.0));
        assertTrue(e.getMessage().contains("\"sky?\" ends at 1.200 s, after the end of the 1.000 s clip"), e.getMessage());
    }

    @Test
    void anEditedTranscriptKeepsTheTimingsOnlyWhileTheyStillMatch() {
        Example e = new Example("q", Path.of("a.wav"), "what colour sky", List.of("blue"), List.of(), "", "", 1,
                WordTimings.fromJson(JsonParser.parseString(SKY)));
        assertTrue(e.withTranscript("What colour, sky?").hasWords());
        assertFalse(e.withTranscript("what colour is the sky").hasWords());
        assertThrows(IllegalArgumentException.class, () -> new Example("q", Path.of("a.wav"), "what sky",
                List.of("blue"), List.of(), "", "", 1, WordTimings.fromJson(JsonParser.parseString(SKY))));
    }
}
