package org.gapscope.app.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.Gap;
import org.gapscope.analysis.GapRegression;
import org.gapscope.analysis.LayerRange;
import org.gapscope.analysis.Score;
import org.gapscope.app.model.Checkpoints;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.task.Tasks;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;
import org.gapscope.engine.DatasetRun;
import org.gapscope.engine.DatasetRunner;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.figure.ScoreVsGapData;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The dataset view's score against GAP across checkpoints: the set run by the engine through every
 * bundle found in the models folder (each opened, run and closed in turn), then the chosen score fitted
 * against GAP, with R², as the paper's across-checkpoint regression.
 */
final class CheckpointRegression {

    private final Tasks tasks;
    private final Supplier<List<Example>> examples;
    private final Function<Example, AudioClip> audio;
    private final Supplier<AnalysisSettings> settings;
    private final ControlSettings control;
    private final ModelOpener opener;
    private final Supplier<Path> modelsFolder;
    private final Supplier<String> datasetName;
    private final Consumer<Boolean> running;
    private final ObjectProperty<Score> regressionScore = new SimpleObjectProperty<>(Score.APS_COSINE);
    private final ReadOnlyObjectWrapper<ScoreVsGapData> regression = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper regressionText = new ReadOnlyStringWrapper("");
    private final List<DatasetRun> checkpointRuns = new ArrayList<>();
    private final List<Checkpoints.Entry> checkpointEntries = new ArrayList<>();
    private long generation;

    CheckpointRegression(Tasks tasks, Supplier<List<Example>> examples, Function<Example, AudioClip> audio,
            Supplier<AnalysisSettings> settings, ControlSettings control, ModelOpener opener,
            Supplier<Path> modelsFolder, Supplier<String> datasetName, Consumer<Boolean> running) {
        this.tasks = tasks;
        this.examples = examples;
        this.audio = audio;
        this.settings = settings;
        this.control = control;
        this.opener = opener;
        this.modelsFolder = modelsFolder;
        this.datasetName = datasetName;
        this.running = running;
        regressionScore.addListener(o -> update());
    }

    /**
     * Runs the example set through every checkpoint found in the models folder (each opened, run and
     * closed in turn), then fits the chosen score against GAP.
     */
    void run() {
        List<Checkpoints.Entry> found = Checkpoints.find(modelsFolder.get());
        List<Example> set = examples.get();
        if (found.size() < 2 || set.isEmpty()) {
            regressionText.set(set.isEmpty() ? "Load an example set first."
                    : "Needs at least two model bundles in " + modelsFolder.get() + " (found " + found.size() + ").");
            return;
        }
        String name = datasetName.get();
        AnalysisSettings chosen = settings.get();
        long started = generation;
        running.accept(true);
        regressionText.set("Running " + set.size() + " examples through " + found.size() + " checkpoints ...");
        tasks.start("Running " + found.size() + " checkpoints", ctx -> {
            List<DatasetRun> runs = new ArrayList<>();
            for (int k = 0; k < found.size(); k++) {
                ctx.checkCancelled();
                Checkpoints.Entry entry = found.get(k);
                ctx.progress(k / (double) found.size(), entry.label());
                try (ExampleEngine m = ExampleEngine.of(opener.open(entry.folder(), ctx))) {
                    runs.add(DatasetRunner.run(m, name, set, audio, chosen, control,
                            ctx.part(k / (double) found.size(), (k + 1) / (double) found.size(), entry.label())));
                }
            }
            return runs;
        }, runs -> {
            if (started != generation) {
                return;
            }
            running.accept(false);
            checkpointRuns.clear();
            checkpointRuns.addAll(runs);
            checkpointEntries.clear();
            checkpointEntries.addAll(found);
            update();
        }, error -> {
            if (started == generation) {
                running.accept(false);
                regressionText.set("Could not run the checkpoints: " + error.getMessage());
            }
        }, () -> {
            if (started == generation) {
                running.accept(false);
                regressionText.set("Cancelled; the earlier fit is kept.");
            }
        });
    }

    /** Forgets the fit and the runs behind it (the example set they ran on was replaced); a run going on is not shown. */
    void clear() {
        generation++;
        checkpointRuns.clear();
        checkpointEntries.clear();
        regression.set(null);
        regressionText.set("");
    }

