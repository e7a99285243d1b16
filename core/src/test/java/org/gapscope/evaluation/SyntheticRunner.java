package org.gapscope.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.gapscope.GapScopeException;
import org.gapscope.audio.AudioClip;
import org.gapscope.capture.Capture;
import org.gapscope.capture.CaptureMeta;
import org.gapscope.capture.Modality;
import org.gapscope.engine.ModelRunner;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.StatisticalCalibration;
import org.gapscope.lenses.LensHead;

/**
 * A stand-in model for engine tests (no DJL): hidden states made from seeded word vectors (the
 * speech positions of a word lie near its text vector, so matched pairs are more alike than
 * mismatched ones), the answer is the transcript's last word (text) or, for speech, the last word
 * for a share of the examples chosen by the id's hash. A transcript containing {@code BOOM} fails in the model.
 */
public final class SyntheticRunner implements ModelRunner {

    public static final int LAYERS = 4;
    public static final int D = 8;

    private final String name;
    private final Map<String, String> transcripts;
    private final float noise;
    private final int speechQuarters;
    /** Every text pass asked for, as {@code id:maxTokens} (the control's prompt-only passes ask for 1 token). */
    final List<String> textCalls = new ArrayList<>();

    public SyntheticRunner(String name, Map<String, String> transcriptsById) {
        this(name, transcriptsById, 0.4f, 2);
    }

    /**
     * A stand-in whose speech positions carry {@code noise} (relative to the word vectors) and whose
     * spoken answers are right for about {@code speechQuarters} / 4 of the examples (by the id's hash).
     */
    public SyntheticRunner(String name, Map<String, String> transcriptsById, float noise, int speechQuarters) {
        this.name = name;
        this.transcripts = transcriptsById;
        this.noise = noise;
        this.speechQuarters = speechQuarters;
    }

    @Override
    public String modelName() {
        return name;
    }

    @Override
    public String fingerprint() {
        return "synthetic:" + name;
    }

    @Override
    public int hiddenStates() {
        return LAYERS;
    }

    @Override
    public SpeechInput speechInput(AudioClip clip) {
        int frames = Math.max(1, clip.length() / 160);
        return new SpeechInput(new float[80][frames], frames, clip.durationSeconds());
    }

    @Override
    public Answered text(String exampleId, String transcript, int maxTokens) {
        textCalls.add(exampleId + ":" + maxTokens);
        if (transcript.contains("BOOM")) {
            throw new GapScopeException("the synthetic model cannot encode \"BOOM\"");
        }
        String[] words = transcript.strip().split("\\s+");
        float[] hidden = new float[LAYERS * words.length * D];
        for (int l = 0; l < LAYERS; l++) {
            for (int j = 0; j < words.length; j++) {
                float[] v = wordVector(words[j], l);
                System.arraycopy(v, 0, hidden, (l * words.length + j) * D, D);
            }
        }
        return new Answered(words[words.length - 1], Capture.wrap(hidden, LAYERS, words.length, D, List.of(words),
                new float[0], new CaptureMeta(name, Modality.TEXT, exampleId, "test")));
    }

    @Override
    public Answered speech(String exampleId, SpeechInput input, int maxTokens) {
        String[] words = transcripts.get(exampleId).strip().split("\\s+");
        int t = 2 * words.length;
        float[] hidden = new float[LAYERS * t * D];
        SplittableRandom random = new SplittableRandom(exampleId.hashCode());
        List<String> names = new ArrayList<>();
        float[] times = new float[t];
        for (int i = 0; i < t; i++) {
            names.add("s" + i);
            times[i] = (float) (i * input.seconds() / t);
        }
        for (int l = 0; l < LAYERS; l++) {
            for (int i = 0; i < t; i++) {
                float[] v = wordVector(words[i / 2], l);
                for (int k = 0; k < D; k++) {
                    hidden[(l * t + i) * D + k] = v[k] * 1.5f + (float) random.nextGaussian() * noise;
                }
            }
        }
        String answer = Math.floorMod(exampleId.hashCode(), 4) < speechQuarters ? words[words.length - 1] : "hmm";
        return new Answered(answer, Capture.wrap(hidden, LAYERS, t, D, names, times,
                new CaptureMeta(name, Modality.SPEECH, exampleId, "test")));
    }

    @Override
    public Answered speechWithIntervention(String exampleId, SpeechInput input, int maxTokens, InterventionPlan plan) {
        String[] words = transcripts.get(exampleId).strip().split("\\s+");
        return new Answered(plan.rewrites().get(0).speechPositions().length > 0 ? words[words.length - 1] : "hmm", null);
    }

    /** The layer-0 speech rows the last calibrated answer was given (after the rewrite). */
    float[] lastCalibrated;

    @Override
    public float[][] speechInputEmbeddings(String exampleId, SpeechInput input) {
        return speech(exampleId, input, 1).capture().layer(0);
    }

    @Override
    public float[][] textInputEmbeddings(String transcript) {
        return text("", transcript, 1).capture().layer(0);
    }

    @Override
    public Answered speechWithCalibration(String exampleId, SpeechInput input, int maxTokens,
            StatisticalCalibration calibration) {
        float[] rows = layerZero(speech(exampleId, input, maxTokens).capture());
        int t = rows.length / D;
        lastCalibrated = new float[rows.length];
        for (int i = 0; i < t; i++) {
            float[] row = java.util.Arrays.copyOfRange(rows, i * D, (i + 1) * D);
            System.arraycopy(calibration.rewrite(row), 0, lastCalibrated, i * D, D);
        }
        String[] words = transcripts.get(exampleId).strip().split("\\s+");
        // calibration "helps" three quarters of the examples (by the id's hash), against half for plain speech
        return new Answered(Math.floorMod(exampleId.hashCode(), 4) < 3 ? words[words.length - 1] : "hmm", null);
    }

    private static float[] layerZero(Capture c) {
        float[] rows = new float[c.length() * c.hiddenSize()];
        c.copyLayer(0, rows);
        return rows;
    }

    private LensHead lensHead;

    /** This stand-in with {@code head} as its LM head (for {@code evaluate --lens}); none by default. */
    SyntheticRunner withLensHead(LensHead head) {
        this.lensHead = head;
        return this;
    }

    @Override
    public Optional<LensHead> lensHead() {
        return Optional.ofNullable(lensHead);
    }

    @Override
    public void close() {
    }

    /** A word's vector at a layer: its own seeded direction plus a direction all words share, growing with depth. */
    static float[] wordVector(String word, int layer) {
        SplittableRandom r = new SplittableRandom(word.hashCode());
        float[] v = new float[D];
        for (int k = 0; k < D; k++) {
            v[k] = (float) r.nextGaussian() + (k == 0 ? 0.5f * layer : 0f);
        }
        return v;
    }
}
