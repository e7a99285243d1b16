"""Writes a word-level tokenizer in the Hugging Face ``tokenizer.json`` format, without the `tokenizers` package.

The tokenizer splits on whitespace and maps each word to an id. With ``unk=None`` it has no unknown
token, so a word outside the vocabulary cannot be encoded at all (GapScope's runtime reports such a
transcript as "cannot be encoded"). Decoding joins tokens with single spaces.
"""

import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence


def word_level_tokenizer(words: Sequence[str], specials: Sequence[str], unk: Optional[str] = None) -> dict:
    """Builds the tokenizer.json structure; ids: specials first (in order), then the words."""
    vocab: Dict[str, int] = {}
    for token in list(specials) + list(words):
        if token not in vocab:
            vocab[token] = len(vocab)
    added = [{"id": vocab[s], "content": s, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for s in specials]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "WhitespaceSplit"},
        "post_processor": None,
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": unk if unk is not None else "<unk>"},
    }


def write_word_level_tokenizer(path, words: Sequence[str], specials: Sequence[str],
                               unk: Optional[str] = None) -> Dict[str, int]:
    """Writes tokenizer.json and returns its vocabulary (token -> id)."""
    data = word_level_tokenizer(words, specials, unk)
    if unk is not None and unk not in data["model"]["vocab"]:
        raise ValueError(f"unk token {unk!r} must be one of the specials or words")
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return dict(data["model"]["vocab"])


def encode_words(vocab: Dict[str, int], text: str) -> List[int]:
    """Encodes like the written tokenizer does (whitespace split, exact lookup); KeyError on unknown words."""
    return [vocab[w] for w in text.split()]
