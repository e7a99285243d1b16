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
import org.gapscope.analysis.MismatchedPairControl;
import org.gapscope.audio.AudioClip;
import org.gapscope.dataset.Example;

/**
 * Runs an example set through the {@link ExampleEngine} in memory, with bounded memory: first every
 * typed query (text spans are short, their captures are kept), then each spoken query in turn, analysed
 * against its own text and, for GapScope's mismatched-pair control, against the text of its partner
 * under the control's derangement, before the next one runs (so one speech capture is held at a time).
 *
 * <p>The control pairs exactly as {@code evaluate}'s summary does: a derangement, seeded with the
 * control's seed, of the examples whose both queries ran, in set order. When a spoken query fails, the
 * examples left are fewer than those the pairs were drawn for; their pairs are drawn again and those
 * spoken queries run once more (the model is deterministic), so the control still equals
 * {@code evaluate}'s. The DTW extension is not computed (it is not among the scores).
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
        List<Example> usable = new ArrayList<>();
        for (Example e : examples) {
            if (ControlPairs.usable(e)) {
                usable.add(e);
            } else {
                skipped.add(e.id() + ": " + (e.audioFile().isEmpty() ? "no audio" : "no transcript"));
            }
        }
        List<Example> texted = new ArrayList<>();
        List<ModelRunner.Answered> texts = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            monitor.checkCancelled();
            Example e = usable.get(i);
            monitor.progress(0.3 * i / usable.size(), "typed questions " + (i + 1) + "/" + usable.size());
            ModelRunner.Answered text = attempt(e, () -> engine.text(e.id(), e.transcript()));
            if (text != null) {
                texted.add(e);
                texts.add(text);
            }
        }
        int n = texted.size();
        int[] sigma = n >= 2 ? MismatchedPairControl.derangement(n, control.seed()) : new int[0];
        List<DatasetRun.Outcome> outcomes = new ArrayList<>();
        List<ExampleScores> mismatched = new ArrayList<>();
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            monitor.checkCancelled();
            monitor.progress(0.3 + 0.7 * i / n, "spoken questions " + (i + 1) + "/" + n);
            Example e = texted.get(i);
            ModelRunner.Answered text = texts.get(i);
            Example partner = n >= 2 ? texted.get(sigma[i]) : null;
            ModelRunner.Answered partnerText = n >= 2 ? texts.get(sigma[i]) : null;
            Pair pair = attempt(e, () -> pair(e, text, partner, partnerText));
            if (pair != null) {
                outcomes.add(outcome(e, pair.speech().answer(), text.answer(), pair.matched()));
                mismatched.add(pair.mismatched());
                ran.add(i);
            }
        }
        DatasetSummary summary = null;
        List<ExampleScores> matched = outcomes.stream().map(DatasetRun.Outcome::scores).toList();
        if (ran.size() >= 2 && ran.size() < n) {
            List<Example> ok = ran.stream().map(texted::get).toList();
            List<ModelRunner.Answered> okTexts = ran.stream().map(texts::get).toList();
            sigma = MismatchedPairControl.derangement(ok.size(), control.seed());
            mismatched = controlAgain(ok, okTexts, sigma);
        }
        if (ran.size() >= 2 && mismatched != null) {
            summary = DatasetAnalysis.summarize(engine.modelName(), dataset, matched, mismatched, sigma, control);
        }
        monitor.progress(1, "done");
        return new DatasetRun(engine.modelName(), dataset, outcomes, skipped, summary);
    }

    /** One spoken query's analyses: against its own text, and (with a partner) against the partner's. */
    private record Pair(ModelRunner.Answered speech, ExampleAnalysis matched, ExampleScores mismatched) {
    }

    private Pair pair(Example e, ModelRunner.Answered text, Example partner, ModelRunner.Answered partnerText) {
        ModelRunner.Answered speech = engine.speech(e.id(), engine.features(audio.apply(e)));
        ExampleAnalysis matched = engine.analyse(speech.states(), text.states(), settings, e.id());
        ExampleScores mismatched = partner == null ? null : ExampleScores.of(
                engine.analyse(speech.states(), partnerText.states(), settings, e.id() + "|" + partner.id()));
        return new Pair(speech, matched, mismatched);
    }

    /**
     * The control over the examples that ran, after some spoken queries failed: their pairs drawn
     * again ({@code sigma}), their spoken queries run again. Null when one fails now (no control then).
     */
    private List<ExampleScores> controlAgain(List<Example> ok, List<ModelRunner.Answered> texts, int[] sigma) {
        List<ExampleScores> out = new ArrayList<>();
        for (int i = 0; i < ok.size(); i++) {
            monitor.checkCancelled();
            monitor.progress(0.9, "control pairs drawn again " + (i + 1) + "/" + ok.size());
            Example e = ok.get(i);
            ModelRunner.Answered text = texts.get(i);
            int partner = sigma[i];
            Pair pair = attempt(e, () -> pair(e, text, ok.get(partner), texts.get(partner)));
            if (pair == null) {
                return null;
            }
            out.add(pair.mismatched());
        }
        return out;
    }

    private DatasetRun.Outcome outcome(Example e, String speechAnswer, String textAnswer, ExampleAnalysis matched) {
        return new DatasetRun.Outcome(e, speechAnswer, textAnswer, ExampleEngine.judge(e, speechAnswer),
                ExampleEngine.judge(e, textAnswer), ExampleScores.of(matched), matched.layerCurves());
    }

    private <T> T attempt(Example e, Supplier<T> work) {
        return Monitor.orSkip(work, reason -> skipped.add(e.id() + ": " + reason));
    }
}
