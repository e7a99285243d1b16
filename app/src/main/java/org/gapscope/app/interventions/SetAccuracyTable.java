package org.gapscope.app.interventions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.app.examples.ExampleRow;
import org.gapscope.app.examples.ExamplesViewModel;
import org.gapscope.app.run.RunViewModel;
import org.gapscope.app.task.Tasks;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ExampleRun;
import org.gapscope.engine.InterventionSweep;
import org.gapscope.engine.SetCalibration;
import org.gapscope.figure.InterventionData;
import org.gapscope.intervention.CriticalTokenSelection;
import org.gapscope.intervention.InterventionSettings;
import org.gapscope.intervention.RewriteKind;
import org.gapscope.intervention.StatisticalCalibration;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The interventions view's accuracy table over the set: text, speech, the paper's four conditions
 * (angle/length × Bottom-k/All, with the chosen k, layers and path) and input-layer statistical
 * calibration (Hsu et al. 2026's baseline, statistics of the listed examples), run by the engine
 * ({@link InterventionSweep}, {@link SetCalibration}) in the background; the rows as shown and as the
 * figure draws them.
 */
final class SetAccuracyTable {

    private final Tasks tasks;
    private final Supplier<ExampleEngine> model;
    private final Supplier<AnalysisSettings> analysis;
    private final Function<Example, AudioClip> audio;
    private final ExamplesViewModel examples;
    private final ObservableList<InterventionsViewModel.AccuracyRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private InterventionData.AccuracyTable accuracy;
    /** Counts model and example-set changes: a sweep started before one is not shown after it. */
    private long generation;
    private volatile String calibrationSource = "";

    SetAccuracyTable(Tasks tasks, Supplier<ExampleEngine> model, Supplier<AnalysisSettings> analysis,
            Function<Example, AudioClip> audio, ExamplesViewModel examples) {
        this.tasks = tasks;
        this.model = model;
        this.analysis = analysis;
        this.audio = audio;
        this.examples = examples;
        examples.exampleSetProperty().addListener((obs, old, now) -> clear());
    }

    /** Forgets the table (another model or example set was opened); a sweep still going is not shown. */
    void clear() {
        generation++;
        boolean had = accuracy != null;
        rows.clear();
        accuracy = null;
        note.set(had ? "The model or the example set changed: Run over the set again for its table." : "");
    }

    /** Runs the set with the layers and path of {@code base} and Bottom-{@code k}; a bad setting is noted, not run. */
    void run(Supplier<InterventionSettings> base, int k) {
        ExampleEngine current = model.get();
        List<Example> set = examples.allRows().stream().map(ExampleRow::example)
                .filter(e -> e.audioFile().isPresent() && !e.transcript().isBlank()).toList();
        if (current == null || set.isEmpty()) {
            note.set(current == null ? "Open a model first." : "Load an example set first.");
            return;
        }
        InterventionSettings chosen;
        try {
            chosen = base.get();
        } catch (RuntimeException e) {
            note.set(e.getMessage());
            return;
        }
        List<InterventionSettings> conditions = new ArrayList<>();
        for (RewriteKind method : RewriteKind.values()) {
            for (CriticalTokenSelection which : List.of(CriticalTokenSelection.bottomK(k),
                    CriticalTokenSelection.allTokens())) {
                conditions.add(new InterventionSettings(method, which, chosen.rewriteLayers(), chosen.selectionLayer(),
                        chosen.pathMetric()));
            }
        }
        note.set("Running " + set.size() + " examples × " + (conditions.size() + 1) + " conditions ...");
        AnalysisSettings settings = analysis.get();
        long started = generation;
        tasks.start("Interventions over the example set",
                ctx -> {
                    StatisticalCalibration calibration = SetCalibration.over(current, set, audio, "the example list",
                            ctx.part(0, 0.15, "calibration statistics"));
                    calibrationSource = calibration.source();
                    return InterventionSweep.run(current, set, audio, settings, conditions, calibration,
                            ctx.part(0.15, 1, "conditions"), each -> tasks.executor().onUiThread(() -> {
                                if (started == generation) {
                                    markRow(each);
                                }
                            }));
                },
                done -> {
                    if (started == generation) {
                        show(done, table(done), chosen);
                    }
                }, error -> {
                    if (started == generation) {
                        note.set("Could not run the set: " + error.getMessage());
                    }
                }, () -> {
                    if (started == generation) {
                        note.set("Cancelled; the earlier table is kept.");
                    }
                });
    }

    /** The list's T, S and APS of an example the sweep ran (its plain text and speech answers). */
    private void markRow(ExampleRun done) {
        for (ExampleRow row : examples.allRows()) {
            RunViewModel.mark(row, done);
        }
    }

    private void show(List<InterventionSweep.Row> sweep, InterventionData.AccuracyTable done,
            InterventionSettings chosen) {
        accuracy = done;
        rows.clear();
        for (InterventionSweep.Row r : sweep) {
            rows.add(new InterventionsViewModel.AccuracyRow(r.condition(), String.format(Locale.ROOT, "%.1f %%",
                    r.percent()), change(r), Integer.toString(r.judged())));
        }
        note.set("Accuracy over " + sweep.get(0).judged() + " examples with a gold answer; change vs speech in points "
                + "with its 95 % paired bootstrap interval over examples (as gapscope intervene's change_ci). "
                + "Layers " + Arrays.toString(chosen.rewriteLayers()) + ", " + chosen.pathMetric().key() + " path. "
                + "calibrate: " + StatisticalCalibration.LABEL + " (statistics of " + calibrationSource + "; layer 0, "
                + "every speech position, not the chosen tokens or layers).");
    }

    /** The change against speech with its interval, e.g. {@code +12.5 [+0.0, +25.0]}; empty for text and speech. */
    static String change(InterventionSweep.Row r) {
        if (r.changeInterval() == null) {
            return "";
        }
        return String.format(Locale.ROOT, "%+.1f [%+.1f, %+.1f]", r.change(), r.changeInterval().lower(),
                r.changeInterval().upper());
    }

    private InterventionData.AccuracyTable table(List<InterventionSweep.Row> sweep) {
        var set = examples.exampleSetProperty().get();
        String dataset = set == null ? "examples" : set.source().getFileName().toString();
        return new InterventionData.AccuracyTable(dataset, sweep.stream()
                .map(r -> new InterventionData.AccuracyRow(r.condition(), r.percent(), r.judged())).toList(), 1);
    }

    /** The rows as shown. */
    ObservableList<InterventionsViewModel.AccuracyRow> rows() {
        return rows;
    }

    /** The table for the figure, or null before a run. */
    InterventionData.AccuracyTable accuracy() {
        return accuracy;
    }

    /** Notes for the table. */
    ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }
}
