"""Smoke run of the built-in model's whole pipeline (tiny world and model, seconds): it must
produce bundles in format 2 whose TorchScript parts reload and run part by part, with and without
their key/value cache."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
import wave

import _builtin_path
from gapscope_mini import engines

try:
    import torch
except ImportError:  # pragma: no cover - Debian's python3-torch is a test requirement
    torch = None


@unittest.skipUnless(all(engines.available(e) for e in engines.ENGINES),
                     "a speech engine is missing (espeak-ng, festival, freetts, flite): the "
                     "built-in model's pipeline needs them all")
@unittest.skipIf(torch is None, "PyTorch is not importable by %s" % sys.executable)
class SmokePipelineTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.work = os.path.join(cls.tmp.name, "work")
        cls.ship = os.path.join(cls.tmp.name, "ship")
        env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
                   PYTHONPATH=_builtin_path.BUILTIN)
        cls.result = subprocess.run(
            [sys.executable, "-m", "gapscope_mini.pipeline", "all", "--smoke", "--work", cls.work,
             "--ship", cls.ship], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            timeout=600)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.assertEqual(self.result.returncode, 0, self.result.stdout.decode()[-3000:])

    def models(self):
        return os.path.join(self.ship, "models")

    @staticmethod
    def whole(layer, x, m):
        """A format-2 layer over the whole sequence: empty cache, offset 0."""
        c = m["kv_cache"]
        empty = torch.zeros(1, c["num_kv_heads"], 0, c["head_dim"])
        return layer(x, empty, empty, torch.tensor([0]))[0]

    def test_default_and_index(self):
        with open(os.path.join(self.models(), "DEFAULT")) as f:
            default = f.read().strip()
        self.assertEqual(default, "mini-fullft-final")
        with open(os.path.join(self.models(), "models.json")) as f:
            index = json.load(f)
        paths = [b["path"] for b in index["bundles"]]
        self.assertIn("mini-frozen-final", paths)
        self.assertEqual(sum(b["regime"] == "fullft" for b in index["bundles"]), 5)
        self.assertEqual(sum(b["regime"] == "frozen" for b in index["bundles"]), 5)
        metrics = {}
        for regime in ("frozen", "fullft"):
            with open(os.path.join(self.work, regime, "metrics.json")) as f:
                metrics.update({(regime, m["step"]): m for m in json.load(f)})
        for b in index["bundles"]:
            self.assertTrue(os.path.isfile(os.path.join(self.models(), b["path"], "bundle.json")))
            m = metrics[(b["regime"], b["step"])]
            for k in ("text_acc", "speech_acc_seen", "speech_acc_heldout", "speech_acc_engine"):
                self.assertTrue(0.0 <= b[k] <= 1.0, "%s %s = %r is not a share of examples" % (b["path"], k, b[k]))
                self.assertEqual(b[k], m[k], "%s: %s as evaluated" % (b["path"], k))
            for key in ("seen", "heldout", "engine"):
                self.assertAlmostEqual(b["gap_" + key], b["text_acc"] - b["speech_acc_" + key], places=12)
            # every engine's held-out utterances, with its own control
            self.assertEqual(sorted(b["groups"]), [
                "test_engine/flite", "test_heldout/espeak-ng", "test_seen/espeak-ng",
                "test_seen/festival", "test_seen/freetts"])
            for g in b["groups"].values():
                self.assertEqual(len(g["control"]["aps_margin_ci95"]), 2)
            first = m["groups"]["test_seen/espeak-ng"]
            self.assertAlmostEqual(b["norm_ratio"], first["adapter_norm"] / first["embedding_norm"], places=9,
                                   msg="%s: adapter norm / embedding norm" % b["path"])
        with open(os.path.join(self.models(), "MODEL_CARD.md")) as f:
            card = f.read()
        for p in paths:
            self.assertIn("`%s`" % p, card)
        # the final bundles carry the PyTorch model's answers to every shipped sample example
        with open(os.path.join(self.models(), "..", "examples", "sample", "examples.jsonl")) as f:
            ids = [json.loads(line)["id"] for line in f if line.strip()]
        for b in index["bundles"]:
            self.assertEqual(b["final"], "sample_answers" in b, b["path"])
            if b["final"]:
                self.assertEqual(sorted(b["sample_answers"]), sorted(ids))
                correct = [a["speech"] == a["gold"] for a in b["sample_answers"].values()]
                self.assertAlmostEqual(b["sample_speech_acc"], sum(correct) / len(correct))
        self.assertIn("## The shipped sample set", card)
        self.assertIn("mean over families", card)
        self.assertIn("### Word timings", card)
        self.assertIn("## The held-out engine against training steps", card)

    def test_bundle_manifest_and_parts(self):
        path = os.path.join(self.models(), "mini-fullft-final")
        with open(os.path.join(path, "bundle.json")) as f:
            m = json.load(f)
        self.assertEqual((m["format"], m["format_version"]), ("gapscope-bundle", 2))
        self.assertEqual(m["kv_cache"]["num_kv_heads"] * m["kv_cache"]["head_dim"], m["hidden_size"])
        self.assertEqual(len(m["parts"]["layers"]), m["num_layers"])
        self.assertEqual(m["prompt"]["speech"].count("{speech}"), 1)
        self.assertEqual(m["prompt"]["text"].count("{text}"), 1)
        for p in [m["parts"]["speech_encoder"], m["parts"]["embed_tokens"], m["parts"]["lm_head"]] \
                + m["parts"]["layers"]:
            self.assertNotIn("..", p)
            self.assertTrue(os.path.isfile(os.path.join(path, p)), p)
        with open(os.path.join(path, "tokenizer.json")) as f:
            self.assertEqual(len(json.load(f)["model"]["vocab"]), m["vocab_size"])
        d = m["hidden_size"]
        enc = torch.jit.load(os.path.join(path, m["parts"]["speech_encoder"]))
        out = enc(torch.randn(1, 80, 173), torch.tensor([161]))
        self.assertEqual(tuple(out.shape), (1, 161 // 10, d))   # 10 log-mel frames per position
        emb = torch.jit.load(os.path.join(path, m["parts"]["embed_tokens"]))
        h = emb(torch.tensor([[2, 5, 6]]))
        self.assertEqual(tuple(h.shape), (1, 3, d))
        x = torch.cat([h, out], 1)
        for lp in m["parts"]["layers"]:
            x = self.whole(torch.jit.load(os.path.join(path, lp)), x, m)
            self.assertEqual(tuple(x.shape), (1, 3 + 161 // 10, d))
        logits = torch.jit.load(os.path.join(path, m["parts"]["lm_head"]))(x)
        self.assertEqual(tuple(logits.shape), (1, x.shape[1], m["vocab_size"]))

    def test_causal_layers(self):
        """A layer's output at position t must not depend on later positions."""
        path = os.path.join(self.models(), "mini-fullft-final")
        layer = torch.jit.load(os.path.join(path, "layers", "layer_000.pt"))
        m = json.load(open(os.path.join(path, "bundle.json")))
        x = torch.randn(1, 9, m["hidden_size"])
        y = self.whole(layer, x, m)
        y2 = self.whole(layer, torch.cat([x[:, :5], torch.randn(1, 4, x.shape[2])], 1), m)
        torch.testing.assert_close(y[:, :5], y2[:, :5])

    def test_cached_steps_continue_the_whole_pass(self):
        path = os.path.join(self.models(), "mini-fullft-final")
        m = json.load(open(os.path.join(path, "bundle.json")))
        layer = torch.jit.load(os.path.join(path, "layers", "layer_001.pt"))
        x = torch.randn(1, 9, m["hidden_size"])
        c = m["kv_cache"]
        empty = torch.zeros(1, c["num_kv_heads"], 0, c["head_dim"])
        with torch.no_grad():
            y = self.whole(layer, x, m)
            h, k, v = layer(x[:, :6], empty, empty, torch.tensor([0]))
            steps = [h]
            for i in range(6, 9):
                h, k, v = layer(x[:, i:i + 1], k, v, torch.tensor([i]))
                steps.append(h)
        torch.testing.assert_close(torch.cat(steps, 1), y, rtol=1e-5, atol=1e-5)
        self.assertEqual(tuple(k.shape), (1, c["num_kv_heads"], 9, c["head_dim"]))

    def test_float16_checkpoints_run_in_float32_and_float16(self):
        with open(os.path.join(self.models(), "models.json")) as f:
            index = json.load(f)
        # every checkpoint was tried in float16 first and kept so exactly when no answer changed
        log = self.result.stdout.decode()
        for b in index["bundles"]:
            tries = re.findall(r"%s float16 \(hidden [^)]*\): (\d+)/\d+ answers differ" % re.escape(b["name"]), log)
            if b["final"]:
                self.assertEqual(tries, [], b["path"])
            elif b["dtype"] == "float16":
                self.assertEqual(tries, ["0", "0"], b["path"])
            else:
                self.assertTrue(tries and any(t != "0" for t in tries), "%s: %s" % (b["path"], tries))
        half = [b for b in index["bundles"] if b["dtype"] == "float16"]
        self.assertTrue(half, "the smoke run keeps float16 checkpoints (its answers do not change in float16)")
        for b in half:
            path = os.path.join(self.models(), b["path"])
            layer = torch.jit.load(os.path.join(path, "layers", "layer_000.pt"))
            m = json.load(open(os.path.join(path, "bundle.json")))
            x = torch.randn(1, 4, m["hidden_size"])
            self.assertEqual(self.whole(layer, x, m).dtype, torch.float32)
            self.assertEqual(self.whole(layer, x.half(), m).dtype, torch.float16)

    def test_export_runs_again_on_its_own(self):
        """The export stage rewrites and re-verifies a regime's bundles from the work folder alone
        (what a bundle-format change needs), and finds the same bundles and dtypes."""
        path = os.path.join(self.work, "fullft", "export.json")
        with open(path) as f:
            before = json.load(f)
        env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
                   PYTHONPATH=_builtin_path.BUILTIN)
        res = subprocess.run([sys.executable, "-m", "gapscope_mini.pipeline", "export", "--smoke",
                              "--regime", "fullft", "--work", self.work], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
        self.assertEqual(res.returncode, 0, res.stdout.decode()[-3000:])
        with open(path) as f:
            after = json.load(f)
        self.assertEqual([(e["bundle"], e["dtype"], e["answers_checked"]) for e in after],
                         [(e["bundle"], e["dtype"], e["answers_checked"]) for e in before])
        self.assertIn("answers differ from the PyTorch model", res.stdout.decode())

    def pipeline(self, *args):
        env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
                   PYTHONPATH=_builtin_path.BUILTIN)
        res = subprocess.run([sys.executable, "-m", "gapscope_mini.pipeline"] + list(args)
                             + ["--smoke", "--work", self.work], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
        self.assertEqual(res.returncode, 0, res.stdout.decode()[-3000:])
        return res.stdout.decode()

    def test_a_checkpoint_measured_alone_is_kept(self):
        """evaluate --step measures one saved checkpoint in a process of its own (as while the
        regime still trains) and gives what the regime stage measured; evaluate --regime then keeps
        every checkpoint measured since it was saved and writes the same metrics.json."""
        path = os.path.join(self.work, "fullft", "metrics.json")
        with open(path) as f:
            before = json.load(f)
        step = before[1]["step"]
        self.pipeline("evaluate", "--regime", "fullft", "--step", str(step))
        with open(os.path.join(self.work, "fullft", "metrics-step%05d.json" % step)) as f:
            self.assertEqual(json.dumps(json.load(f)), json.dumps(before[1]))
        out = self.pipeline("evaluate", "--regime", "fullft")
        self.assertEqual(out.count("measured before"), len(before), out)
        with open(path) as f:
            self.assertEqual(json.dumps(json.load(f)), json.dumps(before))

    def test_sample_set(self):
        sample = os.path.join(self.ship, "examples", "sample")
        with open(os.path.join(sample, "examples.jsonl")) as f:
            rows = [json.loads(line) for line in f if line.strip()]
        self.assertGreater(len(rows), 5)
        for r in rows:
            for k in ("id", "audio", "transcript", "answer", "engine", "voice", "split", "words"):
                self.assertIn(k, r)
            with wave.open(os.path.join(sample, r["audio"])) as w:
                self.assertEqual((w.getframerate(), w.getnchannels(), w.getsampwidth()),
                                 (16000, 1, 2))
                seconds = w.getnframes() / 16000.0
            self.assertEqual([x["word"] for x in r["words"]], r["transcript"].split())
            ends = [0.0] + [x["end"] for x in r["words"]]
            for x, prev in zip(r["words"], ends):
                self.assertLessEqual(prev - 1e-6, x["start"])
                self.assertLess(x["start"], x["end"])
                self.assertLessEqual(x["end"], seconds + 0.2)
        self.assertEqual(len({r["id"] for r in rows}), len(rows))
        self.assertEqual({r["engine"] for r in rows},
                         {"espeak-ng", "festival", "freetts", "flite"})
        self.assertEqual({r["split"] for r in rows if r["engine"] == "flite"},
                         {"held-out item, held-out engine"})


if __name__ == "__main__":
    unittest.main()
