package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;

/** The Python exporter's own unit tests (model-prep/tests), run with Debian's python3 as part of the build. */
class ExporterPythonTest {

    @Test
    void exporterUnitTestsPass() throws IOException, InterruptedException {
        Path root = Python.repositoryRoot();
        ProcessBuilder pb = new ProcessBuilder(List.of(Python.interpreter(), "-m", "unittest", "discover", "-s",
                root.resolve("model-prep/tests").toString()))
                .directory(root.toFile())
                .redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "python unittest timed out");
        assertEquals(0, p.exitValue(), out);
        Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(out);
        assertTrue(ran.find(), out);
        assertTrue(Integer.parseInt(ran.group(1)) >= 15, "expected the whole exporter suite: " + out);
        assertTrue(out.strip().endsWith("OK"), out);
    }
}
