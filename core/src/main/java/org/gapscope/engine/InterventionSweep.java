package org.gapscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.Bootstrap;
import org.gapscope.analysis.ConfidenceInterval;
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
     * @param condition      {@code text}, {@code speech} or {@code speech → } and the condition's label
     * @param correct        examples answered correctly
     * @param judged         examples with a gold answer that were run
     * @param change         accuracy under the condition minus plain speech, in points (NaN for text and speech)
     * @param changeInterval the paired bootstrap interval of {@code change} over examples, as
     *                       {@code gapscope intervene}'s {@code change_ci} (seed 0); null for text and speech
     */
    public record Row(String condition, int correct, int judged, double change, ConfidenceInterval changeInterval) {

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
        return run(engine, examples, audio, settings, conditions, null, monitor, run -> { });
    }

    /**
     * Like {@link #run(ExampleEngine, List, Function, AnalysisSettings, List, Monitor)}; {@code eachRun} hears
     * every example run as text and speech (before its conditions; on the calling thread), so that a front end
     * can show those answers as they come.
     */
    public static List<Row> run(ExampleEngine engine, List<Example> examples, Function<Example, AudioClip> audio,
            AnalysisSettings settings, List<InterventionSettings> conditions, Monitor monitor,
            Consumer<ExampleRun> eachRun) {
        return run(engine, examples, audio, settings, conditions, null, monitor, eachRun);
    }

    /**
     * Like {@link #run(ExampleEngine, List, Function, AnalysisSettings, List, Monitor, Consumer)}, with a last
     * row {@value #CALIBRATE} when {@code calibration} is given: every speech position's input embedding
     * calibrated ({@link StatisticalCalibration}).
     */
    public static List<Row> run(ExampleEngine engine, List<Example> examples, Function<Example, AudioClip> audio,
            AnalysisSettings settings, List<InterventionSettings> conditions, StatisticalCalibration calibration,
            Monitor monitor, Consumer<ExampleRun> eachRun) {
        List<Example> usable = examples.stream().filter(ControlPairs::usable).toList();
        List<double[]> correctness = new ArrayList<>(); // per example: 100 or 0 for text, speech, each condition
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
            double[] x = new double[2 + conditions.size() + (calibration == null ? 0 : 1)];
            x[0] = run.textCorrect() ? 100 : 0;
            x[1] = run.speechCorrect() ? 100 : 0;
            for (int c = 0; c < conditions.size(); c++) {
                InterventionPlan plan = InterventionPlan.of(run.analysis(), run.text().states(), conditions.get(c));
                String after = engine.intervene(run, plan, part);
                x[2 + c] = Boolean.TRUE.equals(ExampleEngine.judge(e, after)) ? 100 : 0;
            }
            if (calibration != null) {
                String after = engine.calibrate(e.id(), engine.features(run.clip()), calibration).answer();
                x[2 + conditions.size()] = Boolean.TRUE.equals(ExampleEngine.judge(e, after)) ? 100 : 0;
            }
            correctness.add(x);
        }
        if (n == 0) {
            throw new GapScopeException("no example with a gold answer could be run");
        }
        double[] speech = column(correctness, 1);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("text", correct(column(correctness, 0)), n, Double.NaN, null));
        rows.add(new Row("speech", correct(speech), n, Double.NaN, null));
        for (int c = 0; c < conditions.size(); c++) {
            double[] after = column(correctness, 2 + c);
            ConfidenceInterval ci = Bootstrap.pairedMeanDifference(after, speech, Bootstrap.DEFAULT_RESAMPLES,
                    Bootstrap.DEFAULT_LEVEL, 0L);
            rows.add(new Row("speech → " + conditions.get(c).label(), correct(after), n,
                    100.0 * (correct(after) - correct(speech)) / n, ci));
        }
        if (calibration != null) {
            double[] after = column(correctness, 2 + conditions.size());
            ConfidenceInterval ci = Bootstrap.pairedMeanDifference(after, speech, Bootstrap.DEFAULT_RESAMPLES,
                    Bootstrap.DEFAULT_LEVEL, 0L);
            rows.add(new Row(CALIBRATE, correct(after), n, 100.0 * (correct(after) - correct(speech)) / n, ci));
        }
        return rows;
    }

    private static double[] column(List<double[]> rows, int k) {
        return rows.stream().mapToDouble(r -> r[k]).toArray();
    }

    private static int correct(double[] x) {
        int c = 0;
        for (double v : x) {
            c += v > 0 ? 1 : 0;
        }
        return c;
    }
}
