package org.gapscope.app.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.ControlledScore;
import org.gapscope.analysis.Score;
import org.gapscope.app.audio.ClipCache;
import org.gapscope.app.examples.ExampleRow;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.export.FigureSource;
import org.gapscope.app.model.ModelOpener;
import org.gapscope.app.session.SessionPart;
import org.gapscope.app.task.TaskHandle;
import org.gapscope.app.task.Tasks;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;
import org.gapscope.engine.DatasetRun;
import org.gapscope.engine.DatasetRunner;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.StoredRun;
import org.gapscope.run.RunFolder;
import org.gapscope.run.RunSummary;
import org.gapscope.figure.FigureRenderer;
import org.gapscope.figure.ScoreVsGapData;
import org.gapscope.figure.ScoreVsGapRenderer;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the dataset view: asks the engine to run the loaded example set through the model (accuracy
 * text vs speech, GAP, every score with its mismatched-pair control, paired as {@code evaluate} pairs
 * it), offers per-example points for a scatter (a click opens the example), and runs the set across
 * checkpoints for score vs GAP with the fit and R².
 */
public final class DatasetViewModel {

    /** One row of the score table. */
    public record ScoreRow(String score, String matched, String mismatched, String margin, String interval, String examples) {
    }

    /** One example in the scatter. */
    public record ScatterPoint(String id, double x, double y, Boolean speechCorrect) {
    }

    private final Tasks tasks;
    private final ClipCache clips;
    private final ExamplesViewModel examples;
    private final ReadOnlyObjectProperty<ExampleEngine> model;
    private final Supplier<AnalysisSettings> settings;
    private final ControlSettings control;
    private final Consumer<String> status;
    private final ReadOnlyObjectWrapper<DatasetRun> run = new ReadOnlyObjectWrapper<>();
    private final ObservableList<ScoreRow> table = FXCollections.observableArrayList();
    private final ObservableList<ScatterPoint> points = FXCollections.observableArrayList();
    private final ObjectProperty<Score> xScore = new SimpleObjectProperty<>(Score.APS_COSINE);
    private final ObjectProperty<Score> yScore = new SimpleObjectProperty<>(Score.MONOTONICITY_COSINE);
    private final ReadOnlyStringWrapper accuracy = new ReadOnlyStringWrapper("");
    private static final String RUN_IT = "Run the example set through the model to see accuracy, GAP and the scores "
            + "with their control.";
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(RUN_IT);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final CheckpointRegression checkpoints;
    private StoredRun stored;
    private RunSummary storedSummary;
    /** Counts model and example-set changes: a run started before one is not shown after it. */
    private long generation;
    private TaskHandle setTask;

    /** Creates the view model; {@code control} is the mismatched-pair control's seed, resamples and level. */
    public DatasetViewModel(Tasks tasks, ClipCache clips, ExamplesViewModel examples,
            ReadOnlyObjectProperty<ExampleEngine> model, Supplier<AnalysisSettings> settings, ControlSettings control,
            ModelOpener opener, Supplier<Path> modelsFolder, Consumer<String> status) {
        this.tasks = tasks;
        this.clips = clips;
        this.examples = examples;
        this.model = model;
        this.settings = settings;
        this.control = control;
        this.status = status;
        xScore.addListener(o -> updatePoints());
        yScore.addListener(o -> updatePoints());
        this.checkpoints = new CheckpointRegression(tasks, this::set, this::clip, settings, control, opener,
                modelsFolder, this::datasetName, running::set);
        model.addListener((obs, old, now) -> {
            if (stored == null || run.get() != null) {
                forget("Another model was opened"); // an opened run's summary does not depend on the model
            }
        });
        examples.exampleSetProperty().addListener((obs, old, now) -> forget("Another example set was opened"));
    }

    /**
     * Drops the results shown (they belong to the model and example set they were run on) and any run
     * still going, whose results would arrive for a pair no longer loaded.
     */
    private void forget(String why) {
        generation++;
        if (setTask != null) {
            setTask.supersede();
            setTask = null;
        }
        boolean had = run.get() != null || checkpoints.dataProperty().get() != null;
        run.set(null);
        table.clear();
        points.clear();
        accuracy.set("");
        checkpoints.clear();
        running.set(false);
        message.set(had ? why + ": the results of the one before were cleared. " + RUN_IT : RUN_IT);
    }

