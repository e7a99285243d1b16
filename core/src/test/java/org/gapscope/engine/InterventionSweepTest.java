package org.gapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.audio.AudioLoader;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.evaluation.EvaluationEngineTest;
import org.gapscope.evaluation.SyntheticRunner;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.intervention.InterventionSettings;
import org.gapscope.intervention.RewriteKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explorer's intervention table: examples that fail or have no gold answer are left out of every row. */
class InterventionSweepTest {

    @TempDir
    Path dir;

    @Test
    void rowsForTextSpeechAndEveryConditionOverTheJudgedExamples() throws IOException {
        ExampleSet set = ExampleSetReader.create(ExampleSetReader.OnBrokenLine.SKIP)
                .read(EvaluationEngineTest.dataset(dir));
        Map<String, String> transcripts = new LinkedHashMap<>();
        set.examples().forEach(e -> transcripts.put(e.id(), e.transcript()));
        ExampleEngine engine = new ExampleEngine(new SyntheticRunner("synthetic", transcripts), 8);
        Example q1 = set.examples().get(0);
        Example unjudged = new Example("q2", q1.audio(), "how many legs has a cat four", List.of(""), List.of(), "", "",
                0);
        List<Example> examples = new ArrayList<>(set.examples());
        examples.set(1, unjudged);
        List<InterventionSettings> conditions = List.of(InterventionSettings.defaults(RewriteKind.ANGLE_PROJECTION),
                InterventionSettings.defaults(RewriteKind.LENGTH_NORMALIZATION)
                        .withSelection(CriticalTokenSelection.allTokens()));
        AudioLoader loader = new AudioLoader();
        List<InterventionSweep.Row> rows = InterventionSweep.run(engine, examples,
                e -> loader.load(e.audioFile().orElseThrow()), AnalysisSettings.defaults(), conditions, Monitor.NONE);
        assertEquals(List.of("text", "speech", "speech → angle Bottom3", "speech → length All"),
                rows.stream().map(InterventionSweep.Row::condition).toList());
        // seven good examples, one of them without gold; the missing audio and the model failure are left out
        rows.forEach(r -> assertEquals(6, r.judged(), r.condition()));
        assertEquals(6, rows.get(0).correct(), "the stand-in answers every typed question");
        assertEquals(100.0, rows.get(2).percent(), "and every spoken one once a position is rewritten");
        assertEquals(100.0, rows.get(3).percent());
        // the change against speech and its interval: as gapscope intervene's change and change_ci
        assertTrue(Double.isNaN(rows.get(0).change()) && rows.get(1).changeInterval() == null);
        for (InterventionSweep.Row r : rows.subList(2, 4)) {
            assertEquals(r.percent() - rows.get(1).percent(), r.change(), 1e-9, r.condition());
            assertTrue(r.changeInterval().lower() <= r.change() && r.change() <= r.changeInterval().upper(),
                    r.changeInterval().toString());
            assertEquals(0L, r.changeInterval().seed());
            assertEquals(0.95, r.changeInterval().level());
            if (rows.get(1).correct() == 0) {
                assertEquals(100.0, r.changeInterval().lower(), "every example fixed: no spread");
                assertEquals(100.0, r.changeInterval().upper());
            }
        }
        assertThrows(GapScopeException.class, () -> InterventionSweep.run(engine, List.of(unjudged),
                e -> loader.load(e.audioFile().orElseThrow()), AnalysisSettings.defaults(), conditions, Monitor.NONE));
    }
}
