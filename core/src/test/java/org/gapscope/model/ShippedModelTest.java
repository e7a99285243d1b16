package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.dataset.AnswerMatcher;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;

/**
 * The shipped default bundle (resources/models/DEFAULT) through the Java runtime on the first
 * shipped sample examples, typed and spoken: the answers are scored against the gold ones.
 */
class ShippedModelTest {

    private static final int EXAMPLES = 12;

    @Test
    void defaultBundleAnswersShippedExamples() throws IOException {
        Path resources = Python.repositoryRoot().resolve("resources");
        Path bundle = resources.resolve("models").resolve(Files.readString(resources.resolve("models/DEFAULT")).strip());
        ExampleSet set = ExampleSetReader.create(ExampleSetReader.OnBrokenLine.REFUSE)
                .read(resources.resolve("examples/sample/examples.jsonl"));
        assertTrue(set.size() >= 60, "sample set has " + set.size() + " examples");
        AudioLoader loader = new AudioLoader();
        WhisperLogMel mel = new WhisperLogMel(80);
        int text = 0;
        int speech = 0;
        List<String> wrong = new ArrayList<>();
        try (LayeredModel model = LayeredModel.open(ModelBundle.open(bundle))) {
            for (Example e : set.examples().subList(0, EXAMPLES)) {
                String typed = model.generate(model.textPrompt(e.transcript()), 8).text();
                String spoken = model.generate(model.speechPrompt(mel.compute(loader.load(e.audio())).toMatrix()), 8)
                        .text();
                text += AnswerMatcher.isCorrect(e, typed) ? 1 : 0;
                if (AnswerMatcher.isCorrect(e, spoken)) {
                    speech++;
                } else {
                    wrong.add(e.id() + ": \"" + spoken + "\" for " + e.answers());
                }
            }
        }
        // the model card reports 100 % text and 64-75 % speech accuracy on held-out items
        assertEquals(EXAMPLES, text, "typed questions answered correctly");
        assertTrue(speech >= EXAMPLES / 2, "spoken questions answered correctly: " + speech + "/" + EXAMPLES + " " + wrong);
    }
}
