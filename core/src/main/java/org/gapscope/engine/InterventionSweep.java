package org.gapscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.InterventionSettings;
import org.gapscope.intervention.StatisticalCalibration;

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

    /** The calibration row's condition: Hsu et al.'s baseline, named as such. */
    public static final String CALIBRATE = "speech → calibrate (Hsu et al. 2026)";

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
        return run(engine, examples, audio, settings, conditions, null, monitor);
    }

    /**
     * As {@link #run(ExampleEngine, List, Function, AnalysisSettings, List, Monitor)}, with a last row
     * {@value #CALIBRATE} when {@code calibration} is given: every speech position's input embedding
     * calibrated ({@link StatisticalCalibration}).
     */
    public static List<Row> run(ExampleEngine engine, List<Example> examples, Function<Example, AudioClip> audio,
            AnalysisSettings settings, List<InterventionSettings> conditions, StatisticalCalibration calibration,
            Monitor monitor) {
        List<Example> usable = examples.stream().filter(ControlPairs::usable).toList();
        int[] right = new int[3 + conditions.size()];
        int n = 0;
        for (int i = 0; i < usable.size(); i++) {
            monitor.checkCancelled();
            Example e = usable.get(i);
            Monitor part = monitor.part(i / (double) usable.size(), (i + 1) / (double) usable.size(),
                    (i + 1) + "/" + usable.size());
            ExampleRun run = Monitor.orSkip(() -> engine.run(e, audio.apply(e), settings, part), reason -> { });
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
            if (calibration != null) {
                String after = engine.calibrate(e.id(), engine.features(run.clip()), calibration).answer();
                right[2 + conditions.size()] += Boolean.TRUE.equals(ExampleEngine.judge(e, after)) ? 1 : 0;
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
        if (calibration != null) {
            rows.add(new Row(CALIBRATE, right[2 + conditions.size()], n));
        }
        return rows;
    }
}
