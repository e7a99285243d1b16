package org.gapscope.app.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.Score;
import org.gapscope.analysis.SimilarityMetric;
import org.gapscope.app.CompositionRoot;
import org.gapscope.app.alignment.HeatmapPicture;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.export.ExportViewModel;
import org.gapscope.app.export.FigureSource;
import org.gapscope.app.interventions.InterventionsViewModel;
import org.gapscope.app.model.ForwardingRunner;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.model.SyntheticModel;
import org.gapscope.app.model.SyntheticSet;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.app.task.TaskHandle;
import org.gapscope.engine.DatasetRun;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ExampleRun;
import org.gapscope.engine.InterventionSweep;
import org.gapscope.figure.LayerCurvesData;
import org.gapscope.intervention.RewriteKind;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javafx.collections.ListChangeListener;

/**
 * The explorer's view models working together without a toolkit: a synthetic model on a small
 * example set, everything on the calling thread.
 */
class ExplorerViewModelsTest {

    @TempDir
    Path dir;

    private SyntheticSet set;
    private MainViewModel main;
    /** Every model the opener handed out, in order. */
    private final List<SyntheticModel> opened = new ArrayList<>();
    private final List<String> statuses = new ArrayList<>();

    @BeforeEach
    void setUp() {
        set = SyntheticSet.write(dir.resolve("set"), 5);
        ModelOpener recording = (folder, ctx) -> {
            SyntheticModel m = (SyntheticModel) set.opener().open(folder, ctx);
            opened.add(m);
            return m;
        };
        main = CompositionRoot.of("test", BackgroundExecutor.synchronous(), new Locations(null, dir.resolve("user")),
                TestAudio.noDevices(), recording).mainViewModel();
        main.statusProperty().addListener((obs, old, s) -> statuses.add(s));
        main.examples().load(set.file());
        main.model().open(dir.resolve("synthetic-a"));
    }

    @Test
    void theSelectedExampleIsRunAndMarkedAndItsHeatmapShown() {
        ExampleRun r = main.run().resultProperty().get();
        assertNotNull(r, main.run().messageProperty().get());
        assertEquals("q1", r.example().id());
        assertEquals(SyntheticModel.L + 1, r.layerCount());
        assertEquals(Boolean.TRUE, r.textCorrect());
        assertEquals(Boolean.FALSE, r.speechCorrect());
        var row = main.examples().selectedProperty().get();
        assertEquals(Boolean.TRUE, row.textCorrectProperty().get());
        assertEquals(r.analysis().score(Score.APS_COSINE), row.apsProperty().get());

        HeatmapPicture p = main.alignment().pictureProperty().get();
        assertNotNull(p);
        assertEquals(r.analysis().speechTokens(), p.speechCount());
        assertEquals(List.of("what", "is", "two", "plus", "three"), p.tokens());
        // the synthetic speech follows the words in order: the cosine path is monotonic
        assertTrue(r.analysis().score(Score.MONOTONICITY_COSINE) > 0.8, "monotonicity " + r.analysis().score(Score.MONOTONICITY_COSINE));
        int layer = main.alignment().layerProperty().get();
        assertTrue(main.alignment().layerScoresProperty().get().startsWith("Layer " + layer), main.alignment().layerScoresProperty().get());
    }

    @Test
    void scrubbingAndTheMetricToggleSwapPicturesWithoutRecomputing() {
        HeatmapPicture first = main.alignment().pictureProperty().get();
        main.alignment().layerProperty().set(SyntheticModel.L);
        HeatmapPicture top = main.alignment().pictureProperty().get();
        assertFalse(first == top);
        assertEquals(top.path().length, top.textCount());
        assertArrayEquals(main.run().resultProperty().get().analysis().path(SimilarityMetric.COSINE, SyntheticModel.L).speechIndex(), top.path());
        main.alignment().metricProperty().set(SimilarityMetric.EUCLIDEAN);
        HeatmapPicture euclidean = main.alignment().pictureProperty().get();
        assertEquals("Euclidean distance (brighter = closer)", euclidean.scaleLabel());
        assertTrue(euclidean.lo() >= 0, "distances are not negative");
        assertArrayEquals(main.run().resultProperty().get().analysis().path(SimilarityMetric.EUCLIDEAN, SyntheticModel.L)
                .speechIndex(), euclidean.path());
        main.alignment().step(-1);
        assertEquals(SyntheticModel.L - 1, main.alignment().layerProperty().get());
        main.alignment().step(+99);
        assertEquals(SyntheticModel.L, main.alignment().layerProperty().get());
    }

