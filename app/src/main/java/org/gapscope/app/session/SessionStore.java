package org.gapscope.app.session;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gapscope.GapScopeException;
import org.gapscope.npy.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * Saves and opens {@link Session} files (JSON). Saving writes a temporary file and renames it, so a
 * crash while saving never leaves a corrupt session behind.
 */
public final class SessionStore {

    private final Gson gson;

    /** A store writing pretty-printed JSON. */
    public SessionStore() {
        this(new GsonBuilder().setPrettyPrinting().serializeNulls().create());
    }

    /** A store with its own JSON mapping (tests make one that fails halfway through writing). */
    SessionStore(Gson gson) {
        this.gson = gson;
    }

    /**
     * Writes {@code session} to {@code file} atomically: the JSON streams into a hidden temporary file
     * in the same folder, which then replaces {@code file} in one rename; if writing fails halfway, the
     * previous file is untouched and the temporary one removed.
     */
    public void save(Session session, Path file) {
        AtomicFiles.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            gson.toJson(session, writer);
            writer.flush();
        });
    }

    /** Reads a session file, refusing anything that is not one with a one-line reason. */
    public Session open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GapScopeException(file + ": no such session file");
        }
        try {
            Session session = gson.fromJson(Files.readString(file, StandardCharsets.UTF_8), Session.class);
            if (session == null) {
                throw new GapScopeException(file + ": empty session file");
            }
            if (session.formatVersion() != Session.FORMAT_VERSION) {
                throw new GapScopeException(file + ": not a GapScope session (format version "
                        + session.formatVersion() + ", expected " + Session.FORMAT_VERSION + ")");
            }
            return session;
        } catch (JsonParseException e) {
            throw new GapScopeException(file + ": not a GapScope session file (invalid JSON)", e);
        } catch (IOException e) {
            throw new GapScopeException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
