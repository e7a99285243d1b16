package org.gapscope.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gapscope.GapScopeException;
import org.gapscope.analysis.AnalysisSettings;
import org.gapscope.analysis.ExampleAnalysis;
import org.gapscope.analysis.ExampleAnalyzer;
import org.gapscope.analysis.HiddenStates;
import org.gapscope.analysis.LayerRange;
import org.gapscope.audio.AudioClip;
import org.gapscope.capture.Capture;
import org.gapscope.dataset.AnswerMatcher;
import org.gapscope.dataset.Example;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.StatisticalCalibration;
import org.gapscope.lenses.ExamplePairing;
import org.gapscope.lenses.LensAgreement;
import org.gapscope.lenses.LensHead;
import org.gapscope.lenses.LensReadout;
import org.gapscope.lenses.LogitLens;
import org.gapscope.lenses.TokenPairing;
import org.gapscope.lenses.TopTokens;

/**
 * Runs examples through one model, the same way for every front end: the audio becomes the model's
 * speech input, the typed and the spoken query are answered with a capture of their span, the pair
 * is analysed and the answers are scored. The steps are public for the batch commands, which time
 * and record each one; {@link #run} chains them for one example. Closing the engine closes the model.
 */
public final class ExampleEngine implements AutoCloseable {

    /** New tokens per greedy answer unless a command says otherwise (as {@code evaluate}'s default). */
    public static final int DEFAULT_MAX_TOKENS = 32;

    private final ModelRunner runner;
    private final int maxTokens;

    /**
     * An engine over {@code runner}, answering with at most {@code maxTokens} new tokens.
     *
     * @throws GapScopeException when {@code maxTokens} is below 1
     */
    public ExampleEngine(ModelRunner runner, int maxTokens) {
        if (maxTokens < 1) {
            throw new GapScopeException("an answer needs at least 1 new token, not " + maxTokens);
        }
        this.runner = runner;
        this.maxTokens = maxTokens;
    }

    /** An engine over {@code runner} with {@link #DEFAULT_MAX_TOKENS}. */
    public static ExampleEngine of(ModelRunner runner) {
        return new ExampleEngine(runner, DEFAULT_MAX_TOKENS);
    }

    /** The model's name, as recorded in results. */
    public String modelName() {
        return runner.modelName();
    }

    /** What is known about the model. */
    public ModelCard card() {
        return runner.card();
    }

    /** L + 1: the hidden states of every capture (the input embeddings and one per decoder layer). */
    public int hiddenStates() {
        return runner.hiddenStates();
    }

    /** Step 1: the model's speech input for {@code clip}. */
    public ModelRunner.SpeechInput features(AudioClip clip) {
        return runner.speechInput(clip);
    }

    /**
     * Step 1 for an example: the model's speech input for its {@code clip}, after checking that the
     * example's word timings (when it has them) lie inside the clip.
     *
     * @throws GapScopeException naming the word that ends after the clip
     */
    public ModelRunner.SpeechInput features(Example example, AudioClip clip) {
        if (example.hasWords()) {
            try {
                example.words().checkInside(clip.durationSeconds());
            } catch (IllegalArgumentException e) {
                throw new GapScopeException(e.getMessage(), e);
            }
        }
        return features(clip);
    }

    /** Step 2: the typed query answered, its span captured. */
    public ModelRunner.Answered text(String exampleId, String transcript) {
        return runner.text(exampleId, transcript, maxTokens);
    }

    /** Step 3: the spoken query answered, its span captured. */
    public ModelRunner.Answered speech(String exampleId, ModelRunner.SpeechInput input) {
        return runner.speech(exampleId, input, maxTokens);
    }

    /**
     * Step 4: METHOD.md's analysis of a speech capture against a text capture (of the same example, or
     * of another one for the mismatched-pair control, then {@code pairId} names both).
     */
    public ExampleAnalysis analyse(HiddenStates speech, HiddenStates text, AnalysisSettings settings, String pairId) {
        return ExampleAnalyzer.analyze(speech, text, settings, runner.modelName(), pairId);
    }