    private static void assertArrayEquals(int[] a, int[] b) {
        Assertions.assertArrayEquals(a, b);
    }

    private static void assertArrayEquals(int[] a, int[] b, String message) {
        Assertions.assertArrayEquals(a, b, message);
    }

    @Test
    void hoverNamesTimeTokenAndValueAndAClickPlaysThatStretch() {
        HeatmapPicture p = main.alignment().pictureProperty().get();
        int j = 2;
        int i = p.path()[j];
        main.alignment().hover(i, j);
        String text = main.alignment().hoverProperty().get();
        assertTrue(text.contains("token “two” (2)"), text);
        assertTrue(text.contains(String.format(Locale.ROOT, "%.2f–%.2f s", i / SyntheticModel.RATE, (i + 1) / SyntheticModel.RATE)), text);
        assertTrue(text.contains("on the alignment path"), text);
        main.alignment().hover(-1, -1);
        assertEquals("", main.alignment().hoverProperty().get());
        main.alignment().click(i, j);
        // no speaker in this test: the audio pane says so instead of crashing
        assertTrue(main.audio().messageProperty().get().startsWith("speaker:"), main.audio().messageProperty().get());
    }

    @Test
    void atStartUpTheFirstExampleRunsRightAfterTheModelOpensAndNotAgain() throws IOException {
        Path home = dir.resolve("home");
        SyntheticSet shipped = SyntheticSet.write(home.resolve("resources/examples/sample"), 3);
        Files.createDirectories(home.resolve("resources/models/synthetic-a"));
        Files.writeString(home.resolve("resources/models/DEFAULT"), "synthetic-a\n");
        AtomicInteger speechRuns = new AtomicInteger();
        ModelOpener counting = (folder, ctx) -> new ForwardingRunner(shipped.opener().open(folder, ctx)) {
            @Override
            public Answered speech(String id, SpeechInput input, int maxTokens) {
                speechRuns.incrementAndGet();
                return super.speech(id, input, maxTokens);
            }
        };
        MainViewModel started = CompositionRoot.of("test", BackgroundExecutor.synchronous(), new Locations(home, dir.resolve("u")),
                TestAudio.noDevices(), counting).mainViewModel();
        started.openDefaults();
        ExampleRun first = started.run().resultProperty().get();
        assertNotNull(first, started.run().messageProperty().get());
        assertEquals("q1", first.example().id());
        assertEquals(1, speechRuns.get(), "run once, while the model opened, and then taken from the cache");
        var row = started.examples().selectedProperty().get();
        assertEquals(Boolean.FALSE, row.speechCorrectProperty().get(), "the list's marks are written");
        assertEquals(first.analysis().score(Score.APS_COSINE), row.apsProperty().get());
        started.examples().next();
        assertEquals(2, speechRuns.get());
    }

    @Test
    void steppingToAnotherExampleRunsItAndComingBackUsesTheCache() {
        main.examples().next();
        main.examples().next();
        assertEquals("q3", main.run().resultProperty().get().example().id());
        ExampleRun third = main.run().resultProperty().get();
        main.examples().previous();
        main.examples().next();
        assertTrue(third == main.run().resultProperty().get(), "the cached result is shown again");
    }

    @Test
    void editingTheTranscriptRunsTheExampleAgain() {
        main.audio().transcriptProperty().set("what is two plus two");
        main.audio().applyEdits();
        ExampleRun r = main.run().resultProperty().get();
        assertEquals("what is two plus two", r.example().transcript());
        assertEquals(List.of("what", "is", "two", "plus", "two"), r.text().tokens());
    }

    @Test
    void aFolderThatIsNotABundleKeepsTheLoadedModel() {
        ExampleEngine before = main.model().engineProperty().get();
        MainViewModel other = CompositionRoot.of("test", BackgroundExecutor.synchronous(), new Locations(null, dir),
                TestAudio.noDevices(), (folder, ctx) -> {
                    throw new GapScopeException(folder + "/bundle.json: missing (a model bundle is a folder with a bundle.json)");
                }).mainViewModel();
        other.model().open(dir);
        assertNull(other.model().engineProperty().get());
        assertTrue(other.model().messageProperty().get().contains("bundle.json: missing"), other.model().messageProperty().get());
        assertNotNull(before);
    }

