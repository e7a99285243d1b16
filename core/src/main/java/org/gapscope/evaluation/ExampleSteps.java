package org.gapscope.evaluation;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.gapscope.GapScopeException;
import org.gapscope.audio.AudioLoader;
import org.gapscope.dataset.Example;
import org.gapscope.engine.ExampleEngine;
import org.gapscope.engine.ModelRunner;

import com.google.gson.JsonObject;

/**
 * One dataset entry's way through a batch command ({@link Evaluation}, {@link InterventionRun}):
 * each step of the {@link ExampleEngine} timed under its {@link Stage}, the stage reached kept so that
 * a failure names it, and the first steps both commands take (the example answered as text, its audio
 * loaded, then answered as speech).
 */
final class ExampleSteps {

    /** What a command does with an example once its record is started. */
    @FunctionalInterface
    interface Work {
        /** Adds to {@code record}; runs its steps through {@code steps}. */
        void on(Example example, JsonObject record, ExampleSteps steps);
    }

    /**
     * The example answered both ways.
     *
     * @param input the model's speech input computed from the audio
     * @param text the answer to the transcript, with its capture
     * @param speech the answer to the audio, with its capture
     */
    record Answers(ModelRunner.SpeechInput input, ModelRunner.Answered text, ModelRunner.Answered speech) {
    }

    private final StageTimes times;
    private Stage stage = Stage.TEXT;

    private ExampleSteps(StageTimes times) {
        this.times = times;
    }

    /**
     * The entry's record: its line, id, task and gold answers, then what {@code work} adds; a broken
     * dataset line, or a step that throws, gives a failed record naming the stage, never an exception.
     */
    static JsonObject record(DatasetEntry entry, StageTimes times, Work work) {
        JsonObject record = Evaluation.base(entry);
        if (entry.broken()) {
            return Evaluation.failed(record, Stage.DATASET, "line " + entry.line() + ": " + entry.problem());
        }
        ExampleSteps steps = new ExampleSteps(times);
        try {
            work.on(entry.example(), record, steps);
            return record;
        } catch (RuntimeException e) {
            return Evaluation.failed(record, steps.stage, Evaluation.reason(e));
        }
    }

    /** Enters {@code s} and runs {@code work}, adding its time to {@code s}. */
    <T> T time(Stage s, Supplier<T> work) {
        stage = s;
        return times.time(s, work);
    }

    /** Enters {@code s} and runs {@code work}, adding its time to {@code s}. */
    void run(Stage s, Runnable work) {
        stage = s;
        times.run(s, work);
    }

    /**
     * Answers the transcript as text, then loads the audio into the model's speech input and answers
     * it as speech, adding the answers to {@code record} as {@code text} and {@code speech}. The text
     * pass comes first: it needs nothing but the transcript, so an example whose audio is missing still
     * has its text answer (and a capture for the mismatched-pair control of another example).
     */
    Answers answer(ExampleEngine engine, AudioLoader audioLoader, Example example, JsonObject record) {
        ModelRunner.Answered text = text(engine, example, record);
        ModelRunner.SpeechInput input = audio(engine, audioLoader, example);
        return new Answers(input, text, speech(engine, example, input, record));
    }

    /** The typed query answered; adds {@code text} to {@code record}. */
    ModelRunner.Answered text(ExampleEngine engine, Example example, JsonObject record) {
        ModelRunner.Answered text = time(Stage.TEXT, () -> engine.text(example.id(), example.transcript()));
        record.add("text", Evaluation.answer(example, text, "tokens", text.capture().length()));
        return text;
    }

    /**
     * The example's audio as the model's speech input (an example whose word timings end after its clip
     * fails here, at the audio stage).
     */
    ModelRunner.SpeechInput audio(ExampleEngine engine, AudioLoader audioLoader, Example example) {
        stage = Stage.AUDIO;
        Path audio = example.audioFile().orElseThrow(() -> new GapScopeException("the example has no audio file"));
        return time(Stage.AUDIO, () -> engine.features(example, audioLoader.load(audio)));
    }

    /** The spoken query answered; adds {@code speech} (with the clip's duration) to {@code record}. */
    ModelRunner.Answered speech(ExampleEngine engine, Example example, ModelRunner.SpeechInput input, JsonObject record) {
        ModelRunner.Answered speech = time(Stage.SPEECH, () -> engine.speech(example.id(), input));
        JsonObject o = Evaluation.answer(example, speech, "positions", speech.capture().length());
        o.addProperty("seconds", Math.round(input.seconds() * 1000) / 1000.0);
        record.add("speech", o);
        return speech;
    }
}
