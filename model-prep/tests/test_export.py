"""Unit tests of the bundle exporter on miniature Hugging Face look-alike models (no transformers needed).

Run: /usr/bin/python3 -m unittest discover -s model-prep/tests
"""

import json
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path
from types import SimpleNamespace

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from export import export_bundle, gapscope_parts
from export.export_bundle import ExportError
from export.wordlevel_tokenizer import encode_words, write_word_level_tokenizer

import hf_lookalike as hf
import make_mini_bundle as mini

torch.set_num_threads(1)


def load_parts(bundle: Path):
    manifest = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    p = manifest["parts"]
    return (manifest, torch.jit.load(str(bundle / p["speech_encoder"])), torch.jit.load(str(bundle / p["embed_tokens"])),
            [torch.jit.load(str(bundle / f)) for f in p["layers"]], torch.jit.load(str(bundle / p["lm_head"])))


def empty_cache(manifest):
    c = manifest["kv_cache"]
    return torch.zeros(1, c["num_kv_heads"], 0, c["head_dim"])


def run_layer(layer, manifest, h):
    """A whole-sequence pass of a format-2 layer: empty cache, offset 0."""
    empty = empty_cache(manifest)
    return layer(h, empty, empty, torch.tensor([0]))[0]


def run_bundle(bundle_parts, embeds):
    manifest, _, _, layers, head = bundle_parts
    states = [embeds[0]]
    h = embeds
    for layer in layers:
        h = run_layer(layer, manifest, h)
        states.append(h[0])
    return states, head(h)


def run_cached(bundle_parts, embeds, split):
    """The first ``split`` positions as one pass, then every later position alone from the cache."""
    manifest, _, _, layers, _ = bundle_parts
    caches = [(empty_cache(manifest), empty_cache(manifest)) for _ in layers]
    outputs = []
    for start, stop in [(0, split)] + [(i, i + 1) for i in range(split, embeds.shape[1])]:
        h = embeds[:, start:stop]
        for n, layer in enumerate(layers):
            h, k, v = layer(h, caches[n][0], caches[n][1], torch.tensor([start]))
            caches[n] = (k, v)
        outputs.append(h)
    return torch.cat(outputs, dim=1), caches


class ExportTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.tok = self.dir / "tokenizer.json"
        self.vocab = write_word_level_tokenizer(self.tok, mini.vocabulary(), mini.SPECIALS)

    def tearDown(self):
        self.tmp.cleanup()

    def assertClose(self, a, b, tol=1e-5, what=""):
        diff = (a.float() - b.float()).abs().max().item()
        scale = max(1.0, b.float().abs().max().item())
        self.assertLessEqual(diff, tol * scale, f"{what}: max abs diff {diff:g}")


