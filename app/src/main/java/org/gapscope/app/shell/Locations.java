package org.gapscope.app.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Where the program's shipped files live: {@code <home>/resources/models} (built-in bundles, the
 * default named in {@code DEFAULT}) and {@code <home>/resources/examples/sample/examples.jsonl}.
 * The home folder is the system property {@code gapscope.home}, set by the launchers.
 *
 * @param home the installation or repository root, or null when unknown
 */
public record Locations(Path home) {

    /** Locations from the {@code gapscope.home} system property (none when it is unset). */
    public static Locations fromSystemProperty() {
        String value = System.getProperty("gapscope.home");
        return new Locations(value == null || value.isBlank() ? null : Paths.get(value).toAbsolutePath());
    }

    /** The shipped sample example set, if a home is known. */
    public Optional<Path> sampleExampleSet() {
        return Optional.ofNullable(home).map(h -> h.resolve("resources/examples/sample/examples.jsonl"));
    }

    /** The folder of the built-in model bundles, if a home is known. */
    public Optional<Path> modelsFolder() {
        return Optional.ofNullable(home).map(h -> h.resolve("resources/models"));
    }

    /** The default bundle: the folder named in {@code resources/models/DEFAULT}, if it exists. */
    public Optional<Path> defaultModel() {
        return modelsFolder().flatMap(models -> {
            Path pointer = models.resolve("DEFAULT");
            try {
                if (!Files.isRegularFile(pointer)) {
                    return Optional.empty();
                }
                Path bundle = models.resolve(Files.readString(pointer).strip());
                return Files.isDirectory(bundle) ? Optional.of(bundle) : Optional.empty();
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        });
    }
}
