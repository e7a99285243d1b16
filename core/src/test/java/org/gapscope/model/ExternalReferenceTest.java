package org.gapscope.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Checks the runtime against a bundle and reference made elsewhere, e.g. the tarball that
 * model-prep/export/check_real_qwen2audio.py writes from a real transformers model (unpacked: DIR/bundle,
 * DIR/reference.json). Runs only when asked: {@code mvn -pl core test -Dtest=ExternalReferenceTest
 * -Dgapscope.reference=DIR}.
 */
@EnabledIfSystemProperty(named = "gapscope.reference", matches = ".+")
class ExternalReferenceTest {

    @Test
    void reproducesTheExternalReference() throws IOException {
        Path dir = Path.of(System.getProperty("gapscope.reference"));
        JsonObject ref = JsonParser.parseString(Files.readString(dir.resolve("reference.json"), StandardCharsets.UTF_8))
                .getAsJsonObject();
        try (LayeredModel model = LayeredModel.open(ModelBundle.open(dir.resolve(ref.get("bundle").getAsString())))) {
            LayeredModelEndToEndTest.checkHiddenStates(model, ref, dir.getFileName().toString());
            LayeredModelEndToEndTest.checkGreedyAnswersAndScores(model, ref, dir.getFileName().toString());
        }
    }
}
