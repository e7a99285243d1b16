package org.gapscope.app.audio;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gapscope.audio.AudioLoader;

/**
 * The clips of the examples looked at lately with their display data, so that stepping back and
 * forth and the model runs do not decode the same file twice. Thread-safe; holds a few clips only.
 */
public final class ClipCache {

    private static final int CAPACITY = 12;

    private final AudioLoader loader;
    private final Map<Path, AudioDisplay> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, AudioDisplay> eldest) {
            return size() > CAPACITY;
        }
    };

    /** A cache that loads with {@code loader}. */
    public ClipCache(AudioLoader loader) {
        this.loader = loader;
    }

    /** The clip of {@code file} with its display data, loading it on a miss (call off the UI thread). */
    public AudioDisplay get(Path file) {
        Path key = file.toAbsolutePath().normalize();
        synchronized (entries) {
            AudioDisplay hit = entries.get(key);
            if (hit != null) {
                return hit;
            }
        }
        AudioDisplay loaded = AudioDisplay.of(loader.load(key), key.getFileName().toString());
        put(key, loaded);
        return loaded;
    }

    /** The cached entry of {@code file}, or null (never loads). */
    public AudioDisplay peek(Path file) {
        synchronized (entries) {
            return entries.get(file.toAbsolutePath().normalize());
        }
    }

    /** Remembers display data for {@code file} (e.g. a recording just written). */
    public void put(Path file, AudioDisplay display) {
        synchronized (entries) {
            entries.put(file.toAbsolutePath().normalize(), display);
        }
    }

    /** The loader (its length limit is the pane's too). */
    public AudioLoader loader() {
        return loader;
    }
}
