package org.gapscope.engine;

import java.util.SplittableRandom;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.SimilarityMatrix;

/**
 * Work a program can do before the first example, so that it does not wait for it then: loading the
 * runtime's native library, and a small analysis (native linear algebra, class loading, first
 * compilations). Runs on the calling thread; the caller chooses which (the explorer: its executor).
 * A failure is logged and left for the real work to report.
 */
public final class WarmUp {

    private WarmUp() {
    }

    /** Loads PyTorch's native library (a second or more the first time). */
    public static void runtime() {
        BundleRunner.warmUp();
    }

    /** A small random example through the whole analysis and the similarity matrices of one layer. */
    public static void analysis() {
        try {
            SplittableRandom r = new SplittableRandom(1);
            float[][][] speech = new float[3][12][16];
            float[][][] text = new float[3][4][16];
            for (float[][][] h : new float[][][][] {speech, text}) {
                for (float[][] layer : h) {
                    for (float[] row : layer) {
                        for (int k = 0; k < row.length; k++) {
                            row[k] = (float) r.nextGaussian();
                        }
                    }
                }
            }
            HiddenStates s = HiddenStates.of("warm-up speech", speech);
            HiddenStates typed = HiddenStates.of("warm-up text", text);
            ExampleAnalyzer.analyze(s, typed, AnalysisSettings.defaults(), "", "");
            SimilarityMatrix.computeBoth(s, typed, 1);
        } catch (RuntimeException | LinkageError e) {
            System.getLogger(WarmUp.class.getName()).log(System.Logger.Level.DEBUG, "analysis warm-up failed", e);
        }
    }
}
