"""Writes a GapScope run folder (docs/run-format.md, format 2), resumably.

``run.json`` names the writer, model, dataset (SHA-256), shard and settings: the same ones resume the
folder, anything else is refused rather than mixed. Records are appended to ``results.jsonl`` one line per
dataset line and forced to disk; a line left half-written by an interruption is cut off on reopening.
Captures are written to a temporary file and renamed, so no reader sees half of one.
"""

import hashlib
import json
import os
import re
import tempfile

import numpy as np

FORMAT = "gapscope-run"
FORMAT_VERSION = 2
IDENTITY_KEYS = ("format", "format_version", "command", "model_fingerprint", "dataset_sha256", "shard", "settings")


class RunFolderError(Exception):
    """The folder cannot be used for this run; the message says why and what to do."""


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_json(path, value):
    """Writes ``value`` as JSON atomically (temporary file in the same folder, then a rename)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(value, f, indent=2, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


class Shard:
    def __init__(self, text="1/1"):
        m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        if not m:
            raise RunFolderError(f"--shard must look like i/n (e.g. 2/8), got \"{text}\"")
        self.index, self.count = int(m.group(1)), int(m.group(2))
        if self.count < 1 or not 1 <= self.index <= self.count:
            raise RunFolderError(f"--shard {text}: i must be between 1 and n")

    def contains(self, k):
        """Whether entry k (0-based, file order) belongs to this shard: k mod n + 1 = i."""
        return k % self.count == self.index - 1

    def __str__(self):
        return f"{self.index}/{self.count}"


class RunWriter:
    """A run folder open for writing: the records already there, and appending new ones."""

    def __init__(self, folder, identity):
        self.folder = os.path.abspath(folder)
        if os.path.exists(self.folder) and not os.path.isdir(self.folder):
            raise RunFolderError(f"{folder}: is a file; --out must be a folder")
        run_json = os.path.join(self.folder, "run.json")
        if os.path.isfile(run_json):
            try:
                with open(run_json, encoding="utf-8") as f:
                    existing = json.load(f)
            except (OSError, ValueError) as e:
                raise RunFolderError(f"{run_json}: cannot be read ({e})") from None
            for key in IDENTITY_KEYS:
                if existing.get(key) != identity.get(key):
                    raise RunFolderError(f"{folder}: holds a run with another {key.replace('_sha256', '')} "
                                         f"({_short(existing.get(key))}, now {_short(identity.get(key))}); give a fresh "
                                         f"--out folder, or the same command to resume")
            self.identity = existing
        else:
            if os.path.isdir(self.folder) and os.listdir(self.folder):
                raise RunFolderError(f"{folder}: is not empty and holds no run.json; give a new or empty folder "
                                     f"for --out")
            os.makedirs(self.folder, exist_ok=True)
            write_json(run_json, identity)
            self.identity = identity
        os.makedirs(os.path.join(self.folder, "captures"), exist_ok=True)
        self.records = self._open_results()

    def _open_results(self):
        path = os.path.join(self.folder, "results.jsonl")
        records, keep = {}, 0
        if os.path.exists(path):
            with open(path, "rb") as f:
                data = f.read()
            start = 0
            for number, end in enumerate((i for i, b in enumerate(data) if b == 0x0A), start=1):
                text = data[start:end].decode("utf-8")
                if text.strip():
                    try:
                        record = json.loads(text)
                    except ValueError:
                        raise RunFolderError(f"{path}: line {number} is not a record; was this file written by a "
                                             f"GapScope writer? Move it away to start afresh") from None
                    records[record["line"]] = record
                start = keep = end + 1
        self._results = open(path, "ab")
        self._results.truncate(keep)
        self._results.seek(keep)
        return records

    def path(self, relative):
        return os.path.join(self.folder, relative)

    def append(self, record):
        """Appends one record and forces it to disk before the next example starts."""
        self._results.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        self._results.flush()
        os.fsync(self._results.fileno())
        self.records[record["line"]] = record

    def write_status(self, entries, complete):
        write_json(self.path("status.json"), {"entries": entries, "records": len(self.records), "complete": complete})

    def close(self):
        self._results.close()


def _short(value):
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 80 else text[:77] + "..."


def capture_name(line, example_id, modality):
    """``captures/L000012-some_id.speech.npz``, as GapScope names its own."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", example_id)[:60]
    return f"captures/L{line:06d}-{safe}.{modality}.npz"


def save_capture(path, hidden, tokens, times, meta, layers=None, float16=True):
    """Writes a capture .npz (docs/run-format.md) atomically; ``layers`` only when a subset is stored."""
    utf8 = lambda obj: np.frombuffer(json.dumps(obj, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)  # noqa: E731
    arrays = {"hidden": np.ascontiguousarray(hidden, dtype=np.float16 if float16 else np.float32),
              "tokens": utf8(list(tokens)), "times": np.asarray(times, dtype=np.float32), "meta": utf8(meta)}
    if layers is not None:
        arrays["layers"] = np.asarray(layers, dtype=np.int64)
    folder = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".part.npz", dir=folder)
    os.close(fd)
    try:
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
