"""The synthetic spoken-QA world of the built-in model."""
import re
import unittest

import _builtin_path  # noqa: F401
from gapscope_mini import world as W


class WorldTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.world = W.build_world(1234)
        cls.items = cls.world["items"]

    def test_size_and_families(self):
        self.assertGreaterEqual(len(self.items), 2000)
        tasks = {it["task"] for it in self.items}
        self.assertGreaterEqual(len(tasks), 6)
        self.assertEqual(len({it["question"] for it in self.items}), len(self.items))
        self.assertEqual(len({it["id"] for it in self.items}), len(self.items))

    def test_answers_are_short_and_text_is_plain(self):
        for it in self.items:
            self.assertTrue(1 <= len(it["answer"].split()) <= 3, it)
            self.assertRegex(it["question"], r"^[a-z]+( [a-z]+)*$")
            self.assertRegex(it["answer"], r"^[a-z]+( [a-z]+)*$")

    def test_small_vocabulary(self):
        vocab = W.vocabulary(self.world)
        self.assertLess(len(vocab), 500)
        for w in W.TEMPLATE_WORDS:
            self.assertIn(w, vocab)

    def test_every_family_has_held_out_pairs(self):
        by_task = {}
        for it in self.items:
            by_task.setdefault(it["task"], []).append(it["split"])
        for task, splits in by_task.items():
            self.assertIn("test", splits, task)
            self.assertIn("train", splits, task)
            share = splits.count("test") / len(splits)
            self.assertLess(abs(share - 0.15), 0.08, task)

    def test_deterministic(self):
        self.assertEqual(W.build_world(1234), self.world)
        self.assertNotEqual(W.build_world(99)["items"], self.items)

    def test_facts(self):
        qa = {it["question"]: it["answer"] for it in self.items}
        self.assertEqual(qa["what is seven plus twelve"], "nineteen")
        self.assertEqual(qa["what is twenty minus six"], "fourteen")
        self.assertEqual(qa["what is ten times ten"], "one hundred")
        self.assertEqual(qa["what comes after forty nine"], "fifty")
        self.assertEqual(qa["which is bigger a mouse or an elephant"], "elephant")
        self.assertEqual(qa["which is smaller a mouse or an elephant"], "mouse")
        self.assertEqual(qa["what is the capital of france"], "paris")
        self.assertEqual(qa["what is the opposite of cold"], "hot")

    def test_number_words(self):
        self.assertEqual(W.number_words(0), "zero")
        self.assertEqual(W.number_words(42), "forty two")
        self.assertEqual(W.number_words(90), "ninety")
        with self.assertRaises(ValueError):
            W.number_words(101)

    def test_smoke_world_is_small(self):
        smoke = W.build_world(1234, smoke=True)
        self.assertLess(len(smoke["items"]), 150)
        self.assertTrue(re.match(r"^[a-z]+-\d{4}$", smoke["items"][0]["id"]))


if __name__ == "__main__":
    unittest.main()
