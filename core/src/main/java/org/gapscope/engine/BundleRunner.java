package org.gapscope.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.gapscope.GapScopeException;
import org.gapscope.audio.AudioClip;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.StatisticalCalibration;
import org.gapscope.lenses.LensHead;
import org.gapscope.model.BundleManifest;
import org.gapscope.model.Generation;
import org.gapscope.model.CaptureHook;
import org.gapscope.model.DeviceNames;
import org.gapscope.model.InterventionHook;
import org.gapscope.model.KvCacheMode;
import org.gapscope.model.LayeredModel;
import org.gapscope.model.LmHeadLens;
import org.gapscope.model.ModelBundle;
import org.gapscope.model.Prompt;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * A {@link ModelRunner} over a model bundle: the speech input from {@link SpeechFrontEnd} (Whisper
 * log-mel features as the bundle's manifest asks), greedy answers from {@link LayeredModel} with a
 * capture hook on the query span, and an intervention plan applied through
 * {@link InterventionHook#of(InterventionPlan)} on every decoding step.
 */
public final class BundleRunner implements ModelRunner {

    private final ModelBundle bundle;
    private final LayeredModel model;
    private final SpeechFrontEnd frontEnd;
    private final String fingerprint;
    private final LmHeadLens lens;

    private BundleRunner(ModelBundle bundle, LayeredModel model, SpeechFrontEnd frontEnd) {
        this.bundle = bundle;
        this.model = model;
        this.frontEnd = frontEnd;
        this.fingerprint = fingerprint(bundle);
        this.lens = new LmHeadLens(model);
    }

    /** Opens and validates the bundle in {@code folder} on {@code device}; generation uses its key/value cache if it has one. */
    public static BundleRunner open(Path folder, Device device) {
        return open(folder, device, KvCacheMode.WHEN_AVAILABLE);
    }

    /** Opens and validates the bundle in {@code folder} on {@code device}, with or without the key/value cache. */
    public static BundleRunner open(Path folder, Device device, KvCacheMode kvCache) {
        return open(folder, device, kvCache, Monitor.NONE);
    }

    /**
     * Opens the bundle in {@code folder} on the default device (the GPU when PyTorch sees one):
     * validates it, then loads every part; stops between the two when {@code monitor} cancels.
     */
    public static BundleRunner open(Path folder, Monitor monitor) {
        return open(folder, null, KvCacheMode.WHEN_AVAILABLE, monitor);
    }

    private static BundleRunner open(Path folder, Device device, KvCacheMode kvCache, Monitor monitor) {
        monitor.progress(-1, "checking the bundle");
        ModelBundle bundle = ModelBundle.open(folder);
        SpeechFrontEnd frontEnd = frontEnd(bundle);
        monitor.checkCancelled();
        monitor.progress(-1, "loading " + bundle.manifest().numLayers() + " layers");
        LayeredModel model = LayeredModel.open(bundle, device == null ? LayeredModel.defaultDevice() : device, kvCache);
        if (monitor.isCancelled()) {
            model.close();
            monitor.checkCancelled();
        }
        try {
            return new BundleRunner(bundle, model, frontEnd);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static SpeechFrontEnd frontEnd(ModelBundle bundle) {
        try {
            return SpeechFrontEnd.of(bundle.manifest().features());
        } catch (GapScopeException e) {
            throw new GapScopeException(bundle.folder() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads PyTorch's native library now (a second or more the first time), so that opening the first
     * bundle later does not wait for it; a failure is left for opening to report.
     */
    public static void warmUp() {
        try {
            Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            System.getLogger(BundleRunner.class.getName()).log(System.Logger.Level.DEBUG, "PyTorch warm-up failed", e);
        }
    }

    /** The loaded model. */
    public LayeredModel model() {
        return model;
    }

    /** The bundle. */
    public ModelBundle bundle() {
        return bundle;
    }

    @Override
    public String modelName() {
        return model.manifest().name();
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * SHA-256 over {@code bundle.json}, {@code tokenizer.json} and the name and size of every file
     * (reading gigabytes of weights to resume a run would take too long).
     */
    private static String fingerprint(ModelBundle bundle) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Path folder = bundle.folder();
            digest.update(Files.readAllBytes(folder.resolve(ModelBundle.MANIFEST)));
            digest.update(Files.readAllBytes(bundle.tokenizerPath()));
            List<Path> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
            for (Path f : files) {
                digest.update((folder.relativize(f) + ":" + Files.size(f) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new GapScopeException(bundle.folder() + ": cannot read the bundle: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java", e);
        }
    }

    @Override
    public int hiddenStates() {
        return model.numLayers() + 1;
    }

    @Override
    public ModelCard card() {
        BundleManifest m = model.manifest();
        return new ModelCard(m.name(), m.family(), model.numLayers(), model.hiddenSize(),
                DeviceNames.system().describe(model.device()),
                model.computeType().toString().toLowerCase(Locale.ROOT), m.dtype().id(), bundle.folder());
    }

    /** The speech front end of this bundle (also for log-mel features given as they are). */
    public SpeechFrontEnd frontEnd() {
        return frontEnd;
    }

    @Override
    public SpeechInput speechInput(AudioClip clip) {
        return frontEnd.input(clip);
    }

    @Override
    public Answered text(String exampleId, String transcript, int maxTokens) {
        Prompt prompt = model.textPrompt(transcript);
        CaptureHook hook = CaptureHook.querySpan(exampleId);
        Generation answer = model.generate(prompt, maxTokens, hook);
        return new Answered(answer.text(), hook.capture(), answer.cutAtMaxPositions());
    }

    @Override
    public Answered speech(String exampleId, SpeechInput input, int maxTokens) {
        Prompt prompt = model.speechPrompt(model.encodeSpeech(input.logMel(), input.validFrames()));
        CaptureHook hook = CaptureHook.querySpan(exampleId);
        Generation answer = model.generate(prompt, maxTokens, hook);
        return new Answered(answer.text(), hook.capture(), answer.cutAtMaxPositions());
    }

    @Override
    public Answered speechWithIntervention(String exampleId, SpeechInput input, int maxTokens, InterventionPlan plan) {
        Prompt prompt = model.speechPrompt(model.encodeSpeech(input.logMel(), input.validFrames()));
        Generation answer = model.generate(prompt, maxTokens, InterventionHook.of(plan));
        return new Answered(answer.text(), null, answer.cutAtMaxPositions());
    }

    @Override
    public float[][] speechInputEmbeddings(String exampleId, SpeechInput input) {
        return model.encodeSpeech(input.logMel(), input.validFrames()).toArray();
    }

    @Override
    public float[][] textInputEmbeddings(String transcript) {
        return model.embedText(transcript).vectors();
    }

    @Override
    public Answered speechWithCalibration(String exampleId, SpeechInput input, int maxTokens,
            StatisticalCalibration calibration) {
        Prompt prompt = model.speechPrompt(model.encodeSpeech(input.logMel(), input.validFrames()));
        Generation answer = model.generate(prompt, maxTokens, calibrationHook(prompt.queryLength(), calibration));
        return new Answered(answer.text(), null, answer.cutAtMaxPositions());
    }

    /** Every position of a speech span of {@code positions} rewritten at layer 0 by the calibration. */
    public static InterventionHook calibrationHook(int positions, StatisticalCalibration calibration) {
        InterventionHook.Builder b = InterventionHook.builder();
        for (int i = 0; i < positions; i++) {
            b.rewrite(StatisticalCalibration.LAYER, i, (layer, position, current) -> calibration.rewrite(current));
        }
        return b.build();
    }

    /** The bundle's {@code lm_head} part as the logit lens, on the model's device. */
    @Override
    public Optional<LensHead> lensHead() {
        return Optional.of(lens);
    }

    @Override
    public void close() {
        model.close();
    }
}
