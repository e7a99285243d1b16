package org.gapscope.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The explorer's own start-up option, {@code --run RUN_DIR} (or {@code --run=RUN_DIR}): a run folder to
 * open in the window instead of the sample set and the default model. The arguments are the window's
 * when, that option aside, they are only logging options; otherwise they are a command.
 *
 * @param run  the run folder to open, if given
 * @param rest the other arguments (the logging options, or a command)
 */
record WindowArguments(Optional<Path> run, String[] rest) {

    /** The option's name. */
    static final String RUN = "--run";

    /**
     * Splits {@code --run RUN_DIR} off {@code args}.
     *
     * @throws IllegalArgumentException when {@code --run} has no folder after it, or is given twice
     */
    static WindowArguments parse(String[] args) {
        Path run = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = null;
            if (args[i].equals(RUN)) {
                if (i + 1 >= args.length || args[i + 1].isBlank()) {
                    throw new IllegalArgumentException("--run needs a run folder: ./gapscope --run RUN_DIR");
                }
                value = args[++i];
            } else if (args[i].startsWith(RUN + "=")) {
                value = args[i].substring(RUN.length() + 1);
                if (value.isBlank()) {
                    throw new IllegalArgumentException("--run needs a run folder: ./gapscope --run RUN_DIR");
                }
            } else {
                rest.add(args[i]);
                continue;
            }
            if (run != null) {
                throw new IllegalArgumentException("--run is given twice; the explorer opens one run folder at start");
            }
            run = Path.of(value);
        }
        return new WindowArguments(Optional.ofNullable(run), rest.toArray(String[]::new));
    }
}
