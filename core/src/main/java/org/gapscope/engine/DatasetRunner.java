package org.gapscope.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ControlSettings;
import org.gapscope.analysis.DatasetAnalysis;
import org.gapscope.analysis.DatasetSummary;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleScores;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;

/**
 * Runs an example set through the {@link ExampleEngine} in memory, with bounded memory: first every
 * typed query (text spans are short, their captures are kept), then each spoken query in turn, analysed
 * against its own text and, for GapScope's mismatched-pair control, against the text of its partner
 * before the next one runs (so one speech capture is held at a time).
 *
 * <p>The control pairs exactly as {@code evaluate} does ({@link ControlPairs}): a derangement, seeded
 * with the control's seed, over every example of the set in order, drawn before anything runs. An
 * example whose partner has no typed answer (its transcript is missing or its text pass failed) has no
 * control; its mismatched scores are undefined, as in {@code evaluate}'s summary. The DTW extension is
 * not computed (it is not among the scores).
 */
public final class DatasetRunner {

    private final ExampleEngine engine;
    private final Function<Example, AudioClip> audio;
    private final AnalysisSettings settings;
    private final Monitor monitor;
    private final List<String> skipped = new ArrayList<>();

    private DatasetRunner(ExampleEngine engine, Function<Example, AudioClip> audio, AnalysisSettings settings,
            Monitor monitor) {
        this.engine = engine;
        this.audio = audio;
        this.settings = settings.withDtwExtension(false);
        this.monitor = monitor;
    }

    /**
     * Runs {@code examples} (named {@code dataset}); {@code audio} decodes an example's audio, {@code monitor}
     * gets progress and may cancel between queries. Examples that cannot be run are listed in
     * {@link DatasetRun#skipped()} with the reason.
     */
    public static DatasetRun run(ExampleEngine engine, String dataset, List<Example> examples,
            Function<Example, AudioClip> audio, AnalysisSettings settings, ControlSettings control, Monitor monitor) {
        return new DatasetRunner(engine, audio, settings, monitor).run(dataset, examples, control);
    }

    private DatasetRun run(String dataset, List<Example> examples, ControlSettings control) {
        int total = examples.size();
        int[] sigma = ControlPairs.derangement(total, control.seed());
        ModelRunner.Answered[] texts = new ModelRunner.Answered[total];
        for (int i = 0; i < total; i++) {
            monitor.checkCancelled();
            Example e = examples.get(i);
            monitor.progress(0.3 * i / total, "typed questions " + (i + 1) + "/" + total);
            if (e.transcript().isBlank()) {
                skipped.add(e.id() + ": no transcript");
                continue;
            }
            texts[i] = attempt(e, () -> engine.text(e.id(), e.transcript()));
        }
        List<DatasetRun.Outcome> outcomes = new ArrayList<>();
        List<ExampleScores> matched = new ArrayList<>();
        List<ExampleScores> mismatched = new ArrayList<>();
        List<Integer> partners = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            monitor.checkCancelled();
            monitor.progress(0.3 + 0.7 * i / total, "spoken questions " + (i + 1) + "/" + total);
            Example e = examples.get(i);
            ModelRunner.Answered text = texts[i];
            if (text == null) {
                continue;
            }
            if (e.audioFile().isEmpty()) {
                skipped.add(e.id() + ": no audio");
                continue;
            }
            int p = sigma.length > 0 ? sigma[i] : -1;
            Example partner = p >= 0 && texts[p] != null ? examples.get(p) : null;
            Pair pair = attempt(e, () -> pair(e, text, partner, partner == null ? null : texts[p]));
            if (pair != null) {
                DatasetRun.Outcome outcome = outcome(e, pair.speech().answer(), text.answer(), pair.matched());
                outcomes.add(outcome);
                matched.add(outcome.scores());
                mismatched.add(pair.mismatched() != null ? pair.mismatched()
                        : ExampleScores.undefined(outcome.scores(), e.id() + "|none"));
                partners.add(partner == null ? -1 : p);
            }
        }
        DatasetSummary summary = null;
        if (outcomes.size() >= 2) {
            summary = DatasetAnalysis.summarize(engine.modelName(), dataset, matched, mismatched,
                    partners.stream().mapToInt(Integer::intValue).toArray(), control);
        }
        monitor.progress(1, "done");
        return new DatasetRun(engine.modelName(), dataset, outcomes, skipped, summary, examples);
    }

    /** One spoken query's analyses: against its own text, and (with a partner) against the partner's. */
    private record Pair(ModelRunner.Answered speech, ExampleAnalysis matched, ExampleScores mismatched) {
    }

    private Pair pair(Example e, ModelRunner.Answered text, Example partner, ModelRunner.Answered partnerText) {
        ModelRunner.Answered speech = engine.speech(e.id(), engine.features(e, audio.apply(e)));
        ExampleAnalysis matched = engine.analyse(speech.states(), text.states(), settings, e.id());
        ExampleScores mismatched = partner == null ? null : ExampleScores.of(
                engine.analyse(speech.states(), partnerText.states(), settings, e.id() + "|" + partner.id()));
        return new Pair(speech, matched, mismatched);
    }

    private DatasetRun.Outcome outcome(Example e, String speechAnswer, String textAnswer, ExampleAnalysis matched) {
        return new DatasetRun.Outcome(e, speechAnswer, textAnswer, ExampleEngine.judge(e, speechAnswer),
                ExampleEngine.judge(e, textAnswer), ExampleScores.of(matched), matched.layerCurves());
    }

    private <T> T attempt(Example e, Supplier<T> work) {
        return Monitor.orSkip(work, reason -> skipped.add(e.id() + ": " + reason));
    }
}
