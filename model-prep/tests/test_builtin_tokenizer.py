"""The hand-written Hugging Face tokenizer.json (WordLevel) of the built-in model."""
import json
import os
import tempfile
import unittest

import _builtin_path  # noqa: F401
from gapscope_mini import world as W
from gapscope_mini.tokenizer import SPECIALS, WordTokenizer


class TokenizerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tok = WordTokenizer(W.vocabulary(W.build_world(1234)))
        cls.doc = json.loads(json.dumps(cls.tok.to_json()))

    def test_document_follows_the_serialization_format(self):
        d = self.doc
        for key in ("version", "truncation", "padding", "added_tokens", "normalizer",
                    "pre_tokenizer", "post_processor", "decoder", "model"):
            self.assertIn(key, d)
        self.assertEqual(d["model"]["type"], "WordLevel")
        self.assertEqual(d["pre_tokenizer"], {"type": "WhitespaceSplit"})
        self.assertIsNone(d["truncation"])
        self.assertIsNone(d["padding"])
        self.assertIsNone(d["post_processor"])
        vocab = d["model"]["vocab"]
        self.assertEqual(sorted(vocab.values()), list(range(len(vocab))))
        self.assertIn(d["model"]["unk_token"], vocab)
        norm = d["normalizer"]
        self.assertEqual(norm["type"], "Sequence")
        self.assertEqual([n["type"] for n in norm["normalizers"]], ["Lowercase", "Replace"])
        self.assertEqual(set(norm["normalizers"][1]["pattern"]), {"Regex"})

    def test_special_tokens(self):
        vocab = self.doc["model"]["vocab"]
        added = self.doc["added_tokens"]
        self.assertEqual([a["content"] for a in added], SPECIALS)
        for a in added:
            self.assertEqual(vocab[a["content"]], a["id"])
            self.assertTrue(a["special"])
            self.assertEqual(set(a), {"id", "content", "single_word", "lstrip", "rstrip",
                                      "normalized", "special"})

    def test_encode_decode(self):
        tok = self.tok
        ids = tok.encode("<bos> question : What is seven plus twelve? answer :")
        self.assertEqual(tok.decode(ids),
                         "<bos> question : what is seven plus twelve answer :")
        self.assertEqual(ids[0], tok.bos_id)
        self.assertEqual(tok.encode("zzyzx"), [tok.unk_id])

    def test_save_and_load_roundtrip(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "tokenizer.json")
            self.tok.save(path)
            with open(path, encoding="utf-8") as f:
                json.load(f)
            back = WordTokenizer.load(path)
            self.assertEqual(back.itos, self.tok.itos)


if __name__ == "__main__":
    unittest.main()
