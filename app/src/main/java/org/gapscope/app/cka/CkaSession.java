package org.gapscope.app.cka;

import org.gapscope.app.session.SessionPart;
import org.gapscope.figure.CkaData;

/**
 * The CKA view's part of a session ({@code cka}): which matrix it shows.
 *
 * @param panel {@code matched}, {@code mismatched} or {@code difference}
 * @param scope {@code example} or {@code dataset}
 */
public record CkaSession(String panel, String scope) {

    /** The key of this part. */
    public static final String KEY = "cka";

    static SessionPart<CkaSession> part(CkaViewModel view) {
        return SessionPart.of(KEY, CkaSession.class,
                () -> new CkaSession(view.panelProperty().get().key(), view.scopeProperty().get().key()),
                saved -> {
                    SessionPart.set(SessionPart.parse(saved.panel(), CkaData.Panel::parse), view.panelProperty()::set);
                    SessionPart.set(SessionPart.parse(saved.scope(), CkaViewModel.Scope::parse), view.scopeProperty()::set);
                });
    }
}
