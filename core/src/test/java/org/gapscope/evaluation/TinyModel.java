package org.gapscope.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.gapscope.testing.Python;

/**
 * A miniature random speech LLM (Whisper-like encoder, adapter, 2-layer Llama-like decoder, d = 32,
 * 64-word vocabulary) exported by the real exporter (model-prep/tests/make_mini_bundle.py), once per
 * test JVM, and a small example set spoken by espeak-ng in its vocabulary, with the usual troubles:
 * a broken line, an answer of the wrong type, a missing audio file and a word the model cannot encode.
 */
final class TinyModel {

    /** Good examples: id, transcript, answer. */
    static final String[][] GOOD = {
        {"sky", "what is the color of the sky", "blue"},
        {"cat", "how many legs does a cat have", "four"},
        {"moon", "where is the moon in the night", "sky"},
        {"sun", "is the sun big", "yes"},
        {"dog", "what color is a dog", "red"},
    };

    private static Path root;

    private TinyModel() {
    }

    /** The bundle folder (built on first use). */
    static synchronized Path bundle() {
        if (root == null) {
            try {
                Path dir = Files.createTempDirectory("gapscope-tiny-model");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                Python.run(Python.repositoryRoot().resolve("model-prep/tests/make_mini_bundle.py").toString(),
                        dir.toString(), "--family", "whisper-llm");
                root = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root.resolve("whisper-llm/bundle");
    }

    /** Writes the example set into {@code dir} and returns its file: 9 entries, 5 of them good. */
    static Path dataset(Path dir) throws IOException {
        Path wav = dir.resolve("wav");
        Files.createDirectories(wav);
        List<String> lines = new ArrayList<>();
        for (String[] g : GOOD) {
            speak(g[1], wav.resolve(g[0] + ".wav"));
            lines.add(String.format("{\"id\": \"%s\", \"audio\": \"wav/%s.wav\", \"transcript\": \"%s\", \"answer\": "
                    + "\"%s\", \"task\": \"tiny\"}", g[0], g[0], g[1], g[2]));
        }
        speak("what is a zebra", wav.resolve("zebra.wav"));
        lines.add(2, "{\"id\": \"zebra\", \"audio\": \"wav/zebra.wav\", \"transcript\": \"what is a zebra\", "
                + "\"answer\": \"animal\"}");
        lines.add(4, "{\"id\": \"lost\", \"audio\": \"wav/lost.wav\", \"transcript\": \"is the sun small\", "
                + "\"answer\": \"no\"}");
        lines.add(5, "{\"id\": \"broken\" \"audio\": \"wav/sky.wav\"}");
        lines.add("{\"id\": \"number\", \"audio\": \"wav/sun.wav\", \"transcript\": \"how many legs\", \"answer\": 4}");
        Path file = dir.resolve("examples.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static void speak(String text, Path wav) throws IOException {
        Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-w", wav.toString(), text)
                .redirectErrorStream(true).start();
        try {
            p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("espeak-ng failed on \"" + text + "\" (install espeak-ng)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort on shutdown
        }
    }
}
