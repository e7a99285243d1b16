"""The built-in bundles' re-export to format 2 (gapscope_mini.reexport): a format 1 bundle, written as
the old export wrote it (each DecoderLayer scripted as it is), becomes a format 2 bundle whose layers
give the same states on a whole pass and the same greedy answers with their key/value cache; every
other file is kept byte for byte; a bundle that is not built-in is refused and left alone."""
import json
import os
import sys
import tempfile
import unittest

import _builtin_path  # noqa: F401

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None


@unittest.skipIf(torch is None, "PyTorch is not importable by %s" % sys.executable)
class ReexportTest(unittest.TestCase):
    D, HEADS, FFN, LAYERS, VOCAB = 32, 2, 48, 2, 12

    def setUp(self):
        from gapscope_mini import export
        from gapscope_mini.model import Adapter, DecoderLayer, EmbedPart, HeadPart, LanguageModel, \
            SpeechEncoder, SpeechEncoderPart
        torch.manual_seed(3)
        self.tmp = tempfile.TemporaryDirectory()
        self.bundle = os.path.join(self.tmp.name, "mini-old")
        lm = LanguageModel(self.VOCAB, self.D, self.LAYERS, self.HEADS, self.FFN).eval()
        with torch.no_grad():
            for p in lm.parameters():
                p.add_(torch.randn(p.shape) * 0.3)
        self.lm = lm
        enc, ada = SpeechEncoder(80, 16, 2, 5).eval(), Adapter(16, self.D, 24, 5).eval()
        os.makedirs(os.path.join(self.bundle, "layers"))
        save = lambda m, rel: torch.jit.save(torch.jit.script(m), os.path.join(self.bundle, rel))  # noqa: E731
        save(SpeechEncoderPart(enc, ada), "speech_encoder.pt")
        save(EmbedPart(lm.embed), "embed_tokens.pt")
        save(HeadPart(lm.norm, lm.embed), "lm_head.pt")
        for i, layer in enumerate(lm.layers):
            self.assertIsInstance(layer, DecoderLayer)
            save(layer, "layers/layer_%03d.pt" % i)  # format 1: the layer itself, forward(hidden)
        cfg = {"layers": self.LAYERS, "d": self.D, "heads": self.HEADS}
        m = export.manifest("mini-old", cfg, self.VOCAB, "float32")
        m["format_version"] = 1
        del m["kv_cache"]
        with open(os.path.join(self.bundle, "bundle.json"), "w") as f:
            json.dump(m, f, indent=2)
        for name, text in (("tokenizer.json", "{}"), ("MODEL_CARD.md", "card\n")):
            with open(os.path.join(self.bundle, name), "w") as f:
                f.write(text)
        self.before = {rel: self.read(rel) for rel in ("speech_encoder.pt", "embed_tokens.pt", "lm_head.pt",
                                                      "tokenizer.json", "MODEL_CARD.md")}

    def read(self, rel):
        with open(os.path.join(self.bundle, rel), "rb") as f:
            return f.read()

    def tearDown(self):
        self.tmp.cleanup()

    def greedy_whole(self, x, steps):
        """Greedy ids from whole passes of the old (format 1) layers, as the old runtime did."""
        layers = [torch.jit.load(os.path.join(self.bundle, "layers", "layer_%03d.pt" % i))
                  for i in range(self.LAYERS)]
        head = torch.jit.load(os.path.join(self.bundle, "lm_head.pt"))
        embed = torch.jit.load(os.path.join(self.bundle, "embed_tokens.pt"))
        ids = []
        with torch.no_grad():
            for _ in range(steps):
                h = x
                for layer in layers:
                    h = layer(h)
                ids.append(int(head(h)[0, -1].argmax()))
                x = torch.cat([x, embed(torch.tensor([[ids[-1]]]))], 1)
        return ids

    def greedy_cached(self, x, steps):
        from gapscope_mini.export import LoadedBundle
        b = LoadedBundle(self.bundle)
        cache, offset, ids = b.empty_cache(), 0, []
        for _ in range(steps):
            ids.append(int(b.step(x, cache, offset)[0, -1].argmax()))
            offset += x.shape[1]
            x = b.embed_ids([ids[-1]])
        return ids

    def test_format1_becomes_format2_with_the_same_answers(self):
        from gapscope_mini import reexport
        x = torch.randn(1, 7, self.D)
        want = self.greedy_whole(x, 6)
        with torch.no_grad():
            old_state = torch.jit.load(os.path.join(self.bundle, "layers", "layer_000.pt"))(x)
        reexport.reexport(self.bundle)
        with open(os.path.join(self.bundle, "bundle.json")) as f:
            m = json.load(f)
        self.assertEqual(2, m["format_version"])
        self.assertEqual({"num_kv_heads": self.HEADS, "head_dim": self.D // self.HEADS}, m["kv_cache"])
        self.assertEqual("parts", list(m)[-1])
        for rel, data in self.before.items():
            self.assertEqual(data, self.read(rel), rel + " copied as it was")
        layer = torch.jit.load(os.path.join(self.bundle, "layers", "layer_000.pt"))
        empty = torch.zeros(1, self.HEADS, 0, self.D // self.HEADS)
        with torch.no_grad():
            self.assertTrue(torch.equal(old_state, layer(x, empty, empty, torch.tensor([0]))[0]))
        self.assertEqual(want, self.greedy_cached(x, 6))
        self.assertEqual([], [n for n in os.listdir(self.tmp.name) if n.startswith(".tmp")], "no staging left")
        # a second run (format 2 in, format 2 out) changes nothing the runtime sees
        reexport.reexport(self.bundle)
        self.assertEqual(want, self.greedy_cached(x, 6))

    def test_refuses_a_bundle_that_is_not_built_in(self):
        from gapscope_mini import reexport
        path = os.path.join(self.bundle, "bundle.json")
        with open(path) as f:
            m = json.load(f)
        m["family"] = "qwen2-audio"
        with open(path, "w") as f:
            json.dump(m, f)
        with self.assertRaisesRegex(SystemExit, "only built-in"):
            reexport.reexport(self.bundle)
        with open(path) as f:
            self.assertEqual(1, json.load(f)["format_version"])


if __name__ == "__main__":
    unittest.main()
