package org.gapscope.app;

import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.SimilarityMatrix;
import org.gapscope.analysis.SimilarityMetric;

/** Starts the analysis' native linear algebra (ND4J) on a daemon thread, so that the first example does not wait for it. */
final class AnalysisWarmUp {

    private AnalysisWarmUp() {
    }

    static void startInBackground() {
        Thread t = new Thread(() -> {
            try {
                HiddenStates tiny = HiddenStates.of("warm-up", new float[][][] {{{1, 0}}});
                SimilarityMatrix.compute(tiny, tiny, 0, SimilarityMetric.COSINE);
            } catch (RuntimeException | LinkageError e) {
                System.getLogger(AnalysisWarmUp.class.getName()).log(System.Logger.Level.DEBUG, "ND4J warm-up failed", e);
            }
        }, "gapscope-analysis-start");
        t.setDaemon(true);
        t.start();
    }
}
