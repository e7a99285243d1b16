package org.gapscope.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.gapscope.audio.SilenceTrim;

/**
 * One example: a spoken question (audio file), its transcript, and the accepted answers; for
 * multiple choice also the choices, in which case {@code answers} holds the correct letter.
 *
 * @param id unique id within its set
 * @param audio absolute path of the audio file (resolved against the dataset file's folder)
 * @param transcript what is said in the audio; the text query
 * @param answers accepted answers (at least one)
 * @param choices the options of a multiple-choice question, empty otherwise
 * @param prompt an optional instruction shown before the question, or empty
 * @param task an optional task or family label, or empty
 * @param line the 1-based line of the dataset file it came from (0 when made in the program)
 * @param words reference word timings of the transcript's words ({@link WordTimings#NONE} when the example
 *              has none); checked against the transcript here, against the clip when its audio is loaded
 * @param trim the silence trimmed off its audio before it became an example (a recording made in the
 *             program), or null when its audio was not trimmed
 */
public record Example(String id, Path audio, String transcript, List<String> answers, List<String> choices,
        String prompt, String task, int line, WordTimings words, SilenceTrim trim) {

    /** Validates and copies the lists. */
    public Example {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transcript, "transcript");
        words = words == null ? WordTimings.NONE : words;
        if (!words.isEmpty()) {
            words.checkTranscript(transcript);
        }
        answers = List.copyOf(answers);
        choices = List.copyOf(choices);
        prompt = prompt == null ? "" : prompt;
        task = task == null ? "" : task;
        if (id.isBlank()) {
            throw new IllegalArgumentException("id is blank");
        }
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("example " + id + " has no accepted answer");
        }
    }

    /** An example without word timings whose audio was not trimmed. */
    public Example(String id, Path audio, String transcript, List<String> answers, List<String> choices,
            String prompt, String task, int line) {
        this(id, audio, transcript, answers, choices, prompt, task, line, WordTimings.NONE, null);
    }

    /** An example read from a dataset file: its audio was not trimmed. */
    public Example(String id, Path audio, String transcript, List<String> answers, List<String> choices,
            String prompt, String task, int line, WordTimings words) {
        this(id, audio, transcript, answers, choices, prompt, task, line, words, null);
    }

    /** An example made in the program from a (possibly trimmed) recording: no word timings. */
    public Example(String id, Path audio, String transcript, List<String> answers, List<String> choices,
            String prompt, String task, int line, SilenceTrim trim) {
        this(id, audio, transcript, answers, choices, prompt, task, line, WordTimings.NONE, trim);
    }

    /** Whether the example has reference word timings. */
    public boolean hasWords() {
        return !words.isEmpty();
    }

    /** The silence trimmed off the audio, if it was trimmed. */
    public Optional<SilenceTrim> silenceTrim() {
        return Optional.ofNullable(trim);
    }

    /** Whether this is a multiple-choice example. */
    public boolean isMultipleChoice() {
        return !choices.isEmpty();
    }

    /** The audio file, if the example has one (a typed-only example has none). */
    public Optional<Path> audioFile() {
        return Optional.ofNullable(audio);
    }

    /**
     * A copy with another transcript (the explorer lets the user edit it); the word timings are kept
     * only when they still match the new transcript's words.
     */
    public Example withTranscript(String newTranscript) {
        WordTimings kept = words;
        if (!words.isEmpty()) {
            try {
                words.checkTranscript(newTranscript);
            } catch (IllegalArgumentException e) {
                kept = WordTimings.NONE;
            }
        }
        return new Example(id, audio, newTranscript, answers, choices, prompt, task, line, kept, trim);
    }
}