    /** Fits the chosen score against GAP over the checkpoints run (nothing before they ran). */
    void update() {
        if (checkpointRuns.isEmpty()) {
            return;
        }
        Score s = regressionScore.get();
        List<ScoreVsGapData.Point> drawn = new ArrayList<>();
        List<GapRegression.Point> fitted = new ArrayList<>();
        List<String> labels = checkpointEntries.stream().map(Checkpoints.Entry::label).toList();
        LayerRange layers = null;
        for (int k = 0; k < checkpointRuns.size(); k++) {
            DatasetRun r = checkpointRuns.get(k);
            double score = meanScore(r, s);
            if (!Double.isFinite(score) || !Double.isFinite(r.gap())) {
                continue;
            }
            Checkpoints.Entry entry = checkpointEntries.get(k);
            // the colour shows the regime, so the label keeps only the checkpoint ("step2000", "final")
            drawn.add(new ScoreVsGapData.Point(ScoreVsGapData.shortLabel(entry.label(), entry.group(), labels), r.gap(),
                    score, entry.group()));
            fitted.add(GapRegression.point(new Gap(entry.label(), r.textAccuracy(), r.speechAccuracy()), score));
            if (layers == null && !r.outcomes().isEmpty()) {
                layers = r.outcomes().get(0).scores().averaged();
            }
        }
        if (drawn.size() < 2) {
            regressionText.set("Fewer than two checkpoints with a score and a GAP.");
            return;
        }
        ScoreVsGapData.Fit fit = ScoreVsGapData.Fit.leastSquares(drawn);
        // as the paper: one line per training regime; the line through all of them is shown beside it
        ScoreVsGapData data = new ScoreVsGapData(drawn, fit, ScoreVsGapData.GAP_LABEL, s.label(),
                s.label() + " vs GAP across " + drawn.size() + " checkpoints on " + datasetName.get()).withGroupFits();
        regression.set(data);
        StringBuilder text = new StringBuilder(s.label() + " against GAP");
        for (ScoreVsGapData.GroupFit own : data.groupFits()) {
            List<GapRegression.Point> mine = new ArrayList<>();
            for (int k = 0; k < drawn.size(); k++) {
                if (drawn.get(k).group().equals(own.group())) {
                    mine.add(fitted.get(k));
                }
            }
            text.append(String.format(Locale.ROOT, ", %s: R² = %s (%d checkpoints)", own.group(),
                    r2(s, layers, mine), own.n()));
        }
        text.append(String.format(Locale.ROOT, data.groupFits().isEmpty() ? " over %d checkpoints: R² = %s"
                : "; all %d together: R² = %s", drawn.size(), r2(s, layers, fitted)));
        regressionText.set(text.toString());
    }

    /** R² of the paper's regression of GAP on the score over {@code points}, as the CLI's {@code compare} reports it. */
    private String r2(Score s, LayerRange layers, List<GapRegression.Point> points) {
        try {
            GapRegression g = GapRegression.fit(datasetName.get(), s.key(), layers, points);
            return g.fit().rSquared().isPresent() ? String.format(Locale.ROOT, "%.3f", g.fit().rSquared().getAsDouble())
                    : "n/a";
        } catch (RuntimeException e) {
            return "n/a (" + e.getMessage() + ")";
        }
    }


    private static double meanScore(DatasetRun r, Score s) {
        if (r.summary() != null) {
            return r.summary().average(s).matched();
        }
        return r.outcomes().stream().mapToDouble(o -> o.scores().average(s)).filter(Double::isFinite).average()
                .orElse(Double.NaN);
    }

    /** The score regressed on GAP. */
    ObjectProperty<Score> scoreProperty() {
        return regressionScore;
    }

    /** The score-vs-GAP data (null until checkpoints ran). */
    ReadOnlyObjectProperty<ScoreVsGapData> dataProperty() {
        return regression.getReadOnlyProperty();
    }

    /** The fit's summary line. */
    ReadOnlyStringProperty textProperty() {
        return regressionText.getReadOnlyProperty();
    }
}
