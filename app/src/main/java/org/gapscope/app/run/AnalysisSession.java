package org.gapscope.app.run;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.app.session.SessionPart;

/**
 * The analysis settings' part of a session ({@code analysis}).
 *
 * @param includeLayer0 whether layer 0 is averaged into the example's scores
 * @param dtwExtension  whether GapScope's DTW extension is computed
 */
public record AnalysisSession(Boolean includeLayer0, Boolean dtwExtension) {

    /** The key of this part. */
    public static final String KEY = "analysis";

    static SessionPart<AnalysisSession> part(RunViewModel view) {
        return SessionPart.of(KEY, AnalysisSession.class, () -> {
            AnalysisSettings s = view.settingsProperty().get();
            return new AnalysisSession(s.includeLayer0(), s.dtwExtension());
        }, saved -> {
            AnalysisSettings now = view.settingsProperty().get();
            AnalysisSettings next = new AnalysisSettings(
                    saved.includeLayer0() != null ? saved.includeLayer0() : now.includeLayer0(),
                    saved.dtwExtension() != null ? saved.dtwExtension() : now.dtwExtension());
            if (!next.equals(now)) {
                view.settingsProperty().set(next);
            }
        });
    }
}
