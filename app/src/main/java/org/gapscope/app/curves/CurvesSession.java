package org.gapscope.app.curves;

import org.gapscope.app.session.SessionPart;

/**
 * The layer-curves view's part of a session ({@code curves}): its overlays.
 *
 * @param showMean        the dataset mean ± 1 sd band
 * @param showControl     the mismatched-pair control
 * @param showCheckpoints the example through the other checkpoints
 */
public record CurvesSession(Boolean showMean, Boolean showControl, Boolean showCheckpoints) {

    /** The key of this part. */
    public static final String KEY = "curves";

    static SessionPart<CurvesSession> part(LayerCurvesViewModel view) {
        return SessionPart.of(KEY, CurvesSession.class,
                () -> new CurvesSession(view.showMeanProperty().get(), view.showControlProperty().get(),
                        view.showCheckpointsProperty().get()),
                saved -> {
                    SessionPart.set(saved.showMean(), view.showMeanProperty()::set);
                    SessionPart.set(saved.showControl(), view.showControlProperty()::set);
                    SessionPart.set(saved.showCheckpoints(), view.showCheckpointsProperty()::set);
                });
    }
}
