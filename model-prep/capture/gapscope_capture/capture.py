"""The capture run: every example of a dataset (or of one shard) typed and spoken through the model.

Per example, in the order docs/run-format.md asks for: the text pass (greedy answer, the transcript's span
captured at every kept layer), its capture saved; then the audio read and the speech pass, its capture
saved; then the record appended. Anything that fails in one example becomes a failed record naming the
stage and the reason, and the run goes on; an interrupted run resumes where it stopped.
"""

import sys
import time

from . import __version__, audio
from .hooks import SpanCapture
from .runfolder import capture_name, save_capture


OWN_ERRORS = ("AudioError", "FamilyError")


def reason(error):
    """One line saying why, as GapScope records it: our own errors' message, else the exception's kind and message."""
    message = str(error).strip()
    first = message.splitlines()[0] if message else ""
    if type(error).__name__ in OWN_ERRORS and first:
        return first
    return type(error).__name__ + (": " + first if first else "")


def resolve_layers(spec, count):
    """The hidden states to keep, from ``all``, ``every:K`` (0, K, 2K, ... and always L) or a list ``0,8,16``."""
    last = count - 1
    if spec in (None, "", "all"):
        return list(range(count))
    if spec.startswith("every:"):
        try:
            step = int(spec[6:])
        except ValueError:
            step = 0
        if step < 1:
            raise ValueError(f"--layers every:K needs a whole K >= 1, not \"{spec}\"")
        return sorted(set(range(0, count, step)) | {last})
    try:
        chosen = sorted({int(x) for x in spec.split(",") if x.strip()})
    except ValueError:
        raise ValueError(f"--layers must be all, every:K or a list such as 0,8,16,32; not \"{spec}\"") from None
    if not chosen or chosen[0] < 0 or chosen[-1] > last:
        raise ValueError(f"--layers {spec}: the model has hidden states 0..{last}")
    return chosen


class Progress:
    """A progress bar with rate and ETA on a terminal, a line every few percent otherwise; nothing when quiet."""

    def __init__(self, label, total, done_before, quiet=False):
        self.label, self.total, self.done, self.failed = label, total, 0, 0
        self.before = done_before
        self.quiet = quiet or total == 0
        self.start = time.monotonic()
        self.tty = sys.stderr.isatty()
        self.last_line = -1

    def step(self, failed):
        self.done += 1
        self.failed += int(failed)
        if self.quiet:
            return
        elapsed = time.monotonic() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        before = f" ({self.before} done before)" if self.before else ""
        text = (f"{self.label}{before} {self.done}/{self.total} ({rate:.2f}/s, ETA {eta:.0f}s"
                f"{', %d failed' % self.failed if self.failed else ''})")
        if self.tty:
            width = 28
            filled = int(width * self.done / self.total)
            sys.stderr.write("\r" + text.replace(f" {self.done}/", f" [{'#' * filled}{'-' * (width - filled)}] "
                                                                   f"{self.done}/", 1))
            if self.done == self.total:
                sys.stderr.write("\n")
        else:
            tenth = 10 * self.done // self.total
            if tenth != self.last_line:
                self.last_line = tenth
                sys.stderr.write(text + "\n")
        sys.stderr.flush()


def base_record(entry):
    if entry.broken:
        return {"line": entry.line, "status": "failed", "id": None, "task": "", "gold": [], "stage": "dataset",
                "reason": entry.problem}
    ex = entry.example
    record = {"line": entry.line, "status": "ok", "id": ex.id, "task": ex.task, "gold": list(ex.gold)}
    if ex.choices:
        record["choices"] = list(ex.choices)
    return record


class CaptureRun:
    """Runs the entries of one shard into a RunWriter with a loaded Family."""

    def __init__(self, family, writer, model_name, max_tokens, keep, float16=True):
        self.family, self.writer = family, writer
        self.model_name, self.max_tokens = model_name, max_tokens
        self.keep = keep
        self.subset = keep != list(range(len(family.layers) + 1))
        self.float16 = float16

    def _capture(self, query, modality, example, line):
        with SpanCapture(self.family.layers, query.start, query.end, self.keep) as cap:
            answer = self.family.generate(query, self.max_tokens)
        name = capture_name(line, example.id, modality)
        meta = {"model": self.model_name, "modality": modality, "example": example.id,
                "program_version": "gapscope-capture " + __version__}
        save_capture(self.writer.path(name), cap.result(), query.tokens, query.times if modality == "speech" else [],
                     meta, self.keep if self.subset else None, self.float16)
        return answer, name

    def process(self, entry):
        record = base_record(entry)
        if entry.broken:
            return record
        ex, stage = entry.example, "text"
        try:
            query = self.family.text_query(ex.transcript)
            answer, name = self._capture(query, "text", ex, entry.line)
            record["text"] = {"answer": answer, "tokens": query.end - query.start}
            record["captures"] = {"text": name}
            stage = "audio"
            wave = audio.load(ex.audio)
            if ex.words and ex.words[-1]["end"] > len(wave) / audio.SAMPLE_RATE + 0.01:
                last = ex.words[-1]
                raise audio.AudioError(f"\"words\": word {len(ex.words)} \"{last['word']}\" ends at "
                                       f"{last['end']:.3f} s, after the end of the {len(wave) / audio.SAMPLE_RATE:.3f} s "
                                       f"clip")
            stage = "speech"
            query = self.family.speech_query(wave, ex.audio)
            answer, name = self._capture(query, "speech", ex, entry.line)
            record["speech"] = {"answer": answer, "positions": query.end - query.start,
                                "seconds": round(len(wave) / audio.SAMPLE_RATE, 3)}
            record["captures"]["speech"] = name
        except Exception as e:  # noqa: BLE001 - a failed example is recorded, the run goes on
            record.update({"status": "failed", "stage": stage, "reason": reason(e)})
            _free_memory()
        return record

    def run(self, entries, shard, quiet=False, stop_after=None):
        mine = [e for k, e in enumerate(entries) if shard.contains(k)]
        remaining = [e for e in mine if e.line not in self.writer.records]
        progress = Progress("capture", len(remaining), len(mine) - len(remaining), quiet)
        done = 0
        for entry in remaining:
            if stop_after is not None and done >= stop_after:
                break
            record = self.process(entry)
            self.writer.append(record)
            progress.step(record["status"] != "ok")
            done += 1
        complete = all(e.line in self.writer.records for e in mine)
        self.writer.write_status(len(mine), complete)
        return done, complete


def _free_memory():
    try:
        import torch
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    except Exception:  # noqa: BLE001 - best effort
        pass


