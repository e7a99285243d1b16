"""Reads a GapScope example set (JSON Lines, docs/dataset-format.md) the way GapScope does.

Every non-blank line not starting with ``#`` is an entry: an example, or a broken line with the reason
it cannot be read. The rules (required keys, types, duplicate ids, multiple-choice answers) are those of
GapScope's own reader, so that both agree on which lines are examples: the mismatched-pair control pairs
examples by line.
"""

import json
import os
import string
import unicodedata
from dataclasses import dataclass, field
from typing import List, Optional


@dataclass
class Example:
    line: int
    id: str
    audio: str          # absolute path
    transcript: str
    gold: List[str]     # the accepted answers (multiple choice: as the file gives the answer)
    choices: List[str] = field(default_factory=list)
    task: str = ""
    prompt: str = ""
    words: List[dict] = field(default_factory=list)   # reference word timings, when the set has them


@dataclass
class Entry:
    line: int
    example: Optional[Example]
    problem: Optional[str] = None

    @property
    def broken(self):
        return self.example is None


class DatasetError(Exception):
    """The dataset file as a whole cannot be used."""


def _string(obj, key, line, required=True):
    value = obj.get(key)
    if value is None:
        if required:
            raise ValueError(f"line {line}: \"{key}\" is missing")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or (key != "id" and not isinstance(value, str)):
        raise ValueError(f"line {line}: \"{key}\" must be a string, not {type(value).__name__}")
    text = str(value) if not isinstance(value, str) else value
    if required and not text.strip():
        raise ValueError(f"line {line}: \"{key}\" is empty")
    return text


def _parse(text, line, folder):
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"line {line}: not valid JSON ({e.msg})") from None
    if not isinstance(obj, dict):
        raise ValueError(f"line {line}: not a JSON object")
    example_id = _string(obj, "id", line)
    audio = _string(obj, "audio", line)
    transcript = _string(obj, "transcript", line)
    answer = obj.get("answer")
    if isinstance(answer, str):
        gold = [answer]
    elif isinstance(answer, list) and answer and all(isinstance(a, str) for a in answer):
        gold = list(answer)
    elif answer is None:
        raise ValueError(f"line {line}: \"answer\" is missing")
    else:
        kind = "a number" if isinstance(answer, (int, float)) and not isinstance(answer, bool) else type(answer).__name__
        raise ValueError(f"line {line}: \"answer\" must be a string or a list of strings, not {kind}")
    if any(not g.strip() for g in gold):
        raise ValueError(f"line {line}: \"answer\" is empty")
    choices = obj.get("choices")
    if choices is not None:
        if not isinstance(choices, list) or len(choices) < 2 or not all(isinstance(c, str) for c in choices):
            raise ValueError(f"line {line}: \"choices\" must be a list of at least two strings")
        first = gold[0].strip()
        is_letter = len(first) == 1 and first.upper() in string.ascii_uppercase[:len(choices)]
        if not is_letter and not any(_norm(c) == _norm(first) for c in choices):
            raise ValueError(f"line {line}: the answer \"{first}\" is neither a letter of the choices nor one of them")
    else:
        choices = []
    words = obj.get("words")
    words = _words(words, transcript, line) if words is not None else []
    path = audio if os.path.isabs(audio) else os.path.join(folder, audio)
    return Example(line, example_id, os.path.abspath(path), transcript, gold, choices,
                   _string(obj, "task", line, required=False), _string(obj, "prompt", line, required=False), words)


def normalize_word(word):
    """GapScope's comparison form of a word: NFKD, lower case, letters and digits only."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", word).lower() if ch.isalnum())


def _words(words, transcript, line):
    """The optional reference word timings, checked as GapScope checks them (docs/dataset-format.md)."""
    if not isinstance(words, list):
        raise ValueError(f"line {line}: \"words\" must be a list of {{\"word\", \"start\", \"end\"}} objects")
    if not words:
        raise ValueError(f"line {line}: \"words\" is empty (leave it out when there are no timings)")
    out = []
    for k, w in enumerate(words, start=1):
        if not isinstance(w, dict):
            raise ValueError(f"line {line}: \"words\" item {k} must be an object {{\"word\", \"start\", \"end\"}}")
        word, start, end = w.get("word"), w.get("start"), w.get("end")
        if not isinstance(word, str) or not word.strip():
            raise ValueError(f"line {line}: \"words\" item {k}: \"word\" is empty")
        for key, value in (("start", start), ("end", end)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"line {line}: \"words\" item {k}: \"{key}\" must be a number of seconds >= 0")
        if end < start:
            raise ValueError(f"line {line}: \"words\" item {k}: \"end\" must be >= start")
        if out and (start < out[-1]["start"] or end < out[-1]["end"]):
            raise ValueError(f"line {line}: \"words\" are not in order at item {k}")
        out.append({"word": word, "start": float(start), "end": float(end)})
    expected = [t for t in transcript.split() if normalize_word(t)]
    if len(expected) != len(out):
        raise ValueError(f"line {line}: \"words\" has {len(out)} words, the transcript has {len(expected)}")
    for k, (a, b) in enumerate(zip(expected, out), start=1):
        if normalize_word(a) != normalize_word(b["word"]):
            raise ValueError(f"line {line}: \"words\": word {k} is \"{b['word']}\", the transcript's is \"{a}\"")
    return out


def _norm(s):
    return " ".join("".join(ch.lower() if ch.isalnum() else " " for ch in s).split())


def read(path) -> List[Entry]:
    """Every entry of the file, in line order."""
    if not os.path.exists(path):
        raise DatasetError(f"{path}: no such dataset file")
    if os.path.isdir(path):
        raise DatasetError(f"{path}: is a folder; give the dataset's .jsonl file")
    folder = os.path.dirname(os.path.abspath(path))
    entries, ids = [], set()
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except UnicodeDecodeError as e:
        raise DatasetError(f"{path}: not UTF-8 text ({e.reason})") from None
    for number, text in enumerate(lines, start=1):
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        try:
            example = _parse(text, number, folder)
            if example.id in ids:
                raise ValueError(f"line {number}: duplicate id \"{example.id}\"")
            ids.add(example.id)
            entries.append(Entry(number, example))
        except ValueError as e:
            entries.append(Entry(number, None, str(e)))
    return entries
