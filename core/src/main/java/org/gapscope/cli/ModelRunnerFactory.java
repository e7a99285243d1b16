package org.gapscope.cli;

import java.nio.file.Path;

import org.gapscope.engine.BundleRunner;
import org.gapscope.engine.ModelRunner;

/** Opens the model a batch command runs ({@code --model DIR}, {@code --device}). */
@FunctionalInterface
public interface ModelRunnerFactory {

    /** Opens model bundles with the model runtime (what the commands use outside tests). */
    ModelRunnerFactory BUNDLES = (folder, device) -> BundleRunner.open(folder, RunCommand.device(device));

    /** Opens the model bundle in {@code folder} on {@code device} ({@code auto}, {@code cpu} or {@code gpu}). */
    ModelRunner open(Path folder, String device);
}
