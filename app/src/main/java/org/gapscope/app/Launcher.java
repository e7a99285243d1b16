package org.gapscope.app;

import java.io.PrintWriter;

import org.gapscope.cli.GapScopeCli;

import javafx.application.Application;

/**
 * The program's one entry point: with no arguments it opens the explorer window, with arguments it
 * runs the command-line interface without touching the display. (A JavaFX main class must not
 * extend {@code Application} when launched from the classpath, hence this small class.)
 */
public final class Launcher {

    private Launcher() {
    }

    /** Opens the explorer, or runs {@code gapscope <command>} when given arguments. */
    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        if (args.length > 0) {
            int status = GapScopeCli.run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
            System.exit(status);
        }
        Application.launch(GapScopeApplication.class, args);
    }
}
