package org.gapscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.gapscope.GapScopeException;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory-mapped float32 .npy files, whose GEMMs ND4J runs on the mapped bytes on its own thread
 * ({@link GramSource}), give exactly the analysis of the same values copied into the heap.
 */
class InPlaceGemmTest {

    /** 3 layers x 700 x 1024 float32 = 8.6 MB per file, above Npy's 8 MiB mapping threshold. */
    private static final int LAYERS = 3;
    private static final int SPEECH = 700;
    private static final int TEXT = 700;
    private static final int D = 1024;

    @TempDir
    Path dir;

    @Test
    void mappedFilesGiveTheSameAnalysisAsHeapCopies() throws IOException {
        SplittableRandom r = new SplittableRandom(11);
        float[] s = values(r, LAYERS * SPEECH * D);
        float[] t = values(r, LAYERS * TEXT * D);
        // near-ties: a few text rows equal to speech rows plus a tiny perturbation
        for (int l = 0; l < LAYERS; l++) {
            for (int j = 0; j < 20; j++) {
                for (int k = 0; k < D; k++) {
                    t[(l * TEXT + j) * D + k] = s[(l * SPEECH + 3 * j) * D + k] * (1 + 1e-7f * (k % 3));
                }
            }
        }
        Path sp = dir.resolve("speech.npy");
        Path tp = dir.resolve("text.npy");
        Npy.write(sp, NpyArray.ofFloats(s, LAYERS, SPEECH, D));
        Npy.write(tp, NpyArray.ofFloats(t, LAYERS, TEXT, D));
        NpyHiddenStates mappedSpeech = NpyHiddenStates.read(sp);
        NpyHiddenStates mappedText = NpyHiddenStates.read(tp);
        assertTrue(GramSource.supports(mappedSpeech, mappedText), "the files should be mapped and read in place");
        HiddenStates heapSpeech = copy("speech", mappedSpeech);
        HiddenStates heapText = copy("text", mappedText);
        assertFalse(GramSource.supports(heapSpeech, heapText));

        AnalysisSettings settings = AnalysisSettings.defaults().withDtwExtension(true);
        String inPlace = json(ExampleAnalyzer.analyze(mappedSpeech, mappedText, settings, "m", "e"));
        String copied = json(ExampleAnalyzer.analyze(heapSpeech, heapText, settings, "m", "e"));
        assertEquals(copied, inPlace);
        assertTrue(inPlace.contains("path_cosine"), inPlace.substring(0, 200));
    }

    @Test
    void aNonFiniteValueInAMappedFileIsStillReported() {
        SplittableRandom r = new SplittableRandom(12);
        float[] s = values(r, LAYERS * SPEECH * D);
        float[] t = values(r, LAYERS * TEXT * D);
        t[(2 * TEXT + 5) * D + 7] = Float.NaN;
        Path sp = dir.resolve("s.npy");
        Path tp = dir.resolve("t.npy");
        Npy.write(sp, NpyArray.ofFloats(s, LAYERS, SPEECH, D));
        Npy.write(tp, NpyArray.ofFloats(t, LAYERS, TEXT, D));
        NpyHiddenStates speech = NpyHiddenStates.read(sp);
        NpyHiddenStates text = NpyHiddenStates.read(tp);
        assertTrue(GramSource.supports(speech, text));
        GapScopeException e = assertThrows(GapScopeException.class,
                () -> ExampleAnalyzer.analyze(speech, text, AnalysisSettings.defaults(), "", ""));
        assertTrue(e.getMessage().contains("non-finite value NaN at [2, 5, 7]"), e.getMessage());
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) (r.nextGaussian() + 0.5);
        }
        return v;
    }

    private static HiddenStates copy(String name, HiddenStates h) {
        float[][][] v = new float[h.layerCount()][h.tokenCount()][h.hiddenSize()];
        for (int l = 0; l < h.layerCount(); l++) {
            float[] layer = h.layer(l);
            for (int i = 0; i < h.tokenCount(); i++) {
                System.arraycopy(layer, i * h.hiddenSize(), v[l][i], 0, h.hiddenSize());
            }
        }
        return HiddenStates.of(name, v);
    }

    private static String json(ExampleAnalysis a) throws IOException {
        StringWriter w = new StringWriter();
        AnalysisJson.write(a, "speech", "text", w);
        return w.toString();
    }
}
