package org.gapscope.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.testing.Python;

/**
 * Miniature random models shaped like the Hugging Face classes, exported by the real Python exporter
 * (model-prep/tests/make_mini_bundle.py) once per test JVM, with the reference the look-alike model
 * computed for itself in float32.
 */
final class MiniBundles {

    static final String QWEN2_AUDIO = "qwen2-audio";
    static final String WHISPER_LLM = "whisper-llm";

    private static Path root;

    private MiniBundles() {
    }

    /** The folder holding {@code <family>/bundle} and {@code <family>/reference.json}. */
    static synchronized Path root() {
        if (root == null) {
            try {
                Path dir = Files.createTempDirectory("gapscope-mini-bundles");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                Path script = Python.repositoryRoot().resolve("model-prep/tests/make_mini_bundle.py");
                Python.run(script.toString(), dir.toString());
                root = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static Path bundle(String family) {
        return root().resolve(family).resolve("bundle");
    }

    static JsonObject reference(String family) {
        try {
            return JsonParser.parseString(Files.readString(root().resolve(family).resolve("reference.json"),
                    StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a family's bundle into {@code target} (for tests that break it). */
    static Path copy(String family, Path target) {
        Path source = bundle(family);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort on shutdown
        }
    }
}
