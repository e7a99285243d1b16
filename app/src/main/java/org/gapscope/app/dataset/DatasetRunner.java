package org.gapscope.app.dataset;

import java.util.ArrayList;
import java.util.List;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.DatasetAnalysis;
import org.gapscope.analysis.DatasetSummary;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.ExampleScores;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.app.audio.ClipCache;
import org.gapscope.app.model.QueryRun;
import org.gapscope.app.model.SpeechModel;
import org.gapscope.app.run.ExampleRunner;
import org.gapscope.app.shell.TaskContext;
import org.gapscope.dataset.Example;

/**
 * Runs an example set through a model with bounded memory: first every typed query (text spans are
 * short, their states are kept), then each spoken query in turn, analysed against its own text and
 * against the text of a deranged example (the mismatched-pair control) before the next one runs.
 */
public final class DatasetRunner {

    private DatasetRunner() {
    }

    /** Runs {@code examples}; {@code context} gets progress and may cancel between examples. */
    public static DatasetRun run(SpeechModel model, String dataset, List<Example> examples, ClipCache clips,
            AnalysisSettings settings, ControlSettings control, TaskContext context) {
        String name = model.card().name();
        List<String> skipped = new ArrayList<>();
        List<Example> usable = new ArrayList<>();
        List<QueryRun> texts = new ArrayList<>();
        int total = examples.size();
        for (int i = 0; i < total; i++) {
            context.checkCancelled();
            Example e = examples.get(i);
            context.progress(0.3 * i / Math.max(1, total), "typed questions " + (i + 1) + "/" + total);
            if (e.audioFile().isEmpty()) {
                skipped.add(e.id() + ": no audio");
                continue;
            }
            if (e.transcript().isBlank()) {
                skipped.add(e.id() + ": no transcript");
                continue;
            }
            try {
                texts.add(model.runText(e.id(), e.transcript(), context));
                usable.add(e);
            } catch (RuntimeException ex) {
                if (ex instanceof java.util.concurrent.CancellationException) {
                    throw ex;
                }
                skipped.add(e.id() + ": " + ex.getMessage());
            }
        }
        int n = usable.size();
        int[] sigma = n >= 2 ? MismatchedPairControl.derangement(n, control.seed()) : new int[0];
        List<DatasetRun.Outcome> outcomes = new ArrayList<>();
        List<ExampleScores> matched = new ArrayList<>();
        List<ExampleScores> mismatched = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            context.checkCancelled();
            Example e = usable.get(i);
            context.progress(0.3 + 0.7 * i / n, "spoken questions " + (i + 1) + "/" + n);
            QueryRun speech;
            ExampleAnalysis analysis;
            try {
                speech = model.runSpeech(e.id(), clips.get(e.audio()).clip(), context);
                analysis = ExampleAnalyzer.analyze(speech.states(), texts.get(i).states(), settings, name, e.id());
            } catch (RuntimeException ex) {
                if (ex instanceof java.util.concurrent.CancellationException) {
                    throw ex;
                }
                skipped.add(e.id() + ": " + ex.getMessage());
                continue;
            }
            QueryRun text = texts.get(i);
            outcomes.add(new DatasetRun.Outcome(e, speech.answer(), text.answer(), ExampleRunner.judge(e, speech.answer()),
                    ExampleRunner.judge(e, text.answer()), ExampleScores.of(analysis), analysis.layerCurves()));
            matched.add(ExampleScores.of(analysis));
            if (n >= 2) {
                HiddenStates other = texts.get(sigma[i]).states();
                mismatched.add(ExampleScores.of(ExampleAnalyzer.analyze(speech.states(), other, settings, name,
                        e.id() + "|" + usable.get(sigma[i]).id())));
                kept.add(i);
            }
        }
        DatasetSummary summary = null;
        if (kept.size() >= 2 && kept.size() == n) {
            summary = DatasetAnalysis.summarize(name, dataset, matched, mismatched, sigma, control);
        }
        context.progress(1, "done");
        return new DatasetRun(name, dataset, outcomes, skipped, summary);
    }
}
