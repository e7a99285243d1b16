package org.gapscope.app.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.gapscope.audio.AudioClip;
import org.gapscope.audio.WavWriter;

/**
 * A small example set on disk for tests: tones of distinct lengths as the "spoken" questions, their
 * transcripts and answers, and the {@link SyntheticModel} that knows them.
 *
 * @param file        the JSON Lines file
 * @param transcripts clip length in samples to transcript
 * @param answers     transcript to answer
 */
public record SyntheticSet(Path file, Map<Integer, String> transcripts, Map<String, String> answers) {

    private static final String[][] QUESTIONS = {
        {"what is two plus three", "five"},
        {"what is the opposite of hot", "cold"},
        {"what colour is the sky", "blue"},
        {"how many legs does a dog have", "four"},
        {"what comes after monday", "tuesday"},
        {"which is bigger a cat or a horse", "horse"},
    };

    /** Writes {@code n} (at most 6) examples and their WAV files into {@code dir}. */
    public static SyntheticSet write(Path dir, int n) {
        Map<Integer, String> transcripts = new HashMap<>();
        Map<String, String> answers = new HashMap<>();
        List<String> lines = new ArrayList<>();
        try {
            Files.createDirectories(dir.resolve("wav"));
            for (int i = 0; i < n; i++) {
                String q = QUESTIONS[i][0];
                String a = QUESTIONS[i][1];
                double seconds = 1.2 + 0.25 * i;
                float[] s = new float[(int) Math.round(seconds * AudioClip.SAMPLE_RATE)];
                for (int k = 0; k < s.length; k++) {
                    s[k] = (float) (0.2 * Math.sin(2 * Math.PI * (200 + 40 * i) * k / AudioClip.SAMPLE_RATE)
                            * (0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * k / AudioClip.SAMPLE_RATE)));
                }
                WavWriter.writePcm16(AudioClip.ofSamples(s), dir.resolve("wav/q" + (i + 1) + ".wav"));
                transcripts.put(s.length, q);
                answers.put(q, a);
                lines.add("{\"id\": \"q" + (i + 1) + "\", \"audio\": \"wav/q" + (i + 1) + ".wav\", \"transcript\": \"" + q
                        + "\", \"answer\": \"" + a + "\", \"task\": \"synthetic\"}");
            }
            Path file = dir.resolve("examples.jsonl");
            Files.write(file, lines);
            return new SyntheticSet(file, transcripts, answers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An opener handing out synthetic models that know this set. */
    public ModelOpener opener() {
        return SyntheticModel.opener(transcripts, answers);
    }
}