    /** Step 5: whether {@code answer} is correct for {@code example}, or null when the example has no gold answer. */
    public static Boolean judge(Example example, String answer) {
        boolean hasGold = example.answers().stream().anyMatch(a -> !AnswerMatcher.normalize(a).isEmpty());
        return hasGold ? AnswerMatcher.isCorrect(example, answer) : null;
    }

    /** The spoken query answered again with {@code plan} rewriting its span (no capture). */
    public ModelRunner.Answered intervene(String exampleId, ModelRunner.SpeechInput input, InterventionPlan plan) {
        return runner.speechWithIntervention(exampleId, input, maxTokens, plan);
    }

    /** The spoken query answered again with every speech position's input embedding calibrated (no capture). */
    public ModelRunner.Answered calibrate(String exampleId, ModelRunner.SpeechInput input,
            StatisticalCalibration calibration) {
        return runner.speechWithCalibration(exampleId, input, maxTokens, calibration);
    }

    /** The spoken query's input embeddings (hidden state 0 of its span), {@code [position][dimension]}. */
    public float[][] speechInputEmbeddings(String exampleId, ModelRunner.SpeechInput input) {
        return runner.speechInputEmbeddings(exampleId, input);
    }

    /** The typed query's input embeddings (hidden state 0 of its span), {@code [token][dimension]}. */
    public float[][] textInputEmbeddings(String transcript) {
        return runner.textInputEmbeddings(transcript);
    }

    /**
     * Runs {@code example} (its audio already decoded as {@code clip}) through every step, checking
     * {@code monitor} for a cancel between them.
     *
     * @throws GapScopeException when the example has no transcript, or a step fails (the message names it)
     */
    public ExampleRun run(Example example, AudioClip clip, AnalysisSettings settings, Monitor monitor) {
        if (example.transcript().isBlank()) {
            throw new GapScopeException("example " + example.id() + " has no transcript yet: type what is said in the audio");
        }
        monitor.progress(0.05, "spoken query");
        ModelRunner.SpeechInput input = features(example, clip);
        monitor.checkCancelled();
        ModelRunner.Answered speech = speech(example.id(), input);
        monitor.checkCancelled();
        monitor.progress(0.45, "typed query");
        ModelRunner.Answered text = text(example.id(), example.transcript());
        monitor.checkCancelled();
        monitor.progress(0.8, "alignment analysis");
        ExampleAnalysis analysis = analyse(speech.states(), text.states(), settings, example.id());
        monitor.progress(1, "done");
        return new ExampleRun(runner.modelName(), example, clip, speech, text, analysis,
                judge(example, speech.answer()), judge(example, text.answer()));
    }

    /** The spoken query of {@code run} answered again with {@code plan} rewriting its span. */
    public String intervene(ExampleRun run, InterventionPlan plan, Monitor monitor) {
        ModelRunner.SpeechInput input = features(run.clip());
        monitor.checkCancelled();
        return intervene(run.example().id(), input, plan).answer();
    }

    /**
     * GapScope's mismatched pair for one example: the speech of {@code run} against the text of
     * {@code partner} (its image under the control's derangement, {@link ControlPairs}), analysed with
     * the run's own settings.
     */
    public ExampleAnalysis control(ExampleRun run, Example partner, Monitor monitor) {
        monitor.checkCancelled();
        ModelRunner.Answered text = text(partner.id(), partner.transcript());
        monitor.checkCancelled();
        return analyse(run.speech().states(), text.states(), run.analysis().settings(),
                run.example().id() + "|" + partner.id());
    }

    /** Whether the model has an LM head to read the logit lens through. */
    public boolean hasLens() {
        return runner.lensHead().isPresent();
    }

