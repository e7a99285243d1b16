package org.gapscope.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.gapscope.cli.GapScopeCli;
import org.gapscope.cli.LibraryLogging;

import javafx.application.Application;

/**
 * The program's one entry point: with no arguments (or only {@code --verbose} / {@code --log-file
 * FILE}, and {@code --run RUN_DIR} to open a run folder) it opens the explorer window, with a command it
 * runs the command-line interface without touching the display. (A JavaFX main class must not extend {@code Application} when launched from
 * the classpath, hence this small class.) A window that cannot open for want of a display or of GTK
 * ends with two lines saying what is missing and how to fix it, and exit status 2.
 */
public final class Launcher {

    private Launcher() {
    }

    /** Opens the explorer, or runs {@code gapscope <command>} when given one. */
    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        Optional<String> problem = LibraryLogging.configure(args);
        if (problem.isPresent()) {
            System.err.println(problem.get());
            System.exit(GapScopeCli.EXIT_USER_ERROR);
        }
        Optional<Path> run = Optional.empty();
        if (!LibraryLogging.onlyLoggingOptions(args)) {
            Optional<String> refused = runFolder(args);
            if (refused.isPresent()) {
                System.err.println(refused.get());
                System.exit(GapScopeCli.EXIT_USER_ERROR);
            }
            run = windowRun(args);
            if (run.isEmpty()) {
                int status = GapScopeCli.run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
                System.exit(status);
            }
        }
        try {
            Application.launch(GapScopeApplication.class, run.map(p -> new String[] {WindowArguments.RUN,
                p.toAbsolutePath().toString()}).orElse(new String[0]));
        } catch (RuntimeException e) {
            Optional<String> why = WindowStartFailure.fromSystemProperties().explain(e, System.getenv());
            if (why.isEmpty()) {
                throw e;
            }
            System.err.println(why.get());
            System.exit(GapScopeCli.EXIT_USER_ERROR);
        }
    }

    /**
     * Why the window's {@code --run} cannot be used (one line), or empty: a {@code --run} without a folder,
     * given twice, or naming no folder. Arguments that are a command are the command line's to judge.
     */
    static Optional<String> runFolder(String[] args) {
        try {
            WindowArguments.parse(args);
        } catch (IllegalArgumentException e) {
            return LibraryLogging.onlyLoggingOptions(withoutRun(args)) ? Optional.of("gapscope: " + e.getMessage())
                    : Optional.empty();
        }
        return windowRun(args).filter(folder -> !Files.isDirectory(folder))
                .map(folder -> "gapscope: --run " + folder + ": no such run folder");
    }

    /** The run folder to open when the arguments are the window's ({@code --run} and logging options), else empty. */
    static Optional<Path> windowRun(String[] args) {
        try {
            WindowArguments window = WindowArguments.parse(args);
            return LibraryLogging.onlyLoggingOptions(window.rest()) ? window.run() : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code args} without any {@code --run} and the folder after it. */
    private static String[] withoutRun(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(WindowArguments.RUN)) {
                i++;
            } else if (!args[i].startsWith(WindowArguments.RUN + "=")) {
                rest.add(args[i]);
            }
        }
        return rest.toArray(String[]::new);
    }
}
