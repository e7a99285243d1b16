package org.gapscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.ControlledScore;
import org.gapscope.analysis.Score;
import org.gapscope.app.desktop.Locations;
import org.gapscope.app.desktop.TestAudio;
import org.gapscope.app.model.SyntheticModel;
import org.gapscope.app.model.SyntheticSet;
import org.gapscope.app.task.BackgroundExecutor;
import org.gapscope.app.window.MainViewModel;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.engine.DatasetRun;
import org.gapscope.evaluation.BatchListener;
import org.gapscope.evaluation.Evaluation;
import org.gapscope.evaluation.CapturesKept;
import org.gapscope.figure.LayerCurvesData;
import org.gapscope.run.RunFolder;
import org.gapscope.run.Shard;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The explorer's mismatched-pair control is {@code evaluate}'s: on the same set, model and seed (the
 * default, 0), the dataset view's scores and the layer-curve view's per-example control pair each
 * example's speech with the same other example's text and give the same numbers as {@code evaluate}'s
 * {@code summary.json} and {@code control.jsonl}.
 */
class ExplorerControlTest {

    @TempDir
    Path dir;

    private SyntheticSet set;
    private MainViewModel main;
    private JsonObject summary;
    private final Map<String, JsonObject> controlBySpeech = new HashMap<>();

    @BeforeEach
    void evaluateAndOpenTheSameSet() throws IOException {
        set = SyntheticSet.write(dir.resolve("set"), 6);
        ExampleSet examples = ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP).read(set.file());
        Path out = dir.resolve("evaluate");
        Evaluation.Settings settings = new Evaluation.Settings(Evaluation.Settings.DEFAULT_MAX_TOKENS, false,
                CapturesKept.TEXT, AnalysisSettings.defaults(), ControlSettings.defaults());
        Evaluation.run(new SyntheticModel("synthetic-a", set.transcripts(), set.answers()), examples, out, Shard.ALL,
                settings, BatchListener.SILENT);
        summary = JsonParser.parseString(Files.readString(out.resolve(RunFolder.SUMMARY_JSON))).getAsJsonObject();
        for (String line : Files.readAllLines(out.resolve(RunFolder.RESULTS_JSONL))) {
            JsonObject r = JsonParser.parseString(line).getAsJsonObject();
            controlBySpeech.put(r.get("id").getAsString(), r.getAsJsonObject("control"));
        }
        main = CompositionRoot.of("test", BackgroundExecutor.synchronous(), new Locations(null, dir.resolve("user")),
                TestAudio.noDevices(), set.opener()).mainViewModel();
        main.examples().load(set.file());
        main.model().open(dir.resolve("synthetic-a"));
    }

    @Test
    void theDatasetViewsScoresAndControlEqualEvaluates() {
        main.dataset().runSet();
        DatasetRun run = main.dataset().runProperty().get();
        assertNotNull(run.summary(), main.dataset().messageProperty().get());
        assertEquals(summary.getAsJsonObject("accuracy").getAsJsonObject("speech").get("percent").getAsDouble(),
                run.speechAccuracy(), 1e-12);
        for (Score s : Score.values()) {
            JsonObject expected = summary.getAsJsonObject("scores").getAsJsonObject(s.key());
            ControlledScore got = run.summary().average(s);
            assertEquals(expected.get("matched").getAsDouble(), got.matched(), 0.0, s.key());
            assertEquals(expected.get("mismatched").getAsDouble(), got.mismatched(), 0.0, s.key());
            JsonArray ci = expected.getAsJsonArray("margin_ci");
            assertEquals(ci.get(0).getAsDouble(), got.marginInterval().lower(), 0.0, s.key());
            assertEquals(ci.get(1).getAsDouble(), got.marginInterval().upper(), 0.0, s.key());
        }
    }

    @Test
    void theLayerCurvesControlIsEvaluatesPairBeforeAndAfterTheSetRan() {
        assertEveryExamplesControlCurveIsEvaluates();
        main.dataset().runSet();
        main.examples().select("q1");
        assertEveryExamplesControlCurveIsEvaluates();
    }

    private void assertEveryExamplesControlCurveIsEvaluates() {
        for (String id : List.of("q1", "q2", "q3", "q4", "q5", "q6")) {
            main.examples().select(id);
            LayerCurvesData.Series control = main.curves().curvesProperty().get().series().stream()
                    .filter(s -> s.kind() == LayerCurvesData.Kind.CONTROL && s.label().startsWith("mismatched control"))
                    .findFirst().orElseThrow();
            JsonObject pair = controlBySpeech.get(id);
            String partner = pair.get("text_id").getAsString();
            assertTrue(control.label().contains("speech " + id + ", text " + partner), control.label());
            JsonArray cosine = pair.getAsJsonObject("scores").getAsJsonObject("cosine").getAsJsonArray("per_layer");
            JsonArray euclidean = pair.getAsJsonObject("scores").getAsJsonObject("euclidean").getAsJsonArray("per_layer");
            for (int l = 0; l < cosine.size(); l++) {
                assertEquals(cosine.get(l).getAsDouble(), control.cosine()[l], 0.0, id + " layer " + l);
                assertEquals(euclidean.get(l).getAsDouble(), control.euclidean()[l], 0.0, id + " layer " + l);
            }
        }
    }
}
