package org.gapscope.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/** Sessions made of the views' parts: captured, saved atomically, opened (also of format version 1), restored. */
class SessionStoreTest {

    @TempDir
    Path dir;

    private final SessionStore store = new SessionStore();

    /** A view's saved state in a test. */
    record Demo(Integer layer, String metric, List<Integer> picked) {
    }

    /** A view holding a {@link Demo}, restored field by field as the real views do. */
    static final class DemoView {
        Integer layer = 0;
        String metric = "cosine";
        List<Integer> picked = List.of();

        SessionPart<Demo> part(String key) {
            return SessionPart.of(key, Demo.class, () -> new Demo(layer, metric, picked), saved -> {
                SessionPart.set(saved.layer(), v -> layer = v);
                SessionPart.set(saved.metric(), v -> metric = v);
                SessionPart.set(saved.picked(), v -> picked = v);
            });
        }
    }

    private static List<SessionPart<?>> parts(DemoView a, DemoView b) {
        return List.of(a.part("alignment"), b.part("other"));
    }

    private static Session everything() {
        DemoView a = new DemoView();
        a.layer = 4;
        a.metric = "euclidean";
        a.picked = List.of(1, 4);
        DemoView b = new DemoView();
        b.metric = "magma";
        return new SessionStore().capture(parts(a, b));
    }

    @Test
    void everyPartIsSavedUnderItsKeyAndRestoredIntoItsView() {
        Session session = everything();
        Path file = dir.resolve("s.gapscope.json");
        store.save(session, file);
        Session opened = store.open(file);
        assertEquals(session, opened);
        assertEquals(Session.FORMAT_VERSION, opened.toJson().get("formatVersion").getAsInt());
        assertEquals(4, opened.part("alignment").orElseThrow().getAsJsonObject().get("layer").getAsInt());

        DemoView a = new DemoView();
        DemoView b = new DemoView();
        store.restore(opened, parts(a, b));
        assertEquals(4, a.layer);
        assertEquals("euclidean", a.metric);
        assertEquals(List.of(1, 4), a.picked);
        assertEquals("magma", b.metric);
        assertEquals(session, store.capture(parts(a, b)), "what was restored is captured again");
    }

    @Test
    void aPartMissingFromTheFileOrUnreadableKeepsItsViewAsItIs() throws IOException {
        Path file = dir.resolve("partial.gapscope.json");
        Files.writeString(file, "{\"formatVersion\": 2, \"alignment\": {\"layer\": \"three\", \"metric\": \"euclidean\"},"
                + " \"newer\": {\"x\": 1}, \"other\": {\"layer\": 2}}");
        DemoView a = new DemoView();
        DemoView b = new DemoView();
        store.restore(store.open(file), parts(a, b));
        assertEquals(0, a.layer, "a part this version cannot read is left alone");
        assertEquals("cosine", a.metric);
        assertEquals(2, b.layer, "the other parts are restored");
        assertEquals("cosine", b.metric, "a field not saved keeps the current value");
    }

    @Test
    void aSessionOfFormatVersion1IsOpenedIntoTheParts() throws IOException {
        Path file = dir.resolve("old.gapscope.json");
        Files.writeString(file, "{\"formatVersion\": 1, \"exampleSet\": \"/d/set.jsonl\", \"selectedExample\": \"q3\","
                + " \"layer\": 2, \"metric\": \"cosine\", \"tab\": \"Dataset\","
                + " \"interventions\": {\"method\": \"length\", \"picked\": [1, 3]}}");
        Session s = store.open(file);
        JsonObject alignment = s.part("alignment").orElseThrow().getAsJsonObject();
        assertEquals(2, alignment.get("layer").getAsInt());
        assertEquals("cosine", alignment.get("metric").getAsString());
        assertEquals("/d/set.jsonl", s.part("examples").orElseThrow().getAsJsonObject().get("exampleSet").getAsString());
        assertEquals("q3", s.part("examples").orElseThrow().getAsJsonObject().get("selected").getAsString());
        assertEquals("Dataset", s.part("window").orElseThrow().getAsJsonObject().get("tab").getAsString());
        JsonObject interventions = s.part("interventions").orElseThrow().getAsJsonObject();
        assertEquals("length", interventions.get("method").getAsString());
        assertEquals("q3", interventions.get("pickedFor").getAsString(), "the picks belong to the selected example");
        assertTrue(s.part("model").orElseThrow().getAsJsonObject().get("folder").isJsonNull());
        DemoView a = new DemoView();
        store.restore(s, List.of(a.part("alignment")));
        assertEquals(2, a.layer);
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousSessionAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("s.gapscope.json");
        store.save(everything(), file);
        String before = Files.readString(file);
        // an output that fails after the first bytes are already streamed out, like a full disk would
        SessionStore failing = new SessionStore(out -> new FilterOutputStream(out) {
            private int written;

            @Override
            public void write(int b) throws IOException {
                if (++written > 20) {
                    throw new IOException("disk full");
                }
                super.write(b);
            }
        });
        DemoView other = new DemoView();
        other.layer = 9;
        Session next = failing.capture(List.of(other.part("alignment")));
        assertThrows(RuntimeException.class, () -> failing.save(next, file));
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
        Session shorter = store.capture(new ArrayList<>(List.of(new DemoView().part("alignment"))));
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
        Path array = dir.resolve("c.json");
        Files.writeString(array, "[1, 2]");
        assertTrue(assertThrows(GapScopeException.class, () -> store.open(array)).getMessage().contains("not a JSON object"));
        Path other = dir.resolve("b.json");
        Files.writeString(other, "{\"formatVersion\": 7}");
        assertTrue(assertThrows(GapScopeException.class, () -> store.open(other)).getMessage().contains("format version 7"));
        Path none = dir.resolve("d.json");
        Files.writeString(none, "{\"layer\": 2}");
        assertTrue(assertThrows(GapScopeException.class, () -> store.open(none)).getMessage()
                .contains("format version missing"));
        assertTrue(assertThrows(GapScopeException.class, () -> store.open(dir.resolve("none"))).getMessage().contains("no such"));
    }
}
