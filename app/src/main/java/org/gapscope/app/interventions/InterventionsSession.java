package org.gapscope.app.interventions;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.session.SessionPart;
import org.gapscope.intervention.RewriteKind;

/**
 * The interventions view's part of a session ({@code interventions}): its settings and the tokens picked
 * on the path, which are picked again when their example's result arrives.
 *
 * @param method         {@code angle} or {@code length}
 * @param tokens         {@code BOTTOM_K}, {@code ALL} or {@code PICKED}
 * @param k              k of Bottom-k
 * @param layers         the rewrite layers as typed, e.g. {@code 0,2-3}
 * @param ownPath        whether each rewrite layer's own path selects
 * @param selectionLayer the selecting layer when not each layer's own
 * @param pathMetric     {@code cosine} or {@code euclidean}
 * @param picked         the tokens picked on the path, or null
 * @param pickedFor      the id of the example they were picked on
 */
public record InterventionsSession(String method, String tokens, Integer k, String layers, Boolean ownPath,
        Integer selectionLayer, String pathMetric, List<Integer> picked, String pickedFor) {

    /** The key of this part. */
    public static final String KEY = "interventions";

    static SessionPart<InterventionsSession> part(InterventionsViewModel view) {
        return SessionPart.of(KEY, InterventionsSession.class, () -> save(view), saved -> restore(view, saved));
    }

    private static InterventionsSession save(InterventionsViewModel view) {
        List<Integer> picked = Arrays.stream(view.pickedTokens()).boxed().toList();
        String pickedFor = picked.isEmpty() || view.result() == null ? null : view.result().example().id();
        return new InterventionsSession(view.kindProperty().get().key(), view.tokensProperty().get().name(),
                view.kProperty().get(), view.layersProperty().get(), view.ownPathProperty().get(),
                view.selectionLayerProperty().get(), view.pathMetricProperty().get().key(),
                picked.isEmpty() ? null : picked, pickedFor);
    }

    private static void restore(InterventionsViewModel view, InterventionsSession saved) {
        SessionPart.set(SessionPart.parse(saved.method(), RewriteKind::parse), view.kindProperty()::set);
        SessionPart.set(SessionPart.parse(saved.tokens(), InterventionsViewModel.Tokens::valueOf),
                view.tokensProperty()::set);
        SessionPart.set(saved.k() != null && saved.k() >= 1 ? saved.k() : null, view.kProperty()::set);
        SessionPart.set(saved.layers(), view.layersProperty()::set);
        SessionPart.set(saved.ownPath(), view.ownPathProperty()::set);
        SessionPart.set(saved.selectionLayer() != null && saved.selectionLayer() >= 0 ? saved.selectionLayer() : null,
                view.selectionLayerProperty()::set);
        SessionPart.set(SessionPart.parse(saved.pathMetric(), SimilarityMetric::parse), view.pathMetricProperty()::set);
        if (saved.picked() != null && saved.pickedFor() != null) {
            view.restorePicked(saved.pickedFor(),
                    saved.picked().stream().filter(Objects::nonNull).mapToInt(Integer::intValue).toArray());
        }
    }
}