    /**
     * The logit lens on both queries of {@code run} at {@code layers} only (top {@code k} tokens per
     * position, at most the vocabulary), and lens agreement per layer, pairing by the example's reference
     * words when it has usable ones, else proportionally ({@link ExamplePairing#of}, as {@code evaluate} pairs).
     * Reads the speech one layer at a time, checking {@code monitor} for a cancel between layers.
     *
     * @throws GapScopeException when the model has no LM head, or a layer does not exist
     */
    public ExampleLens lens(ExampleRun run, int[] layers, int k, Monitor monitor) {
        LensHead head = lensHead();
        Capture speech = run.speech().capture();
        Capture text = run.text().capture();
        HiddenStates speechStates = speech.asHiddenStates();
        HiddenStates textStates = text.asHiddenStates();
        long t0 = System.nanoTime();
        // the typed query first (a few tokens): it checks the layers and k before the long speech read
        int top = Math.min(k, head.vocabSize());
        LensReadout textReadout = LogitLens.read("text", textStates, text.tokens(), layers, top, head);
        int[] chosen = textReadout.layers();
        List<TopTokens> speechTop = new ArrayList<>();
        for (int i = 0; i < chosen.length; i++) {
            monitor.checkCancelled();
            monitor.progress((double) i / (chosen.length + 1), "logit lens, layer " + chosen[i]);
            speechTop.add(LogitLens.read("speech", speechStates, speech.tokens(), new int[] {chosen[i]}, top, head)
                    .perLayer().get(0));
        }
        LensReadout speechReadout = new LensReadout("speech", speech.tokens(), chosen, top, speechTop);
        monitor.checkCancelled();
        monitor.progress((double) chosen.length / (chosen.length + 1), "lens agreement");
        Example example = run.example();
        TokenPairing pairing = ExamplePairing.of(example.id(), example.transcript(), example.words(),
                speech.length(), text.length(), text.tokens(), speech.times(), run.clip().durationSeconds());
        LensAgreement agreement = LogitLens.agreement(speechStates, textStates, pairing, chosen, head, textReadout);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<Integer, String> texts = new HashMap<>();
        for (LensReadout r : List.of(speechReadout, textReadout)) {
            for (TopTokens t : r.perLayer()) {
                addTokenTexts(t.ids(), head, texts);
            }
        }
        addTokenTexts(agreement.speechTop1(), head, texts);
        addTokenTexts(agreement.textTop1(), head, texts);
        monitor.progress(1, "done");
        int last = hiddenStates() - 1;
        return new ExampleLens(runner.modelName(), example.id(), speechReadout, speech.times(), textReadout, agreement,
                new LayerRange(Math.min(1, last), last), head.vocabSize(), texts, seconds);
    }

    /**
     * Lens agreement at every hidden state of one example's captures (as {@code evaluate --lens} records
     * it), pairing as {@link #lens} does.
     *
     * @throws GapScopeException when the model has no LM head
     */
    public LensAgreement lensAgreement(Example example, HiddenStates speech, HiddenStates text, List<String> textTokens,
            float[] speechTimes, double clipSeconds) {
        LensHead head = lensHead();
        TokenPairing pairing = ExamplePairing.of(example.id(), example.transcript(), example.words(),
                speech.tokenCount(), text.tokenCount(), textTokens, speechTimes, clipSeconds);
        int[] all = new int[Math.min(speech.layerCount(), text.layerCount())];
        for (int l = 0; l < all.length; l++) {
            all[l] = l;
        }
        return LogitLens.agreement(speech, text, pairing, all, head, null);
    }

    private LensHead lensHead() {
        return runner.lensHead().orElseThrow(() -> new GapScopeException(
                runner.modelName() + " has no LM head to read the logit lens through"));
    }

    private static void addTokenTexts(int[][] ids, LensHead head, Map<Integer, String> texts) {
        for (int[] row : ids) {
            for (int id : row) {
                texts.computeIfAbsent(id, head::token);
            }
        }
    }

    /** Closes the model. */
    @Override
    public void close() {
        runner.close();
    }
}
