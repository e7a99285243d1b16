package org.gapscope.app.run;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.app.model.QueryRun;
import org.gapscope.app.model.SpeechModel;
import org.gapscope.app.shell.TaskContext;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.AnswerMatcher;
import org.gapscope.dataset.Example;

/** Runs one example through a model: spoken query, typed query, then the analysis of the pair. */
public final class ExampleRunner {

    private ExampleRunner() {
    }

    /** Runs {@code example} (its audio already decoded as {@code clip}); checks for cancel between steps. */
    public static ExampleResult run(SpeechModel model, Example example, AudioClip clip, AnalysisSettings settings,
            TaskContext context) {
        context.progress(0.05, "spoken query");
        QueryRun speech = model.runSpeech(example.id(), clip, context);
        context.checkCancelled();
        context.progress(0.45, "typed query");
        QueryRun text = model.runText(example.id(), example.transcript(), context);
        context.checkCancelled();
        context.progress(0.8, "alignment analysis");
        ExampleAnalysis analysis = ExampleAnalyzer.analyze(speech.states(), text.states(), settings,
                model.card().name(), example.id());
        context.progress(1, "done");
        return new ExampleResult(model.card().name(), example, clip, speech, text, analysis,
                judge(example, speech.answer()), judge(example, text.answer()));
    }

    /** Whether {@code answer} is correct for {@code example}, or null when the example has no gold answer. */
    public static Boolean judge(Example example, String answer) {
        boolean hasGold = example.answers().stream().anyMatch(a -> !AnswerMatcher.normalize(a).isEmpty());
        return hasGold ? AnswerMatcher.isCorrect(example, answer) : null;
    }
}
