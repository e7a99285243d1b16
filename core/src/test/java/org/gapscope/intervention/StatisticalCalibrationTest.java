package org.gapscope.intervention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.gapscope.GapScopeException;
import org.gapscope.capture.Capture;
import org.gapscope.engine.BundleRunner;
import org.gapscope.model.CaptureHook;
import org.gapscope.model.LayeredModel;
import org.gapscope.model.ModelBundle;
import org.gapscope.model.Prompt;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;

/** Input-layer statistical calibration by hand, and through the runtime's layer-0 hook on the shipped model. */
class StatisticalCalibrationTest {

    @TempDir
    Path dir;

    @Test
    void statisticsAndRewriteByHand() {
        StatisticalCalibration.Accumulator acc = new StatisticalCalibration.Accumulator(2);
        // example 1: speech (1, 2), (3, 2); text (0, 10), (4, 14)
        acc.add(new float[] {1, 2, 3, 2}, new float[] {0, 10, 4, 14});
        // example 2: speech (2, 2), text (2, 12)
        acc.add(new float[] {2, 2}, new float[] {2, 12});
        StatisticalCalibration c = acc.finish("hand");
        // speech: (1,2), (3,2), (2,2): mean (2, 2), population sd (sqrt(2/3), 0)
        assertArrayEquals(new double[] {2, 2}, c.speechMean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(2.0 / 3), 0}, c.speechStd(), 1e-12);
        // text: (0,10), (4,14), (2,12): mean (2, 12), sd sqrt(8/3) in both
        assertArrayEquals(new double[] {2, 12}, c.textMean(), 1e-12);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), Math.sqrt(8.0 / 3)}, c.textStd(), 1e-12);
        assertEquals(3, c.speechCount());
        assertEquals(3, c.textCount());
        // h = (5, 7): (5 - 2) * sqrt(8/3) / sqrt(2/3) + 2 = 3 * 2 + 2 = 8; the constant dimension takes mu_t = 12
        assertArrayEquals(new float[] {8, 12}, c.rewrite(new float[] {5, 7}), 1e-5f);
        // speech that already has the text's statistics stays as it is
        StatisticalCalibration.Accumulator same = new StatisticalCalibration.Accumulator(1);
        same.add(new float[] {1, 3}, new float[] {1, 3});
        assertArrayEquals(new float[] {7}, same.finish("same").rewrite(new float[] {7}), 1e-6f);
        assertThrows(GapScopeException.class, () -> new StatisticalCalibration.Accumulator(2).finish("empty"));
        assertThrows(GapScopeException.class, () -> new StatisticalCalibration.Accumulator(1)
                .add(new float[] {Float.NaN}, new float[] {1}));
        Path file = dir.resolve("c.npz");
        c.save(file);
        assertEquals(c, StatisticalCalibration.load(file));
    }

    @Test
    void theRuntimeHookRewritesEverySpeechPositionAtLayerZeroOnly() {
        Path bundle = Python.repositoryRoot().resolve("resources/models/mini-fullft-final");
        try (LayeredModel lm = LayeredModel.open(ModelBundle.open(bundle), Device.cpu())) {
            float[][] mel = new float[80][120];
            for (int m = 0; m < 80; m++) {
                for (int f = 0; f < 120; f++) {
                    mel[m][f] = (float) (Math.sin(0.37 * m * f) * 0.5 - 0.2);
                }
            }
            Prompt prompt = lm.speechPrompt(mel);
            CaptureHook plain = CaptureHook.querySpan("p");
            lm.forward(prompt, plain);
            int d = lm.hiddenSize();
            double[] mean = new double[d];
            double[] sd = new double[d];
            double[] tmean = new double[d];
            double[] tsd = new double[d];
            for (int k = 0; k < d; k++) {
                mean[k] = 0.1 * k;
                sd[k] = 1 + 0.01 * k;
                tmean[k] = -0.05 * k;
                tsd[k] = 0.5;
            }
            StatisticalCalibration c = new StatisticalCalibration(mean, sd, tmean, tsd, 1, 1, "test");
            CaptureHook calibrated = CaptureHook.querySpan("c");
            lm.forward(prompt, BundleRunner.calibrationHook(prompt.queryLength(), c), calibrated);
            Capture before = plain.capture();
            Capture after = calibrated.capture();
            for (int i = 0; i < before.length(); i++) {
                assertArrayEquals(c.rewrite(before.vector(0, i)), after.vector(0, i), 1e-5f, "position " + i);
            }
            // the layers above see the rewritten input, so they change too
            assertTrue(Math.abs(before.vector(1, 0)[0] - after.vector(1, 0)[0]) > 1e-4);
        }
    }
}