    @Test
    void openingAnotherModelClosesTheOldOneAndRunsTheExampleAgain() {
        SyntheticModel first = opened.get(opened.size() - 1);
        main.model().open(dir.resolve("synthetic-b"));
        assertTrue(first.isClosed());
        assertEquals("synthetic-b", main.run().resultProperty().get().model());
        assertEquals("synthetic-b", main.model().cardProperty().get().name());
    }

    @Test
    void cancellingAModelOpenKeepsTheLoadedModel() {
        ExampleEngine before = main.model().engineProperty().get();
        main.tasks().running().addListener((ListChangeListener<TaskHandle>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(TaskHandle::cancel);
            }
        });
        main.model().open(dir.resolve("synthetic-c"));
        assertTrue(before == main.model().engineProperty().get());
        assertFalse(opened.get(0).isClosed());
        assertTrue(statuses.stream().anyMatch(s -> s.startsWith("Cancelled: Opening model synthetic-c")), statuses.toString());
    }

    @Test
    void angleProjectionOnTheExampleShowsTheAnswersBeforeAndAfter() {
        InterventionsViewModel iv = main.interventions();
        iv.kindProperty().set(RewriteKind.ANGLE_PROJECTION);
        iv.kProperty().set(2);
        iv.runExample();
        InterventionsViewModel.Outcome o = iv.outcomeProperty().get();
        assertNotNull(o, iv.messageProperty().get());
        assertEquals("i do not know", o.before());
        assertEquals("five", o.after());
        assertEquals(Boolean.FALSE, o.correctBefore());
        assertEquals(Boolean.TRUE, o.correctAfter());
        assertEquals(2, o.plan().rewrites().get(0).tokens().selectedTokens().length);
        assertTrue(iv.messageProperty().get().startsWith("angle · Bottom2 on the cosine path of layer 0 · rewritten at layers [0] rewrote"), iv.messageProperty().get());
        assertNotNull(iv.figure());
    }

    @Test
    void pickedTokensAndBadLayersAreHandled() {
        InterventionsViewModel iv = main.interventions();
        iv.tokensProperty().set(InterventionsViewModel.Tokens.PICKED);
        iv.runExample();
        assertTrue(iv.messageProperty().get().startsWith("no tokens picked"), iv.messageProperty().get());
        iv.picked().add(3);
        iv.layersProperty().set("1-2");
        iv.runExample();
        InterventionsViewModel.Outcome o = iv.outcomeProperty().get();
        assertEquals(2, o.plan().rewrites().size());
        Assertions.assertArrayEquals(new int[] {3}, o.plan().rewrites().get(0).tokens().selectedTokens());
        iv.layersProperty().set("7");
        iv.runExample();
        assertTrue(iv.messageProperty().get().contains("7 does not exist"), iv.messageProperty().get());
        iv.layersProperty().set("x");
        iv.runExample();
        assertTrue(iv.messageProperty().get().contains("\"x\" is not a layer"), iv.messageProperty().get());
    }

    @Test
    void cellsPickedOnThePathAreExactlyTheCellsTheInterventionRewrites() {
        InterventionsViewModel iv = main.interventions();
        main.alignment().layerProperty().set(2);
        HeatmapPicture p = main.alignment().pictureProperty().get();
        // a plain click plays audio and picks nothing
        main.alignment().click(p.path()[1], 1);
        assertTrue(iv.picked().isEmpty());
        // Ctrl+click on two path cells picks their tokens, on the path shown
        main.alignment().click(p.path()[1], 1, true);
        main.alignment().click(p.path()[3], 3, true);
        assertEquals(InterventionsViewModel.Tokens.PICKED, iv.tokensProperty().get());
        assertArrayEquals(new int[] {1, 3}, iv.pickedTokens());
        assertEquals(2, iv.selectionLayerProperty().get());
        assertFalse(iv.ownPathProperty().get());
        assertEquals(SimilarityMetric.COSINE, iv.pathMetricProperty().get());
        assertArrayEquals(new int[] {1, 3}, main.alignment().pictureProperty().get().picked(), "the heatmap rings them");
        assertTrue(iv.pickedSummaryProperty().get().contains("“is” (1), “plus” (3)"), iv.pickedSummaryProperty().get());
        assertTrue(iv.pickedSummaryProperty().get().contains("cosine path of layer 2"), iv.pickedSummaryProperty().get());
        // a cell off the path picks nothing and says why
        int off = (p.path()[0] + 1) % p.speechCount();
        main.alignment().click(off, 0, true);
        assertArrayEquals(new int[] {1, 3}, iv.pickedTokens());
        assertTrue(main.alignment().hoverProperty().get().startsWith("Not a path cell"), main.alignment().hoverProperty().get());
        // clicking a picked cell again unpicks it; with "Pick tokens" on, a plain click picks
        main.alignment().click(p.path()[3], 3, true);
        assertArrayEquals(new int[] {1}, iv.pickedTokens());
        main.alignment().pickTokensProperty().set(true);
        main.alignment().click(p.path()[4], 4);
        assertArrayEquals(new int[] {1, 4}, iv.pickedTokens());

        iv.layersProperty().set("0");
        iv.runExample();
        InterventionsViewModel.Outcome o = iv.outcomeProperty().get();
        assertNotNull(o, iv.messageProperty().get());
        var rewrite = o.plan().rewrites().get(0);
        assertEquals(0, rewrite.layer());
        assertArrayEquals(new int[] {1, 4}, rewrite.tokens().selectedTokens());
        assertEquals(2, rewrite.tokens().layer(), "selected on the path the cells were picked on");
        int[] cells = IntStream.of(p.path()[1], p.path()[4]).distinct().sorted().toArray();
        assertArrayEquals(cells, rewrite.speechPositions(), "exactly the cells clicked");
        assertTrue(iv.messageProperty().get().startsWith("angle · picked on the cosine path of layer 2 · rewritten at layers [0]"), iv.messageProperty().get());

        // picks belong to their example: stepping on clears them
        main.examples().next();
        assertTrue(iv.picked().isEmpty());
        assertEquals(0, main.alignment().pictureProperty().get().picked().length);
    }

    @Test
    void interventionsOverTheSetFillTheAccuracyTable() {
        main.interventions().runSet();
        var rows = main.interventions().table();
        assertEquals(7, rows.size(), main.interventions().tableNoteProperty().get());
        assertEquals("text", rows.get(0).condition());
        assertEquals("100.0 %", rows.get(0).accuracy());
        assertEquals("0.0 %", rows.get(1).accuracy());
        assertEquals("speech → angle Bottom3", rows.get(2).condition());
        assertEquals("100.0 %", rows.get(2).accuracy());
        assertEquals("+100.0 [+100.0, +100.0]", rows.get(2).change(), "every example fixed: an interval without spread");
        assertEquals("5", rows.get(2).n());
        // the last row: input-layer statistical calibration, its statistics over the listed examples
        assertEquals(InterventionSweep.CALIBRATE, rows.get(6).condition());
        assertEquals("100.0 %", rows.get(6).accuracy());
        assertEquals("+100.0 [+100.0, +100.0]", rows.get(6).change());
        assertEquals("5", rows.get(6).n());
        String note = main.interventions().tableNoteProperty().get();
        assertTrue(note.contains("calibrate: Input-layer statistical calibration (the baseline intervention of Hsu et al. "
                + "2026") && note.contains("statistics of the example list: 5 of 5 examples"), note);
    }

    @Test
    void theDatasetRunGivesAccuracyGapControlsAndScatterPoints() {
        main.dataset().runSet();
        DatasetRun run = main.dataset().runProperty().get();
        assertNotNull(run, main.dataset().messageProperty().get());
        assertEquals(5, run.outcomes().size());
        assertEquals(100.0, run.textAccuracy());
        assertEquals(0.0, run.speechAccuracy());
        assertEquals(100.0, run.gap());
        assertNotNull(run.summary());
        assertEquals(Score.values().length, main.dataset().table().size());
        var cosine = run.summary().average(Score.APS_COSINE);
        assertTrue(cosine.matched() > cosine.mismatched(), "matched pairs align better than mismatched ones");
        assertEquals(5, main.dataset().points().size());
        main.dataset().open("q4");
        assertEquals("q4", main.examples().selectedProperty().get().example().id());
        // the marks of every row are filled in
        assertTrue(main.examples().allRows().stream().allMatch(r -> r.apsProperty().get() != null));
    }

    @Test
    void layerCurvesShowTheExampleItsControlAndTheDatasetBand() {
        LayerCurvesData data = main.curves().curvesProperty().get();
        assertNotNull(data);
        assertEquals(List.of(LayerCurvesData.Kind.CONTROL, LayerCurvesData.Kind.SERIES),
                data.series().stream().map(LayerCurvesData.Series::kind).toList());
        main.dataset().runSet();
        data = main.curves().curvesProperty().get();
        assertEquals(LayerCurvesData.Kind.MEAN, data.series().get(0).kind());
        assertNotNull(data.series().get(0).cosineSd());
        main.curves().showControlProperty().set(false);
        main.curves().showMeanProperty().set(false);
        assertEquals(1, main.curves().curvesProperty().get().series().size());
        // an example shown while the control was off gets it when the control is switched on
        main.examples().next();
        assertEquals(List.of(LayerCurvesData.Kind.SERIES), main.curves().curvesProperty().get().series().stream()
                .map(LayerCurvesData.Series::kind).toList());
        main.curves().showControlProperty().set(true);
        assertEquals(List.of(LayerCurvesData.Kind.CONTROL, LayerCurvesData.Kind.SERIES), main.curves().curvesProperty()
                .get().series().stream().map(LayerCurvesData.Series::kind).toList());
    }

    @Test
    void exportingTheHeatmapWritesSvgAndData() throws IOException {
        main.export().formatProperty().set(ExportViewModel.Format.SVG);
        main.export().csvProperty().set(true);
        List<Path> written = new ArrayList<>();
        main.export().export(main.alignment(), dir.resolve("heat"), written::addAll);
        assertEquals(2, written.size(), statuses.toString());
        String svg = Files.readString(dir.resolve("heat.svg"));
        assertTrue(svg.startsWith("<?xml") || svg.startsWith("<svg"), svg.substring(0, 40));
        assertTrue(svg.contains("</svg>"));
        assertTrue(Files.readString(written.get(1)).lines().count() > 10);
        main.export().formatProperty().set(ExportViewModel.Format.PNG);
        main.export().dpiProperty().set(150);
        main.export().presetProperty().set("ieee-column");
        main.export().csvProperty().set(false);
        main.export().export(main.alignment(), dir.resolve("heat.png"), w -> { });
        byte[] png = Files.readAllBytes(dir.resolve("heat.png"));
        assertEquals((byte) 0x89, png[0]);
        main.export().presetProperty().set("custom");
        main.export().customSizeProperty().set("wide");
        main.export().export(main.alignment(), dir.resolve("bad.svg"), w -> { });
        assertTrue(statuses.get(statuses.size() - 1).startsWith("Export: "), statuses.get(statuses.size() - 1));
        assertFalse(Files.exists(dir.resolve("bad.svg")));
    }

    @Test
    void copyHandsEveryViewsFigureAndDataToTheClipboard() {
        main.interventions().runExample();
        main.dataset().runSet();
        for (FigureSource source : List.of(main.alignment(), main.curves(), main.interventions())) {
            BufferedImage[] image = new BufferedImage[1];
            String[] text = new String[1];
            main.export().copy(source, (img, csv) -> {
                image[0] = img;
                text[0] = csv;
            });
            assertNotNull(image[0], source.fileStem() + ": " + statuses);
            assertTrue(image[0].getWidth() > 300 && image[0].getHeight() > 100, source.fileStem());
            assertEquals(source.figure().data().toCsv(), text[0], source.fileStem());
            assertTrue(statuses.get(statuses.size() - 1).startsWith("Copied the figure"), statuses.toString());
        }
        // the score-vs-GAP figure exists only after running across checkpoints
        main.export().copy(main.dataset().regressionFigure(), (img, csv) -> { throw new AssertionError("nothing to copy"); });
        assertEquals("Nothing to copy yet.", statuses.get(statuses.size() - 1));

        String[] table = new String[1];
        main.export().copyText("the table", main.dataset().tableCsv(), t -> table[0] = t);
        List<String> lines = table[0].lines().toList();
        assertEquals("model,dataset,text_accuracy_percent,speech_accuracy_percent,gap_points,examples", lines.get(0));
        assertTrue(lines.get(1).endsWith(",100.0000,0.0000,100.0000,5"), lines.get(1));
        assertEquals("score,matched,mismatched,margin,interval_95,n", lines.get(3));
        assertEquals(4 + Score.values().length, lines.size(), table[0]);
        assertEquals(main.dataset().table().get(0).score(), lines.get(4).split(",")[0]);
    }

    @Test
    void changingTheAnalysisSettingsRunsTheExampleAgain() {
        ExampleRun before = main.run().resultProperty().get();
        assertEquals(1, before.analysis().averagedLayers().first());
        main.run().settingsProperty().set(AnalysisSettings.defaults().withIncludeLayer0(true)
                .withDtwExtension(false));
        ExampleRun after = main.run().resultProperty().get();
        assertEquals(0, after.analysis().averagedLayers().first());
        assertFalse(after.analysis().hasDtwExtension());
        assertFalse(before == after);
    }
}