    /** Runs every example of the loaded set through the loaded model (background, cancellable). */
    public void runSet() {
        ExampleEngine current = model.get();
        List<Example> set = set();
        if (current == null || set.isEmpty()) {
            message.set(current == null ? "Open a model first." : "Load an example set first.");
            return;
        }
        String name = datasetName();
        AnalysisSettings chosen = settings.get();
        long started = generation;
        running.set(true);
        message.set("Running " + set.size() + " examples through " + current.card().name() + " ...");
        setTask = tasks.start("Running the example set", ctx -> DatasetRunner.run(current, name, set, this::clip, chosen,
                control, ctx), done -> {
                    if (started != generation) {
                        return; // the model or the set changed while it ran: these results are not theirs
                    }
                    setTask = null;
                    running.set(false);
                    show(done);
                    markRows(done);
                    status.accept(String.format(Locale.ROOT, "Example set: text %.1f %%, speech %.1f %%, GAP %.1f points (%d examples)",
                            done.textAccuracy(), done.speechAccuracy(), done.gap(), done.outcomes().size()));
                }, error -> {
                    if (started == generation) {
                        running.set(false);
                        message.set("Could not run the example set: " + error.getMessage());
                    }
                }, () -> {
                    if (started == generation) {
                        running.set(false);
                        message.set("Cancelled; the earlier results are kept.");
                    }
                });
    }

    /**
     * Shows an opened run folder (null: closes it): accuracy, GAP and every score with its control from
     * its {@code summary.json}, the scatter from its records' scores; nothing is run.
     */
    public void showStored(StoredRun opened) {
        stored = opened;
        storedSummary = null;
        run.set(null);
        table.clear();
        accuracy.set("");
        if (opened == null) {
            message.set(RUN_IT);
            updatePoints();
            return;
        }
        if (RunFolder.INTERVENE.equals(opened.command())) {
            message.set("The run " + opened.folder().getFileName() + " is an intervention run: its table (accuracy "
                    + "per condition) is in table.md after gapscope analyse; the scores are in the run it came from.");
            updatePoints();
            return;
        }
        String problem = null;
        try {
            storedSummary = opened.summary().orElse(null);
        } catch (RuntimeException e) {
            problem = e.getMessage();
        }
        if (storedSummary != null) {
            accuracy.set(RunSummaryTable.accuracy(storedSummary, opened));
            table.setAll(RunSummaryTable.rows(storedSummary));
            message.set(RunSummaryTable.message(storedSummary));
        } else if (problem != null) {
            message.set(problem);
        } else {
            message.set("The run " + opened.folder().getFileName() + " has no summary.json yet: `gapscope analyse "
                    + opened.folder() + "` computes it (the scatter shows the scores its records hold).");
        }
        updatePoints();
    }

    /** Shows a finished run. */
    public void show(DatasetRun done) {
        run.set(done);
        accuracy.set(String.format(Locale.ROOT, "%s on %s: text %.1f %% · speech %.1f %% · GAP %.1f points · %d examples%s",
                done.model(), done.dataset(), done.textAccuracy(), done.speechAccuracy(), done.gap(), done.outcomes().size(),
                done.skipped().isEmpty() ? "" : " (" + done.skipped().size() + " skipped: " + done.skipped().get(0)
                        + (done.skipped().size() > 1 ? "; ..." : "") + ")"));
        table.clear();
        if (done.summary() != null) {
            for (Score s : Score.values()) {
                ControlledScore c = done.summary().average(s);
                table.add(new ScoreRow(s.key(), num(c.matched()), num(c.mismatched()), num(c.margin()),
                        String.format(Locale.ROOT, "[%s, %s]%s", num(c.marginInterval().lower()),
                                num(c.marginInterval().upper()), c.marginExcludesZero() ? " *" : ""),
                        Integer.toString(c.examples())));
            }
            message.set("Mismatched pairs: the speech of each example against the text of another (GapScope's control, "
                    + "not the paper's). * = the margin's " + Math.round(100 * done.summary().control().level())
                    + " % interval excludes 0.");
        } else {
            message.set("Fewer than two complete examples: no dataset means or control.");
        }
        updatePoints();
    }

    private void markRows(DatasetRun done) {
        for (DatasetRun.Outcome o : done.outcomes()) {
            for (ExampleRow row : examples.allRows()) {
                if (row.example().equals(o.example())) {
                    row.speechCorrectProperty().set(o.speechCorrect());
                    row.textCorrectProperty().set(o.textCorrect());
                    row.apsProperty().set(o.scores().average(Score.APS_COSINE));
                    row.speechAnswerProperty().set(o.speechAnswer());
                    row.textAnswerProperty().set(o.textAnswer());
                }
            }
        }
    }

