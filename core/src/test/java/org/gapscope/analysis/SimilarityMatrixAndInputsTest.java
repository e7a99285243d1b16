package org.gapscope.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.gapscope.GapScopeException;
import org.gapscope.npy.DType;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.gapscope.npy.Npz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heatmap matrices, and hidden states read from .npy (float32/16/64) and capture .npz files. */
class SimilarityMatrixAndInputsTest {

    @TempDir
    Path dir;

    @Test
    void matrixEntriesAreCosineAndDistanceOfEachPair() {
        SplittableRandom r = new SplittableRandom(4);
        float[][][] s = new float[2][7][5];
        float[][][] t = new float[2][3][5];
        for (float[][][] a : new float[][][][] {s, t}) {
            for (float[][] layer : a) {
                for (float[] row : layer) {
                    for (int k = 0; k < row.length; k++) {
                        row[k] = (float) (r.nextDouble() - 0.3);
                    }
                }
            }
        }
        Map<SimilarityMetric, SimilarityMatrix> both = SimilarityMatrix.computeBoth(HiddenStates.of("s", s),
                HiddenStates.of("t", t), 1);
        SimilarityMatrix cos = both.get(SimilarityMetric.COSINE);
        SimilarityMatrix dist = both.get(SimilarityMetric.EUCLIDEAN);
        assertEquals(7, cos.speechCount());
        assertEquals(3, cos.textCount());
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 3; j++) {
                double dot = 0;
                double ns = 0;
                double nt = 0;
                double d2 = 0;
                for (int k = 0; k < 5; k++) {
                    dot += s[1][i][k] * t[1][j][k];
                    ns += s[1][i][k] * s[1][i][k];
                    nt += t[1][j][k] * t[1][j][k];
                    d2 += (s[1][i][k] - t[1][j][k]) * (s[1][i][k] - t[1][j][k]);
                }
                assertEquals(dot / Math.sqrt(ns * nt), cos.at(i, j), 1e-6);
                assertEquals(Math.sqrt(d2), dist.at(i, j), 1e-5);
            }
        }
        assertTrue(cos.min() <= cos.max());
    }

    @Test
    void readsFloat32Float16Float64AndCaptureNpz() {
        float[] values = {1, 2, 3, 4, 0.5f, -1, 7, 8, 9, 10, 11, 12};
        Path f32 = dir.resolve("a.npy");
        Npy.write(f32, NpyArray.ofFloats(values, 2, 3, 2));
        Path f16 = dir.resolve("h.npy");
        Npy.write(f16, NpyArray.ofFloats(values, 2, 3, 2).toFloat16());
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putDouble(v);
        }
        b.flip();
        Path f64 = dir.resolve("d.npy");
        Npy.write(f64, NpyArray.of(DType.FLOAT64, new long[] {2, 3, 2}, b));
        Path npz = dir.resolve("capture.npz");
        Map<String, NpyArray> members = new LinkedHashMap<>();
        members.put("hidden", NpyArray.ofFloats(values, 2, 3, 2));
        members.put("times", NpyArray.ofFloats(new float[] {0, 0.1f, 0.2f}, 3));
        Npz.write(npz, members);
        for (Path p : new Path[] {f32, f16, f64, npz}) {
            NpyHiddenStates h = NpyHiddenStates.read(p);
            assertEquals(2, h.layerCount());
            assertEquals(3, h.tokenCount());
            assertEquals(2, h.hiddenSize());
            assertArrayEquals(new float[] {7, 8, 9, 10, 11, 12}, h.layer(1), 0f, p.toString());
            assertArrayEquals(new float[] {1, 2, 3, 4, 0.5f, -1}, h.layer(0), 0f, p.toString());
        }
        Path noHidden = dir.resolve("other.npz");
        members.remove("hidden");
        members.put("x", NpyArray.ofFloats(values, 2, 3, 2));
        Npz.write(noHidden, members);
        GapScopeException e = assertThrows(GapScopeException.class, () -> NpyHiddenStates.read(noHidden));
        assertTrue(e.getMessage().contains("no 'hidden' array"), e.getMessage());
    }
}
