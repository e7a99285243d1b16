package org.gapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class GapScopeCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().matches("GapScope \\d+\\.\\d+\\.\\d+.*\\R?"), out.toString());
    }

    @Test
    void helpListsUsage() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("Usage: gapscope"), out.toString());
    }

    @Test
    void helpListsEveryCommandUnderItsOwnName() {
        assertEquals(0, run("--help"));
        String help = out.toString();
        int last = -1;
        for (java.util.Map.Entry<String, Class<?>> c : GapScopeCli.COMMANDS.entrySet()) {
            assertEquals(c.getKey(), c.getValue().getAnnotation(picocli.CommandLine.Command.class).name());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\n  " + c.getKey() + "[ ,]").matcher(help);
            assertTrue(m.find(), c.getKey() + " listed: " + help);
            int at = m.start();
            assertTrue(at > last, c.getKey() + " listed in order: " + help);
            last = at;
        }
        // an alias still works
        assertEquals(0, run("analyze", "--help"));
        assertTrue(out.toString().contains("Usage: gapscope analyse"), out.toString());
    }

    @Test
    void metricsAloneStillReportsBadOptionsWithItsOwnHelpHint() {
        assertEquals(GapScopeCli.EXIT_USER_ERROR, run("metrics", "--no-such-option"));
        assertTrue(err.toString().contains("Try 'gapscope metrics --help'."), err.toString());
        assertEquals(0, run("metrics", "--help"));
        assertTrue(out.toString().contains("Usage: gapscope metrics"), out.toString());
    }

    @Test
    void unknownCommandIsOneReadableLineAndNonZero() {
        int status = run("no-such-command");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, status);
        assertTrue(err.toString().startsWith("gapscope: "), err.toString());
        assertTrue(!err.toString().contains("at org."), "no stack trace: " + err);
    }
}
