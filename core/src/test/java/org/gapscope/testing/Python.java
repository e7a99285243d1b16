package org.gapscope.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's Python (with numpy and torch) from tests: {@code /usr/bin/python3} unless the
 * environment variable {@code GAPSCOPE_PYTHON} names another interpreter.
 */
public final class Python {

    private Python() {
    }

    /** The interpreter to use. */
    public static String interpreter() {
        String env = System.getenv("GAPSCOPE_PYTHON");
        return env != null && !env.isBlank() ? env : "/usr/bin/python3";
    }

    /** The repository root (the folder holding the parent pom.xml), found from the working directory. */
    public static Path repositoryRoot() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null) {
            if (Files.exists(p.resolve("gapscope")) && Files.exists(p.resolve("core"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("repository root not found above " + Paths.get("").toAbsolutePath());
    }

    /**
     * Runs {@code python3 -c script args...} (or a script file when {@code script} ends with .py),
     * returns its standard output (standard error is kept apart), and fails with both when the exit status is not 0.
     */
    public static String run(String script, String... args) {
        List<String> command = new ArrayList<>();
        command.add(interpreter());
        if (script.endsWith(".py")) {
            command.add(script);
        } else {
            command.add("-c");
            command.add(script);
        }
        command.addAll(List.of(args));
        try {
            Path errors = Files.createTempFile("gapscope-python", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
            builder.environment().put("OMP_NUM_THREADS", "1");
            builder.environment().put("OPENBLAS_NUM_THREADS", "1");
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("python timed out: " + command);
            }
            String text = new String(out, StandardCharsets.UTF_8);
            String err = Files.readString(errors);
            Files.deleteIfExists(errors);
            if (process.exitValue() != 0) {
                throw new AssertionError("python failed (" + process.exitValue() + "): " + command + "\n" + text + err);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + interpreter() + " (install python3-numpy/python3-torch): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
