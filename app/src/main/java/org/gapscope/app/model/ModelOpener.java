package org.gapscope.app.model;

import java.nio.file.Path;

import org.gapscope.engine.BundleRunner;
import org.gapscope.engine.ModelRunner;
import org.gapscope.engine.Monitor;

/** Opens a model bundle folder (slow: seconds); reports progress and stops early when cancelled. */
@FunctionalInterface
public interface ModelOpener {

    /** The bundles of the runtime, opened by the engine on the default device. */
    ModelOpener BUNDLES = BundleRunner::open;

    /**
     * Opens {@code folder}.
     *
     * @throws org.gapscope.GapScopeException naming the file and the problem when it is not a usable bundle
     */
    ModelRunner open(Path folder, Monitor monitor);
}
