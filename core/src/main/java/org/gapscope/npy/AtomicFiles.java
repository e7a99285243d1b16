package org.gapscope.npy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

import org.gapscope.GapScopeException;

/**
 * Writes a file so that readers never see half of it: the content goes to a temporary file in the
 * same folder, which then replaces the target in one rename.
 */
public final class AtomicFiles {

    /** Writes content to a stream; may throw {@link IOException}. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the whole content to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code path} atomically; on any failure the target is untouched and no temp file remains. */
    public static void write(Path path, Writer writer) {
        Path target = path.toAbsolutePath();
        Path folder = target.getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new GapScopeException(path + ": the folder " + folder + " does not exist");
        }
        if (Files.isDirectory(target)) {
            throw new GapScopeException(path + ": is a folder; give a file name");
        }
        Path temp = null;
        try {
            // a fresh name opened with CREATE_NEW, not createTempFile: that one makes the file owner-only
            // (0600), and the rename would carry those permissions over to the user's file
            temp = uniqueSibling(folder, target);
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                writer.writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw Npy.ioFailure(path, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and named after the target
                }
            }
        }
    }

    private static Path uniqueSibling(Path folder, Path target) {
        String name = "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".part";
        return folder == null ? Path.of(name) : folder.resolve(name);
    }
}
