"""The speech engines behind the built-in model: audio, phone and word timings from each engine,
one phone set, determinism, and the respeak tool."""
import io
import json
import os
import subprocess
import tempfile
import unittest
import wave
from contextlib import redirect_stderr, redirect_stdout

import numpy as np

import _builtin_path
from gapscope_mini import engines, phones, respeak, speech

TEXT = "what is the opposite of hot"
JOBS = [dict(engine=engines.ESPEAK, voice="m3", text=TEXT, params={"speed": 170, "pitch": 50}),
        dict(engine=engines.FESTIVAL, voice="kal_diphone", text=TEXT,
             params={"stretch": 1.1, "f0": 1.2}),
        dict(engine=engines.FREETTS, voice="kevin16", text=TEXT,
             params={"rate": 160, "pitch": 110, "range": 14}),
        dict(engine=engines.FLITE, voice="slt", text=TEXT, params={})]


class PhoneSetTest(unittest.TestCase):
    def test_espeak_ipa_maps_onto_cmu_phones(self):
        self.assertEqual(phones.from_espeak("eɪ"), ["ey"])
        self.assertEqual(phones.from_espeak("ɑːɹ"), ["aa", "r"])
        self.assertEqual(phones.from_espeak(""), [])
        with self.assertRaises(ValueError):
            phones.from_espeak("ǃ")

    def test_two_phone_segments_split_their_span(self):
        segs = phones.espeak_segments([(0, "k"), (1600, "ɑːɹ"), (4800, "")], 6400)
        self.assertEqual(segs, [(0.0, 0.1, "k"), (0.1, 0.2, "aa"), (0.2, 0.3, "r"),
                                (0.3, 0.4, "")])

    def test_engine_phone_names(self):
        self.assertEqual(phones.normalise("pau"), "")
        self.assertEqual(phones.normalise("AXR"), "er")
        with self.assertRaises(ValueError):
            phones.normalise("q")

    def test_engine_words_are_checked_against_the_transcript(self):
        words = [("above", 0.1, 0.4), ("_a", 0.4, 0.6)]     # flite and FreeTTS: a letter read
        self.assertEqual(engines.check_words("above a", words),
                         [("above", 0.1, 0.4), ("a", 0.4, 0.6)])
        with self.assertRaises(ValueError):
            engines.check_words("above the", words)
        with self.assertRaises(ValueError):
            engines.check_words("above a", [("above", 0.5, 0.4), ("a", 0.4, 0.6)])

    def test_text_check(self):
        self.assertEqual(engines.check_text("what is one"), "what is one")
        for bad in ("What is one", "what is one?", "what  is", '" (quit)'):
            with self.assertRaises(ValueError):
                engines.check_text(bad)


class EnginesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        missing = [e for e in engines.ENGINES if not engines.available(e)]
        if missing:
            raise AssertionError("speech engines not installed: %s (.ci/run installs them)"
                                 % ", ".join(missing))
        cls.spoken = engines.synthesize_many(JOBS, workers=2)

    def test_every_engine_reports_the_transcripts_words_inside_its_audio(self):
        for job, s in zip(JOBS, self.spoken):
            with self.subTest(engine=job["engine"]):
                self.assertEqual(s.pcm.dtype, np.int16)
                seconds = len(s.pcm) / 16000.0
                self.assertGreater(seconds, 0.8)
                self.assertGreater(int(np.abs(s.pcm).max()), 3000)
                self.assertEqual([w for w, _, _ in s.words], TEXT.split())
                prev_end = 0.0
                for _, a, b in s.words:
                    self.assertLessEqual(prev_end - 1e-6, a)
                    self.assertLess(a, b)
                    prev_end = b
                self.assertLess(s.words[-1][2], seconds + 0.2)
                # "hot" ends in /t/: the last non-pause phone
                names = [p for _, p in s.segments if p]
                self.assertTrue(set(names) <= set(phones.PHONES), names)
                self.assertEqual(names[-1], "t")
                starts = [t for t, _ in s.segments]
                self.assertEqual(starts, sorted(starts))

    def test_flite_is_deterministic_and_matches_its_command(self):
        job = JOBS[3]
        other = dict(job, text="which is bigger a cat or a dog")
        a, _, b = engines.synthesize_many([job, other, job], workers=1)
        np.testing.assert_array_equal(a.pcm, b.pcm)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.wav")
            subprocess.run(["flite", "-voice", "slt", "-t", TEXT, "-o", path], check=True)
            with wave.open(path) as w:
                ref = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        np.testing.assert_array_equal(a.pcm, ref)
        np.testing.assert_array_equal(a.pcm, self.spoken[3].pcm)

    def test_espeak_words_run_together_get_their_own_spans(self):
        # espeak-ng gives "far more" a single word event and credits all its phonemes to "far"
        _, words, end = speech.espeak_events("ship soft far more", "m1", 175, 50)
        self.assertEqual([w for w, _, _ in words], ["ship", "soft", "far", "more"])
        far, more = words[2], words[3]
        self.assertLess(far[1], far[2])
        self.assertLessEqual(far[2], more[1])
        self.assertLess(more[1], more[2])
        self.assertLessEqual(more[2], end / 16000.0)

    def test_chunks_keep_job_order(self):
        texts = ["what comes after one", "what is two plus two", "where does a fish live"]
        jobs = [dict(engine=engines.FESTIVAL, voice="kal_diphone", text=t, params={})
                for t in texts]
        out = engines.synthesize_many(jobs, workers=1, chunk=2)
        self.assertEqual([[w for w, _, _ in s.words] for s in out], [t.split() for t in texts])


class RespeakTest(unittest.TestCase):
    def test_writes_an_example_set_with_word_timings(self):
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "in.jsonl")
            with open(src, "w") as f:
                f.write(json.dumps({"id": "q1", "audio": "a.wav", "answer": "two", "task": "plus",
                                    "transcript": "what is one plus one"}) + "\n")
            out = os.path.join(d, "out")
            printed = io.StringIO()
            with redirect_stdout(printed):
                rc = respeak.main(["--data", src, "--out", out, "--voice", "flite:rms"])
            self.assertEqual(rc, 0)
            self.assertIn("wrote 1 examples", printed.getvalue())
            with open(os.path.join(out, "examples.jsonl")) as f:
                rows = [json.loads(line) for line in f]
            self.assertEqual([r["id"] for r in rows], ["q1-flite-rms"])
            self.assertEqual([w["word"] for w in rows[0]["words"]], "what is one plus one".split())
            self.assertEqual(rows[0]["answer"], "two")
            with wave.open(os.path.join(out, rows[0]["audio"])) as w:
                self.assertEqual(w.getframerate(), 16000)

    def test_a_bad_voice_is_one_readable_line(self):
        err = io.StringIO()
        with redirect_stderr(err):
            rc = respeak.main(["--data", "/nonexistent.jsonl", "--out", "/tmp/x",
                               "--voice", "flitevoice"])
        self.assertEqual(rc, 2)
        self.assertIn("ENGINE:VOICE", err.getvalue())
        self.assertEqual(len(err.getvalue().strip().splitlines()), 1)


if __name__ == "__main__":
    unittest.main()
