package org.gapscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.cli.GapScopeCli;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gapscope metrics} against bench/metrics_numpy.py --reference (float64, every pair computed
 * directly, no GEMM), run live: every key the NumPy script writes must be in GapScope's JSON with
 * the same value (paths and spans exactly, numbers to 1e-9 relative; the DTW extension's
 * normalized cost, summed over the float32-GEMM matrix, to 1e-6).
 */
class NumpyAgreementTest {

    @TempDir
    Path dir;

    private static Path script() {
        return Python.repositoryRoot().resolve("bench").resolve("metrics_numpy.py");
    }

    /** Gaussian states with a shared direction that grows with depth (anisotropy, as in real models). */
    private static float[] gaussian(SplittableRandom r, int layers, int n, int d, float[] common) {
        float[] out = new float[layers * n * d];
        for (int l = 0; l < layers; l++) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    out[(l * n + i) * d + k] = (float) (gaussian(r) + 0.4 * l * common[l * d + k]);
                }
            }
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** Small integers: dot products are exact in float32, so ties are real ties, on both sides. */
    private static float[] integers(SplittableRandom r, int layers, int n, int d) {
        float[] out = new float[layers * n * d];
        for (int row = 0; row < layers * n; row++) {
            boolean zero = true;
            for (int k = 0; k < d; k++) {
                out[row * d + k] = r.nextInt(5) - 2;
                zero &= out[row * d + k] == 0;
            }
            if (zero) {
                out[row * d] = 1;
            }
        }
        return out;
    }

    private Path write(String name, float[] values, int layers, int n, int d, boolean half) {
        Path p = dir.resolve(name + ".npy");
        NpyArray a = NpyArray.ofFloats(values, layers, n, d);
        Npy.write(p, half ? a.toFloat16() : a);
        return p;
    }

    private static JsonObject runGapScope(Path s, Path t, Path out, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("metrics", "--speech", s.toString(), "--text", t.toString(),
                "--json", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        StringWriter err = new StringWriter();
        int status = GapScopeCli.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertEquals(0, status, err.toString());
        return JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    }

    private static JsonObject runNumpy(Path s, Path t, Path out, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--speech", s.toString(), "--text", t.toString(),
                "--json", out.toString()));
        args.addAll(List.of(extra));
        Python.run(script().toString(), args.toArray(String[]::new));
        return JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    }

    private void agree(String label, Path s, Path t, String... flags) throws IOException {
        JsonObject java = runGapScope(s, t, dir.resolve(label + "-java.json"), flags);
        List<String> py = new ArrayList<>(List.of("--reference"));
        py.addAll(List.of(flags));
        JsonObject ref = runNumpy(s, t, dir.resolve(label + "-ref.json"), py.toArray(String[]::new));
        for (String key : List.of("layers", "cosine", "euclidean", "aps_cosine", "aps_euclidean",
                "monotonicity_cosine", "monotonicity_euclidean", "consistency", "path_cosine", "path_euclidean",
                "extension_dtw")) {
            assertTrue(ref.has(key), label + ": the NumPy script must write " + key);
        }
        assertSame(label, ref, java);
    }

    /** Every key of {@code expected} must be in {@code actual} with an equal value. */
    static void assertSame(String where, JsonElement expected, JsonElement actual) {
        if (expected.isJsonNull()) {
            assertTrue(actual != null && actual.isJsonNull(), where + ": expected null, got " + actual);
        } else if (expected.isJsonObject()) {
            assertTrue(actual != null && actual.isJsonObject(), where + ": expected an object, got " + actual);
            JsonObject a = actual.getAsJsonObject();
            for (Map.Entry<String, JsonElement> e : expected.getAsJsonObject().entrySet()) {
                assertTrue(a.has(e.getKey()), where + ": missing key " + e.getKey());
                assertSame(where + "." + e.getKey(), e.getValue(), a.get(e.getKey()));
            }
        } else if (expected.isJsonArray()) {
            assertTrue(actual != null && actual.isJsonArray(), where + ": expected an array, got " + actual);
            JsonArray x = expected.getAsJsonArray();
            JsonArray y = actual.getAsJsonArray();
            assertEquals(x.size(), y.size(), where + ": array length");
            for (int i = 0; i < x.size(); i++) {
                assertSame(where + "[" + i + "]", x.get(i), y.get(i));
            }
        } else if (expected.getAsJsonPrimitive().isNumber()) {
            assertTrue(actual != null && actual.isJsonPrimitive() && actual.getAsJsonPrimitive().isNumber(),
                    where + ": expected a number, got " + actual);
            double e = expected.getAsDouble();
            double a = actual.getAsDouble();
            // the DTW cost is summed over the float32-GEMM matrix (documented); everything else is exact
            double tolerance = where.contains(".normalized_cost_") ? 1e-6 : 1e-9;
            if (Math.abs(e - a) > tolerance * Math.max(1, Math.abs(e))) {
                fail(where + ": NumPy " + e + ", GapScope " + a);
            }
        } else {
            assertEquals(expected, actual, where);
        }
    }

    @Test
    void gaussianStatesAgreeOnEveryKey() throws IOException {
        SplittableRandom r = new SplittableRandom(2025);
        int layers = 5;
        int d = 48;
        float[] common = new float[layers * d];
        for (int k = 0; k < common.length; k++) {
            common[k] = (float) gaussian(r);
        }
        Path s = write("s", gaussian(r, layers, 37, d, common), layers, 37, d, false);
        Path t = write("t", gaussian(r, layers, 9, d, common), layers, 9, d, false);
        agree("gaussian", s, t);
        agree("gaussian-layer0", s, t, "--include-layer0");
    }

    @Test
    void integerStatesWithManyTiesAgreeOnEveryKeyIncludingTheDtwExtension() throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        Path s = write("s", integers(r, 3, 15, 5), 3, 15, 5, false);
        Path t = write("t", integers(r, 3, 8, 5), 3, 8, 5, false);
        agree("integers", s, t);
        // identical text rows: every path is constant, so monotonicity is null at every layer
        float[] same = new float[3 * 4 * 5];
        for (int k = 0; k < same.length; k++) {
            same[k] = (k % 5) - 1;
        }
        Path constant = write("same", same, 3, 4, 5, false);
        agree("constant-path", s, constant);
        JsonObject java = runGapScope(s, constant, dir.resolve("c.json"));
        assertTrue(java.get("monotonicity_cosine").isJsonNull());
    }

    @Test
    void aSingleTextTokenAndFloat16InputAgree() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        float[] common = new float[4 * 16];
        Path s = write("s16", gaussian(r, 4, 20, 16, common), 4, 20, 16, true);
        Path t = write("t1", gaussian(r, 4, 1, 16, common), 4, 1, 16, false);
        agree("single-token-float16", s, t);
    }

    @Test
    void theBenchmarkScriptsFastModeAgreesWithItsReferenceMode() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        float[] common = new float[3 * 64];
        for (int k = 0; k < common.length; k++) {
            common[k] = (float) gaussian(r);
        }
        Path s = write("fs", gaussian(r, 3, 50, 64, common), 3, 50, 64, false);
        Path t = write("ft", gaussian(r, 3, 12, 64, common), 3, 12, 64, false);
        JsonObject ref = runNumpy(s, t, dir.resolve("fast-ref.json"), "--reference");
        JsonObject fast = runNumpy(s, t, dir.resolve("fast.json"));
        assertSame("fast-vs-reference", ref, fast);
    }
}
