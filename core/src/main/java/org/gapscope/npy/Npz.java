package org.gapscope.npy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.gapscope.GapScopeException;

/** Reads and writes NumPy {@code .npz} archives (a zip of {@code .npy} members), never unpickling. */
public final class Npz {

    private Npz() {
    }

    /** Reads every array of an {@code .npz}, keyed by name without the {@code .npy} suffix, in archive order. */
    public static Map<String, NpyArray> read(Path path) {
        return read(path, null);
    }

    /**
     * Reads only the named arrays of an {@code .npz} (names without {@code .npy}; those missing are
     * absent from the result), leaving large members it does not need unread.
     */
    public static Map<String, NpyArray> read(Path path, java.util.Set<String> members) {
        Npy.checkReadable(path);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".npy")) {
                    continue;
                }
                String key = entry.getName().substring(0, entry.getName().length() - 4);
                if (members != null && !members.contains(key)) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(key, Npy.read(path + "[" + key + "]", in));
                }
            }
        } catch (ZipException e) {
            throw new GapScopeException(path + ": not a NumPy .npz archive (not a valid zip file)", e);
        } catch (IOException e) {
            throw Npy.ioFailure(path, e);
        }
        return Collections.unmodifiableMap(arrays);
    }

    /** Writes {@code arrays} as an uncompressed {@code .npz} (like {@code numpy.savez}), atomically. */
    public static void write(Path path, Map<String, NpyArray> arrays) {
        write(path, arrays, false);
    }

    /** Writes {@code arrays} as an {@code .npz}, deflated when {@code compressed} (like {@code savez_compressed}). */
    public static void write(Path path, Map<String, NpyArray> arrays, boolean compressed) {
        AtomicFiles.write(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(compressed ? 6 : 0);
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.DEFLATED);
                zip.putNextEntry(entry);
                Npy.writeTo(zip, e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }
}
