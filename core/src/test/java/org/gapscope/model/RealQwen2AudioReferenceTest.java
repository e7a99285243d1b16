package org.gapscope.model;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The Java runtime against a bundle exported from a real transformers Qwen2-Audio model on a GPU
 * machine (see the fixture's README): hidden states at every layer, greedy answers and answer
 * scores must match what the Hugging Face model itself computed.
 */
class RealQwen2AudioReferenceTest {

    @Test
    void reproducesTheHuggingFaceModel() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("real-qwen2audio/reference.json").toURI()).getParent();
        JsonObject ref = JsonParser.parseString(Files.readString(dir.resolve("reference.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        try (LayeredModel model = LayeredModel.open(ModelBundle.open(dir.resolve(ref.get("bundle").getAsString())))) {
            LayeredModelEndToEndTest.checkHiddenStates(model, ref, "real Qwen2-Audio");
            LayeredModelEndToEndTest.checkGreedyAnswersAndScores(model, ref, "real Qwen2-Audio");
        }
    }
}
