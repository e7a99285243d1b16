package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import ai.djl.Device;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.gapscope.audio.AudioLoader;
import org.gapscope.audio.WhisperLogMel;
import org.gapscope.dataset.AnswerMatcher;
import org.gapscope.dataset.Example;
import org.gapscope.dataset.ExampleSet;
import org.gapscope.dataset.ExampleSetReader;
import org.gapscope.testing.Python;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped final bundles through the Java runtime on every shipped sample example, typed and
 * spoken. The training pipeline stored the PyTorch model's greedy answers to the same WAVs in
 * models.json; the Java runtime (its own audio loading, log-mel features and TorchScript parts)
 * must give the same answer to every one, and so the same accuracy as the model card reports for
 * the sample set; with the bundles' key/value cache (format 2) and without it ({@code --no-kv-cache}).
 */
class ShippedModelTest {

    private static final Path RESOURCES = Python.repositoryRoot().resolve("resources");

    static Stream<String> finalBundles() throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonElement b : index().getAsJsonArray("bundles")) {
            if (b.getAsJsonObject().get("final").getAsBoolean()) {
                out.add(b.getAsJsonObject().get("path").getAsString());
            }
        }
        return out.stream();
    }

    private static JsonObject index() throws IOException {
        return JsonParser.parseString(Files.readString(RESOURCES.resolve("models/models.json"))).getAsJsonObject();
    }

    static Stream<Arguments> finalBundlesWithAndWithoutCache() throws IOException {
        return finalBundles().flatMap(b -> Stream.of(Arguments.of(b, KvCacheMode.WHEN_AVAILABLE),
                Arguments.of(b, KvCacheMode.OFF)));
    }

    @ParameterizedTest
    @MethodSource("finalBundlesWithAndWithoutCache")
    void javaRuntimeGivesThePipelinesAnswersOnTheSampleSet(String path, KvCacheMode cache) throws IOException {
        JsonObject entry = null;
        for (JsonElement b : index().getAsJsonArray("bundles")) {
            if (b.getAsJsonObject().get("path").getAsString().equals(path)) {
                entry = b.getAsJsonObject();
            }
        }
        assertNotNull(entry);
        JsonObject reference = entry.getAsJsonObject("sample_answers");
        ExampleSet set = ExampleSetReader.create(ExampleSetReader.OnBrokenLine.REFUSE)
                .read(RESOURCES.resolve("examples/sample/examples.jsonl"));
        assertTrue(set.size() >= 64 && set.size() <= 96, "sample set has " + set.size() + " examples");
        assertEquals(set.size(), reference.size(), "reference answers for every sample example");
        AudioLoader loader = new AudioLoader();
        WhisperLogMel mel = new WhisperLogMel(80);
        int text = 0;
        int speech = 0;
        List<String> differ = new ArrayList<>();
        try (LayeredModel model = LayeredModel.open(ModelBundle.open(RESOURCES.resolve("models").resolve(path)),
                Device.cpu(), cache)) {
            assertEquals(cache == KvCacheMode.WHEN_AVAILABLE, model.usesKvCache(), "a format 2 bundle");
            for (Example e : set.examples()) {
                JsonObject ref = reference.getAsJsonObject(e.id());
                assertNotNull(ref, "no reference answer for " + e.id());
                String typed = model.generate(model.textPrompt(e.transcript()), 8).text();
                String spoken = model.generate(model.speechPrompt(mel.compute(loader.load(e.audio())).toMatrix()), 8)
                        .text();
                if (!typed.equals(ref.get("text").getAsString())) {
                    differ.add(e.id() + " typed: \"" + typed + "\" vs \"" + ref.get("text").getAsString() + "\"");
                }
                if (!spoken.equals(ref.get("speech").getAsString())) {
                    differ.add(e.id() + " spoken: \"" + spoken + "\" vs \"" + ref.get("speech").getAsString() + "\"");
                }
                text += AnswerMatcher.isCorrect(e, typed) ? 1 : 0;
                speech += AnswerMatcher.isCorrect(e, spoken) ? 1 : 0;
            }
        }
        assertEquals(List.of(), differ, "answers that differ from the PyTorch model's");
        assertEquals(entry.get("sample_text_acc").getAsDouble(), text / (double) set.size(), 1e-9,
                "text accuracy on the sample set, Java vs the model card");
        assertEquals(entry.get("sample_speech_acc").getAsDouble(), speech / (double) set.size(), 1e-9,
                "speech accuracy on the sample set, Java vs the model card");
    }
}
