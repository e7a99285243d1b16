package org.gapscope.app.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.gapscope.audio.AudioClip;
import org.gapscope.capture.Capture;
import org.gapscope.capture.CaptureMeta;
import org.gapscope.capture.Modality;
import org.gapscope.engine.ModelCard;
import org.gapscope.engine.ModelRunner;
import org.gapscope.intervention.InterventionPlan;
import org.gapscope.intervention.StatisticalCalibration;

/**
 * A stand-in speech language model for view-model and window tests, behind the engine's
 * {@link ModelRunner} seam: no native code, deterministic. Each word has a fixed random direction; a
 * text token's state is its word's direction plus a small layer-dependent part, a speech position's
 * state is the direction of the word spoken at that time (the transcript of a clip is looked up by its
 * length in samples) plus noise, so that the alignment path is close to the diagonal. The typed
 * question is answered correctly, the spoken one only after an intervention rewrote at least one
 * position: enough to tell every code path apart.
 */
public final class SyntheticModel implements ModelRunner {

    /** Hidden size. */
    public static final int D = 16;
    /** Decoder layers. */
    public static final int L = 4;
    /** Speech positions per second. */
    public static final double RATE = 10;

    private final Map<Integer, String> transcriptsByLength;
    private final Map<String, String> answersByTranscript;
    private final String name;
    private boolean closed;

    /**
     * A model knowing what is said in clips of given lengths, and the right answer to each question.
     *
     * @param transcriptsByLength clip length in samples to transcript
     * @param answersByTranscript transcript to its right answer
     */
    public SyntheticModel(String name, Map<Integer, String> transcriptsByLength, Map<String, String> answersByTranscript) {
        this.name = name;
        this.transcriptsByLength = transcriptsByLength;
        this.answersByTranscript = answersByTranscript;
    }

    /** An opener that hands out a new synthetic model for any folder (its name is the folder's). */
    public static ModelOpener opener(Map<Integer, String> transcripts, Map<String, String> answers) {
        return (folder, monitor) -> new SyntheticModel(folder.getFileName().toString(), transcripts, answers);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
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
        return L + 1;
    }

    @Override
    public ModelCard card() {
        return new ModelCard(name, "synthetic", L, D, "CPU", "float32", "float32", Path.of(name));
    }

    /** The input keeps only what the stand-in needs: the clip's length (in its duration). */
    @Override
    public SpeechInput speechInput(AudioClip clip) {
        return new SpeechInput(new float[0][0], 0, clip.durationSeconds());
    }

    private static float[] direction(String word) {
        SplittableRandom r = new SplittableRandom(word.hashCode());
        float[] v = new float[D];
        for (int k = 0; k < D; k++) {
            v[k] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.strip().toLowerCase(Locale.ROOT).split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private String transcriptOf(SpeechInput input) {
        return transcriptsByLength.getOrDefault(length(input), "unknown");
    }

    private static int length(SpeechInput input) {
        return (int) Math.round(input.seconds() * AudioClip.SAMPLE_RATE);
    }

    @Override
    public Answered speech(String exampleId, SpeechInput input, int maxTokens) {
        List<String> words = words(transcriptOf(input));
        int positions = Math.max(2, (int) Math.ceil(input.seconds() * RATE));
        float[][][] h = new float[L + 1][positions][];
        SplittableRandom noise = new SplittableRandom(length(input));
        List<String> names = new ArrayList<>();
        float[] times = new float[positions];
        for (int i = 0; i < positions; i++) {
            names.add("s" + i);
            times[i] = (float) (i / RATE);
            float[] w = direction(words.get(Math.min(words.size() - 1, i * words.size() / positions)));
            for (int l = 0; l <= L; l++) {
                float[] v = new float[D];
                for (int k = 0; k < D; k++) {
                    v[k] = w[k] * (1 + 0.2f * l) + (float) (noise.nextGaussian() * (0.6 - 0.1 * l));
                }
                h[l][i] = v;
            }
        }
        return new Answered("i do not know", Capture.of(h, names, times, meta(Modality.SPEECH, exampleId)));
    }

    @Override
    public Answered text(String exampleId, String transcript, int maxTokens) {
        List<String> words = words(transcript);
        float[][][] h = new float[L + 1][words.size()][];
        for (int j = 0; j < words.size(); j++) {
            float[] w = direction(words.get(j));
            for (int l = 0; l <= L; l++) {
                float[] v = new float[D];
                for (int k = 0; k < D; k++) {
                    v[k] = w[k] * (1 + 0.3f * l) + 0.05f * l;
                }
                h[l][j] = v;
            }
        }
        return new Answered(answersByTranscript.getOrDefault(transcript, "no idea"),
                Capture.of(h, words, new float[0], meta(Modality.TEXT, exampleId)));
    }

    private CaptureMeta meta(Modality modality, String exampleId) {
        return new CaptureMeta(name, modality, exampleId, "test");
    }

    @Override
    public Answered speechWithIntervention(String exampleId, SpeechInput input, int maxTokens, InterventionPlan plan) {
        int rewritten = plan.rewrites().stream().mapToInt(r -> r.speechPositions().length).sum();
        return new Answered(rewritten > 0 ? answersByTranscript.getOrDefault(transcriptOf(input), "no idea")
                : "i do not know", null);
    }

    @Override
    public float[][] speechInputEmbeddings(String exampleId, SpeechInput input) {
        return speech(exampleId, input, 1).capture().layer(0);
    }

    @Override
    public float[][] textInputEmbeddings(String transcript) {
        return text("", transcript, 1).capture().layer(0);
    }

    /** Calibrating every speech position makes the stand-in answer the spoken question right. */
    @Override
    public Answered speechWithCalibration(String exampleId, SpeechInput input, int maxTokens,
            StatisticalCalibration calibration) {
        return new Answered(answersByTranscript.getOrDefault(transcriptOf(input), "no idea"), null);
    }

    @Override
    public void close() {
        closed = true;
    }
}
