package org.gapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.npy.DType;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gapscope metrics}: output keys, and bad input as one line, exit 2 and nothing written. */
class MetricsCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    private Path npy(String name, int layers, int n, int d, float fill) {
        float[] v = new float[layers * n * d];
        for (int k = 0; k < v.length; k++) {
            v[k] = fill + (k % 7) - 3 + 0.25f * (k % 3);
        }
        Path p = dir.resolve(name);
        Npy.write(p, NpyArray.ofFloats(v, layers, n, d));
        return p;
    }

    private void assertUserError(String expectedMessagePart, String... args) throws IOException {
        Path json = dir.resolve("out.json");
        Files.deleteIfExists(json);
        String[] full = Stream.concat(Stream.of("metrics"), Stream.concat(Stream.of(args),
                Stream.of("--json", json.toString()))).toArray(String[]::new);
        int status = run(full);
        String message = err.toString();
        assertEquals(GapScopeCli.EXIT_USER_ERROR, status, message);
        assertTrue(message.startsWith("gapscope: "), message);
        assertTrue(message.contains(expectedMessagePart), message);
        assertEquals(1, message.strip().lines().count(), "one line: " + message);
        assertFalse(Files.exists(json), "no JSON after an error");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("out.json")), "no temp file left");
        }
        err.getBuffer().setLength(0);
    }

    @Test
    void writesTheRequiredKeysAndPrintsATable() throws IOException {
        Path s = npy("s.npy", 3, 6, 4, 0);
        Path t = npy("t.npy", 3, 4, 4, 1);
        Path json = dir.resolve("m.json");
        assertEquals(0, run("metrics", "--speech", s.toString(), "--text", t.toString(), "--json", json.toString(),
                "--model", "toy", "--example", "e7"), err.toString());
        assertTrue(out.toString().contains("mean"), out.toString());
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        for (String key : List.of("cosine", "euclidean", "aps_cosine", "aps_euclidean", "monotonicity_cosine",
                "monotonicity_euclidean", "consistency", "path_cosine", "path_euclidean", "extension_dtw")) {
            assertTrue(o.has(key), key);
        }
        assertEquals(3, o.getAsJsonArray("layers").size());
        JsonObject layer = o.getAsJsonArray("layers").get(1).getAsJsonObject();
        for (String key : List.of("layer", "cosine", "euclidean", "aps_cosine", "aps_euclidean", "monotonicity_cosine",
                "monotonicity_euclidean", "consistency")) {
            assertTrue(layer.has(key), "layers[1]." + key);
        }
        assertEquals(4, o.getAsJsonArray("path_cosine").get(2).getAsJsonArray().size());
        assertEquals("toy", o.getAsJsonObject("provenance").get("model").getAsString());
        assertEquals(1, o.getAsJsonObject("averaged_layers").get("first").getAsInt());
        assertTrue(o.getAsJsonObject("extension_dtw").get("label").getAsString().contains("not in the paper"));
        // the other lenses: CKA unless --no-cka, the hit rate only with --words; the pairing is always recorded
        assertTrue(o.has("cka") && !o.has("hit_rate"));
        assertEquals(3, o.getAsJsonArray("cka").size());
        assertTrue(o.getAsJsonObject("lens_settings").get("cka").getAsBoolean());
        assertTrue(out.toString().contains("cka_diag"), out.toString());
        assertEquals("proportional", o.getAsJsonObject("pairing").get("method").getAsString());
        assertEquals("[[0,1],[1,3],[3,4],[4,6]]", o.getAsJsonObject("pairing").getAsJsonArray("spans").toString());

        // --cka is still accepted (the same result), --no-cka leaves CKA out, both together are refused
        Path withFlag = dir.resolve("cka.json");
        assertEquals(0, run("metrics", "--speech", s.toString(), "--text", t.toString(), "--json", withFlag.toString(),
                "--model", "toy", "--example", "e7", "--cka", "--quiet"), err.toString());
        assertEquals(o.get("cka"), JsonParser.parseString(Files.readString(withFlag)).getAsJsonObject().get("cka"));
        Path without = dir.resolve("no-cka.json");
        assertEquals(0, run("metrics", "--speech", s.toString(), "--text", t.toString(), "--json", without.toString(),
                "--no-cka", "--quiet"), err.toString());
        JsonObject n = JsonParser.parseString(Files.readString(without)).getAsJsonObject();
        assertFalse(n.has("cka"));
        assertFalse(n.getAsJsonObject("lens_settings").get("cka").getAsBoolean());
        assertEquals(o.get("path_cosine"), n.get("path_cosine"));
        assertUserError("--cka and --no-cka", "--speech", s.toString(), "--text", t.toString(), "--cka",
                "--no-cka");
    }

    @Test
    void anExistingOutputIsLeftUntouchedWhenTheInputIsBad() throws IOException {
        Path json = dir.resolve("keep.json");
        Files.writeString(json, "{\"old\": true}");
        Path s = npy("s.npy", 3, 6, 4, 0);
        Path t = npy("t.npy", 2, 4, 4, 0);
        assertEquals(2, run("metrics", "--speech", s.toString(), "--text", t.toString(), "--json", json.toString()));
        assertEquals("{\"old\": true}", Files.readString(json));
    }

    @Test
    void badInputIsOneLineWithExitTwoAndNothingWritten() throws IOException {
        Path s = npy("s.npy", 3, 6, 4, 0);
        Path t = npy("t.npy", 3, 4, 4, 1);
        assertUserError("no such file", "--speech", dir.resolve("missing.npy").toString(), "--text", t.toString());

        Path notNpy = dir.resolve("notes.npy");
        Files.writeString(notNpy, "hello, not numpy");
        assertUserError("not a NumPy .npy file", "--speech", notNpy.toString(), "--text", t.toString());

        Path pickled = dir.resolve("pickled.npy");
        String header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }";
        StringBuilder h = new StringBuilder(header);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] pre = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length(), 0};
        byte[] body = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] pickle = {(byte) 0x80, 4, 'N', '.'};
        byte[] all = new byte[pre.length + body.length + pickle.length];
        System.arraycopy(pre, 0, all, 0, pre.length);
        System.arraycopy(body, 0, all, pre.length, body.length);
        System.arraycopy(pickle, 0, all, pre.length + body.length, pickle.length);
        Files.write(pickled, all);
        assertUserError("never unpickles", "--speech", pickled.toString(), "--text", t.toString());

        Path rank2 = dir.resolve("rank2.npy");
        Npy.write(rank2, NpyArray.ofFloats(new float[12], 3, 4));
        assertUserError("expected a rank-3 array [L+1, T, d]", "--speech", rank2.toString(), "--text", t.toString());

        Path ints = dir.resolve("ints.npy");
        Npy.write(ints, NpyArray.of(DType.INT32, new long[] {3, 6, 4},
                java.nio.ByteBuffer.allocate(3 * 6 * 4 * 4)));
        assertUserError("expected float32, float16 or float64", "--speech", ints.toString(), "--text", t.toString());

        assertUserError("layer counts differ", "--speech", npy("s2.npy", 2, 6, 4, 0).toString(), "--text",
                t.toString());
        assertUserError("hidden sizes differ", "--speech", npy("s5.npy", 3, 6, 5, 0).toString(), "--text",
                t.toString());
        assertUserError("the span is empty", "--speech", npy("s0.npy", 3, 0, 4, 0).toString(), "--text",
                t.toString());

        float[] v = new float[3 * 6 * 4];
        java.util.Arrays.fill(v, 1f);
        v[(2 * 6 + 5) * 4 + 3] = Float.POSITIVE_INFINITY;
        Path inf = dir.resolve("inf.npy");
        Npy.write(inf, NpyArray.ofFloats(v, 3, 6, 4));
        assertUserError("inf.npy: non-finite value Infinity at [2, 5, 3]", "--speech", inf.toString(), "--text",
                t.toString());

        float[] z = new float[3 * 4 * 4];
        java.util.Arrays.fill(z, 2f);
        java.util.Arrays.fill(z, (1 * 4 + 2) * 4, (1 * 4 + 3) * 4, 0f);
        Path zero = dir.resolve("zero.npy");
        Npy.write(zero, NpyArray.ofFloats(z, 3, 4, 4));
        assertUserError("zero.npy: layer 1, position 2 is a zero vector", "--speech", s.toString(), "--text",
                zero.toString());

        int status = run("metrics", "--speech", s.toString(), "--text", t.toString(), "--json",
                dir.resolve("no-such-folder").resolve("x.json").toString());
        assertEquals(2, status);
        assertTrue(err.toString().contains("does not exist"), err.toString());
    }
}
