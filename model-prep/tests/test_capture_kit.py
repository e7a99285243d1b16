"""Tests of the capture kit (model-prep/capture) on look-alikes of the transformers classes (no transformers needed).

Every family's prompt and span rule, captures equal to the model's own layer outputs (last before the final
norm), failures recorded, resume, shards, a subset of layers, the interventions' rewrite, the command line.

Run: /usr/bin/python3 -m unittest discover -s model-prep/tests
"""

import json
import math
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "capture"))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import hf_lookalike as hf  # noqa: E402
import hf_lookalike_kit as kit  # noqa: E402
import make_mini_bundle as mini  # noqa: E402
from gapscope_capture import calibration, cli, families  # noqa: E402
from gapscope_capture import dataset as kit_dataset  # noqa: E402
from gapscope_capture.capture import resolve_layers  # noqa: E402
from gapscope_capture.hooks import InputRewrite, SpanCapture, rewrite_rows  # noqa: E402
from gapscope_capture.runfolder import RunFolderError  # noqa: E402

torch.set_num_threads(1)
TRANSCRIPTS = [("sky", "what is the color of the sky", "blue"), ("cat", "how many legs does a cat have", "four"),
               ("moon", "where is the moon in the night", "sky")]
OMNI_WORDS = families.QWEN_OMNI_SYSTEM.split() + ["system", "user", "assistant"]


def mini_template(messages):
    content = messages[-1]["content"]
    audio = any(c.get("type") == "audio" for c in content) if isinstance(content, list) else False
    query = "<|AUDIO|>" if audio else kit.message_text(messages[-1])
    return mini.PROMPT["speech" if audio else "text"].replace("{speech}" if audio else "{text}", query)


def chat_template(audio_token):
    def render(messages):
        text = ""
        for m in messages:
            content = m["content"]
            if isinstance(content, list):
                content = " ".join(audio_token if c.get("type") == "audio" else c.get("text", "") for c in content)
            text += f"<|im_start|>{m['role']}\n{content}<|im_end|>\n"
        return text + "<|im_start|>assistant\n"
    return render


def tokenizer(extra_specials=(), extra_words=(), cls=kit.WordTokenizer, template=None):
    return cls(mini.vocabulary() + list(extra_words), mini.SPECIALS + list(extra_specials), template)


def dataset(folder, missing=True, broken=True):
    """Three spoken questions (noise and tones, lengths a multiple of 160 samples), a broken line, a missing file."""
    rng = np.random.default_rng(5)
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i, (qid, text, answer) in enumerate(TRANSCRIPTS):
        n = 160 * (100 + 37 * i)
        t = np.arange(n) / 16000
        kit.write_wav(folder / f"{qid}.wav", 0.3 * np.sin(2 * np.pi * (200 + 50 * i) * t) + 0.05 * rng.standard_normal(n))
        lines.append(json.dumps({"id": qid, "audio": f"{qid}.wav", "transcript": text, "answer": answer}))
    if broken:
        lines.insert(1, '{"id": "broken", "audio": ')
    if missing:
        lines.append(json.dumps({"id": "lost", "audio": "lost.wav", "transcript": "is the sun big", "answer": "yes"}))
    path = folder / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def records(run):
    return {r["line"]: r for r in map(json.loads, (Path(run) / "results.jsonl").read_text().splitlines())}


def capture_file(run, rel):
    with np.load(Path(run) / rel) as z:
        return {k: z[k] for k in z.files}


# ---------------------------------------------------------------------------------------------- the families


def qwen2_audio(seed=1):
    model, _, _, _ = mini.build("qwen2-audio", seed)
    model.generation_config = SimpleNamespace(eos_token_id=[2])
    processor = kit.Qwen2AudioProcessor(tokenizer(template=mini_template), kit.WhisperLikeFeatureExtractor(),
                                        mini_template)
    return families.Qwen2Audio(model, processor)


def whisper_llm(seed=1):
    model, lm, _, _ = mini.build("whisper-llm", seed)
    lm.generation_config = SimpleNamespace(eos_token_id=[2])
    return families.WhisperLlm(model.speech_encoder, model.speech_projector, lm, tokenizer(),
                               kit.WhisperLikeFeatureExtractor(), mini.PROMPT)


