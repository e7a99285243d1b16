package org.gapscope.cli;

import java.nio.file.Path;

import org.gapscope.engine.BundleRunner;
import org.gapscope.engine.ModelRunner;
import org.gapscope.model.KvCacheMode;

/** Opens the model a batch command runs ({@code --model DIR}, {@code --device}, {@code --no-kv-cache}). */
@FunctionalInterface
public interface ModelRunnerFactory {

    /** Opens model bundles with the model runtime (what the commands use outside tests). */
    ModelRunnerFactory BUNDLES = (folder, device, kvCache) -> BundleRunner.open(folder, RunCommand.device(device), kvCache);

    /**
     * Opens the model bundle in {@code folder} on {@code device} ({@code auto}, {@code cpu} or {@code gpu});
     * {@code kvCache} says whether generation may use the bundle's key/value cache.
     */
    ModelRunner open(Path folder, String device, KvCacheMode kvCache);
}
