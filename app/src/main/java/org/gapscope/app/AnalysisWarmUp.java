package org.gapscope.app;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.SimilarityMatrix;


/** Starts the analysis' native linear algebra (ND4J) on a daemon thread, so that the first example does not wait for it. */
final class AnalysisWarmUp {

    private AnalysisWarmUp() {
    }

    static void startInBackground() {
        Thread t = new Thread(() -> {
            try {
                // a small example through the whole analysis: native start, class loading, first compilations
                java.util.SplittableRandom r = new java.util.SplittableRandom(1);
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
                System.getLogger(AnalysisWarmUp.class.getName()).log(System.Logger.Level.DEBUG, "ND4J warm-up failed", e);
            }
        }, "gapscope-analysis-start");
        t.setDaemon(true);
        t.start();
    }
}
