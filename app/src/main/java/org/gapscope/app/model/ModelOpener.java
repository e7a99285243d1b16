package org.gapscope.app.model;

import java.nio.file.Path;

import org.gapscope.app.shell.TaskContext;

/** Opens a model bundle folder (slow: seconds); reports progress and stops early when cancelled. */
@FunctionalInterface
public interface ModelOpener {

    /**
     * Opens {@code folder}.
     *
     * @throws org.gapscope.GapScopeException naming the file and the problem when it is not a usable bundle
     */
    SpeechModel open(Path folder, TaskContext context);
}
