package org.gapscope.app.dataset;

import org.gapscope.analysis.Score;
import org.gapscope.app.session.SessionPart;

/**
 * The dataset view's part of a session ({@code dataset}): its score choices.
 *
 * @param xScore          the scatter's x score
 * @param yScore          the scatter's y score
 * @param regressionScore the score regressed on GAP
 */
public record DatasetSession(String xScore, String yScore, String regressionScore) {

    /** The key of this part. */
    public static final String KEY = "dataset";

    static SessionPart<DatasetSession> part(DatasetViewModel view) {
        return SessionPart.of(KEY, DatasetSession.class,
                () -> new DatasetSession(view.xScoreProperty().get().name(), view.yScoreProperty().get().name(),
                        view.regressionScoreProperty().get().name()),
                saved -> {
                    SessionPart.set(SessionPart.parse(saved.xScore(), Score::valueOf), view.xScoreProperty()::set);
                    SessionPart.set(SessionPart.parse(saved.yScore(), Score::valueOf), view.yScoreProperty()::set);
                    SessionPart.set(SessionPart.parse(saved.regressionScore(), Score::valueOf),
                            view.regressionScoreProperty()::set);
                });
    }
}
