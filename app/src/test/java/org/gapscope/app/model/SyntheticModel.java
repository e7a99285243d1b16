package org.gapscope.app.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.gapscope.analysis.HiddenStates;
import org.gapscope.app.shell.TaskContext;
import org.gapscope.audio.AudioClip;
import org.gapscope.intervention.InterventionPlan;

/**
 * A stand-in speech language model for view-model and window tests: no native code, deterministic.
 * Each word has a fixed random direction; a text token's state is its word's direction plus a small
 * layer-dependent part, a speech position's state is the direction of the word spoken at that time
 * (the transcript of a clip is looked up by its length in samples) plus noise, so that the alignment
 * path is close to the diagonal. The typed question is answered correctly, the spoken one only
 * after an intervention rewrote at least one position: enough to tell every code path apart.
 */
public final class SyntheticModel implements SpeechModel {

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
        return (Path folder, TaskContext ctx) -> new SyntheticModel(folder.getFileName().toString(), transcripts, answers);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public ModelCard card() {
        return new ModelCard(name, "synthetic", L, D, "CPU", "float32", "float32", Path.of(name));
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
        return Arrays.stream(text.strip().toLowerCase(java.util.Locale.ROOT).split("\\s+")).filter(w -> !w.isEmpty())
                .toList();
    }

    @Override
    public QueryRun runSpeech(String id, AudioClip clip, TaskContext context) {
        String transcript = transcriptsByLength.getOrDefault(clip.length(), "unknown");
        List<String> words = words(transcript);
        int positions = Math.max(2, (int) Math.ceil(clip.durationSeconds() * RATE));
        float[][][] h = new float[L + 1][positions][];
        SplittableRandom noise = new SplittableRandom(clip.length());
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
        return new QueryRun(HiddenStates.of(id + " speech", h), names, times, "i do not know");
    }

    @Override
    public QueryRun runText(String id, String transcript, TaskContext context) {
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
        return new QueryRun(HiddenStates.of(id + " text", h), words, new float[0],
                answersByTranscript.getOrDefault(transcript, "no idea"));
    }

    @Override
    public String answerWithIntervention(AudioClip clip, InterventionPlan plan, TaskContext context) {
        int rewritten = plan.rewrites().stream().mapToInt(r -> r.speechPositions().length).sum();
        String transcript = transcriptsByLength.getOrDefault(clip.length(), "unknown");
        return rewritten > 0 ? answersByTranscript.getOrDefault(transcript, "no idea") : "i do not know";
    }

    @Override
    public void close() {
        closed = true;
    }
}
