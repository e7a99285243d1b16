package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.capture.Modality;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.intervention.CriticalTokens;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.InterventionSettings;
import org.gapscope.intervention.RewriteKind;
import org.junit.jupiter.api.Test;

/** An intervention plan (critical speech positions, text vectors, rewrite) runs as the runtime's hook. */
class InterventionPlanHookTest {

    @Test
    void anglePlanRewritesThePlannedSpeechPositionsTowardsTheirTextVectors() {
        LayeredModel model = LayeredModelEndToEndTest.model(MiniBundles.QWEN2_AUDIO);
        Prompt speech = LayeredModelEndToEndTest.prompt(model,
                MiniBundles.reference(MiniBundles.QWEN2_AUDIO).getAsJsonObject("speech"), Modality.SPEECH);
        CaptureHook before = CaptureHook.querySpan("s");
        model.forward(speech, before);
        CaptureHook text = CaptureHook.querySpan("t");
        model.forward(model.textPrompt("what is the color of the sky"), text);

        int layer = 1;
        int[] positions = {4, 17};
        int[] sources = {2, 6};
        float[][] vectors = {text.capture().vector(layer, 2), text.capture().vector(layer, 6)};
        CriticalTokens tokens = new CriticalTokens(layer, SimilarityMetric.COSINE, CriticalTokenSelection.bottomK(2),
                sources, positions, sources);
        InterventionPlan plan = new InterventionPlan(
                InterventionSettings.defaults(RewriteKind.ANGLE_PROJECTION).withRewriteLayers(layer),
                List.of(new InterventionPlan.LayerRewrite(layer, tokens, vectors)));

        CaptureHook after = CaptureHook.querySpan("s");
        model.forward(speech, InterventionHook.of(plan), after);
        for (int k = 0; k < positions.length; k++) {
            float[] was = before.capture().vector(layer, positions[k]);
            float[] now = after.capture().vector(layer, positions[k]);
            double speechNorm = norm(was);
            double textNorm = norm(vectors[k]);
            for (int i = 0; i < now.length; i++) {
                assertEquals(speechNorm * vectors[k][i] / textNorm, now[i], 1e-5, "component " + i);
            }
        }
        assertArrayEquals(before.capture().vector(layer, 5), after.capture().vector(layer, 5), 0f);
        assertArrayEquals(before.capture().vector(0, 4), after.capture().vector(0, 4), 0f);
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
