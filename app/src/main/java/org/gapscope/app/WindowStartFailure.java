package org.gapscope.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Why the explorer window could not open, in words a user can act on: JavaFX reports a missing
 * display and a missing GTK 3 library as an {@link UnsupportedOperationException} ("Unable to open
 * DISPLAY", "Unable to load glass GTK library.") thrown out of {@code Application.launch}; each
 * becomes two lines naming what is missing and the exact fix, instead of a 15-line stack trace.
 *
 * @param explorer how the user starts the explorer (e.g. {@code ./gapscope} or {@code gapscope-explorer})
 * @param cli      how the user starts the command line (e.g. {@code ./gapscope} or {@code gapscope})
 */
record WindowStartFailure(String explorer, String cli) {

    /** JavaFX's message when X11's display cannot be opened. */
    static final String NO_DISPLAY = "Unable to open DISPLAY";

    /** JavaFX's message when libglassgtk3 (and so libgtk-3.so.0) cannot be loaded. */
    static final String NO_GTK = "Unable to load glass GTK library";

    /**
     * The launcher names as started: {@code gapscope.launcher} (the repository's {@code ./gapscope}
     * sets it to how it was called), else jpackage's {@code jpackage.app-path} (the installed
     * {@code gapscope-explorer}, whose command line is {@code gapscope}), else {@code gapscope}.
     */
    static WindowStartFailure fromSystemProperties() {
        String launcher = System.getProperty("gapscope.launcher");
        if (launcher != null && !launcher.isBlank()) {
            return new WindowStartFailure(launcher, launcher);
        }
        String appPath = System.getProperty("jpackage.app-path");
        if (appPath != null && !appPath.isBlank()) {
            return new WindowStartFailure(Path.of(appPath).getFileName().toString(), "gapscope");
        }
        return new WindowStartFailure("gapscope", "gapscope");
    }

    /**
     * The lines to print for {@code failure} thrown by {@code Application.launch}, or empty when it
     * is not a display or GTK problem (then the failure is a bug and keeps its stack trace).
     *
     * @param environment the process environment ({@code DISPLAY})
     */
    Optional<String> explain(Throwable failure, Map<String, String> environment) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (!(t instanceof UnsupportedOperationException) || t.getMessage() == null) {
                continue;
            }
            if (t.getMessage().startsWith(NO_DISPLAY)) {
                String display = environment.get("DISPLAY");
                String what = display == null || display.isBlank()
                        ? "there is no display to open the explorer window on (DISPLAY is not set)"
                        : "cannot open the display " + display + " for the explorer window";
                return Optional.of("gapscope: " + what + ".\n"
                        + "gapscope: run it on a virtual screen with `xvfb-run " + explorer + "` (sudo apt-get install "
                        + "xvfb), or use the command line, which needs no display: `" + cli + " --help`");
            }
            if (t.getMessage().startsWith(NO_GTK)) {
                return Optional.of("gapscope: the explorer window needs the GTK 3 library (libgtk-3.so.0), which is "
                        + "not installed.\n"
                        + "gapscope: install it with `sudo apt-get install libgtk-3-0`; the command line works "
                        + "without it: `" + cli + " --help`");
            }
        }
        return Optional.empty();
    }
}
