package org.gapscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.InterventionSettings;

/**
 * The paper's intervention table for a set, in memory (the explorer's; {@code gapscope intervene} writes
 * the same per-example answers to a run folder): each example with a gold answer run as text and as
 * speech, then its spoken query answered again under every condition, the critical tokens found on its
 * own alignment path.
 */
public final class InterventionSweep {

    /**
     * One row of the table.
     *
     * @param condition {@code text}, {@code speech} or {@code speech → } and the condition's label
     * @param correct   examples answered correctly
     * @param judged    examples with a gold answer that were run
     */
    public record Row(String condition, int correct, int judged) {

        /** Accuracy in percent. */
        public double percent() {
            return 100.0 * correct / judged;
        }
    }

    private InterventionSweep() {
    }

    /**
     * Runs {@code examples} (those that cannot be run, or have no gold answer, are left out) under
     * {@code conditions}; returns the rows text, speech, then one per condition in order.
     *
     * @throws GapScopeException when no example with a gold answer could be run
     */
    public static List<Row> run(ExampleEngine engine, List<Example> examples, Function<Example, AudioClip> audio,
            AnalysisSettings settings, List<InterventionSettings> conditions, Monitor monitor) {
        return run(engine, examples, audio, settings, conditions, monitor, run -> { });
    }

    /**
     * Like {@link #run(ExampleEngine, List, Function, AnalysisSettings, List, Monitor)}; {@code eachRun} hears
     * every example run as text and speech (before its conditions; on the calling thread), so that a front end
     * can show those answers as they come.
     */
    public static List<Row> run(ExampleEngine engine, List<Example> examples, Function<Example, AudioClip> audio,
            AnalysisSettings settings, List<InterventionSettings> conditions, Monitor monitor,
            Consumer<ExampleRun> eachRun) {
        List<Example> usable = examples.stream().filter(ControlPairs::usable).toList();
        int[] right = new int[2 + conditions.size()];
        int n = 0;
        for (int i = 0; i < usable.size(); i++) {
            monitor.checkCancelled();
            Example e = usable.get(i);
            Monitor part = monitor.part(i / (double) usable.size(), (i + 1) / (double) usable.size(),
                    (i + 1) + "/" + usable.size());
            ExampleRun run = Monitor.orSkip(() -> engine.run(e, audio.apply(e), settings, part), reason -> { });
            if (run != null) {
                eachRun.accept(run);
            }
            if (run == null || run.textCorrect() == null) {
                continue;
            }
            n++;
            right[0] += run.textCorrect() ? 1 : 0;
            right[1] += run.speechCorrect() ? 1 : 0;
            for (int c = 0; c < conditions.size(); c++) {
                InterventionPlan plan = InterventionPlan.of(run.analysis(), run.text().states(), conditions.get(c));
                String after = engine.intervene(run, plan, part);
                right[2 + c] += Boolean.TRUE.equals(ExampleEngine.judge(e, after)) ? 1 : 0;
            }
        }
        if (n == 0) {
            throw new GapScopeException("no example with a gold answer could be run");
        }
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("text", right[0], n));
        rows.add(new Row("speech", right[1], n));
        for (int c = 0; c < conditions.size(); c++) {
            rows.add(new Row("speech → " + conditions.get(c).label(), right[2 + c], n));
        }
        return rows;
    }
}
