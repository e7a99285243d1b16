package org.gapscope.analysis;

import java.time.Duration;
import java.util.Locale;

/**
 * Start-up and phase timestamps on stderr for {@code -Dgapscope.trace=true} (measuring where a
 * command's time goes); silent and free otherwise.
 */
public final class PhaseTrace {

    private static final boolean ON = Boolean.getBoolean("gapscope.trace");

    private PhaseTrace() {
    }

    /** Whether tracing is on. */
    public static boolean enabled() {
        return ON;
    }

    /** Prints {@code what} with the wall time since the JVM started and the process's CPU time so far. */
    public static void mark(String what) {
        if (!ON) {
            return;
        }
        long wall = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        System.err.printf(Locale.ROOT, "[trace] wall %5d ms  cpu %5d ms  %-22s %s%n", wall, cpu,
                Thread.currentThread().getName(), what);
    }
}
