package org.gapscope.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gapscope.GapScopeException;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NumPy interoperability both ways, checked against numpy itself. */
class NpyTest {

    @TempDir
    Path dir;

    @Test
    void javaWritesWhatNumpyReads() {
        float[] values = new float[2 * 3 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 3f;
        }
        Path file = dir.resolve("a.npy");
        Npy.write(file, NpyArray.ofFloats(values, 2, 3, 4));
        String out = Python.run("import numpy as np, sys; a = np.load(sys.argv[1]);"
                + "print(a.dtype, a.shape, float(a[1, 2, 3]), float(a.sum()))", file.toString()).strip();
        assertEquals("float32 (2, 3, 4) 8.5 66.0", out);
        assertFalse(hasTempFiles(), "no temporary file left behind");
    }

    @Test
    void readsNumpyDtypesOrdersAndVersions() {
        Python.run("import numpy as np, sys, os\n"
                + "d = sys.argv[1]\n"
                + "x = np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 8 - 1\n"
                + "np.save(os.path.join(d, 'f8.npy'), x)\n"
                + "np.save(os.path.join(d, 'f2.npy'), x.astype(np.float16))\n"
                + "np.save(os.path.join(d, 'be.npy'), x.astype('>f4'))\n"
                + "np.save(os.path.join(d, 'fortran.npy'), np.asfortranarray(x.astype(np.float32)))\n"
                + "np.save(os.path.join(d, 'i8.npy'), np.arange(5, dtype=np.int64))\n"
                + "np.save(os.path.join(d, 'scalar.npy'), np.float32(2.5))\n"
                + "np.save(os.path.join(d, 'empty.npy'), np.zeros((0, 4), np.float32))\n"
                + "np.lib.format.write_array(open(os.path.join(d, 'v2.npy'), 'wb'), x.astype(np.float32), version=(2, 0))\n",
                dir.toString());
        float[] expected = new float[24];
        for (int i = 0; i < 24; i++) {
            expected[i] = i / 8f - 1f;
        }
        for (String name : new String[] {"f8", "f2", "be", "fortran", "v2"}) {
            NpyArray a = Npy.read(dir.resolve(name + ".npy"));
            assertArrayEquals(new long[] {2, 3, 4}, a.shape(), name);
            assertArrayEquals(expected, a.toFloatArray(), 1e-3f, name);
        }
        assertEquals(DType.FLOAT16, Npy.read(dir.resolve("f2.npy")).dtype());
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, Npy.read(dir.resolve("i8.npy")).toLongArray());
        NpyArray scalar = Npy.read(dir.resolve("scalar.npy"));
        assertEquals(0, scalar.rank());
        assertEquals(2.5f, scalar.toFloatArray()[0]);
        assertEquals(0, Npy.read(dir.resolve("empty.npy")).size());
    }

    @Test
    void npzRoundTripsBothWays() {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("hidden", NpyArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3).toFloat16());
        arrays.put("tokens", NpyArray.ofBytes("[\"a\",\"b\"]".getBytes(StandardCharsets.UTF_8)));
        Path file = dir.resolve("c.npz");
        Npz.write(file, arrays);
        String out = Python.run("import numpy as np, sys, json; z = np.load(sys.argv[1]);"
                + "print(z['hidden'].dtype, z['hidden'].shape, float(z['hidden'].sum()),"
                + " json.loads(z['tokens'].tobytes().decode()))", file.toString()).strip();
        assertEquals("float16 (1, 2, 3) 21.0 ['a', 'b']", out);

        Python.run("import numpy as np, sys; np.savez_compressed(sys.argv[1], a=np.ones((3, 2), np.float32), b=np.arange(3))",
                dir.resolve("p.npz").toString());
        Map<String, NpyArray> read = Npz.read(dir.resolve("p.npz"));
        assertEquals(2, read.size());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, read.get("a").toFloatArray());
        assertArrayEquals(new long[] {0, 1, 2}, read.get("b").toLongArray());
    }

    @Test
    void float16ConversionMatchesNumpyOnEdgeValues() {
        float[] values = {0f, -0f, 1f, -2.5f, 65504f, 70000f, 6.1e-5f, 5.96e-8f, 1e-9f, 0.1f, 0.3333333f, Float.NaN,
            Float.POSITIVE_INFINITY};
        Path file = dir.resolve("h.npy");
        Npy.write(file, NpyArray.ofFloats(values, values.length).toFloat16());
        String bits = Python.run("import numpy as np, sys;"
                + "a = np.array([0, -0.0, 1, -2.5, 65504, 70000, 6.1e-5, 5.96e-8, 1e-9, 0.1, 0.3333333, np.nan, np.inf],"
                + " dtype=np.float32).astype(np.float16);"
                + "b = np.load(sys.argv[1]);"
                + "print(' '.join(str(int(v)) for v in a.view(np.uint16)));"
                + "print(' '.join(str(int(v)) for v in b.view(np.uint16)))", file.toString());
        String[] lines = bits.strip().split("\\R");
        assertEquals(lines[0], lines[1], "float16 bits: numpy vs GapScope");
        NpyArray back = Npy.read(file);
        float[] f = back.toFloatArray();
        assertEquals(1f, f[2]);
        assertEquals(-2.5f, f[3]);
        assertTrue(Float.isNaN(f[11]));
    }

    @Test
    void refusesPickledAndBrokenFilesWithAPreciseMessage() throws IOException {
        Python.run("import numpy as np, sys; np.save(sys.argv[1], np.array([{'a': 1}], dtype=object), allow_pickle=True)",
                dir.resolve("obj.npy").toString());
        GapScopeException pickled = assertThrows(GapScopeException.class, () -> Npy.read(dir.resolve("obj.npy")));
        assertTrue(pickled.getMessage().contains("never unpickles"), pickled.getMessage());

        Path text = dir.resolve("text.npy");
        Files.writeString(text, "hello, this is not numpy");
        assertTrue(assertThrows(GapScopeException.class, () -> Npy.read(text)).getMessage().contains("not a NumPy"));

        Path full = dir.resolve("full.npy");
        Npy.write(full, NpyArray.ofFloats(new float[100], 10, 10));
        byte[] bytes = Files.readAllBytes(full);
        Path truncated = dir.resolve("truncated.npy");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        assertTrue(assertThrows(GapScopeException.class, () -> Npy.read(truncated)).getMessage().contains("truncated"));

        GapScopeException missing = assertThrows(GapScopeException.class, () -> Npy.read(dir.resolve("nope.npy")));
        assertEquals(dir.resolve("nope.npy") + ": no such file", missing.getMessage());

        Path notZip = dir.resolve("bad.npz");
        Files.writeString(notZip, "not a zip");
        assertTrue(assertThrows(GapScopeException.class, () -> Npz.read(notZip)).getMessage().contains("not a NumPy .npz"));
    }

    @Test
    void failedWriteLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("keep.npy");
        Npy.write(file, NpyArray.ofFloats(new float[] {1, 2}, 2));
        byte[] before = Files.readAllBytes(file);
        assertThrows(GapScopeException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[10]);
            throw new IOException("disk full");
        }));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertFalse(hasTempFiles());
    }

    private boolean hasTempFiles() {
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".part"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