    private void updatePoints() {
        DatasetRun done = run.get();
        points.clear();
        if (done == null) {
            if (stored != null) {
                points.setAll(RunSummaryTable.points(stored, xScore.get(), yScore.get()));
            }
            return;
        }
        for (DatasetRun.Outcome o : done.outcomes()) {
            double x = o.scores().average(xScore.get());
            double y = o.scores().average(yScore.get());
            if (Double.isFinite(x) && Double.isFinite(y)) {
                points.add(new ScatterPoint(o.example().id(), x, y, o.speechCorrect()));
            }
        }
    }

    /** Selects the example with {@code id} in the list (a click on its point). */
    public void open(String id) {
        for (ExampleRow row : examples.shownRows()) {
            if (row.example().id().equals(id)) {
                examples.selectedProperty().set(row);
                return;
            }
        }
        if (!examples.select(id)) {
            message.set(id + " is not in the loaded example set.");
        }
    }

    /**
     * Runs the example set through every checkpoint found in the models folder (each opened, run and
     * closed in turn), then fits the chosen score against GAP.
     */
    public void runCheckpoints() {
        checkpoints.run();
    }

    /** The examples of the list, in set order. */
    private List<Example> set() {
        return examples.allRows().stream().map(ExampleRow::example).toList();
    }

    /** The decoded audio of {@code example} (any thread). */
    private AudioClip clip(Example example) {
        return clips.get(example.audio()).clip();
    }

    private String datasetName() {
        var set = examples.exampleSetProperty().get();
        return set == null ? "examples" : set.source().getParent() == null ? set.source().toString()
                : set.source().getParent().getFileName() + "/" + set.source().getFileName();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * The latest run's (or the opened run folder's) accuracies and score table as CSV text (two blocks:
     * model, dataset, text and speech accuracy, GAP and n; then one row per score), or null before a run.
     */
    public String tableCsv() {
        DatasetRun done = run.get();
        if (done == null && storedSummary == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        out.append("model,dataset,text_accuracy_percent,speech_accuracy_percent,gap_points,examples\n");
        if (done == null) {
            out.append(csv(storedSummary.model())).append(',').append(csv(storedSummary.dataset()))
                    .append(RunSummaryTable.csvHead(storedSummary));
        } else {
            out.append(csv(done.model())).append(',').append(csv(done.dataset())).append(String.format(Locale.ROOT,
                    ",%.4f,%.4f,%.4f,%d\n", done.textAccuracy(), done.speechAccuracy(), done.gap(), done.outcomes().size()));
        }
        out.append("\nscore,matched,mismatched,margin,interval_95,n\n");
        for (ScoreRow r : table) {
            out.append(String.join(",", csv(r.score()), csv(r.matched()), csv(r.mismatched()), csv(r.margin()),
                    csv(r.interval()), csv(r.examples()))).append('\n');
        }
        return out.toString();
    }

    private static String csv(String value) {
        String v = value == null ? "" : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /** The score-vs-GAP figure for export. */
    public FigureSource regressionFigure() {
        return new FigureSource() {
            @Override
            public FigureRenderer figure() {
                ScoreVsGapData data = checkpoints.dataProperty().get();
                return data == null ? null : new ScoreVsGapRenderer(data);
            }

            @Override
            public String fileStem() {
                return "score-vs-gap-" + checkpoints.scoreProperty().get().key();
            }
        };
    }

    /** The latest run (null: none). */
    public ReadOnlyObjectProperty<DatasetRun> runProperty() {
        return run.getReadOnlyProperty();
    }

    /** Score rows: matched, mismatched, margin and its interval. */
    public ObservableList<ScoreRow> table() {
        return table;
    }

    /** The scatter's points. */
    public ObservableList<ScatterPoint> points() {
        return points;
    }

    /** The scatter's x score. */
    public ObjectProperty<Score> xScoreProperty() {
        return xScore;
    }

    /** The scatter's y score. */
    public ObjectProperty<Score> yScoreProperty() {
        return yScore;
    }

    /** The score regressed on GAP across checkpoints. */
    public ObjectProperty<Score> regressionScoreProperty() {
        return checkpoints.scoreProperty();
    }

    /** Accuracy line. */
    public ReadOnlyStringProperty accuracyProperty() {
        return accuracy.getReadOnlyProperty();
    }

    /** Notes and errors. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The score-vs-GAP data (null until checkpoints ran). */
    public ReadOnlyObjectProperty<ScoreVsGapData> regressionProperty() {
        return checkpoints.dataProperty();
    }

    /** The fit's summary line. */
    public ReadOnlyStringProperty regressionTextProperty() {
        return checkpoints.textProperty();
    }

    /** This view's part of a session: its score choices. */
    public SessionPart<DatasetSession> sessionPart() {
        return DatasetSession.part(this);
    }

    /** Whether a set or checkpoint run is going on. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
