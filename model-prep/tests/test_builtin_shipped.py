"""What ships in resources/: the built-in model's bundles, index, model card and sample set.
Checks structure and size, and that the default bundle really answers shipped examples, typed and
spoken, run part by part from its TorchScript files."""
import json
import os
import sys
import unittest
import wave

import _builtin_path
from gapscope_mini import features

try:
    import torch
except ImportError:  # pragma: no cover
    torch = None

RES = os.path.join(_builtin_path.REPO, "resources")
MODELS = os.path.join(RES, "models")
SAMPLE = os.path.join(RES, "examples", "sample")


def folder_size(path):
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)


class ShippedTest(unittest.TestCase):
    def test_index_default_and_card(self):
        with open(os.path.join(MODELS, "DEFAULT")) as f:
            default = f.read().strip()
        self.assertEqual(default, "mini-fullft-final")
        with open(os.path.join(MODELS, "models.json")) as f:
            index = json.load(f)
        self.assertEqual(index["default"], default)
        with open(os.path.join(MODELS, "MODEL_CARD.md")) as f:
            card = f.read()
        for regime in ("frozen", "fullft"):
            series = [b for b in index["bundles"] if b["regime"] == regime]
            self.assertGreaterEqual(len(series), 5)
            self.assertEqual(sum(b["final"] for b in series), 1)
        for b in index["bundles"]:
            path = os.path.join(MODELS, b["path"])
            with open(os.path.join(path, "bundle.json")) as f:
                m = json.load(f)
            self.assertEqual(m["dtype"], b["dtype"])
            self.assertEqual(len(m["parts"]["layers"]), m["num_layers"])
            for p in [m["parts"]["speech_encoder"], m["parts"]["embed_tokens"],
                      m["parts"]["lm_head"]] + m["parts"]["layers"]:
                self.assertTrue(os.path.isfile(os.path.join(path, p)), p)
            self.assertIn("`%s`" % b["path"], card)
        final = [b for b in index["bundles"] if b["final"]]
        for b in final:
            self.assertGreaterEqual(b["text_acc"], 0.9, b["path"])
            # alignment training taught it to hear the training engines: the final bundle answers
            # far more spoken questions than the regime's first checkpoint
            first = min((c for c in index["bundles"] if c["regime"] == b["regime"]),
                        key=lambda c: c["step"])
            self.assertGreaterEqual(b["speech_acc_seen"], 0.4, b["path"])
            self.assertGreater(b["speech_acc_seen"], first["speech_acc_seen"] + 0.2, b["path"])
            # every engine group measured, with a control whose interval clears zero
            self.assertIn("test_engine/flite", b["groups"])
            for key, g in b["groups"].items():
                self.assertGreater(g["control"]["aps_margin_ci95"][0], 0, key)
            self.assertIn("`%s`" % b["path"], card)
        self.assertIn("flite", card)

    def test_size_budget(self):
        # resources/ travels inside the .deb: the built-in model and its sample set stay
        # within 64 MB
        self.assertLessEqual(folder_size(MODELS) + folder_size(SAMPLE), 64 * 1024 * 1024)

    def test_sample_set(self):
        with open(os.path.join(SAMPLE, "examples.jsonl")) as f:
            rows = [json.loads(line) for line in f if line.strip()]
        self.assertTrue(64 <= len(rows) <= 96, len(rows))
        self.assertEqual(len({r["id"] for r in rows}), len(rows))
        self.assertEqual({r["engine"] for r in rows}, {"espeak-ng", "festival", "freetts", "flite"})
        self.assertEqual({r["split"] for r in rows},
                         {"held-out item, training voice", "held-out item, held-out voice",
                          "held-out item, held-out engine"})
        for r in rows:
            self.assertTrue(r["transcript"] and r["answer"])
            self.assertEqual(r["split"] == "held-out item, held-out engine", r["engine"] == "flite")
            with wave.open(os.path.join(SAMPLE, r["audio"])) as w:
                self.assertEqual((w.getframerate(), w.getnchannels(), w.getsampwidth()),
                                 (16000, 1, 2))
                seconds = w.getnframes() / 16000.0
            # word timings (METHOD.md, "Token pairing"): the transcript's words, in order,
            # inside the clip
            self.assertEqual([x["word"] for x in r["words"]], r["transcript"].split(), r["id"])
            prev = 0.0
            for x in r["words"]:
                self.assertTrue(prev - 1e-6 <= x["start"] < x["end"] <= seconds, (r["id"], x))
                prev = x["end"]

    @unittest.skipIf(torch is None, "PyTorch is not importable by %s" % sys.executable)
    def test_default_bundle_answers_shipped_examples(self):
        from gapscope_mini.export import LoadedBundle
        from gapscope_mini.speech import read_wav
        from gapscope_mini.tokenizer import WordTokenizer
        path = os.path.join(MODELS, "mini-fullft-final")
        bundle = LoadedBundle(path)
        tok = WordTokenizer.load(os.path.join(path, "tokenizer.json"))
        with open(os.path.join(SAMPLE, "examples.jsonl")) as f:
            rows = [json.loads(line) for line in f if line.strip()]
        rows = [r for r in rows if r["split"].endswith("training voice")][:12]
        text_ok = speech_ok = 0
        for r in rows:
            q = bundle.embed_ids(tok.encode(r["transcript"]))
            text_ok += bundle.answer(tok, q) == r["answer"]
            pcm, sr = read_wav(os.path.join(SAMPLE, r["audio"]))
            s = bundle.encode_speech(features.log_mel(pcm / 32768.0))
            speech_ok += bundle.answer(tok, s) == r["answer"]
        self.assertGreaterEqual(text_ok, 10)
        self.assertGreaterEqual(speech_ok, 4)


if __name__ == "__main__":
    unittest.main()
