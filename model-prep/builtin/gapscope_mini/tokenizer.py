"""Word-level tokenizer, written as a Hugging Face ``tokenizer.json`` (WordLevel model).

The JSON is written by hand from the tokenizers serialization format (the ``tokenizers`` Python
package is not installed here); the Rust library (used by DJL's HuggingFaceTokenizer) reads it.
``WordTokenizer`` implements exactly the same pipeline in Python for training:
lowercase -> replace ``? ! . , ;`` by a space -> split on whitespace -> look up (unknown -> <unk>).
"""

import json
import re

SPECIALS = ["<pad>", "<unk>", "<bos>", "<eos>"]
_PUNCT = re.compile(r"[?!.,;]")


class WordTokenizer:
    def __init__(self, words):
        self.itos = list(SPECIALS) + [w for w in words if w not in SPECIALS]
        self.stoi = {w: i for i, w in enumerate(self.itos)}
        self.pad_id, self.unk_id, self.bos_id, self.eos_id = (self.stoi[s] for s in SPECIALS)

    def __len__(self):
        return len(self.itos)

    def split(self, text):
        out = []
        for piece in text.split():
            if piece in SPECIALS:
                out.append(piece)
            else:
                out.extend(_PUNCT.sub(" ", piece.lower()).split())
        return out

    def encode(self, text):
        return [self.stoi.get(w, self.unk_id) for w in self.split(text)]

    def decode(self, ids):
        return " ".join(self.itos[i] for i in ids)

    def to_json(self):
        """The tokenizer.json document (a dict) for the Hugging Face tokenizers library."""
        added = [{"id": self.stoi[s], "content": s, "single_word": False, "lstrip": False,
                  "rstrip": False, "normalized": False, "special": True} for s in SPECIALS]
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": added,
            "normalizer": {"type": "Sequence", "normalizers": [
                {"type": "Lowercase"},
                {"type": "Replace", "pattern": {"Regex": "[?!.,;]"}, "content": " "}]},
            "pre_tokenizer": {"type": "WhitespaceSplit"},
            "post_processor": None,
            "decoder": None,
            "model": {"type": "WordLevel",
                      "vocab": {w: i for i, w in enumerate(self.itos)},
                      "unk_token": "<unk>"},
        }

    def save(self, path):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_json(), f, ensure_ascii=False, indent=1)
            f.write("\n")

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        vocab = doc["model"]["vocab"]
        words = [w for w, _ in sorted(vocab.items(), key=lambda kv: kv[1])]
        tok = cls(words[len(SPECIALS):])
        if tok.stoi != vocab:
            raise ValueError("%s: vocabulary ids are not the expected layout" % path)
        return tok
