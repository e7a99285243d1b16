package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.gapscope.capture.Capture;
import org.gapscope.lenses.TopTokens;
import org.gapscope.npy.Npy;
import org.gapscope.npy.NpyArray;
import org.gapscope.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;

/**
 * The logit lens through the runtime (the shipped bundle's lm_head.pt in DJL's libtorch, softmax and
 * top-k on the device) against PyTorch in Python running the same TorchScript file on the same hidden
 * states, chunked so that several chunks are exercised.
 */
class LmHeadLensTest {

    private static final Path BUNDLE = Python.repositoryRoot().resolve("resources/models/mini-fullft-final");

    @TempDir
    Path dir;

    @Test
    void topTokensOfEveryLayerMatchPyTorch() throws IOException {
        try (LayeredModel lm = LayeredModel.open(ModelBundle.open(BUNDLE), Device.cpu())) {
            CaptureHook hook = CaptureHook.querySpan("q");
            lm.forward(lm.textPrompt("what comes after forty seven"), hook);
            Capture c = hook.capture();
            int rows = c.layerCount() * c.length();
            float[] all = new float[rows * c.hiddenSize()];
            float[] layer = new float[c.length() * c.hiddenSize()];
            for (int l = 0; l < c.layerCount(); l++) {
                c.copyLayer(l, layer);
                System.arraycopy(layer, 0, all, l * layer.length, layer.length);
            }
            // chunks of 3 rows, so that the rows go through the head in several pieces
            LmHeadLens lens = new LmHeadLens(lm, 3 * lm.manifest().vocabSize());
            TopTokens top = lens.top(all, rows, 4);
            Path rowsFile = dir.resolve("rows.npy");
            Npy.write(rowsFile, NpyArray.ofFloats(all, rows, c.hiddenSize()));
            Path out = dir.resolve("torch.json");
            Python.run(String.join("\n",
                    "import json, sys, numpy as np, torch",
                    "head = torch.jit.load(sys.argv[1])",
                    "h = torch.from_numpy(np.load(sys.argv[2])).unsqueeze(0)",
                    "with torch.no_grad():",
                    "    p = torch.softmax(head(h)[0].float(), dim=-1)",
                    "v, i = torch.topk(p, 4, dim=-1)",
                    "json.dump({'ids': i.tolist(), 'probs': v.tolist()}, open(sys.argv[3], 'w'))"),
                    BUNDLE.resolve("lm_head.pt").toString(), rowsFile.toString(), out.toString());
            JsonObject ref = JsonParser.parseString(Files.readString(out, StandardCharsets.UTF_8)).getAsJsonObject();
            for (int r = 0; r < rows; r++) {
                JsonArray ids = ref.getAsJsonArray("ids").get(r).getAsJsonArray();
                JsonArray probs = ref.getAsJsonArray("probs").get(r).getAsJsonArray();
                for (int k = 0; k < 4; k++) {
                    assertEquals(probs.get(k).getAsDouble(), top.probability(r, k), 2e-5, "row " + r + " rank " + k);
                    if (k == 0 || Math.abs(probs.get(k).getAsDouble() - probs.get(k - 1).getAsDouble()) > 1e-5) {
                        assertEquals(ids.get(k).getAsInt(), top.id(r, k), "row " + r + " rank " + k);
                    }
                }
            }
            assertEquals(385, lens.vocabSize());
            assertEquals("after", lens.token(7));
        }
    }
}
