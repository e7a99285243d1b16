package org.gapscope.evaluation;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints the progress of a batch: a bar redrawn in place with rate and ETA on a terminal, or a
 * plain line every few seconds (and at the end) when the output is a file or a pipe.
 */
public final class ProgressReporter {

    private static final int BAR_WIDTH = 28;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final int total;
    private final LongSupplier clock;
    private final long start;
    private final long plainIntervalNanos;
    private long lastPlain;
    private int done;
    private int failed;

    /** A reporter for {@code total} items; {@code terminal} chooses the redrawn bar. */
    public ProgressReporter(PrintStream out, boolean terminal, String label, int total, LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.clock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.plainIntervalNanos = 5_000_000_000L;
        this.lastPlain = start;
    }

    /** A reporter on standard error, with a bar when a console is attached. */
    public static ProgressReporter onStandardError(String label, int total) {
        return new ProgressReporter(System.err, System.console() != null, label, total, System::nanoTime);
    }

    /** Records one finished item (failed or not) and redraws. */
    public void step(boolean itemFailed) {
        done++;
        if (itemFailed) {
            failed++;
        }
        long now = clock.getAsLong();
        if (terminal) {
            out.print("\r" + line(now));
            if (done == total) {
                out.println();
            }
            out.flush();
        } else if (done == total || now - lastPlain >= plainIntervalNanos) {
            lastPlain = now;
            out.println(line(now));
            out.flush();
        }
    }

    /** The progress line at time {@code now}. */
    String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        int filled = total == 0 ? BAR_WIDTH : (int) Math.round(BAR_WIDTH * (double) done / total);
        String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
        String eta = rate > 0 && done < total ? duration((total - done) / rate) : "0s";
        String failures = failed > 0 ? String.format(Locale.ROOT, ", %d failed", failed) : "";
        return String.format(Locale.ROOT, "%s [%s] %d/%d (%.2f/s, ETA %s%s)", label, bar, done, total, rate, eta,
                failures);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
