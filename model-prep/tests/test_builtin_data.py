"""The utterance plan and the phoneme frame labels of the built-in model's spoken data."""
import unittest

import numpy as np

import _builtin_path  # noqa: F401
from gapscope_mini import data, speech, world as W


class PlanTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.world = W.build_world(1234)
        cls.plan = data.build_plan(cls.world, 7, 4)
        cls.items = {it["id"]: it for it in cls.world["items"]}

    def test_sets_and_voices(self):
        train_voices = set(speech.TRAIN_VOICES)
        held = set(speech.HELDOUT_VOICES)
        self.assertGreaterEqual(len(train_voices), 8)
        self.assertGreaterEqual(len(held), 2)
        self.assertFalse(train_voices & held)
        for u in self.plan:
            split = self.items[u["item"]]["split"]
            if u["set"] == "train":
                self.assertEqual(split, "train")
                self.assertIn(u["voice"], train_voices)
            elif u["set"] == "test_seen":
                self.assertEqual(split, "test")
                self.assertIn(u["voice"], train_voices)
            else:
                self.assertEqual(u["set"], "test_heldout")
                self.assertEqual(split, "test")
                self.assertIn(u["voice"], held)
            self.assertTrue(speech.SPEED_RANGE[0] <= u["speed"] <= speech.SPEED_RANGE[1])
            self.assertTrue(speech.PITCH_RANGE[0] <= u["pitch"] <= speech.PITCH_RANGE[1])

    def test_every_test_item_is_spoken_by_every_held_out_voice(self):
        n_test = sum(it["split"] == "test" for it in self.world["items"])
        self.assertEqual(sum(u["set"] == "test_seen" for u in self.plan), n_test)
        self.assertEqual(sum(u["set"] == "test_heldout" for u in self.plan),
                         n_test * len(speech.HELDOUT_VOICES))

    def test_deterministic(self):
        self.assertEqual(data.build_plan(self.world, 7, 4), self.plan)


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


if __name__ == "__main__":
    unittest.main()
