package org.gapscope.app.model;

import java.nio.file.Paths;

import org.gapscope.app.session.SessionPart;
import org.gapscope.engine.ModelCard;

/**
 * The model's part of a session ({@code model}): the bundle folder, opened again in the background.
 *
 * @param folder the bundle folder (absolute), or null
 */
public record ModelSession(String folder) {

    /** The key of this part. */
    public static final String KEY = "model";

    static SessionPart<ModelSession> part(ModelViewModel view) {
        return SessionPart.of(KEY, ModelSession.class, () -> {
            ModelCard card = view.cardProperty().get();
            return new ModelSession(card == null || card.folder() == null ? null
                    : card.folder().toAbsolutePath().toString());
        }, saved -> {
            if (saved.folder() != null) {
                view.open(Paths.get(saved.folder()));
            }
        });
    }
}
