package org.gapscope.app.alignment;

import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.session.SessionPart;
import org.gapscope.figure.ColorMap;

/**
 * The alignment view's part of a session ({@code alignment}). The zoom is applied once a heatmap of
 * a clip that long is drawn.
 *
 * @param layer       the layer shown
 * @param metric      {@code cosine} or {@code euclidean}
 * @param colormap    the colour map of the heatmap
 * @param showPath    whether the alignment path is drawn
 * @param showDtw     whether the DTW extension path is drawn
 * @param showSpans   whether the reference word spans are drawn (where the example has word timings)
 * @param showStrips  whether the clip's waveform and mel band strips are drawn above the heatmap
 * @param sharedScale one colour scale for all layers
 * @param pickTokens  whether a click on a path cell picks its token
 * @param zoomFrom    the first speech position shown (null: all shown)
 * @param zoomTo      the end of the speech positions shown
 */
public record AlignmentSession(Integer layer, String metric, String colormap, Boolean showPath, Boolean showDtw,
        Boolean showSpans, Boolean showStrips, Boolean sharedScale, Boolean pickTokens, Double zoomFrom, Double zoomTo) {

    /** The key of this part. */
    public static final String KEY = "alignment";

    static SessionPart<AlignmentSession> part(AlignmentViewModel view) {
        return SessionPart.of(KEY, AlignmentSession.class, () -> {
            double[] zoom = view.viewWindow();
            return new AlignmentSession(view.layerProperty().get(), view.metricProperty().get().key(),
                    view.colorMapProperty().get().id(), view.showPathProperty().get(), view.showDtwProperty().get(),
                    view.showSpansProperty().get(), view.showStripsProperty().get(), view.sharedScaleProperty().get(), view.pickTokensProperty().get(),
                    zoom == null ? null : zoom[0], zoom == null ? null : zoom[1]);
        }, saved -> restore(view, saved));
    }

    private static void restore(AlignmentViewModel view, AlignmentSession saved) {
        SessionPart.set(SessionPart.parse(saved.metric(), SimilarityMetric::parse), view.metricProperty()::set);
        SessionPart.set(SessionPart.parse(saved.colormap(), ColorMap::parse), view.colorMapProperty()::set);
        SessionPart.set(saved.layer() == null ? null : Math.max(0, saved.layer()), view.layerProperty()::set);
        SessionPart.set(saved.showPath(), view.showPathProperty()::set);
        SessionPart.set(saved.showDtw(), view.showDtwProperty()::set);
        SessionPart.set(saved.showSpans(), view.showSpansProperty()::set);
        SessionPart.set(saved.showStrips(), view.showStripsProperty()::set);
        SessionPart.set(saved.sharedScale(), view.sharedScaleProperty()::set);
        SessionPart.set(saved.pickTokens(), view.pickTokensProperty()::set);
        if (saved.zoomFrom() != null && saved.zoomTo() != null && saved.zoomTo() > saved.zoomFrom()) {
            view.requestViewWindow(new double[] {saved.zoomFrom(), saved.zoomTo()});
        }
    }
}
