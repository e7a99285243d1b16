package org.gapscope.app.session;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One view's part of a session: what it saves under its key, as a record of nullable fields written as
 * JSON, and how it restores that. A field that is null (not saved, e.g. by an older version) or that
 * this version does not understand keeps the view's current setting.
 *
 * @param <T> the record saved
 */
public interface SessionPart<T> {

    /** The key of this part in a session file, e.g. {@code alignment}. */
    String key();

    /** The record this part saves. */
    Class<T> type();

    /** The view's state now. */
    T save();

    /** Applies {@code saved} to the view. */
    void restore(T saved);

    /** A part under {@code key} made of a save and a restore function. */
    static <T> SessionPart<T> of(String key, Class<T> type, Supplier<T> save, Consumer<T> restore) {
        return new SessionPart<>() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public T save() {
                return save.get();
            }

            @Override
            public void restore(T saved) {
                restore.accept(saved);
            }
        };
    }

    /** Gives {@code value} to {@code target} unless it is null (a value not saved keeps the current one). */
    static <T> void set(T value, Consumer<T> target) {
        if (value != null) {
            target.accept(value);
        }
    }

    /** {@code text} parsed, or null when it is null or this version does not know it. */
    static <T> T parse(String text, Function<String, T> parser) {
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (RuntimeException unknown) {
            return null;
        }
    }
}
