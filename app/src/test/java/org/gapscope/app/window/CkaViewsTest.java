package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.gapscope.app.CompositionRoot;
import org.gapscope.app.cka.CkaViewModel;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.model.SyntheticModel;
import org.gapscope.app.model.SyntheticSet;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.capture.Modality;
import org.gapscope.cli.GapScopeCli;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.engine.StoredRun;
import org.gapscope.evaluation.BatchListener;
import org.gapscope.evaluation.CapturesKept;
import org.gapscope.evaluation.Evaluation;
import org.gapscope.figure.CkaData;
import org.gapscope.run.RunRecord;
import org.gapscope.run.Shard;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The CKA view against its command-line twins: an opened run's dataset matrices are the summary's
 * ({@code gapscope figure cka --from RUN}), an example's matched matrix is {@code gapscope metrics}'
 * on its stored captures, and the control partner, live or stored, is the one {@code evaluate} records.
 */
class CkaViewsTest {

    @TempDir
    Path dir;

    private SyntheticSet set;
    private MainViewModel main;

    @BeforeEach
    void setUp() {
        set = SyntheticSet.write(dir.resolve("set"), 5);
        main = CompositionRoot.of("test", BackgroundExecutor.synchronous(), new Locations(null, dir.resolve("user")),
                TestAudio.noDevices(), set.opener()).mainViewModel();
    }

    private Path evaluate(String model) {
        Path out = dir.resolve("runs").resolve(model);
        Evaluation.Outcome o = Evaluation.run(new SyntheticModel(model, set.transcripts(), set.answers()),
                ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP).read(set.file()), out, Shard.ALL,
                Evaluation.Settings.defaults().withCaptures(CapturesKept.ALL), BatchListener.SILENT);
        assertTrue(o.complete());
        return out;
    }

    private static void assertMatrix(JsonArray expected, CkaData data, double tolerance, String what) {
        assertEquals(expected.size(), data.size(), what);
        for (int a = 0; a < expected.size(); a++) {
            JsonArray row = expected.get(a).getAsJsonArray();
            for (int b = 0; b < row.size(); b++) {
                if (row.get(b).isJsonNull()) {
                    assertTrue(Double.isNaN(data.at(a, b)), what + " undefined at " + a + "," + b);
                } else {
                    assertEquals(row.get(b).getAsDouble(), data.at(a, b), tolerance, what + " at " + a + "," + b);
                }
            }
        }
    }

    @Test
    void anOpenedRunShowsTheSummarysDatasetMatricesAndEachExampleAsMetricsComputesIt() throws Exception {
        Path folder = evaluate("synthetic-a");
        JsonObject summary = JsonParser.parseString(Files.readString(folder.resolve("summary.json"))).getAsJsonObject();
        main.openRun(folder);
        CkaViewModel cka = main.cka();
        assertTrue(cka.datasetAvailableProperty().get(), cka.messageProperty().get());

        cka.scopeProperty().set(CkaViewModel.Scope.DATASET);
        assertMatrix(summary.getAsJsonArray("cka"), cka.dataProperty().get(), 0, "dataset matched");
        assertTrue(cka.detailsProperty().get().contains("n = " + summary.get("cka_pairs").getAsInt()
                + " paired tokens from " + summary.get("cka_examples").getAsInt() + " examples"), cka.detailsProperty().get());
        cka.panelProperty().set(CkaData.Panel.MISMATCHED);
        assertMatrix(summary.getAsJsonArray("cka_mismatched"), cka.dataProperty().get(), 0, "dataset mismatched");
        cka.panelProperty().set(CkaData.Panel.DIFFERENCE);
        assertMatrix(summary.getAsJsonArray("cka_difference"), cka.dataProperty().get(), 0, "dataset difference");
        assertEquals("cka-difference-dataset", cka.fileStem());
        // stepping through the examples leaves the dataset matrix and its read-out as they are
        cka.hoverAt(1, 1);
        String hover = cka.hoverProperty().get();
        assertTrue(hover.startsWith("speech layer 1 \u00b7 text layer 1 \u00b7 matched \u2212 mismatched "), hover);
        CkaData before = cka.dataProperty().get();
        main.examples().next();
        assertEquals("q2", main.run().resultProperty().get().example().id());
        assertEquals(hover, cka.hoverProperty().get());
        assertTrue(before == cka.dataProperty().get(), "the dataset picture is not redrawn");
        main.examples().previous();

        // the example shown (q1): matched as gapscope metrics computes it from the same stored captures
        cka.scopeProperty().set(CkaViewModel.Scope.EXAMPLE);
        cka.panelProperty().set(CkaData.Panel.MATCHED);
        RunRecord q1 = StoredRun.open(folder).entries().get(0).record();
        Path json = dir.resolve("q1-metrics.json");
        StringWriter err = new StringWriter();
        assertEquals(0, GapScopeCli.run(new String[] {"metrics", "--speech",
            folder.resolve(q1.capture(Modality.SPEECH).orElseThrow()).toString(), "--text",
            folder.resolve(q1.capture(Modality.TEXT).orElseThrow()).toString(), "--json", json.toString(), "--quiet"},
                new PrintWriter(new StringWriter()), new PrintWriter(err)), err.toString());
        JsonObject metrics = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertNotNull(cka.dataProperty().get(), cka.messageProperty().get());
        assertMatrix(metrics.getAsJsonArray("cka"), cka.dataProperty().get(), 1e-5, "q1 matched");
        String partner = controlPartner(folder, 1);
        assertTrue(cka.detailsProperty().get().contains("against the text of " + partner + ", paired proportionally"),
                cka.detailsProperty().get());
        assertTrue(cka.detailsProperty().get().contains("the run's own pair, seed 0"), cka.detailsProperty().get());
    }

    /** {@code control.text_id} of the record on dataset line {@code line}. */
    private static String controlPartner(Path run, int line) throws Exception {
        for (String l : Files.readAllLines(run.resolve("results.jsonl"))) {
            JsonObject r = JsonParser.parseString(l).getAsJsonObject();
            if (r.get("line").getAsInt() == line) {
                return r.getAsJsonObject("control").get("text_id").getAsString();
            }
        }
        throw new AssertionError("no record of line " + line);
    }

    @Test
    void theLiveControlPairsEachExampleWithTheTextEvaluateCallsItsControl() throws Exception {
        Path folder = evaluate("synthetic-a");
        main.examples().load(set.file());
        main.model().open(dir.resolve("synthetic-a"));
        CkaViewModel cka = main.cka();
        assertFalse(cka.datasetAvailableProperty().get(), "no run folder is open");
        for (int line : List.of(1, 2, 3)) {
            String id = main.run().resultProperty().get().example().id();
            assertEquals("q" + line, id);
            assertTrue(cka.detailsProperty().get().contains("against the text of " + controlPartner(folder, line) + ","),
                    id + ": " + cka.detailsProperty().get());
            assertTrue(cka.detailsProperty().get().contains(", far fewer than d = " + SyntheticModel.D + ": CKA of so few "
                    + "rows is high even for unrelated pairs"), cka.detailsProperty().get());
            cka.panelProperty().set(CkaData.Panel.MISMATCHED);
            assertNotNull(cka.dataProperty().get(), cka.messageProperty().get());
            cka.panelProperty().set(CkaData.Panel.MATCHED);
            main.examples().next();
        }
    }
}
