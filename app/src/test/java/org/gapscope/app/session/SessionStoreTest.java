package org.gapscope.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

class SessionStoreTest {

    @TempDir
    Path dir;

    private final SessionStore store = new SessionStore();

    static Session everything() {
        return new Session(1, "/data/set.jsonl", "q3", "/models/m", "Alignment", 4, "euclidean", "magma", true, false,
                List.of(new Session.OwnExample("rec-1", "/home/u/.gapscope/recordings/rec-1.wav", "what is two", List.of("2"))),
                new Session.ExampleList("capital", "APS_ASCENDING"), new Session.Analysis(true, false),
                new Session.Alignment(false, true, true, true, 12.5, 40.0), new Session.Curves(true, false, true),
                new Session.Interventions("length", "PICKED", 5, "0,2-3", false, 2, "euclidean", List.of(1, 4)),
                new Session.Dataset("APS_EUCLIDEAN", "CONSISTENCY", "MONOTONICITY_COSINE"));
    }

    @Test
    void roundTripsEveryField() {
        Session session = everything();
        Path file = dir.resolve("s.gapscope.json");
        store.save(session, file);
        assertEquals(session, store.open(file));
        Session small = new Session(1, "/data/set.jsonl", "q3", "/models/m", "Alignment", 4, "euclidean",
                "magma", true, false);
        store.save(small, file);
        assertEquals(small, store.open(file));
    }

    @Test
    void aSessionOfAnOlderVersionWithoutTheViewFieldsStillOpens() throws IOException {
        Path file = dir.resolve("old.gapscope.json");
        Files.writeString(file, "{\"formatVersion\": 1, \"exampleSet\": \"/d/set.jsonl\", \"layer\": 2, \"metric\": \"cosine\"}");
        Session s = store.open(file);
        assertEquals(2, s.layer());
        assertEquals(null, s.interventions());
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousSessionAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("s.gapscope.json");
        store.save(everything(), file);
        String before = Files.readString(file);
        // a mapping that fails after the first fields are already streamed out, like a full disk would
        SessionStore failing = new SessionStore(new GsonBuilder().setPrettyPrinting()
                .registerTypeAdapter(Session.Curves.class, new TypeAdapter<Session.Curves>() {
                    @Override
                    public void write(JsonWriter out, Session.Curves value) throws IOException {
                        throw new IOException("disk full");
                    }

                    @Override
                    public Session.Curves read(JsonReader in) {
                        throw new UnsupportedOperationException("this adapter only fails writes; the test never reads");
                    }
                }).create());
        assertThrows(RuntimeException.class, () -> failing.save(new Session(1, "/other.jsonl", "q9", null, "Dataset", 1,
                "cosine", "viridis", false, true, null, null, null, null, new Session.Curves(true, true, true), null, null),
                file));
        assertEquals(before, Files.readString(file), "the previous session is untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        assertEquals(everything(), store.open(file));
    }

    @Test
    void savingOverASessionReplacesItWhole() throws IOException {
        Path file = dir.resolve("s.gapscope.json");
        store.save(everything(), file);
        Session shorter = new Session(1, null, null, null, "Dataset", 0, "cosine", "viridis", false, false);
        store.save(shorter, file);
        assertEquals(shorter, store.open(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void refusesOtherFilesWithAReason() throws IOException {
        Path text = dir.resolve("a.json");
        Files.writeString(text, "hello");
        assertTrue(assertThrows(GapScopeException.class, () -> store.open(text)).getMessage().contains("not a GapScope session"));
        Path other = dir.resolve("b.json");
        Files.writeString(other, "{\"formatVersion\": 7}");
        assertTrue(assertThrows(GapScopeException.class, () -> store.open(other)).getMessage().contains("format version 7"));
        assertTrue(assertThrows(GapScopeException.class, () -> store.open(dir.resolve("none"))).getMessage().contains("no such"));
    }
}
