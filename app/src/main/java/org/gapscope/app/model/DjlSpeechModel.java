package org.gapscope.app.model;

import java.nio.file.Path;
import java.util.Locale;

import org.gapscope.GapScopeException;
import org.gapscope.app.shell.TaskContext;
import org.gapscope.audio.AudioClip;
import org.gapscope.audio.LogMelSpectrogram;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.model.CaptureHook;
import org.gapscope.model.DeviceNames;
import org.gapscope.model.FeatureSettings;
import org.gapscope.model.Generation;
import org.gapscope.model.InterventionHook;
import org.gapscope.model.LayeredModel;
import org.gapscope.model.ModelBundle;
import org.gapscope.model.Prompt;

/** A bundle run by the DJL runtime ({@link LayeredModel}), layer by layer with capture and intervention hooks. */
public final class DjlSpeechModel implements SpeechModel {

    private final LayeredModel model;
    private final ModelCard card;
    private final WhisperLogMel features;

    private DjlSpeechModel(LayeredModel model, DeviceNames devices) {
        this.model = model;
        var m = model.manifest();
        this.card = new ModelCard(m.name(), m.family(), model.numLayers(), model.hiddenSize(),
                devices.describe(model.device()), model.computeType().toString().toLowerCase(Locale.ROOT), m.dtype().id(),
                model.bundle().folder());
        this.features = new WhisperLogMel(m.features().melBins());
    }

    /**
     * Loads PyTorch's native library on a daemon thread (a second or more), so that opening the
     * first model does not wait for it; harmless when it fails (opening reports the problem).
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try {
                ai.djl.engine.Engine.getEngine("PyTorch");
            } catch (RuntimeException | LinkageError e) {
                System.getLogger(DjlSpeechModel.class.getName()).log(System.Logger.Level.DEBUG, "PyTorch warm-up failed", e);
            }
        }, "gapscope-pytorch-start");
        t.setDaemon(true);
        t.start();
    }

    /** The opener the desktop program uses: validate the bundle, then load every part (cancellable between the two). */
    public static ModelOpener opener() {
        return DjlSpeechModel::open;
    }

    /** Opens {@code folder} on the default device. */
    public static DjlSpeechModel open(Path folder, TaskContext context) {
        context.progress(-1, "checking the bundle");
        ModelBundle bundle = ModelBundle.open(folder);
        context.checkCancelled();
        context.progress(-1, "loading " + bundle.manifest().numLayers() + " layers");
        LayeredModel model = LayeredModel.open(bundle);
        if (context.isCancelled()) {
            model.close();
            context.checkCancelled();
        }
        return new DjlSpeechModel(model, DeviceNames.system());
    }

    @Override
    public ModelCard card() {
        return card;
    }

    @Override
    public QueryRun runSpeech(String id, AudioClip clip, TaskContext context) {
        Prompt prompt = speechPrompt(clip);
        context.checkCancelled();
        CaptureHook hook = CaptureHook.querySpan(id);
        Generation answer = model.generate(prompt, MAX_ANSWER_TOKENS, hook);
        var capture = hook.capture();
        return new QueryRun(capture.asHiddenStates(), capture.tokens(), capture.times(), answer.text());
    }

    @Override
    public QueryRun runText(String id, String transcript, TaskContext context) {
        if (transcript == null || transcript.isBlank()) {
            throw new GapScopeException("example " + id + " has no transcript yet: type what is said in the audio");
        }
        Prompt prompt = model.textPrompt(transcript);
        CaptureHook hook = CaptureHook.querySpan(id);
        Generation answer = model.generate(prompt, MAX_ANSWER_TOKENS, hook);
        var capture = hook.capture();
        return new QueryRun(capture.asHiddenStates(), capture.tokens(), new float[0], answer.text());
    }

    @Override
    public String answerWithIntervention(AudioClip clip, InterventionPlan plan, TaskContext context) {
        Prompt prompt = speechPrompt(clip);
        context.checkCancelled();
        return model.generate(prompt, MAX_ANSWER_TOKENS, InterventionHook.of(plan)).text();
    }

    /**
     * Whisper log-mel features of the zero-padded waveform when the bundle pads (as Whisper's feature
     * extractor does, and as {@code gapscope run --audio}), else of the clip alone.
     */
    private Prompt speechPrompt(AudioClip clip) {
        FeatureSettings settings = model.manifest().features();
        if (settings.sampleRate() != WhisperLogMel.SAMPLE_RATE || settings.nFft() != WhisperLogMel.N_FFT
                || settings.hopLength() != WhisperLogMel.HOP_LENGTH) {
            throw new GapScopeException(card.name() + ": the bundle's features (sample rate " + settings.sampleRate()
                    + ", n_fft " + settings.nFft() + ", hop " + settings.hopLength() + ") are not Whisper's 16000/400/160");
        }
        if (clip.durationSeconds() > settings.maxSeconds() + 1e-9) {
            throw new GapScopeException(String.format(Locale.ROOT,
                    "the clip is %.1f s long; this model accepts at most %.1f s (cut the audio or record a shorter question)",
                    clip.durationSeconds(), settings.maxSeconds()));
        }
        Integer padTo = settings.padToFrames();
        boolean fits = padTo != null && WhisperLogMel.frameCount(clip.length()) <= padTo;
        LogMelSpectrogram mel = fits ? features.compute(clip, padTo * settings.frameSeconds()) : features.compute(clip);
        return model.speechPrompt(model.encodeSpeech(mel.toMatrix(), mel.validFrames()));
    }

    @Override
    public void close() {
        model.close();
    }
}
