package org.gapscope.app.session;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.gapscope.GapScopeException;
import org.gapscope.npy.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Takes sessions from the views' parts and gives them back, and saves and opens session files (JSON).
 * Saving writes a temporary file and renames it, so a crash while saving never leaves a corrupt
 * session behind. Files of format version 1 (one record for every view) are read too: their fields are
 * moved into the parts that own them now.
 */
public final class SessionStore {

    private final Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().create();
    private final UnaryOperator<OutputStream> output;

    /** A store writing pretty-printed JSON. */
    public SessionStore() {
        this(UnaryOperator.identity());
    }

    /** A store whose file output passes through {@code output} (tests make it fail halfway, as a full disk would). */
    SessionStore(UnaryOperator<OutputStream> output) {
        this.output = output;
    }

    /** The parts' state now, each under its key. */
    public Session capture(List<SessionPart<?>> parts) {
        JsonObject json = new JsonObject();
        json.addProperty(Session.VERSION_KEY, Session.FORMAT_VERSION);
        for (SessionPart<?> part : parts) {
            json.add(part.key(), gson.toJsonTree(part.save()));
        }
        return new Session(json);
    }

    /**
     * Gives each part, in order, what {@code session} saved for it; a part the session does not have, or
     * cannot be read as this version's record, keeps its state.
     */
    public void restore(Session session, List<SessionPart<?>> parts) {
        for (SessionPart<?> part : parts) {
            session.part(part.key()).filter(JsonElement::isJsonObject).ifPresent(saved -> apply(part, saved));
        }
    }

    private <T> void apply(SessionPart<T> part, JsonElement saved) {
        T value;
        try {
            value = gson.fromJson(saved, part.type());
        } catch (JsonParseException | IllegalStateException | NumberFormatException unreadable) {
            return; // written by another version in a shape this one does not know: keep the current state
        }
        part.restore(value);
    }

    /**
     * Writes {@code session} to {@code file} atomically: the JSON streams into a hidden temporary file
     * in the same folder, which then replaces {@code file} in one rename; if writing fails halfway, the
     * previous file is untouched and the temporary one removed.
     */
    public void save(Session session, Path file) {
        JsonObject json = session.toJson();
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(output.apply(out), StandardCharsets.UTF_8);
            gson.toJson(json, writer);
            writer.flush();
        });
    }

    /** Reads a session file of any layout, refusing anything that is not one with a one-line reason. */
    public Session open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GapScopeException(file + ": no such session file");
        }
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new GapScopeException(file + ": not a GapScope session file (invalid JSON)", e);
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (parsed.isJsonNull()) {
            throw new GapScopeException(file + ": empty session file");
        }
        if (!parsed.isJsonObject()) {
            throw new GapScopeException(file + ": not a GapScope session file (not a JSON object)");
        }
        JsonObject json = parsed.getAsJsonObject();
        int version = version(json);
        if (version == 1) {
            return new Session(SessionFormat1.upgrade(json));
        }
        if (version != Session.FORMAT_VERSION) {
            throw new GapScopeException(file + ": not a GapScope session this version reads (format version "
                    + (version < 0 ? "missing" : version) + "; it reads 1 and " + Session.FORMAT_VERSION + ")");
        }
        return new Session(json);
    }

    private static int version(JsonObject json) {
        JsonElement v = json.get(Session.VERSION_KEY);
        try {
            return v == null || !v.isJsonPrimitive() ? -1 : v.getAsInt();
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
