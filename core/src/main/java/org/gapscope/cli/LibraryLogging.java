package org.gapscope.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.text.MessageFormat;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.gapscope.model.TorchLogLevel;
import org.slf4j.LoggerFactory;

/**
 * What the libraries may print: by default only GapScope's own output reaches the terminal, and the
 * libraries' notes (DJL's "Found matching platform", its CUDA probe on a CPU build, ND4J's
 * start-up, JavaFX's "Unsupported JavaFX configuration", libtorch's NNPACK warning) are dropped,
 * their errors kept. {@code --verbose} shows them all on standard error; {@code --log-file FILE}
 * writes the Java libraries' messages to FILE instead (libtorch's C++ warnings cannot be redirected
 * there and stay hidden). Both options are read from the raw arguments before any library starts,
 * because a logger is configured once, when it is first used.
 */
public final class LibraryLogging {

    /** Shows the libraries' messages on standard error. */
    public static final String VERBOSE = "--verbose";

    /** Writes the libraries' messages to a file. */
    public static final String LOG_FILE = "--log-file";

    private static final String SLF4J_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private static final String SLF4J_FILE = "org.slf4j.simpleLogger.logFile";

    /** JavaFX's logger, held so that its level is not lost to garbage collection. */
    private static final Logger JAVAFX = Logger.getLogger("javafx");

    /** What was asked for. */
    private enum Mode {
        QUIET, VERBOSE, FILE
    }

    private LibraryLogging() {
    }

    /**
     * Configures the libraries' logging from {@code --verbose} and {@code --log-file FILE} among
     * {@code args} (before a {@code --}); call it first thing in {@code main}.
     *
     * @return a one-line problem (a log file that cannot be written), or empty
     */
    public static Optional<String> configure(String[] args) {
        Mode mode = Mode.QUIET;
        Path file = null;
        for (int i = 0; i < args.length && !"--".equals(args[i]); i++) {
            if (VERBOSE.equals(args[i])) {
                mode = mode == Mode.FILE ? mode : Mode.VERBOSE;
            } else if (LOG_FILE.equals(args[i]) && i + 1 < args.length) {
                file = Paths.get(args[++i]);
                mode = Mode.FILE;
            } else if (args[i].startsWith(LOG_FILE + "=")) {
                file = Paths.get(args[i].substring(LOG_FILE.length() + 1));
                mode = Mode.FILE;
            }
        }
        switch (mode) {
            case QUIET -> {
                setIfAbsent(SLF4J_LEVEL, "error");
                JAVAFX.setLevel(Level.SEVERE);
            }
            case VERBOSE -> {
                setIfAbsent(SLF4J_LEVEL, "info");
                System.setProperty(TorchLogLevel.VERBOSE_PROPERTY, "true");
            }
            case FILE -> {
                try (OutputStream probe = Files.newOutputStream(file, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    probe.flush();
                } catch (NoSuchFileException e) {
                    return Optional.of("gapscope: " + LOG_FILE + " " + file + ": cannot write it (its folder does not "
                            + "exist)");
                } catch (AccessDeniedException e) {
                    return Optional.of("gapscope: " + LOG_FILE + " " + file + ": cannot write it (permission denied)");
                } catch (IOException | RuntimeException e) {
                    return Optional.of("gapscope: " + LOG_FILE + " " + file + ": cannot write it ("
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
                }
                setIfAbsent(SLF4J_LEVEL, "info");
                setIfAbsent(SLF4J_FILE, file.toAbsolutePath().toString());
                JAVAFX.setUseParentHandlers(false);
                JAVAFX.addHandler(new ToSlf4j());
            }
        }
        return Optional.empty();
    }

    /** Whether {@code args} hold nothing but the logging options (so the explorer is meant, not a command). */
    public static boolean onlyLoggingOptions(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (LOG_FILE.equals(args[i]) && i + 1 < args.length) {
                i++;
            } else if (!VERBOSE.equals(args[i]) && !args[i].startsWith(LOG_FILE + "=")) {
                return false;
            }
        }
        return true;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value); // a -D on the command line (GAPSCOPE_JAVA_OPTS) wins
        }
    }

    /** Sends java.util.logging records (JavaFX's) to the SLF4J log, and so to the log file. */
    private static final class ToSlf4j extends Handler {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null && message != null) {
                message = MessageFormat.format(message, record.getParameters());
            }
            org.slf4j.Logger log = LoggerFactory.getLogger(record.getLoggerName() == null ? "jul" : record.getLoggerName());
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                log.error(message, record.getThrown());
            } else if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                log.warn(message, record.getThrown());
            } else {
                log.info(message, record.getThrown());
            }
        }

        @Override
        public void flush() {
            // SLF4J's simple logger flushes every line
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
