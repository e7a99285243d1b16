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
 * a failure names it, and the first steps both commands take (the audio loaded, then the example
 * answered as text and as speech).
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
    private Stage stage = Stage.AUDIO;

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
     * Loads the example's audio into the model's speech input (an example whose word timings end after
     * its clip fails here, at the audio stage), answers the transcript as text and
     * the audio as speech, and adds the answers to {@code record} as {@code text} and {@code speech}.
     */
    Answers answer(ExampleEngine engine, AudioLoader audioLoader, Example example, JsonObject record) {
        stage = Stage.AUDIO;
        Path audio = example.audioFile().orElseThrow(() -> new GapScopeException("the example has no audio file"));
        ModelRunner.SpeechInput input = time(Stage.AUDIO, () -> engine.features(example, audioLoader.load(audio)));
        ModelRunner.Answered text = time(Stage.TEXT, () -> engine.text(example.id(), example.transcript()));
        record.add("text", Evaluation.answer(example, text.answer(), "tokens", text.capture().length()));
        ModelRunner.Answered speech = time(Stage.SPEECH, () -> engine.speech(example.id(), input));
        record.add("speech", Evaluation.answer(example, speech.answer(), "positions", speech.capture().length()));
        return new Answers(input, text, speech);
    }
}
