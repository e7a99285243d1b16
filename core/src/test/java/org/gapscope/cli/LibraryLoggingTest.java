package org.gapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spoken query through the built-in model, run as a user runs it (a fresh JVM through the CLI's
 * main): standard error holds only GapScope's own lines, unless --verbose asks for the libraries'
 * messages or --log-file sends them to a file.
 */
class LibraryLoggingTest {

    private static final Path REPOSITORY = Python.repositoryRoot();
    private static final String EXAMPLE = "espeak-m2-u00587";
    private static final Path WAV = REPOSITORY.resolve("resources/examples/sample/wav/" + EXAMPLE + ".wav");

    /** The training pipeline's answer of the default bundle to the clip (stored in models.json). */
    private static String expectedAnswer() throws IOException {
        JsonObject index = JsonParser.parseString(
                Files.readString(REPOSITORY.resolve("resources/models/models.json"))).getAsJsonObject();
        String path = index.get("default").getAsString();
        for (JsonElement b : index.getAsJsonArray("bundles")) {
            if (b.getAsJsonObject().get("path").getAsString().equals(path)) {
                return b.getAsJsonObject().getAsJsonObject("sample_answers").getAsJsonObject(EXAMPLE)
                        .get("speech").getAsString();
            }
        }
        throw new AssertionError("no default bundle " + path + " in models.json");
    }

    @TempDir
    Path dir;

    private record Run(int status, String out, List<String> err) {
    }

    private static Run gapscope(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.pytorch.graph_optimizer=false", "-Dgapscope.home=" + REPOSITORY, "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), GapScopeCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Path errFile = Files.createTempFile("gapscope-err", ".txt");
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "gapscope timed out");
        List<String> err = Files.readAllLines(errFile);
        Files.delete(errFile);
        return new Run(p.exitValue(), out, err);
    }

    private static List<String> notOurs(List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith("gapscope: ")).toList();
    }

    @Test
    void aSpokenQueryPrintsOnlyGapScopesOwnLines() throws Exception {
        Run quiet = gapscope("run", "--audio", WAV.toString(), "--device", "cpu");
        assertEquals(0, quiet.status(), String.join("\n", quiet.err()));
        assertEquals(expectedAnswer(), quiet.out().strip());
        assertEquals(List.of(), notOurs(quiet.err()), "standard error: " + quiet.err());
        assertTrue(quiet.err().get(0).startsWith("gapscope: model gapscope-mini-fullft-final (built-in default, "),
                quiet.err().toString());
    }

    @Test
    void verboseShowsTheLibrariesMessages() throws Exception {
        Run verbose = gapscope("--verbose", "run", "--audio", WAV.toString(), "--device", "cpu");
        assertEquals(0, verbose.status(), String.join("\n", verbose.err()));
        assertEquals(expectedAnswer(), verbose.out().strip());
        assertTrue(notOurs(verbose.err()).stream().anyMatch(l -> l.contains("ai.djl.")), verbose.err().toString());
    }

    @Test
    void aLogFileTakesTheLibrariesMessagesAndTheTerminalStaysClean() throws Exception {
        Path log = dir.resolve("gapscope.log");
        Run run = gapscope("run", "--text", "what comes after seven", "--device", "cpu", "--log-file", log.toString());
        assertEquals(0, run.status(), String.join("\n", run.err()));
        assertEquals(List.of(), notOurs(run.err()), "standard error: " + run.err());
        String logged = Files.readString(log);
        assertTrue(logged.contains("ai.djl."), logged);
        assertFalse(logged.contains("gapscope: "), "GapScope's own lines stay on the terminal: " + logged);

        Run bad = gapscope("run", "--text", "hi", "--log-file", dir.resolve("no/such/folder/x.log").toString());
        assertEquals(GapScopeCli.EXIT_USER_ERROR, bad.status());
        assertEquals(List.of("gapscope: --log-file " + dir.resolve("no/such/folder/x.log")
                + ": cannot write it (its folder does not exist)"), bad.err());
    }

    @Test
    void everyCommandAcceptsTheLoggingOptions() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = GapScopeCli.run(new String[] {"run", "--verbose", "--log-file", dir.resolve("x.log").toString(),
            "--model", dir.resolve("nothing").toString(), "--text", "hi"}, new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(GapScopeCli.EXIT_USER_ERROR, status);
        assertTrue(err.toString().contains("nothing: no such model bundle folder"),
                "parsed, then the missing bundle is the problem: " + err);
        assertEquals(0, GapScopeCli.run(new String[] {"evaluate", "--help"}, new PrintWriter(out),
                new PrintWriter(err)));
        assertTrue(out.toString().contains("--verbose") && out.toString().contains("--log-file=FILE"), out.toString());
    }

    @Test
    void theLoggingOptionsAloneMeanTheExplorer() {
        assertTrue(LibraryLogging.onlyLoggingOptions(new String[0]));
        assertTrue(LibraryLogging.onlyLoggingOptions(new String[] {"--verbose"}));
        assertTrue(LibraryLogging.onlyLoggingOptions(new String[] {"--log-file", "x.log", "--verbose"}));
        assertTrue(LibraryLogging.onlyLoggingOptions(new String[] {"--log-file=x.log"}));
        assertFalse(LibraryLogging.onlyLoggingOptions(new String[] {"--verbose", "run"}));
        assertFalse(LibraryLogging.onlyLoggingOptions(new String[] {"--help"}));
    }
}
