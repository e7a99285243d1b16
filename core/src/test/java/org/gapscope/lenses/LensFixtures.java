package org.gapscope.lenses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.analysis.ArrayHiddenStates;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.gapscope.testing.Python;

/** Random hidden states, .npy files and the NumPy reference (core/src/test/python/lenses_reference.py). */
final class LensFixtures {

    private LensFixtures() {
    }

    /**
     * Gaussian states {@code [layers][n * d]} with a direction shared by all rows that grows with depth
     * (anisotropy, as real models have) and a per-layer offset, so centring matters.
     */
    static float[][] states(SplittableRandom r, int layers, int n, int d, double shared) {
        float[][] out = new float[layers][n * d];
        for (int l = 0; l < layers; l++) {
            double[] common = new double[d];
            for (int k = 0; k < d; k++) {
                common[k] = gaussian(r) * shared * (1 + l);
            }
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    out[l][i * d + k] = (float) (gaussian(r) + common[k]);
                }
            }
        }
        return out;
    }

    /** Text states that follow the speech's slices: token j is its paired speech mean plus noise. */
    static float[][] followingText(SplittableRandom r, float[][] speech, TokenPairing pairing, int d, double noise) {
        float[][] out = new float[speech.length][pairing.textTokens() * d];
        for (int l = 0; l < speech.length; l++) {
            pairing.pairedRows(speech[l], d, out[l]);
            for (int k = 0; k < out[l].length; k++) {
                out[l][k] += (float) (noise * gaussian(r));
            }
        }
        return out;
    }

    static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    static ArrayHiddenStates hidden(String name, float[][] layers, int n, int d) {
        return ArrayHiddenStates.wrap(name, n, d, layers);
    }

    /** Writes {@code [layers, n, d]} float32. */
    static Path npy(Path file, float[][] layers, int n, int d) {
        float[] flat = new float[layers.length * n * d];
        for (int l = 0; l < layers.length; l++) {
            System.arraycopy(layers[l], 0, flat, l * n * d, n * d);
        }
        Npy.write(file, NpyArray.ofFloats(flat, layers.length, n, d));
        return file;
    }

    /** Runs {@code lenses_reference.py task} on {@code spec}; returns its JSON answer. */
    static JsonObject reference(Path dir, String task, JsonObject spec) {
        try {
            Path in = Files.createTempFile(dir, task, ".in.json");
            Path out = Files.createTempFile(dir, task, ".out.json");
            Files.writeString(in, spec.toString(), StandardCharsets.UTF_8);
            Path script = Python.repositoryRoot().resolve("core/src/test/python/lenses_reference.py");
            Python.run(script.toString(), task, in.toString(), out.toString());
            return JsonParser.parseString(Files.readString(out, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts a JSON matrix (null = undefined) equals {@code actual} (NaN = undefined) within {@code tolerance}. */
    static void assertMatrix(String where, JsonArray expected, double[][] actual, double tolerance) {
        assertEquals(expected.size(), actual.length, where + ": rows");
        for (int a = 0; a < actual.length; a++) {
            JsonArray row = expected.get(a).getAsJsonArray();
            assertEquals(row.size(), actual[a].length, where + ": columns");
            for (int b = 0; b < actual[a].length; b++) {
                assertValue(where + "[" + a + "][" + b + "]", row.get(b), actual[a][b], tolerance);
            }
        }
    }

    /** A JSON number or null against a double (NaN for null). */
    static void assertValue(String where, JsonElement expected, double actual, double tolerance) {
        if (expected.isJsonNull()) {
            assertTrue(Double.isNaN(actual), where + ": expected undefined, got " + actual);
        } else {
            assertEquals(expected.getAsDouble(), actual, tolerance, where);
        }
    }

    /** A JSON array of numbers. */
    static JsonArray array(double... values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    /** A JSON array of ints. */
    static JsonArray ints(int... values) {
        JsonArray a = new JsonArray();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }
}
