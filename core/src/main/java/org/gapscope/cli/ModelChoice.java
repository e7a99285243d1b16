package org.gapscope.cli;

import java.nio.file.Path;

import org.gapscope.GapScopeException;
import org.gapscope.engine.BuiltInModels;

/**
 * The model bundle a command runs: the folder given with {@code --model}, else the built-in default
 * bundle (as the explorer opens it), and the line that tells the user which one it was.
 *
 * @param folder         the bundle folder
 * @param builtInDefault whether it is the built-in default (no {@code --model} given)
 */
record ModelChoice(Path folder, boolean builtInDefault) {

    /** {@code given}, or the built-in default when it is null. */
    static ModelChoice of(Path given) {
        if (given != null) {
            return new ModelChoice(given, false);
        }
        try {
            return new ModelChoice(BuiltInModels.requireDefault(), true);
        } catch (GapScopeException e) {
            throw new GapScopeException("no --model given, and no built-in model to use instead: " + e.getMessage()
                    + "; give --model DIR", e);
        }
    }

    /** E.g. {@code model gapscope-mini-fullft-final (built-in default, /opt/.../mini-fullft-final) on CPU}. */
    String describe(String modelName, String device) {
        return "model " + modelName + " (" + (builtInDefault ? "built-in default, " : "") + folder + ")"
                + (device == null ? "" : " on " + device);
    }
}
