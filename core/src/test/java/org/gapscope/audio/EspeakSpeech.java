package org.gapscope.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Speech of known pitch from espeak-ng (a required test tool, see README "System requirements"). A
 * voice variant {@code pitch P P} has no pitch range, so espeak-ng speaks on one pitch; its voices.c
 * sets the base to {@code (P - 9) << 12}, i.e. F0 = P - 9 Hz (checked independently with a NumPy autocorrelation: 91.1, 141.3 and
 * 191.7 Hz for P = 100, 150, 200 by autocorrelation). espeak-ng reads variants only from its data
 * folder, so the variant goes into a copy of that folder made of symbolic links.
 */
public final class EspeakSpeech {

    private static Path systemData;
    private static Path overlay;

    private EspeakSpeech() {
    }

    /** The F0 in Hz that the monotone variant with {@code pitch P P} speaks at. */
    public static double monotoneF0(int pitch) {
        return pitch - 9;
    }

    /** Speaks {@code text} on one pitch (variant {@code pitch P P}) into {@code dir}/mono-P.wav. */
    public static Path monotone(Path dir, int pitch, String text) {
        Path data = overlay();
        try {
            Files.writeString(data.resolve("espeak-ng-data").resolve("voices").resolve("!v").resolve("mono" + pitch),
                    "name mono" + pitch + "\npitch " + pitch + " " + pitch + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path wav = dir.resolve("mono-" + pitch + ".wav");
        run(List.of("espeak-ng", "--path=" + data, "-v", "en+mono" + pitch, "-w", wav.toString(), text));
        return wav;
    }

    /**
     * A data folder for espeak-ng's {@code --path}: links to every entry of its own data folder, with a
     * voice variant folder of our own. Made once per test run, removed when the JVM exits.
     */
    private static synchronized Path overlay() {
        if (overlay != null) {
            return overlay;
        }
        try {
            Path data = Files.createTempDirectory("gapscope-espeak");
            Path root = data.resolve("espeak-ng-data");
            List<Path> made = new ArrayList<>();
            Files.createDirectories(root.resolve("voices").resolve("!v"));
            for (Path folder : List.of(systemData(), systemData().resolve("voices"))) {
                Path target = folder.equals(systemData()) ? root : root.resolve("voices");
                try (Stream<Path> entries = Files.list(folder)) {
                    for (Path p : (Iterable<Path>) entries::iterator) {
                        String name = p.getFileName().toString();
                        if (!name.equals("voices") && !name.equals("!v")) {
                            made.add(Files.createSymbolicLink(target.resolve(name), p));
                        }
                    }
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(data, made)));
            overlay = data;
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the links (never what they point to), the variants and the folders. */
    private static void delete(Path data, List<Path> links) {
        try {
            for (Path link : links) {
                Files.deleteIfExists(link);
            }
            try (Stream<Path> rest = Files.walk(data)) {
                for (Path p : (Iterable<Path>) rest.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    /** Speaks {@code text} with espeak-ng's default English voice and extra options into {@code dir}/NAME.wav. */
    public static Path speak(Path dir, String name, String text, String... options) {
        Path wav = dir.resolve(name + ".wav");
        List<String> command = new ArrayList<>(List.of("espeak-ng", "-w", wav.toString()));
        command.addAll(List.of(options));
        command.add(text);
        run(command);
        return wav;
    }

    /** espeak-ng's own data folder, as {@code espeak-ng --version} names it ("Data at: ..."). */
    private static synchronized Path systemData() {
        if (systemData == null) {
            String version = run(List.of("espeak-ng", "--version"));
            int at = version.indexOf("Data at:");
            if (at < 0) {
                throw new IllegalStateException("espeak-ng --version does not say where its data is: " + version);
            }
            systemData = Path.of(version.substring(at + "Data at:".length()).strip());
        }
        return systemData;
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("espeak-ng failed: " + command + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("espeak-ng is required for this test (apt-get install espeak-ng): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while espeak-ng ran", e);
        }
    }
}