class Qwen2AudioExportTest(ExportTestCase):
    def model(self, seed=3):
        cfg = SimpleNamespace(text_config=hf.qwen2_config(), audio_config=hf.encoder_config(), audio_token_index=3)
        return hf.randomize(hf.Qwen2AudioForConditionalGeneration(cfg), seed)

    def export(self, model, **kw):
        kw.setdefault("prompt", mini.PROMPT)
        kw.setdefault("special_tokens", mini.SPECIAL_TOKENS)
        kw.setdefault("stop_tokens", mini.STOP)
        return export_bundle.export_qwen2_audio(model, self.tok, self.dir / "bundle", **kw)

    def test_manifest_follows_format_2(self):
        bundle = self.export(self.model(), name="mini")
        m = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
        self.assertEqual(("gapscope-bundle", 2, "qwen2-audio"), (m["format"], m["format_version"], m["family"]))
        self.assertEqual({"num_kv_heads": 2, "head_dim": 8}, m["kv_cache"])
        self.assertEqual((2, 32, 64, 128, "float32"),
                         (m["num_layers"], m["hidden_size"], m["vocab_size"], m["max_positions"], m["dtype"]))
        self.assertEqual({"type": "whisper-log-mel", "mel_bins": 80, "sample_rate": 16000, "n_fft": 400,
                          "hop_length": 160, "pad_to_frames": 3000, "max_frames": 3000, "adapter_stride": 4},
                         m["features"])
        self.assertEqual(["layers/layer_000.pt", "layers/layer_001.pt"], m["parts"]["layers"])
        for rel in [m["parts"]["speech_encoder"], m["parts"]["embed_tokens"], m["parts"]["lm_head"]] + m["parts"]["layers"]:
            with zipfile.ZipFile(bundle / rel) as z:
                names = z.namelist()
            self.assertTrue(any(n.endswith("/data.pkl") for n in names), rel)
            self.assertTrue(any(n.endswith("/constants.pkl") for n in names), rel)
        self.assertEqual(self.tok.read_bytes(), (bundle / "tokenizer.json").read_bytes())
        self.assertEqual([], [p.name for p in self.dir.iterdir() if p.name.startswith(".bundle")], "no staging left")

    def test_parts_reproduce_the_model_at_every_layer(self):
        model = self.model()
        bp = load_parts(self.export(model))
        _, speech, embed, _, _ = bp
        ids = torch.tensor([encode_words(self.vocab, "<bos> question : what is the color of the sky answer :")])
        with torch.no_grad():
            logits, _, raw = model(ids)
            states, my_logits = run_bundle(bp, embed(ids))
        for layer, (mine, theirs) in enumerate(zip(states, raw)):
            self.assertClose(mine, theirs[0], what=f"text layer {layer}")
        self.assertClose(my_logits, logits, what="text logits")

        features = torch.randn(80, 230) * 0.5
        padded = mini.pad_features(features, 3000)[None]
        mask = torch.zeros(1, 3000, dtype=torch.long)
        mask[0, :230] = 1
        with torch.no_grad():
            theirs = model.audio_embeddings(padded, mask)
            mine = speech(padded, torch.tensor([230]))
        self.assertEqual((1, (((230 - 1) // 2 + 1) - 2) // 2 + 1, 32), tuple(mine.shape))
        self.assertClose(mine[0], theirs, what="speech embeddings")

    def test_cached_steps_equal_the_whole_pass(self):
        bp = load_parts(self.export(self.model()))
        manifest, _, embed, _, _ = bp
        ids = torch.tensor([encode_words(self.vocab, "<bos> question : what is the color of the sky answer : blue")])
        with torch.no_grad():
            states, _ = run_bundle(bp, embed(ids))
            cached, caches = run_cached(bp, embed(ids), split=7)
        self.assertClose(cached[0], states[-1], what="last layer, positions 7.. one at a time")
        self.assertEqual((1, 2, ids.shape[1], 8), tuple(caches[0][0].shape), "keys of every position, kv heads only")

    def test_a_cached_step_continues_the_positions_at_the_offset(self):
        manifest, _, embed, layers, _ = load_parts(self.export(self.model()))
        h = embed(torch.tensor([[5, 6, 7, 8]]))
        empty = empty_cache(manifest)
        with torch.no_grad():
            whole = layers[0](h, empty, empty, torch.tensor([0]))[0]
            _, k, v = layers[0](h[:, :3], empty, empty, torch.tensor([0]))
            right = layers[0](h[:, 3:], k, v, torch.tensor([3]))[0]
            wrong = layers[0](h[:, 3:], k, v, torch.tensor([0]))[0]
        self.assertClose(right[0], whole[0, 3:], what="offset 3")
        self.assertGreater((wrong - whole[:, 3:]).abs().max().item(), 1e-3, "the offset must move the rotary positions")

    def test_export_refuses_a_layer_whose_cache_disagrees_with_its_whole_pass(self):
        model = self.model()
        real = gapscope_parts.DecoderLayerPart.forward

        def forgetful(self, hidden, past_k, past_v, offset):  # ignores the cache
            empty = past_k[:, :, :0]
            return real(self, hidden, empty, past_v[:, :, :0], offset)

        gapscope_parts.DecoderLayerPart.forward = forgetful
        try:
            with self.assertRaisesRegex(ExportError, "cached step differs from the whole pass"):
                self.export(model)
        finally:
            gapscope_parts.DecoderLayerPart.forward = real
        self.assertFalse((self.dir / "bundle").exists())

    def test_speech_encoder_ignores_padding_values(self):
        model = self.model()
        _, speech, _, _, _ = load_parts(self.export(model))
        features = torch.randn(1, 80, 3000)
        other = features.clone()
        # the convolutions let frame 400 (the first padded one) reach the last valid encoder position,
        # as in the source model; frames after it reach no valid position except through attention,
        # which the padding mask closes
        other[:, :, 401:] = 5.0
        with torch.no_grad():
            a, b = speech(features, torch.tensor([400])), speech(other, torch.tensor([400]))
        self.assertClose(a, b, what="padding leaked into the valid positions")
        other[:, :, 400] = 5.0
        with torch.no_grad():
            c = speech(other, torch.tensor([400]))
        self.assertGreater((a - c).abs().max().item(), 1e-3, "the boundary frame should matter")

    def test_bfloat16_bundle_runs_in_float32_with_rounded_weights(self):
        model = self.model()
        bp = load_parts(self.export(model, dtype="bfloat16"))
        self.assertEqual("bfloat16", bp[0]["dtype"])
        rounded = self.model()
        with torch.no_grad():
            for p in rounded.parameters():
                p.copy_(p.to(torch.bfloat16).to(torch.float32))
        ids = torch.tensor([encode_words(self.vocab, "<bos> question : two cat answer :")])
        with torch.no_grad():
            logits, _, raw = rounded(ids)
            states, mine = run_bundle(bp, bp[2](ids).float())
        self.assertEqual(torch.float32, mine.dtype)
        self.assertClose(states[-1], raw[-1][0], tol=1e-4, what="last layer")
        self.assertClose(mine, logits, tol=1e-4, what="logits")

    def test_narrow_weights_widen_to_float32_once_and_never_narrow(self):
        bundle = self.export(self.model(), dtype="bfloat16")
        first = load_parts(bundle)
        manifest, encoder, embed, layers, head = first
        # the weights' dtypes (the rotary frequencies stay float32 in every bundle)
        floats = lambda m: {b.dtype for n, b in m.named_buffers() if b.is_floating_point() and n != "inv_freq"}
        self.assertEqual({torch.bfloat16}, floats(layers[0]))
        ids = torch.tensor([encode_words(self.vocab, "<bos> question : two cat answer :")])
        x = embed(ids).float()
        with torch.no_grad():
            once = run_bundle(first, x)[1]
            # every float32 call after the first runs on the widened weights: the same numbers
            twice = run_bundle(first, x)[1]
            # a call in another dtype (float64 here: the CPU has no float16 matrix product) neither
            # changes the widened weights nor the numbers it gets
            other_after = run_layer(layers[0], manifest, x.double())
        for part in [head] + layers:
            self.assertEqual({torch.float32}, floats(part), "a bfloat16 part still holds narrow weights")
        self.assertTrue(torch.equal(once, twice))
        fresh = load_parts(bundle)
        with torch.no_grad():
            other_fresh = run_layer(fresh[3][0], manifest, x.double())
            self.assertEqual({torch.bfloat16}, floats(fresh[3][0]), "a float64 call changed the stored weights")
            self.assertTrue(torch.equal(other_fresh, other_after))
            # a fresh load, widened after its float64 call, computes the same numbers bit for bit
            self.assertTrue(torch.equal(run_bundle(fresh, x)[1], once))
            f = manifest["features"]
            features = torch.zeros(1, f["mel_bins"], f.get("pad_to_frames") or 64)
            encoder(features, torch.tensor([features.shape[2]]))
        self.assertEqual({torch.float32}, floats(encoder), "the speech encoder (and its projector) widen too")

    def test_layer_refuses_sequences_longer_than_max_positions(self):
        manifest, _, embed, layers, _ = load_parts(self.export(self.model(), max_positions=16))
        empty = empty_cache(manifest)
        with self.assertRaises(Exception):
            layers[0](torch.zeros(1, 17, 32), empty, empty, torch.tensor([0]))
        self.assertEqual((1, 16, 32), tuple(run_layer(layers[0], manifest, torch.zeros(1, 16, 32)).shape))
        _, k, v = layers[0](torch.zeros(1, 15, 32), empty, empty, torch.tensor([0]))
        self.assertEqual((1, 1, 32), tuple(layers[0](torch.zeros(1, 1, 32), k, v, torch.tensor([15]))[0].shape))
        with self.assertRaises(Exception):
            layers[0](torch.zeros(1, 2, 32), k, v, torch.tensor([15]))

    def test_refuses_an_existing_folder_without_overwrite(self):
        self.export(self.model())
        with self.assertRaisesRegex(ExportError, "already exists"):
            self.export(self.model())
        self.export(self.model(), overwrite=True)

    def test_refuses_a_template_without_its_placeholder(self):
        with self.assertRaisesRegex(ExportError, r"prompt.text must contain exactly one \{text\}"):
            self.export(self.model(), prompt={"speech": "<bos> {speech}", "text": "<bos> no placeholder"})
        self.assertFalse((self.dir / "bundle").exists())

    def test_refuses_stop_tokens_the_tokenizer_lacks(self):
        with self.assertRaisesRegex(ExportError, "not in the tokenizer's added_tokens.*<end>"):
            self.export(self.model(), stop_tokens=["<end>"])

    def test_default_templates_are_qwen2_audio_chat(self):
        self.assertIn("<|audio_bos|>{speech}<|audio_eos|>", export_bundle.QWEN2_AUDIO_PROMPT["speech"])
        self.assertEqual(1, export_bundle.QWEN2_AUDIO_PROMPT["text"].count("{text}"))


class WhisperLlmExportTest(ExportTestCase):
    def parts_of(self, encoder, seed=5):
        cfg = hf.llama_config()
        projector = hf.EncoderProjectorConcat(5, 16, 24, cfg.hidden_size)
        lm = hf.LlamaForCausalLM(cfg)
        model = hf.randomize(hf.OmniSpeechLikeModel(encoder, projector, lm, 3), seed)
        bundle = export_bundle.export_whisper_llm(encoder, projector, lm, self.tok, self.dir / "bundle",
                                                  prompt=mini.PROMPT, special_tokens=mini.SPECIAL_TOKENS,
                                                  stop_tokens=mini.STOP, overwrite=True)
        return model, load_parts(bundle)

    def check(self, encoder):
        model, bp = self.parts_of(encoder)
        manifest, speech, embed, _, _ = bp
        self.assertEqual(("whisper-llm", 10, 3000), (manifest["family"], manifest["features"]["adapter_stride"],
                                                    manifest["features"]["pad_to_frames"]))
        features = torch.randn(80, 263) * 0.5
        padded = mini.pad_features(features, 3000)[None]
        with torch.no_grad():
            theirs = model.speech_embeddings(padded, 263)
            mine = speech(padded, torch.tensor([263]))
        self.assertEqual(((263 - 1) // 2 + 1) // 5, mine.shape[1])
        self.assertClose(mine[0], theirs, what="speech embeddings")
        ids = torch.tensor([encode_words(self.vocab, "<bos> question : how many legs does a dog have answer :")])
        with torch.no_grad():
            logits, _, raw = model(ids)
            states, my_logits = run_bundle(bp, embed(ids))
        for layer, (a, b) in enumerate(zip(states, raw)):
            self.assertClose(a, b[0], what=f"layer {layer}")
        self.assertClose(my_logits, logits, what="logits")

    def test_transformers_whisper_encoder(self):
        self.check(hf.WhisperEncoder(hf.encoder_config()))

    def test_openai_whisper_encoder(self):
        self.check(hf.AudioEncoder(80, 1500, 16, 2, 2))

    def test_llama3_rotary_frequencies_are_taken_from_the_model(self):
        cfg = hf.llama_config()
        rotary = hf.LlamaRotaryEmbedding(cfg)
        plain = hf.Qwen2RotaryEmbedding(hf.qwen2_config(rope_theta=cfg.rope_theta))
        self.assertFalse(torch.equal(rotary.inv_freq, plain.inv_freq), "test needs a rescaled inv_freq")
        diff = export_bundle._check_rotary(rotary, rotary.inv_freq.float(), 1.0, 128)
        self.assertLess(diff, 1e-6)

    def test_refuses_a_projector_without_frame_count(self):
        proj = hf.EncoderProjectorConcat(5, 16, 24, 32)
        proj.k = 0
        with self.assertRaisesRegex(ExportError, "without a frame count"):
            export_bundle.projector_part(proj, torch.float32)


class ReaderTest(unittest.TestCase):
    def test_activation_names(self):
        self.assertEqual("silu", export_bundle._activation_name("silu", "x"))
        self.assertEqual("silu", export_bundle._activation_name(torch.nn.SiLU(), "x"))
        self.assertEqual("gelu", export_bundle._activation_name(torch.nn.GELU(), "x"))
        self.assertEqual("gelu_tanh", export_bundle._activation_name(torch.nn.GELU(approximate="tanh"), "x"))
        self.assertEqual("gelu_tanh", export_bundle._activation_name("gelu_pytorch_tanh", "x"))
        self.assertEqual("relu", export_bundle._activation_name(torch.nn.ReLU(), "x"))
        with self.assertRaisesRegex(ExportError, "unsupported activation"):
            export_bundle._activation_name("softplus", "layer 3")

    def test_finds_decoder_under_transformers_5_layout(self):
        lm = hf.Qwen2ForCausalLM(hf.qwen2_config())
        wrapper = torch.nn.Module()
        wrapper.model = torch.nn.Module()
        wrapper.model.language_model = lm.model
        wrapper.lm_head = lm.lm_head
        decoder, head = export_bundle._find_decoder(wrapper)
        self.assertIs(lm.model, decoder)
        self.assertIs(lm.lm_head, head)

    def test_word_level_tokenizer_has_no_unknown_token_by_default(self):
        with tempfile.TemporaryDirectory() as d:
            vocab = write_word_level_tokenizer(Path(d) / "t.json", ["a", "b"], ["<pad>"])
            data = json.loads((Path(d) / "t.json").read_text(encoding="utf-8"))
        self.assertEqual({"<pad>": 0, "a": 1, "b": 2}, vocab)
        self.assertNotIn(data["model"]["unk_token"], vocab)
        self.assertEqual("WordLevel", data["model"]["type"])
        with self.assertRaises(KeyError):
            encode_words(vocab, "a c")


class PartsTest(unittest.TestCase):
    def test_every_part_scripts(self):
        layer = gapscope_parts.LinearProjector(torch.zeros(4, 3), torch.zeros(4), torch.float32)
        self.assertEqual((1, 2, 4), tuple(torch.jit.script(layer)(torch.zeros(1, 2, 3)).shape))
        concat = gapscope_parts.ConcatProjector(2, torch.zeros(5, 6), torch.zeros(5), torch.zeros(4, 5),
                                                torch.zeros(4), "relu", torch.float32)
        self.assertEqual((1, 3, 4), tuple(torch.jit.script(concat)(torch.zeros(1, 7, 3)).shape))


if __name__ == "__main__":
    unittest.main()
