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
    void unknownCommandIsOneReadableLineAndNonZero() {
        int status = run("no-such-command");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, status);
        assertTrue(err.toString().startsWith("gapscope: "), err.toString());
        assertTrue(!err.toString().contains("at org."), "no stack trace: " + err);
    }
}
