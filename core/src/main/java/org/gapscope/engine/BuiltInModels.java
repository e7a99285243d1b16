package org.gapscope.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

import org.gapscope.GapScopeException;

/**
 * The model bundles that ship with GapScope: folders under {@code <home>/resources/models}, the
 * default one named in the file {@code resources/models/DEFAULT}. The home folder (the repository
 * or the installation) is the system property {@code gapscope.home}, which the launchers set.
 */
public final class BuiltInModels {

    /** The system property naming the home folder. */
    public static final String HOME_PROPERTY = "gapscope.home";

    /** The file, in the models folder, that names the default bundle's folder. */
    public static final String DEFAULT_FILE = "DEFAULT";

    private BuiltInModels() {
    }

    /** The folder of the built-in bundles under {@code home}. */
    public static Path modelsFolder(Path home) {
        return home.resolve("resources").resolve("models");
    }

    /** The default bundle under {@code home}, if {@code DEFAULT} names a folder that exists. */
    public static Optional<Path> defaultBundle(Path home) {
        try {
            return Optional.of(requireDefault(home));
        } catch (GapScopeException e) {
            return Optional.empty();
        }
    }

    /**
     * The default bundle under the home folder of {@code gapscope.home}.
     *
     * @throws GapScopeException whose message names what is missing: the property, the {@code DEFAULT} file or the
     *                           folder it names
     */
    public static Path requireDefault() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            throw new GapScopeException("the home folder is unknown (the launchers set -D" + HOME_PROPERTY + ")");
        }
        return requireDefault(Paths.get(home).toAbsolutePath());
    }

    /**
     * The default bundle under {@code home}.
     *
     * @throws GapScopeException whose message names what is missing: the {@code DEFAULT} file or the folder it names
     */
    public static Path requireDefault(Path home) {
        Path pointer = modelsFolder(home).resolve(DEFAULT_FILE);
        if (!Files.isRegularFile(pointer)) {
            throw new GapScopeException(pointer + " does not exist");
        }
        String name;
        try {
            name = Files.readString(pointer).strip();
        } catch (IOException e) {
            throw new GapScopeException("cannot read " + pointer + " (" + e.getMessage() + ")", e);
        }
        if (name.isEmpty()) {
            throw new GapScopeException(pointer + " is empty; it should name a bundle folder");
        }
        Path bundle = pointer.getParent().resolve(name).normalize();
        if (!Files.isDirectory(bundle)) {
            throw new GapScopeException(pointer + " names " + bundle + ", which is not a folder");
        }
        return bundle;
    }
}
