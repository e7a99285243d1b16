"""Augmentation of the built-in model's training speech, and the word-timing check."""
import random
import unittest

import numpy as np

import _builtin_path  # noqa: F401
from gapscope_mini import augment, wordtimes


def tone(seconds=1.0, freq=440.0):
    t = np.arange(int(16000 * seconds)) / 16000.0
    return (0.3 * 32767 * np.sin(2 * np.pi * freq * t)).astype(np.int16)


class AugmentTest(unittest.TestCase):
    def test_chains_are_drawn_reproducibly(self):
        a = [augment.draw(random.Random(3)) for _ in range(2)]
        self.assertEqual(a[0], a[1])
        chains = [augment.draw(random.Random(k)) for k in range(200)]
        kinds = {k for c in chains for k in c}
        self.assertTrue({"speed", "tempo", "pitch", "reverb", "noise", "telephone", "mic",
                         "lowpass", "highpass", "gain"} <= kinds, kinds)
        self.assertTrue(all(1 <= len(c) <= 4 for c in chains))

    def test_apply_is_deterministic_and_keeps_the_timing_it_promises(self):
        x = tone()
        for chain in ({"speed": 1.1}, {"tempo": 0.9, "noise": [10.0, "pink", 5]},
                      {"pitch": 300, "reverb": [50, 50, 10]}, {"telephone": 1, "gain": -6}):
            with self.subTest(chain=chain):
                y = augment.apply(x, chain)
                np.testing.assert_array_equal(y, augment.apply(x, chain))
                self.assertEqual(y.dtype, np.int16)
                self.assertEqual(len(y), int(round(len(x) * augment.time_scale(chain))))
        self.assertAlmostEqual(augment.time_scale({"speed": 1.25}), 0.8)

    def test_noise_is_added_at_the_asked_snr(self):
        x = tone(2.0)
        for colour in ("white", "pink", "brown", "babble"):
            y = augment.apply(x, {"noise": [12.0, colour, 7]}).astype(np.float64)
            noise = y - x
            snr = 10 * np.log10(np.mean(x.astype(np.float64) ** 2) / np.mean(noise ** 2))
            self.assertAlmostEqual(snr, 12.0, delta=0.3, msg=colour)

    def test_telephone_removes_the_high_band(self):
        x = tone(1.0, 5000.0)
        y = augment.apply(x, {"telephone": 1})
        self.assertLess(np.sqrt(np.mean(y.astype(float) ** 2)),
                        0.02 * np.sqrt(np.mean(x.astype(float) ** 2)))

    def test_gain_changes_the_level(self):
        x = tone()
        y = augment.apply(x, {"gain": -20})
        ratio = np.abs(y).max() / np.abs(x).max()
        self.assertAlmostEqual(ratio, 0.1, delta=0.002)

    def test_description(self):
        self.assertEqual(augment.describe({"tempo": 0.9, "noise": [12.0, "pink", 1]}),
                         "tempo 0.9 + noise 12 dB pink")


class WordTimesTest(unittest.TestCase):
    def test_word_phones_follow_the_word_spans(self):
        segments = [[0.0, ""], [10.0, "w"], [20.0, "ah"], [30.0, "t"], [45.0, ""], [50.0, "ih"],
                    [60.0, "z"], [70.0, ""]]
        words = [("what", 0.1, 0.45), ("is", 0.5, 0.7)]
        self.assertEqual(wordtimes.word_phones(segments, words), [["w", "ah", "t"], ["ih", "z"]])

    def test_forced_alignment_recovers_a_clear_path(self):
        # classes: 0 pause, 1..3 phones; frames: pause x2, 1 x3, 2 x2, pause x3, 3 x4, pause x1
        truth = [0, 0, 1, 1, 1, 2, 2, 0, 0, 0, 3, 3, 3, 3, 0]
        logp = np.full((len(truth), 4), np.log(0.02))
        for t, c in enumerate(truth):
            logp[t, c] = np.log(0.94)
        spans = wordtimes.forced_align(logp, [[1, 2], [3]])
        self.assertEqual(spans, [[2, 7], [10, 14]])

    def test_forced_alignment_needs_a_frame_per_phone(self):
        self.assertIsNone(wordtimes.forced_align(np.zeros((2, 4)), [[1, 2], [3]]))


if __name__ == "__main__":
    unittest.main()
