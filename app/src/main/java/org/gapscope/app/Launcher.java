package org.gapscope.app;

import java.io.PrintWriter;
import java.util.Optional;

import org.gapscope.cli.GapScopeCli;
import org.gapscope.cli.LibraryLogging;

import javafx.application.Application;

/**
 * The program's one entry point: with no arguments (or only {@code --verbose} / {@code --log-file
 * FILE}) it opens the explorer window, with a command it runs the command-line interface without
 * touching the display. (A JavaFX main class must not extend {@code Application} when launched from
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
        if (!LibraryLogging.onlyLoggingOptions(args)) {
            int status = GapScopeCli.run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
            System.exit(status);
        }
        try {
            Application.launch(GapScopeApplication.class);
        } catch (RuntimeException e) {
            Optional<String> why = WindowStartFailure.fromSystemProperties().explain(e, System.getenv());
            if (why.isEmpty()) {
                throw e;
            }
            System.err.println(why.get());
            System.exit(GapScopeCli.EXIT_USER_ERROR);
        }
    }
}
