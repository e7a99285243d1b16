package org.gapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.dataset.ExampleSetReader.OnBrokenLine;
import org.gapscope.evaluation.EvaluationEngineTest;
import org.gapscope.evaluation.SyntheticRunner;
import org.gapscope.engine.BuiltInModels;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * Commands that take a model run the built-in default bundle (resources/models/DEFAULT under
 * {@code gapscope.home}) when {@code --model} is left out, as the explorer does, and say which model
 * they ran; without a home or a DEFAULT they say what is missing.
 */
class DefaultModelTest {

    private static final Path REPOSITORY = Python.repositoryRoot();

    @TempDir
    Path dir;

    private String savedHome;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Path> opened = new ArrayList<>();

    @BeforeEach
    void saveHome() {
        savedHome = System.getProperty(BuiltInModels.HOME_PROPERTY);
    }

    @AfterEach
    void restoreHome() {
        if (savedHome == null) {
            System.clearProperty(BuiltInModels.HOME_PROPERTY);
        } else {
            System.setProperty(BuiltInModels.HOME_PROPERTY, savedHome);
        }
    }

    private int cli(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err));
    }

    /** The CLI with evaluate and intervene opening a stand-in model, recording the folder they were given. */
    private int cliWithStandIn(Path data, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        Map<String, String> transcripts = new LinkedHashMap<>();
        for (Example e : ExampleSetReader.create(OnBrokenLine.SKIP).read(data).examples()) {
            transcripts.put(e.id(), e.transcript());
        }
        ModelRunnerFactory models = (folder, device, kvCache) -> {
            opened.add(folder);
            return new SyntheticRunner("stand-in", transcripts, 0.4f, 2);
        };
        return GapScopeCli.run(args, new PrintWriter(out), new PrintWriter(err), StandInModels.commands(models));
    }

    private Path homeWithDefault(String name) throws IOException {
        Path home = dir.resolve("home");
        Path models = Files.createDirectories(home.resolve("resources/models"));
        Files.createDirectories(models.resolve(name));
        Files.writeString(models.resolve("DEFAULT"), name + "\n");
        return home;
    }

    @Test
    void runWithoutModelAnswersWithTheBuiltInDefaultAndSaysSo() {
        System.setProperty(BuiltInModels.HOME_PROPERTY, REPOSITORY.toString());
        String defaultName = "mini-fullft-final";
        Path bundle = REPOSITORY.resolve("resources/models").resolve(defaultName);
        assertEquals(0, cli("run", "--model", bundle.toString(), "--text", "what colour is bread", "--device", "cpu"),
                err.toString());
        String explicitAnswer = out.toString();
        assertTrue(err.toString().contains("gapscope: model gapscope-mini-fullft-final (" + bundle + ") on CPU"),
                err.toString());

        assertEquals(0, cli("run", "--text", "what colour is bread", "--device", "cpu"), err.toString());
        assertEquals(explicitAnswer, out.toString(), "the same answer as with --model " + bundle);
        assertFalse(out.toString().isBlank());
        assertTrue(err.toString().contains("gapscope: model gapscope-mini-fullft-final (built-in default, "
                + bundle.toAbsolutePath() + ") on CPU"), err.toString());
    }

    @Test
    void lensWithoutModelReadsTheBuiltInDefault() throws IOException {
        System.setProperty(BuiltInModels.HOME_PROPERTY, REPOSITORY.toString());
        Path json = dir.resolve("lens.json");
        assertEquals(0, cli("lens", "--text", "what comes after seven", "--layers", "0,4", "--top", "2", "--json",
                json.toString(), "--device", "cpu"), err.toString());
        assertTrue(Files.readString(json).contains("gapscope-mini-fullft-final"));
        assertTrue(err.toString().contains("gapscope: model gapscope-mini-fullft-final (built-in default, "
                + REPOSITORY.resolve("resources/models/mini-fullft-final").toAbsolutePath() + ") on CPU"),
                err.toString());
    }

    @Test
    void evaluateAndInterveneWithoutModelOpenTheDefaultFolder() throws IOException {
        Path home = homeWithDefault("my-default");
        System.setProperty(BuiltInModels.HOME_PROPERTY, home.toString());
        Path data = EvaluationEngineTest.dataset(dir);
        Path expected = home.toAbsolutePath().resolve("resources/models/my-default");
        assertEquals(0, cliWithStandIn(data, "evaluate", "--data", data.toString(), "--out", dir.resolve("e").toString(),
                "--quiet", "--resamples", "20"), err.toString());
        assertTrue(err.toString().contains("gapscope: model stand-in (built-in default, " + expected + ")"),
                err.toString());
        assertEquals(0, cliWithStandIn(data, "intervene", "--data", data.toString(), "--out",
                dir.resolve("i").toString(), "--quiet"), err.toString());
        assertEquals(List.of(expected, expected), opened);

        Path given = dir.resolve("given");
        assertEquals(0, cliWithStandIn(data, "evaluate", "--model", given.toString(), "--data", data.toString(),
                "--out", dir.resolve("e2").toString(), "--quiet", "--resamples", "20"), err.toString());
        assertEquals(given, opened.get(2), "--model wins over the default");
        assertTrue(err.toString().contains("gapscope: model stand-in (" + given + ")"), err.toString());
    }

    @Test
    void withoutAHomeOrADefaultTheCommandSaysWhatIsMissing() throws IOException {
        System.clearProperty(BuiltInModels.HOME_PROPERTY);
        assertEquals(GapScopeCli.EXIT_USER_ERROR, cli("run", "--text", "hello"));
        assertEquals("gapscope: no --model given, and no built-in model to use instead: the home folder is unknown "
                + "(the launchers set -Dgapscope.home); give --model DIR", err.toString().strip());

        Path home = dir.resolve("empty-home");
        Files.createDirectories(home.resolve("resources/models"));
        System.setProperty(BuiltInModels.HOME_PROPERTY, home.toString());
        assertEquals(GapScopeCli.EXIT_USER_ERROR, cli("bench-capture", "--passes", "1"));
        assertEquals("gapscope: no --model given, and no built-in model to use instead: "
                + home.toAbsolutePath().resolve("resources/models/DEFAULT") + " does not exist; give --model DIR",
                err.toString().strip());

        Files.writeString(home.resolve("resources/models/DEFAULT"), "gone\n");
        assertEquals(GapScopeCli.EXIT_USER_ERROR, cli("run", "--text", "hello"));
        assertTrue(err.toString().strip().endsWith("DEFAULT names " + home.toAbsolutePath()
                .resolve("resources/models/gone") + ", which is not a folder; give --model DIR"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }
}
