"""The utterance plan and the phone frame labels of the built-in model's spoken data."""
import os
import tempfile
import unittest

import numpy as np

import _builtin_path  # noqa: F401
from gapscope_mini import card, common, data, engines, world as W


class PlanTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cfg = common.config(False)
        cls.world = W.build_world(1234)
        cls.plan = data.build_plan(cls.world, 7, cls.cfg)
        cls.items = {it["id"]: it for it in cls.world["items"]}
        cls.test_items = [it["id"] for it in cls.world["items"] if it["split"] == "test"]

    def test_voices_are_split_into_training_held_out_and_engine(self):
        for e, train in engines.TRAIN_VOICES.items():
            self.assertFalse(set(train) & set(engines.HELDOUT_VOICES.get(e, [])), e)
        self.assertNotIn(engines.HELDOUT_ENGINE, engines.TRAIN_VOICES)
        self.assertGreaterEqual(len(engines.TRAIN_VOICES), 3)

    def test_sets_hold_the_right_items_engines_and_voices(self):
        for u in self.plan:
            e, v = u["engine"], u["voice"]
            if u["set"] in ("train", "vocab"):
                self.assertIn(v, engines.TRAIN_VOICES[e])
                if u["set"] == "train":
                    self.assertEqual(self.items[u["item"]]["split"], "train")
                else:
                    self.assertIsNone(u["item"])
            else:
                self.assertEqual(self.items[u["item"]]["split"], "test")
                self.assertEqual(u["text"], self.items[u["item"]]["question"])
                self.assertIsNone(u["aug"], "held-out speech is never augmented")
                if u["set"] == "test_seen":
                    self.assertIn(v, engines.TRAIN_VOICES[e])
                elif u["set"] == "test_heldout":
                    self.assertIn(v, engines.HELDOUT_VOICES[e])
                else:
                    self.assertEqual((u["set"], e), ("test_engine", engines.FLITE))
                    self.assertEqual(u["params"], {})

    def test_no_held_out_question_is_spoken_in_training(self):
        spoken = {u["text"] for u in self.plan if u["set"] in ("train", "vocab")}
        for i in self.test_items:
            self.assertNotIn(self.items[i]["question"], spoken)

    def test_every_held_out_item_by_every_engine_and_held_out_voice(self):
        n = len(self.test_items)
        count = {}
        for u in self.plan:
            count[(u["set"], u["engine"])] = count.get((u["set"], u["engine"]), 0) + 1
        for e in engines.TRAIN_VOICES:
            self.assertEqual(count[("test_seen", e)], n)
            self.assertEqual(count[("test_heldout", e)], n * len(engines.HELDOUT_VOICES[e]))
        self.assertEqual(count[("test_engine", engines.FLITE)], n * len(engines.FLITE_VOICES))

    def test_every_training_item_by_every_training_engine(self):
        engines_of = {}
        for u in self.plan:
            if u["set"] == "train":
                engines_of.setdefault(u["item"], set()).add(u["engine"])
        n_train = sum(it["split"] == "train" for it in self.world["items"])
        self.assertEqual(len(engines_of), n_train)
        self.assertTrue(all(v == set(engines.TRAIN_VOICES) for v in engines_of.values()))

    def test_every_word_is_spoken_in_training_by_every_training_engine(self):
        heard = {}
        for u in self.plan:
            if u["set"] in ("train", "vocab"):
                for w in u["text"].split():
                    heard.setdefault(w, set()).add(u["engine"])
        words = {w for it in self.world["items"] for w in it["question"].split()}
        for w in words:
            self.assertEqual(heard.get(w), set(engines.TRAIN_VOICES), w)

    def test_a_share_of_training_speech_is_augmented(self):
        train = [u for u in self.plan if u["set"] in ("train", "vocab")]
        share = sum(bool(u["aug"]) for u in train) / len(train)
        self.assertAlmostEqual(share, self.cfg["aug_share"], delta=0.03)

    def test_deterministic(self):
        self.assertEqual(data.build_plan(self.world, 7, self.cfg), self.plan)
        self.assertNotEqual(data.build_plan(self.world, 8, self.cfg), self.plan)


class FrameLabelTest(unittest.TestCase):
    def corpus(self, n_frames, segments):
        c = data.Corpus.__new__(data.Corpus)
        c.offsets = np.array([0, n_frames])
        c.segments = [segments]
        return c

    def test_labels_follow_segment_times(self):
        # 'a' from log-mel frame 0, 'b' from 4.5, a pause from 9, end at 11; 14 frames in all
        c = self.corpus(14, [[0.0, "a"], [4.5, "b"], [9.0, ""], [11.0, ""]])
        labels = c.frame_labels(0, {"a": 1, "b": 2})
        # encoder frame j is centred on log-mel frame 2j
        self.assertEqual(labels.tolist(), [1, 1, 1, 2, 2, 0, 0])
        self.assertEqual(c.phonemes(0), ["a", "b"])


class OnePerItemTest(unittest.TestCase):
    def test_every_item_once_with_the_voices_in_turn(self):
        c = data.Corpus.__new__(data.Corpus)
        c.plan = [dict(item="i%d" % k, voice=v) for k in range(6) for v in ("a", "b", "c")]
        c.plan.append(dict(item="i6", voice="b"))             # an item only one voice spoke
        picked = c.one_per_item(range(len(c.plan)))
        self.assertEqual([c.plan[i]["item"] for i in picked], ["i%d" % k for k in range(7)])
        self.assertEqual([c.plan[i]["voice"] for i in picked], list("abcabcb"))
        self.assertEqual(picked, sorted(picked))


class ResumeTest(unittest.TestCase):
    def test_a_second_data_stage_takes_finished_blocks_and_counts_them(self):
        plan = [dict(set="test_seen", item=None, text=t, engine=engines.ESPEAK, voice="m1",
                     params={"speed": 170, "pitch": 50}, aug=None, uid="u%05d" % k)
                for k, t in enumerate(["what comes after one", "what is two plus two"])]
        with tempfile.TemporaryDirectory() as work:
            first = data.speak_plan(plan, work, workers=1, log=lambda m: None)
            self.assertEqual(first[-1], 0)
            self.assertEqual(len(os.listdir(os.path.join(work, "speech"))), 1)
            again = data.speak_plan(plan, work, workers=1, log=lambda m: None)
            self.assertEqual(again[-1], 2)
            np.testing.assert_array_equal(again[0], first[0])
            self.assertEqual(again[4], first[4])

    def test_time_before_finish_from_stages_run_one_by_one(self):
        t = {"data": 100.0, "lm": 50.0, "encoder": 70.0, "cache": 5.0, "frozen": 300.0,
             "fullft": 320.0, "train_fullft": 250.0, "cpu_data": 150.0, "cpu_lm": 49.0,
             "cpu_encoder": 69.0, "cpu_cache": 5.0, "cpu_frozen": 290.0, "cpu_fullft": 310.0,
             "cpu_train_fullft": 240.0}
        wall, cpu, note = card.before_finish(t)
        self.assertEqual(wall, 100.0 + 70.0 + 5.0 + 320.0)
        self.assertEqual(cpu, 150.0 + 49.0 + 69.0 + 5.0 + 290.0 + 310.0)
        self.assertIn("critical path", note)
        self.assertEqual(card.before_finish(dict(t, total_before_finish=480.0,
                                                 cpu_total_before_finish=800.0)),
                         (480.0, 800.0, ""))


if __name__ == "__main__":
    unittest.main()
