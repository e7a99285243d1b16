package org.gapscope.app.interventions;

import org.gapscope.analysis.AlignmentPath;
import org.gapscope.engine.ExampleRun;
import org.gapscope.figure.InterventionData;
import org.gapscope.figure.InterventionRenderer;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.RewriteKind;

/** The interventions view's before/after as a paper figure: the shared {@link InterventionRenderer}. */
final class InterventionFigure {

    private InterventionFigure() {
    }

    /**
     * The figure of {@code outcome}, its tokens chosen as {@code selection} says ({@code picked}, or the
     * selection's label), with the set's accuracy table when it has been run (else null).
     */
    static InterventionRenderer of(InterventionsViewModel.Outcome outcome, String selection,
            InterventionData.AccuracyTable accuracy) {
        ExampleRun r = outcome.example();
        InterventionPlan plan = outcome.plan();
        InterventionPlan.LayerRewrite first = plan.rewrites().get(0);
        AlignmentPath path = r.analysis().path(plan.settings().pathMetric(), first.tokens().layer());
        double[] times = new double[r.analysis().speechTokens()];
        float[] t = r.speech().times();
        for (int i = 0; i < times.length; i++) {
            times[i] = t.length == times.length ? t[i] : i * 0.1;
        }
        String method = plan.settings().kind() == RewriteKind.ANGLE_PROJECTION ? "angle projection"
                : "length normalization";
        return new InterventionRenderer(new InterventionData(method, selection, first.layer(),
                String.join(" | ", r.example().answers()), outcome.before(), outcome.after(), outcome.correctBefore(),
                outcome.correctAfter(), r.text().tokens(), times, path.speechIndex(), first.tokens().selectedTokens(),
                accuracy, r.model() + " · " + r.example().id()));
    }
}
