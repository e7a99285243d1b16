package org.gapscope.cli;

import java.nio.file.Path;

import org.gapscope.evaluation.ModelRunner;

/** Opens the model a batch command runs ({@code --model DIR}, {@code --device}). */
@FunctionalInterface
public interface ModelRunnerFactory {

    /** Opens the model bundle in {@code folder} on {@code device} ({@code auto}, {@code cpu} or {@code gpu}). */
    ModelRunner open(Path folder, String device);
}
