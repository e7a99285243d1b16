package org.gapscope.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {

    @TempDir
    Path dir;

    private final SessionStore store = new SessionStore();

    @Test
    void roundTripsEveryField() {
        Session session = new Session(1, "/data/set.jsonl", "q3", "/models/m", "Alignment", 4, "euclidean",
                "magma", true, false);
        Path file = dir.resolve("s.gapscope.json");
        store.save(session, file);
        assertEquals(session, store.open(file));
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
