package org.gapscope.app.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The model bundles found in a models folder: those listed in its {@code models.json} (with regime
 * and step, as the built-in model ships them), else every folder up to two levels down that holds a
 * {@code bundle.json}. Used to overlay other checkpoints and to regress scores on GAP across them.
 */
public final class Checkpoints {

    /**
     * One bundle.
     *
     * @param folder the bundle folder
     * @param label  a short name (the folder name)
     * @param group  the training regime or family, for colouring ({@code ""} if unknown)
     * @param step   the training step, or -1 when unknown
     */
    public record Entry(Path folder, String label, String group, int step) {
    }

    private Checkpoints() {
    }

    /** The bundles in {@code models}, sorted by group then step then name; empty when there are none. */
    public static List<Entry> find(Path models) {
        List<Entry> found = new ArrayList<>();
        if (models == null || !Files.isDirectory(models)) {
            return found;
        }
        Path index = models.resolve("models.json");
        if (Files.isRegularFile(index)) {
            try {
                JsonObject root = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8)).getAsJsonObject();
                for (JsonElement e : root.getAsJsonArray("bundles")) {
                    JsonObject b = e.getAsJsonObject();
                    Path folder = models.resolve(b.get("path").getAsString()).normalize();
                    if (Files.isRegularFile(folder.resolve("bundle.json"))) {
                        found.add(new Entry(folder, folder.getFileName().toString(),
                                b.has("regime") ? b.get("regime").getAsString() : "",
                                b.has("step") ? b.get("step").getAsInt() : -1));
                    }
                }
            } catch (IOException | RuntimeException e) {
                found.clear(); // an unreadable index: fall back to scanning
            }
        }
        if (found.isEmpty()) {
            try (Stream<Path> walk = Files.walk(models, 3)) {
                walk.filter(p -> p.getFileName().toString().equals("bundle.json")).map(Path::getParent)
                        .forEach(f -> found.add(new Entry(f, f.getFileName().toString(), "", -1)));
            } catch (IOException e) {
                return found;
            }
        }
        found.sort(Comparator.comparing(Entry::group).thenComparingInt(Entry::step).thenComparing(Entry::label));
        return found;
    }
}
