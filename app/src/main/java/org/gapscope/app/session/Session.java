package org.gapscope.app.session;

import java.util.Optional;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A saved explorer session: each view's part under its key ({@link SessionPart}), with the layout's
 * format version; immutable. Written by {@link SessionStore}, which also reads the single-record
 * layout of format version 1.
 */
public final class Session {

    /** The layout written now: one object per view. */
    public static final int FORMAT_VERSION = 2;
    /** The key of the format version. */
    static final String VERSION_KEY = "formatVersion";

    private final JsonObject json;

    /** A session of the parts in {@code json} (copied). */
    Session(JsonObject json) {
        this.json = json.deepCopy();
    }

    /** The part saved under {@code key}, if any. */
    public Optional<JsonElement> part(String key) {
        JsonElement e = json.get(key);
        return e == null || e.isJsonNull() ? Optional.empty() : Optional.of(e.deepCopy());
    }

    /** The session as it is written (a copy). */
    public JsonObject toJson() {
        return json.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Session other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
