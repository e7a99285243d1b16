package org.gapscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.gapscope.GapScopeException;
import org.junit.jupiter.api.Test;

/** Parsing and validating bundle.json without any model. */
class BundleManifestTest {

    static final String GOOD = """
            {
              "format": "gapscope-bundle",
              "format_version": 1,
              "name": "mini",
              "family": "gapscope-mini",
              "num_layers": 2,
              "hidden_size": 16,
              "vocab_size": 40,
              "max_positions": 64,
              "dtype": "bfloat16",
              "features": {"type": "whisper-log-mel", "mel_bins": 80, "sample_rate": 16000, "n_fft": 400,
                           "hop_length": 160, "pad_to_frames": null, "max_frames": 3000, "adapter_stride": 5},
              "prompt": {"speech": "<bos> q : {speech} a :", "text": "<bos> q : {text} a :"},
              "special_tokens": {"bos": "<bos>", "eos": "<eos>"},
              "stop_tokens": ["<eos>"],
              "parts": {"speech_encoder": "speech_encoder.pt", "embed_tokens": "embed_tokens.pt",
                        "layers": ["layers/layer_000.pt", "layers/layer_001.pt"], "lm_head": "lm_head.pt"}
            }
            """;

    private static String fails(String json) {
        return assertThrows(GapScopeException.class, () -> BundleManifest.parse(json, "b/bundle.json")).getMessage();
    }

    @Test
    void parsesEveryKey() {
        BundleManifest m = BundleManifest.parse(GOOD, "b/bundle.json");
        assertEquals("mini", m.name());
        assertEquals(2, m.numLayers());
        assertEquals(ModelDType.BFLOAT16, m.dtype());
        assertNull(m.features().padToFrames());
        assertEquals(0.01, m.features().frameSeconds(), 1e-12);
        assertEquals(30.0, m.features().maxSeconds(), 1e-9);
        assertEquals("<bos> q : ", m.speechPrompt().prefix());
        assertEquals(" a :", m.textPrompt().suffix());
        assertEquals(List.of("<eos>"), m.stopTokens());
        assertEquals("layers/layer_001.pt", m.parts().layers().get(1));
        assertEquals(1, m.formatVersion());
        assertNull(m.kvCache());
    }

    @Test
    void format2CarriesTheKeyValueCacheShape() {
        BundleManifest m = BundleManifest.parse(GOOD.replace("\"format_version\": 1", "\"format_version\": 2")
                .replace("\"parts\":", "\"kv_cache\": {\"num_kv_heads\": 2, \"head_dim\": 8}, \"parts\":"),
                "b/bundle.json");
        assertEquals(2, m.formatVersion());
        assertEquals(new BundleManifest.KvCacheShape(2, 8), m.kvCache());
        assertEquals(true, m.hasKvCache());
    }

    @Test
    void namesTheFileTheKeyAndTheValue() {
        assertEquals("b/bundle.json: format is \"onnx\", expected \"gapscope-bundle\"",
                fails(GOOD.replace("\"gapscope-bundle\"", "\"onnx\"")));
        assertEquals("b/bundle.json: format_version 3 is not supported (this GapScope reads 1 and 2)",
                fails(GOOD.replace("\"format_version\": 1", "\"format_version\": 3")));
        assertEquals("b/bundle.json: kv_cache is missing",
                fails(GOOD.replace("\"format_version\": 1", "\"format_version\": 2")));
        assertEquals("b/bundle.json: kv_cache.head_dim is 0; it must be at least 1",
                fails(GOOD.replace("\"format_version\": 1", "\"format_version\": 2").replace("\"parts\":",
                        "\"kv_cache\": {\"num_kv_heads\": 2, \"head_dim\": 0}, \"parts\":")));
        assertEquals("b/bundle.json: kv_cache is a format_version 2 key; this bundle says format_version 1",
                fails(GOOD.replace("\"parts\":", "\"kv_cache\": {\"num_kv_heads\": 2, \"head_dim\": 8}, \"parts\":")));
        assertEquals("b/bundle.json: hidden_size is missing", fails(GOOD.replace("\"hidden_size\": 16,", "")));
        assertEquals("b/bundle.json: hidden_size must be an integer, is \"16\"",
                fails(GOOD.replace("\"hidden_size\": 16", "\"hidden_size\": \"16\"")));
        assertEquals("b/bundle.json: num_layers must be an integer, is 2.5",
                fails(GOOD.replace("\"num_layers\": 2", "\"num_layers\": 2.5")));
        assertEquals("b/bundle.json: vocab_size is 0; it must be at least 1",
                fails(GOOD.replace("\"vocab_size\": 40", "\"vocab_size\": 0")));
        assertEquals("b/bundle.json: dtype \"int8\" is not float32, float16 or bfloat16",
                fails(GOOD.replace("\"bfloat16\"", "\"int8\"")));
        assertEquals("b/bundle.json: features.mel_bins is 64; Whisper log-mel has 80 or 128 bins",
                fails(GOOD.replace("\"mel_bins\": 80", "\"mel_bins\": 64")));
        assertEquals("b/bundle.json: features.pad_to_frames (1000) is less than max_frames (3000)",
                fails(GOOD.replace("\"pad_to_frames\": null", "\"pad_to_frames\": 1000")));
        assertEquals("b/bundle.json: parts.layers has 2 entries, num_layers is 3",
                fails(GOOD.replace("\"num_layers\": 2", "\"num_layers\": 3")));
        assertEquals("b/bundle.json: prompt.text must contain exactly one {text}: \"<bos> q : a :\"",
                fails(GOOD.replace("{text} ", "")));
        assertEquals("b/bundle.json: prompt.speech must contain exactly one {speech}: \"<bos> {speech} {speech}\"",
                fails(GOOD.replace("<bos> q : {speech} a :", "<bos> {speech} {speech}")));
        assertEquals("b/bundle.json: parts.lm_head \"../lm_head.pt\" must not leave the bundle folder (..)",
                fails(GOOD.replace("\"lm_head\": \"lm_head.pt\"", "\"lm_head\": \"../lm_head.pt\"")));
        assertEquals("b/bundle.json: parts.layers[1] \"/abs/l.pt\" must be relative to the bundle folder",
                fails(GOOD.replace("layers/layer_001.pt", "/abs/l.pt")));
        assertEquals("b/bundle.json: stop_tokens[0] must be a string, is 7",
                fails(GOOD.replace("\"stop_tokens\": [\"<eos>\"]", "\"stop_tokens\": [7]")));
        assertEquals("b/bundle.json: features must be a JSON object, is 3", fails(GOOD.replaceFirst("\\{\"type\"[^}]*}", "3")));
        assertEquals("b/bundle.json: must hold a JSON object", fails("[1, 2]"));
        assertEquals("b/bundle.json: not valid JSON: java.io.EOFException: End of input at line 1 column 2 path $.",
                fails("{"));
    }
}
