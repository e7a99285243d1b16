package org.gapscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.gapscope.cli.LibraryLogging;
import org.junit.jupiter.api.Test;

/**
 * The first launch on a machine without a display or without GTK: two lines saying what is missing
 * and the exact fix, exit status 2, no stack trace and no JavaFX warning.
 */
class LauncherTest {

    private static final WindowStartFailure REPOSITORY = new WindowStartFailure("./gapscope", "./gapscope");

    @Test
    void withoutADisplayTheLauncherSaysSoAndExitsTwo() throws Exception {
        Path errors = Files.createTempFile("launcher", ".err");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dgapscope.launcher=./gapscope", "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        pb.redirectError(errors.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the launcher did not exit");
        List<String> err = Files.readAllLines(errors);
        Files.delete(errors);
        assertEquals(List.of(
                "gapscope: there is no display to open the explorer window on (DISPLAY is not set).",
                "gapscope: run it on a virtual screen with `xvfb-run ./gapscope` (sudo apt-get install xvfb), or use "
                        + "the command line, which needs no display: `./gapscope --help`"), err, out);
        assertEquals("", out);
        assertEquals(2, p.exitValue());
    }

    @Test
    void aDisplayThatCannotBeOpenedIsNamed() {
        Optional<String> why = REPOSITORY.explain(new UnsupportedOperationException("Unable to open DISPLAY"),
                Map.of("DISPLAY", ":77"));
        assertEquals("gapscope: cannot open the display :77 for the explorer window.", why.orElseThrow().lines()
                .findFirst().orElseThrow());
    }

    @Test
    void missingGtkNamesThePackageToInstall() {
        // as JavaFX 21 throws it from GtkApplication when libglassgtk3 (libgtk-3.so.0) cannot be loaded,
        // rethrown by Application.launch
        RuntimeException thrown = new UnsupportedOperationException("Unable to load glass GTK library.");
        assertEquals(List.of(
                "gapscope: the explorer window needs the GTK 3 library (libgtk-3.so.0), which is not installed.",
                "gapscope: install it with `sudo apt-get install libgtk-3-0`; the command line works without it: "
                        + "`./gapscope --help`"),
                REPOSITORY.explain(thrown, Map.of("DISPLAY", ":0")).orElseThrow().lines().toList());
        assertEquals(2, REPOSITORY.explain(new RuntimeException("Application launch failed", thrown), Map.of())
                .orElseThrow().lines().count(), "found when wrapped too");
    }

    @Test
    void theInstalledPackageNamesItsOwnLaunchers() {
        WindowStartFailure installed = new WindowStartFailure("gapscope-explorer", "gapscope");
        String text = installed.explain(new UnsupportedOperationException("Unable to open DISPLAY"), Map.of())
                .orElseThrow();
        assertTrue(text.contains("`xvfb-run gapscope-explorer`") && text.contains("`gapscope --help`"), text);
    }

    @Test
    void javaFxsClassPathWarningIsHiddenUnlessVerbose() {
        // JavaFX logs "Unsupported JavaFX configuration: classes were loaded from 'unnamed module'"
        // through System.getLogger("javafx") at WARNING, on every start from the class path
        assertTrue(LibraryLogging.configure(new String[0]).isEmpty());
        assertFalse(System.getLogger("javafx").isLoggable(System.Logger.Level.WARNING));
        assertTrue(System.getLogger("javafx").isLoggable(System.Logger.Level.ERROR));
    }

    @Test
    void otherFailuresAreNotExplainedAway() {
        assertTrue(REPOSITORY.explain(new IllegalStateException("a bug"), Map.of()).isEmpty());
        assertTrue(REPOSITORY.explain(new UnsupportedOperationException("something else"), Map.of()).isEmpty());
    }

    @Test
    void runOpensTheWindowOnARunFolderAndABadOneIsOneLine(@org.junit.jupiter.api.io.TempDir Path dir) {
        String folder = dir.toString();
        assertEquals(Optional.of(dir), Launcher.windowRun(new String[] {"--run", folder}));
        assertEquals(Optional.of(dir), Launcher.windowRun(new String[] {"--verbose", "--run=" + folder}));
        assertEquals(Optional.empty(), Launcher.runFolder(new String[] {"--run", folder, "--log-file", "x.log"}));
        // with a command the arguments are the command line's
        assertEquals(Optional.empty(), Launcher.windowRun(new String[] {"analyse", "--run", folder}));
        assertEquals(Optional.empty(), Launcher.runFolder(new String[] {"analyse", "--run"}));

        assertEquals(Optional.of("gapscope: --run " + dir.resolve("missing") + ": no such run folder"),
                Launcher.runFolder(new String[] {"--run", dir.resolve("missing").toString()}));
        assertEquals(Optional.of("gapscope: --run needs a run folder: ./gapscope --run RUN_DIR"),
                Launcher.runFolder(new String[] {"--verbose", "--run"}));
        assertEquals(Optional.of("gapscope: --run is given twice; the explorer opens one run folder at start"),
                Launcher.runFolder(new String[] {"--run", folder, "--run", folder}));
    }
}
