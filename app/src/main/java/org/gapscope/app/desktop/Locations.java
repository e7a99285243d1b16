package org.gapscope.app.desktop;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

import org.gapscope.engine.BuiltInModels;

/**
 * Where the program's files live: shipped ones under {@code <home>/resources} (built-in bundles in
 * {@code models}, the default named in {@code models/DEFAULT}; the sample set in
 * {@code examples/sample/examples.jsonl}) and the user's own (recordings) under a user folder.
 * The home folder is the system property {@code gapscope.home}, set by the launchers; the user
 * folder is {@code gapscope.user.dir}, by default {@code ~/.gapscope}.
 *
 * @param home     the installation or repository root, or null when unknown
 * @param userData the folder for the user's files, or null for {@code ~/.gapscope}
 */
public record Locations(Path home, Path userData) {

    /** Locations with only a home (user files in {@code ~/.gapscope}). */
    public Locations(Path home) {
        this(home, null);
    }

    /** Locations from the {@code gapscope.home} and {@code gapscope.user.dir} system properties. */
    public static Locations fromSystemProperty() {
        String value = System.getProperty("gapscope.home");
        String user = System.getProperty("gapscope.user.dir");
        return new Locations(value == null || value.isBlank() ? null : Paths.get(value).toAbsolutePath(),
                user == null || user.isBlank() ? null : Paths.get(user).toAbsolutePath());
    }

    /** The shipped sample example set, if a home is known. */
    public Optional<Path> sampleExampleSet() {
        return Optional.ofNullable(home).map(h -> h.resolve("resources/examples/sample/examples.jsonl"));
    }

    /** The folder of the built-in model bundles, if a home is known. */
    public Optional<Path> modelsFolder() {
        return Optional.ofNullable(home).map(BuiltInModels::modelsFolder);
    }

    /** The folder for the user's own files. */
    public Path userFolder() {
        return userData != null ? userData : Paths.get(System.getProperty("user.home"), ".gapscope");
    }

    /** Where recordings are saved. */
    public Path recordingsFolder() {
        return userFolder().resolve("recordings");
    }

    /** The default bundle: the folder named in {@code resources/models/DEFAULT}, if it exists. */
    public Optional<Path> defaultModel() {
        return Optional.ofNullable(home).flatMap(BuiltInModels::defaultBundle);
    }
}