def omni(seed=2):
    tok = tokenizer(["<|im_start|>", "<|im_end|>", "<|audio_bos|>", "<|audio_eos|>", "<|AUDIO|>"], OMNI_WORDS)
    cfg = hf.qwen2_config(vocab_size=len(tok.vocab))
    model = hf.randomize(kit.Qwen2_5OmniThinkerForConditionalGeneration(cfg, hf.encoder_config(),
                                                                         tok.vocab["<|AUDIO|>"]), seed)
    model.generation_config = SimpleNamespace(eos_token_id=[tok.vocab["<|im_end|>"]])
    template = chat_template("<|audio_bos|><|AUDIO|><|audio_eos|>")
    tok.template = template
    return families.Qwen25Omni(model, kit.Qwen25OmniProcessor(tok, kit.WhisperLikeFeatureExtractor(), template))


def voxtral(seed=3):
    tok = tokenizer(["[INST]", "[/INST]", "[AUDIO]", "[BEGIN_AUDIO]"], cls=kit.MistralLikeTokenizer)

    def template(messages):
        content = messages[-1]["content"]
        parts = ["[BEGIN_AUDIO][AUDIO]" if c.get("type") == "audio" else c["text"] for c in content]
        return "<bos>[INST]" + " ".join(parts) + "[/INST]"
    cfg = hf.llama_config(vocab_size=len(tok.vocab))
    model = hf.randomize(kit.VoxtralForConditionalGeneration(cfg, hf.encoder_config(), tok.vocab["[AUDIO]"]), seed)
    model.generation_config = SimpleNamespace(eos_token_id=[2])
    return families.Voxtral(model, kit.VoxtralProcessor(tok, kit.WhisperLikeFeatureExtractor(), template))


def granite(seed=4):
    template = chat_template("<|audio|>")
    tok = tokenizer(["<|im_start|>", "<|im_end|>", "<|audio|>"], ["system", "user", "assistant"], template=template)
    cfg = hf.qwen2_config(vocab_size=len(tok.vocab), embedding_multiplier=4.0)
    model = hf.randomize(kit.GraniteSpeechForConditionalGeneration(cfg, tok.vocab["<|audio|>"]), seed)
    model.generation_config = SimpleNamespace(eos_token_id=[tok.vocab["<|im_end|>"]])
    return families.GraniteSpeech(model, kit.GraniteSpeechProcessor(tok, kit.WhisperLikeFeatureExtractor()))


FAMILIES = {"qwen2-audio": qwen2_audio, "qwen2.5-omni": omni, "voxtral": voxtral, "granite-speech": granite,
            "whisper-llm": whisper_llm}


def raw_states(family, query):
    """The model's own per-layer outputs for a query's inputs (hf_lookalike's forward returns them)."""
    with torch.no_grad():
        if isinstance(family, families.WhisperLlm):
            _, _, raw = family.model.forward_embeds(query.inputs["inputs_embeds"]) \
                if "inputs_embeds" in query.inputs else family.model(query.inputs["input_ids"])
        else:
            _, _, raw = family.model(**query.inputs)
    return [r[0] for r in raw]


class KitTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.data = dataset(self.dir / "data")

    def tearDown(self):
        self.tmp.cleanup()

    def capture(self, family, out="run", **kw):
        kw.setdefault("quiet", True)
        kw.setdefault("max_tokens", 6)
        return cli.capture(family, "lookalike", "fp-" + family.name, str(self.data), str(self.dir / out), **kw)


