package org.gapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.Score;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.AudioLoader;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.evaluation.EvaluationEngineTest;
import org.gapscope.evaluation.SyntheticRunner;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.InterventionSettings;
import org.gapscope.intervention.RewriteKind;
import org.gapscope.intervention.StatisticalCalibration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One example through the engine on a stand-in model: the steps chained, scored, cancellable. */
class ExampleEngineTest {

    @TempDir
    Path dir;

    private ExampleSet set;
    private final List<String> calls = new ArrayList<>();
    private ExampleEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        set = ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP).read(EvaluationEngineTest.dataset(dir));
        Map<String, String> transcripts = new LinkedHashMap<>();
        set.examples().forEach(e -> transcripts.put(e.id(), e.transcript()));
        engine = new ExampleEngine(new Recording(new SyntheticRunner("synthetic", transcripts)), 8);
    }

    private Example example(String id) {
        return set.examples().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    private AudioClip clip(Example e) {
        return new AudioLoader().load(e.audioFile().orElseThrow());
    }

    @Test
    void aRunAnswersBothQueriesAnalysesThePairAndScoresTheAnswers() {
        Example q1 = example("q1");
        ExampleRun run = engine.run(q1, clip(q1), AnalysisSettings.defaults(), Monitor.NONE);
        assertEquals(List.of("features", "speech", "text"), calls);
        assertEquals("synthetic", run.model());
        assertEquals("blue", run.text().answer());
        assertEquals(Boolean.TRUE, run.textCorrect());
        assertEquals(ExampleEngine.judge(q1, run.speech().answer()), run.speechCorrect());
        assertEquals("q1", run.speech().capture().meta().exampleId(), "the capture keeps its provenance");
        ExampleAnalysis direct = ExampleAnalyzer.analyze(run.speech().states(), run.text().states(),
                AnalysisSettings.defaults(), "synthetic", "q1");
        for (Score s : Score.values()) {
            assertEquals(direct.score(s), run.analysis().score(s), 0.0, s.key());
        }
        assertEquals(4L * SyntheticRunner.D * SyntheticRunner.LAYERS * (run.speech().capture().length()
                + run.text().capture().length()), run.bytes());
        double[] span = run.speechSpan(0);
        assertEquals(0.0, span[0], 1e-6);
        assertTrue(span[1] > span[0]);
    }

    @Test
    void anExampleWithoutGoldAnswersIsNotJudgedAndOneWithoutTranscriptIsRefused() {
        Example q1 = example("q1");
        // the stand-in knows what is said in a clip by the example's id
        Example own = new Example("q1", q1.audio(), q1.transcript(), List.of(""), List.of(), "", "own audio", 0);
        ExampleRun run = engine.run(own, clip(q1), AnalysisSettings.defaults(), Monitor.NONE);
        assertNull(run.textCorrect());
        assertNull(run.speechCorrect());
        GapScopeException e = assertThrows(GapScopeException.class, () -> engine.run(own.withTranscript(" "), clip(q1),
                AnalysisSettings.defaults(), Monitor.NONE));
        assertEquals("example q1 has no transcript yet: type what is said in the audio", e.getMessage());
    }

    @Test
    void aCancelStopsBetweenSteps() {
        Example q1 = example("q1");
        Monitor cancelAfterFeatures = new Monitor() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return calls.contains("features");
            }
        };
        assertThrows(CancellationException.class, () -> engine.run(q1, clip(q1), AnalysisSettings.defaults(),
                cancelAfterFeatures));
        assertEquals(List.of("features"), calls, "neither query ran");
    }

    @Test
    void theControlIsTheRunsSpeechAgainstThePartnersText() {
        Example q1 = example("q1");
        Example q2 = example("q2");
        ExampleRun run = engine.run(q1, clip(q1), AnalysisSettings.defaults(), Monitor.NONE);
        ExampleAnalysis control = engine.control(run, q2, Monitor.NONE);
        ExampleAnalysis direct = ExampleAnalyzer.analyze(run.speech().states(),
                engine.text("q2", q2.transcript()).states(), AnalysisSettings.defaults(), "synthetic", "q1|q2");
        assertEquals(direct.score(Score.COSINE), control.score(Score.COSINE), 0.0);
        assertEquals("q1|q2", control.provenance().example());
        assertTrue(run.analysis().score(Score.APS_COSINE) > control.score(Score.APS_COSINE),
                "the stand-in's speech is closer to its own text");
    }

    @Test
    void anInterventionAnswersTheSpokenQueryAgain() {
        Example q1 = example("q1");
        ExampleRun run = engine.run(q1, clip(q1), AnalysisSettings.defaults(), Monitor.NONE);
        InterventionPlan plan = InterventionPlan.of(run.analysis(), run.text().states(),
                InterventionSettings.defaults(RewriteKind.ANGLE_PROJECTION));
        calls.clear();
        assertEquals("blue", engine.intervene(run, plan, Monitor.NONE));
        assertEquals(List.of("features", "intervention"), calls);
    }

    @Test
    void anAnswerNeedsAtLeastOneToken() {
        GapScopeException e = assertThrows(GapScopeException.class,
                () -> new ExampleEngine(new SyntheticRunner("synthetic", Map.of()), 0));
        assertEquals("an answer needs at least 1 new token, not 0", e.getMessage());
    }

    /** A runner that records which of its steps ran. */
    private final class Recording implements ModelRunner {
        private final ModelRunner inner;

        Recording(ModelRunner inner) {
            this.inner = inner;
        }

        @Override
        public String modelName() {
            return inner.modelName();
        }

        @Override
        public String fingerprint() {
            return inner.fingerprint();
        }

        @Override
        public int hiddenStates() {
            return inner.hiddenStates();
        }

        @Override
        public SpeechInput speechInput(AudioClip clip) {
            calls.add("features");
            return inner.speechInput(clip);
        }

        @Override
        public Answered text(String exampleId, String transcript, int maxTokens) {
            calls.add("text");
            return inner.text(exampleId, transcript, maxTokens);
        }

        @Override
        public Answered speech(String exampleId, SpeechInput input, int maxTokens) {
            calls.add("speech");
            return inner.speech(exampleId, input, maxTokens);
        }

        @Override
        public Answered speechWithIntervention(String exampleId, SpeechInput input, int maxTokens, InterventionPlan plan) {
            calls.add("intervention");
            return inner.speechWithIntervention(exampleId, input, maxTokens, plan);
        }

        @Override
        public float[][] speechInputEmbeddings(String exampleId, SpeechInput input) {
            return inner.speechInputEmbeddings(exampleId, input);
        }

        @Override
        public float[][] textInputEmbeddings(String transcript) {
            return inner.textInputEmbeddings(transcript);
        }

        @Override
        public Answered speechWithCalibration(String exampleId, SpeechInput input, int maxTokens,
                StatisticalCalibration calibration) {
            calls.add("calibration");
            return inner.speechWithCalibration(exampleId, input, maxTokens, calibration);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
