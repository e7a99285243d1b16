package org.gapscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

import org.gapscope.GapScopeException;
import org.gapscope.npy.Float16;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Captures as values and as .npz files shared with Python both ways. */
class CaptureTest {

    @TempDir
    Path dir;

    static Capture sample(Modality modality) {
        float[][][] h = new float[3][2][4];
        for (int l = 0; l < 3; l++) {
            for (int t = 0; t < 2; t++) {
                for (int i = 0; i < 4; i++) {
                    h[l][t][i] = l * 100 + t * 10 + i + 0.25f;
                }
            }
        }
        float[] times = modality == Modality.SPEECH ? new float[] {0f, 0.04f} : new float[0];
        List<String> tokens = modality == Modality.SPEECH ? List.of("s0", "s1") : List.of("blue", "sky");
        return Capture.of(h, tokens, times, new CaptureMeta("mini", modality, "ex-3", "0.1.0"));
    }

    @Test
    void accessorsCopyAndIndexRowMajor() {
        Capture c = sample(Modality.SPEECH);
        assertEquals(3, c.layerCount());
        assertEquals(2, c.decoderLayers());
        assertArrayEquals(new float[] {210.25f, 211.25f, 212.25f, 213.25f}, c.vector(2, 1), 0f);
        c.layer(1)[0][0] = -1;
        assertEquals(100.25f, c.vector(1, 0)[0]);
        FloatBuffer b = c.layerBuffer(1);
        assertEquals(8, b.remaining());
        assertEquals(110.25f, b.get(4));
        assertTrue(b.isReadOnly());
        assertEquals(c.vector(0, 1)[3], c.hidden()[0][1][3]);
        org.gapscope.analysis.HiddenStates view = c.asHiddenStates();
        assertEquals(3, view.layerCount());
        assertEquals(2, view.tokenCount());
        assertEquals(4, view.hiddenSize());
        assertEquals("speech ex-3", view.name());
        assertArrayEquals(copy(c, 1), view.layer(1), 0f);
        float[] dest = new float[9];
        c.copyLayer(2, dest);
        assertArrayEquals(new float[] {200.25f, 201.25f, 202.25f, 203.25f, 210.25f, 211.25f, 212.25f, 213.25f, 0f}, dest, 0f);
    }

    private static float[] copy(Capture c, int layer) {
        float[] out = new float[c.length() * c.hiddenSize()];
        c.layerBuffer(layer).get(out);
        return out;
    }

    @Test
    void roundTripsThroughNpzInFloat32AndFloat16() {
        Capture c = sample(Modality.TEXT);
        Path f32 = dir.resolve("c.npz");
        Path f16 = dir.resolve("c16.npz");
        c.save(f32);
        c.save(f16, true);
        Capture a = Capture.load(f32);
        Capture b = Capture.load(f16);
        assertArrayEquals(c.vector(2, 1), a.vector(2, 1), 0f);
        assertEquals(List.of("blue", "sky"), a.tokens());
        assertEquals(c.meta(), a.meta());
        assertEquals(0, a.times().length);
        float v = c.vector(2, 1)[3];
        assertEquals(Float16.toFloat(Float16.fromFloat(v)), b.vector(2, 1)[3], 0f);
    }

    @Test
    void readsACaptureWrittenByPython() {
        Path file = dir.resolve("py.npz");
        Python.run("import numpy as np, json, sys\n"
                + "h = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4)\n"
                + "enc = lambda o: np.frombuffer(json.dumps(o).encode(), dtype=np.uint8)\n"
                + "np.savez(sys.argv[1], hidden=h, tokens=enc(['s0', 's1', 's2']), times=np.array([0, .04, .08], np.float32),"
                + " meta=enc({'model': 'py', 'modality': 'speech', 'example': 'q1', 'program_version': 'python'}))\n",
                file.toString());
        Capture c = Capture.load(file);
        assertEquals(Modality.SPEECH, c.modality());
        assertEquals("q1", c.meta().exampleId());
        assertArrayEquals(new float[] {20, 21, 22, 23}, c.vector(1, 2), 0f);
        assertArrayEquals(new float[] {0f, 0.04f, 0.08f}, c.times(), 0f);
    }

    @Test
    void refusesFilesThatAreNotCaptures() {
        Path file = dir.resolve("bad.npz");
        Python.run("import numpy as np, sys\nnp.savez(sys.argv[1], hidden=np.zeros((2, 3), np.float32))\n", file.toString());
        GapScopeException e = assertThrows(GapScopeException.class, () -> Capture.load(file));
        assertEquals(file + ": not a GapScope capture: no 'tokens' array", e.getMessage());
        Path inconsistent = dir.resolve("inc.npz");
        Python.run("import numpy as np, json, sys\n"
                + "enc = lambda o: np.frombuffer(json.dumps(o).encode(), dtype=np.uint8)\n"
                + "np.savez(sys.argv[1], hidden=np.zeros((2, 3, 4), np.float32), tokens=enc(['a']), times=np.zeros(0, np.float32),"
                + " meta=enc({'model': 'm', 'modality': 'text', 'example': '', 'program_version': 'x'}))\n",
                inconsistent.toString());
        e = assertThrows(GapScopeException.class, () -> Capture.load(inconsistent));
        assertEquals(inconsistent + ": inconsistent capture: 1 token names for 3 positions", e.getMessage());
    }

    @Test
    void aSpeechCaptureNeedsTimes() {
        assertThrows(IllegalArgumentException.class, () -> Capture.of(new float[1][1][1], List.of("s0"), new float[0],
                new CaptureMeta("m", Modality.SPEECH, "", "v")));
    }
}