class FamiliesTest(KitTestCase):
    def test_every_family_captures_its_spans_as_the_model_computes_them(self):
        for name, make in FAMILIES.items():
            with self.subTest(family=name):
                family = make()
                done, complete = self.capture(family, out=name, float16=False)
                self.assertEqual((5, True), (done, complete))
                recs = records(self.dir / name)
                sky = recs[1]
                self.assertEqual("ok", sky["status"], sky)
                text = capture_file(self.dir / name, sky["captures"]["text"])
                speech = capture_file(self.dir / name, sky["captures"]["speech"])
                layers = len(family.layers) + 1
                # the text span is the transcript's words, whatever the template around them
                self.assertEqual(TRANSCRIPTS[0][1].split(), json.loads(bytes(text["tokens"]).decode()))
                self.assertEqual((layers, 7, 32), text["hidden"].shape)
                self.assertEqual(0, len(text["times"]))
                # the speech span: the audio positions the processor made, padding excluded
                n = 160 * 100
                frames = math.ceil(n / 160)
                expected = {"qwen2-audio": kit.expanded_audio_tokens(frames), "qwen2.5-omni":
                            kit.expanded_audio_tokens(frames), "voxtral": math.ceil(frames / 8),
                            "granite-speech": math.ceil(frames / 4), "whisper-llm": ((frames - 1) // 2 + 1) // 5}[name]
                self.assertEqual(expected, speech["hidden"].shape[1])
                self.assertEqual(expected, sky["speech"]["positions"])
                self.assertAlmostEqual(frames * 0.01 * 3 / expected, float(speech["times"][3]), places=5)
                meta = json.loads(bytes(speech["meta"]).decode())
                self.assertEqual(("speech", "sky", "lookalike"), (meta["modality"], meta["example"], meta["model"]))
                # every hidden state equals the model's own: 0 = the first layer's input, L = the last layer's
                # output before the final norm
                for modality, q, cap in (("text", family.text_query(TRANSCRIPTS[0][1]), text),
                                         ("speech", family.speech_query(kit.read_wav(self.dir / "data/sky.wav"),
                                                                        str(self.dir / "data/sky.wav")), speech)):
                    raw = raw_states(family, q)
                    for l in range(layers):
                        np.testing.assert_allclose(cap["hidden"][l], raw[l][q.start:q.end].numpy(), atol=1e-6,
                                                   err_msg=f"{name} {modality} layer {l}")
                    with torch.no_grad():
                        normed = family.decoder.norm(raw[-1])[q.start:q.end].numpy()
                    self.assertGreater(np.abs(normed - cap["hidden"][-1]).max(), 1e-3, "before the final norm")
                # the answers are the model's greedy answers
                self.assertEqual(family.generate(family.text_query(TRANSCRIPTS[0][1]), 6), sky["text"]["answer"])
                # failures: the broken line, and the missing audio after its text pass
                self.assertEqual(("failed", "dataset", None), (recs[2]["status"], recs[2]["stage"], recs[2]["id"]))
                lost = recs[5]
                self.assertEqual(("failed", "audio"), (lost["status"], lost["stage"]))
                self.assertIn("lost.wav: no such audio file", lost["reason"])
                self.assertIn("text", lost["captures"])
                status = json.loads((self.dir / name / "status.json").read_text())
                self.assertEqual({"entries": 5, "records": 5, "complete": True}, status)
                run = json.loads((self.dir / name / "run.json").read_text())
                self.assertEqual(("gapscope-run", 2, "capture", "1/1"), (run["format"], run["format_version"],
                                                                          run["command"], run["shard"]))

    def test_granite_hidden_state_zero_is_the_scaled_input(self):
        family = granite()
        q = family.text_query(TRANSCRIPTS[1][1])
        with SpanCapture(family.layers, q.start, q.end) as cap:
            family.prompt_pass(q)
        embeds = family.model.get_input_embeddings()(q.inputs["input_ids"])[0, q.start:q.end]
        np.testing.assert_allclose(cap.result()[0], 4.0 * embeds.detach().numpy(), atol=1e-6)

    def test_a_transcript_the_template_does_not_hold_is_refused(self):
        family = qwen2_audio()
        with self.assertRaisesRegex(families.FamilyError, "cannot locate the transcript"):
            families.text_span(family.tokenizer, "<bos> question : blue answer :", [1, 4, 5, 10, 6, 5], "red sky")


class RunTest(KitTestCase):
    def test_an_interrupted_run_resumes_to_the_files_of_an_uninterrupted_one(self):
        family = qwen2_audio()
        self.capture(family, out="whole")
        self.assertEqual((2, False), self.capture(family, out="resumed", stop_after=2))
        with open(self.dir / "resumed/results.jsonl", "a", encoding="utf-8") as f:
            f.write('{"line": 4, "sta')  # killed while writing
        self.assertEqual((3, True), self.capture(family, out="resumed"))
        self.assertEqual(records(self.dir / "whole"), records(self.dir / "resumed"))
        a = capture_file(self.dir / "whole", records(self.dir / "whole")[4]["captures"]["speech"])
        b = capture_file(self.dir / "resumed", records(self.dir / "resumed")[4]["captures"]["speech"])
        np.testing.assert_array_equal(a["hidden"], b["hidden"])
        self.assertEqual(np.float16, a["hidden"].dtype)
        with self.assertRaisesRegex(RunFolderError, "holds a run with another settings"):
            self.capture(family, out="whole", max_tokens=4)

    def test_shards_split_the_lines_and_agree_with_the_whole_run(self):
        family = qwen2_audio()
        self.capture(family, out="whole")
        self.capture(family, out="s1", shard="1/2")
        self.capture(family, out="s2", shard="2/2")
        one, two = records(self.dir / "s1"), records(self.dir / "s2")
        self.assertEqual([1, 3, 5], sorted(one))
        self.assertEqual([2, 4], sorted(two))
        self.assertEqual(records(self.dir / "whole"), {**one, **two})
        run = json.loads((self.dir / "s2/run.json").read_text())
        self.assertEqual("2/2", run["shard"])

    def test_a_subset_of_layers_is_stored_with_its_indices(self):
        self.assertEqual([0, 2], resolve_layers("every:2", 3))
        self.assertEqual([0, 2, 4, 5], resolve_layers("every:2", 6))
        self.assertEqual([0, 2], resolve_layers("2,0", 3))
        with self.assertRaisesRegex(ValueError, "hidden states 0..2"):
            resolve_layers("0,3", 3)
        self.capture(qwen2_audio(), out="sub", layers="0,2")
        c = capture_file(self.dir / "sub", records(self.dir / "sub")[1]["captures"]["text"])
        self.assertEqual(2, c["hidden"].shape[0])
        self.assertEqual([0, 2], c["layers"].tolist())
        full = capture_file(self.dir / "sub", records(self.dir / "sub")[1]["captures"]["text"])
        self.assertEqual(full["hidden"].shape[1:], c["hidden"].shape[1:])


class WordTimingsTest(KitTestCase):
    def test_word_timings_are_checked_as_gapscope_checks_them(self):
        folder = self.dir / "data"
        good = [{"word": w, "start": 0.1 * k, "end": 0.1 * k + 0.1} for k, w in enumerate("is the sun big".split())]
        late = [dict(w) for w in good]
        late[-1]["end"] = 9.0
        lines = [json.dumps({"id": "good", "audio": "sky.wav", "transcript": "is the sun big", "answer": "yes",
                             "words": good}),
                 json.dumps({"id": "short", "audio": "sky.wav", "transcript": "is the sun big", "answer": "yes",
                             "words": good[:2]}),
                 json.dumps({"id": "late", "audio": "sky.wav", "transcript": "is the sun big", "answer": "yes",
                             "words": late})]
        self.data = folder / "words.jsonl"
        self.data.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.capture(qwen2_audio(), out="words")
        recs = records(self.dir / "words")
        self.assertEqual("ok", recs[1]["status"])
        self.assertEqual(("dataset", None), (recs[2]["stage"], recs[2]["id"]))
        self.assertIn('"words" has 2 words, the transcript has 4', recs[2]["reason"])
        self.assertEqual("audio", recs[3]["stage"])
        self.assertIn("ends at 9.000 s, after the end of the 1.000 s clip", recs[3]["reason"])


class InterventionTest(KitTestCase):
    def test_the_rewrite_takes_the_aligned_text_direction_at_the_input(self):
        family = qwen2_audio()
        speech = family.speech_query(kit.read_wav(self.dir / "data/sky.wav"), str(self.dir / "data/sky.wav"))
        text = family.text_query(TRANSCRIPTS[0][1])
        with SpanCapture(family.layers, text.start, text.end, [0]) as t:
            family.prompt_pass(text)
        text_rows = torch.from_numpy(t.result()[0])
        positions, sources = [2, 5], [6, 0]
        with SpanCapture(family.layers, speech.start, speech.end, [0]) as plain:
            family.prompt_pass(speech)
        for kind in ("angle", "length"):
            with InputRewrite(family.layers, [speech.start + p for p in positions], text_rows[sources], kind) as rw, \
                    SpanCapture(family.layers, speech.start, speech.end, [0]) as edited:
                family.prompt_pass(speech)
            got = edited.result()[0]
            before = plain.result()[0]
            for p, s in zip(positions, sources):
                h, ht = before[p].astype(np.float64), text_rows[s].numpy().astype(np.float64)
                want = (np.linalg.norm(h) * ht / np.linalg.norm(ht) if kind == "angle"
                        else h * np.linalg.norm(ht) / np.linalg.norm(h))
                np.testing.assert_allclose(got[p], want, rtol=1e-5, atol=1e-6)
            untouched = [i for i in range(before.shape[0]) if i not in positions]
            np.testing.assert_array_equal(got[untouched], before[untouched])
            self.assertEqual(1, rw.applied)
        with self.assertRaisesRegex(ValueError, "zero vector"):
            rewrite_rows("angle", torch.ones(1, 4), torch.zeros(1, 4))

    def analysed_run(self, family):
        """A captured run with a critical_tokens.jsonl as gapscope analyse writes it (bottom:1 and all)."""
        self.capture(family, out="run")
        recs = records(self.dir / "run")
        lines = []
        for line, r in recs.items():
            if r["status"] == "ok":
                n = r["speech"]["positions"]
                lines.append(json.dumps({"line": line, "id": r["id"], "select_layer": 0, "path": "cosine",
                                         "text_tokens": r["text"]["tokens"], "speech_positions": n, "selections": {
                                             "bottom:1": {"text_tokens": [1], "speech_positions": [n - 1],
                                                          "source_tokens": [1]},
                                             "all": {"text_tokens": [0, 1], "speech_positions": [0, n - 1],
                                                     "source_tokens": [0, 1]}}}))
        (self.dir / "run/critical_tokens.jsonl").write_text("\n".join(lines) + "\n")
        return recs

    def test_intervene_writes_one_answer_per_condition_from_the_critical_tokens(self):
        family = qwen2_audio()
        recs = self.analysed_run(family)
        done, complete = cli.intervene(family, "lookalike", "fp", str(self.dir / "run"), str(self.dir / "iv"),
                                       methods="angle,length", tokens="bottom:1,all", quiet=True, max_tokens=6)
        self.assertTrue(complete)
        iv = records(self.dir / "iv")
        sky = iv[1]
        self.assertEqual(["angle Bottom1", "angle All", "length Bottom1", "length All"], list(sky["interventions"]))
        self.assertEqual([0, sky["speech"]["positions"] - 1], sky["interventions"]["angle All"]["positions"])
        self.assertEqual(recs[1]["speech"]["answer"], sky["speech"]["answer"])
        self.assertEqual("dataset", iv[2]["stage"])
        self.assertEqual("audio", iv[5]["stage"])
        run = json.loads((self.dir / "iv/run.json").read_text())
        self.assertEqual(("intervene", "angle,length", "bottom:1,all", 0, 0, "cosine"),
                         (run["command"], run["settings"]["methods"], run["settings"]["tokens"], run["settings"]["layer"],
                          run["settings"]["selection_layer"], run["settings"]["path"]))
        with self.assertRaisesRegex(RunFolderError, "run gapscope analyse .* --tokens bottom:3"):
            cli.intervene(family, "lookalike", "fp", str(self.dir / "run"), str(self.dir / "iv2"), tokens="bottom:3")


    def test_calibrate_rewrites_every_speech_position_with_the_statistics_of_the_set(self):
        family = qwen2_audio()
        self.analysed_run(family)
        done, complete = cli.intervene(family, "lookalike", "fp", str(self.dir / "run"), str(self.dir / "iv"),
                                       methods="angle,calibrate", tokens="all", quiet=True, max_tokens=6)
        self.assertTrue(complete)
        iv = records(self.dir / "iv")
        sky = iv[1]
        self.assertEqual(["angle All", "calibrate"], list(sky["interventions"]))
        self.assertEqual(list(range(sky["speech"]["positions"])), sky["interventions"]["calibrate"]["positions"])
        run = json.loads((self.dir / "iv/run.json").read_text())
        self.assertEqual(("angle,calibrate", ""), (run["settings"]["methods"], run["settings"]["calibration_data"]))

        # the statistics, recomputed here: every example whose audio can be read, both spans at hidden state 0
        speech, text = [], []
        for entry in kit_dataset.read(str(self.dir / "data/set.jsonl")):
            if entry.broken:
                continue
            try:
                wave = kit.read_wav(entry.example.audio)
            except Exception:  # noqa: BLE001 - the missing clip is skipped by the kit too
                continue
            for query, out in ((family.text_query(entry.example.transcript), text),
                               (family.speech_query(wave, entry.example.audio), speech)):
                with SpanCapture(family.layers, query.start, query.end, [0]) as cap:
                    family.prompt_pass(query)
                out.append(cap.result()[0].astype(np.float64))
        s, t = np.concatenate(speech), np.concatenate(text)
        with np.load(self.dir / "iv/calibration.npz") as z:
            np.testing.assert_allclose(z["speech_mean"], s.mean(0), rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(z["speech_std"], s.std(0), rtol=1e-10, atol=1e-12)
            np.testing.assert_allclose(z["text_mean"], t.mean(0), rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(z["text_std"], t.std(0), rtol=1e-10, atol=1e-12)
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
        self.assertEqual((s.shape[0], t.shape[0], 0), (meta["speech_positions"], meta["text_tokens"], meta["layer"]))
        self.assertIn("skipped", meta["source"], "the example whose clip is missing is counted")

        # the rewrite at the input, every position: (h - mu_s) / sd_s * sd_t + mu_t
        stats = calibration.Calibration.load(str(self.dir / "iv/calibration.npz"))
        query = family.speech_query(kit.read_wav(self.dir / "data/sky.wav"), str(self.dir / "data/sky.wav"))
        n = query.end - query.start
        with SpanCapture(family.layers, query.start, query.end, [0]) as plain:
            family.prompt_pass(query)
        with InputRewrite(family.layers, [query.start + p for p in range(n)], None, "calibrate", stats) as rw, \
                SpanCapture(family.layers, query.start, query.end, [0]) as edited:
            family.prompt_pass(query)
        want = (plain.result()[0].astype(np.float64) - s.mean(0)) / s.std(0) * t.std(0) + t.mean(0)
        np.testing.assert_allclose(edited.result()[0], want, rtol=1e-5, atol=1e-5)
        self.assertEqual(1, rw.applied)
        with self.assertRaisesRegex(RunFolderError, "angle, length or calibrate"):
            cli.intervene(family, "lookalike", "fp", str(self.dir / "run"), str(self.dir / "iv3"), methods="calibration")

    def test_calibration_statistics_by_hand(self):
        m = calibration.Moments()
        m.add(np.array([[1.0, 2.0], [3.0, 2.0]]))
        m.add(np.array([[5.0, 2.0]]))
        np.testing.assert_allclose(m.mean, [3.0, 2.0])
        np.testing.assert_allclose(m.std(), [math.sqrt(8 / 3), 0.0])
        # a dimension constant over the set (sd_s = 0) takes the text mean
        c = calibration.Calibration([3.0, 2.0], [2.0, 0.0], [10.0, -1.0], [4.0, 3.0], 3, 3, "hand")
        got = c.rewrite(torch.tensor([[5.0, 2.0], [1.0, 7.0]])).numpy()
        np.testing.assert_allclose(got, [[14.0, -1.0], [6.0, -1.0]])


class CommandLineTest(unittest.TestCase):
    def run_kit(self, *args):
        return subprocess.run([sys.executable, str(HERE.parent / "capture" / "gapscope-capture"), *args],
                              capture_output=True, text=True)

    def test_help_and_one_line_errors(self):
        p = self.run_kit("--help")
        self.assertEqual(0, p.returncode)
        for option in ("--model", "--family", "--dtype", "--device", "--shard", "--layers", "--data", "--out"):
            self.assertIn(option, p.stdout)
        self.assertEqual(0, self.run_kit("intervene", "--help").returncode)
        p = self.run_kit("--model", "m", "--family", "qwen2-audio", "--data", "/nonexistent/set.jsonl", "--out", "/tmp/x")
        self.assertEqual(2, p.returncode)
        self.assertEqual(["gapscope-capture: /nonexistent/set.jsonl: no such dataset file"], p.stderr.splitlines())
        p = self.run_kit("--model", "m", "--family", "nonsense", "--data", "x", "--out", "y")
        self.assertEqual(2, p.returncode)


if __name__ == "__main__":
    unittest.main()
