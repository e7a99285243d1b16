package org.gapscope.app.lens;

import java.util.List;

import org.gapscope.app.session.SessionPart;

/**
 * The logit-lens view's part of a session ({@code lens}): k and the chosen layers (applied once a
 * result with those layers is shown).
 *
 * @param top    k, tokens per cell in the hover
 * @param layers the chosen hidden states
 */
public record LensSession(Integer top, List<Integer> layers) {

    /** The key of this part. */
    public static final String KEY = "lens";

    static SessionPart<LensSession> part(LensViewModel view) {
        return SessionPart.of(KEY, LensSession.class,
                () -> new LensSession(view.topProperty().get(), List.copyOf(view.layers())),
                saved -> {
                    SessionPart.set(saved.top() != null && saved.top() >= 1 && saved.top() <= LensView.MAX_TOP
                            ? saved.top() : null, view.topProperty()::set);
                    if (saved.layers() != null) {
                        view.restoreLayers(saved.layers());
                    }
                });
    }
}
