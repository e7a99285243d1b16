"""``gapscope-capture intervene``: the paper's interventions on a Hugging Face model, with GapScope's critical tokens.

Reads an analysed run folder (``gapscope analyse`` wrote ``critical_tokens.jsonl``: the speech positions of
each example's Bottom-k / All tokens on its alignment path, and the text token each takes), then, for
every evaluated example and every condition (method x selection), generates the spoken answer again with
the first decoder layer's input (hidden state 0, the LLM input) rewritten at those positions: angle
projection h' = |h_s| h_t / |h_t| or length normalization h' = h_s |h_t| / |h_s| (METHOD.md), h_t being the
aligned text token's input embedding from the example's own text prompt; and with ``calibrate``, input-layer
statistical calibration of every speech position (``calibration.py``). Writes an intervention run
folder (docs/run-format.md, "command": "intervene"); ``gapscope analyse`` on it scores the answers and
writes the intervention table.
"""

import json
import os

import torch

from .capture import Progress, base_record, reason
from .hooks import InputRewrite, SpanCapture
from .runfolder import RunFolderError

METHODS = ("angle", "length", "calibrate")
CALIBRATE = "calibrate"


def selection_label(key):
    """``bottom:3`` -> ``Bottom3``, ``all`` -> ``All``: the labels of GapScope's tables."""
    return "All" if key == "all" else "Bottom" + key.split(":", 1)[1]


def parse_tokens(text):
    out = []
    for t in text.split(","):
        t = t.strip().lower()
        if t == "all":
            out.append("all")
        elif t.startswith("bottom:") and t[7:].isdigit() and int(t[7:]) >= 1:
            out.append(f"bottom:{int(t[7:])}")
        elif t.startswith("bottom") and t[6:].isdigit() and int(t[6:]) >= 1:
            out.append(f"bottom:{int(t[6:])}")
        else:
            raise RunFolderError(f"--tokens must be bottom:K (K >= 1) or all, not \"{t}\"")
    return out


def parse_methods(text):
    out = [m.strip().lower() for m in text.split(",")]
    for m in out:
        if m not in METHODS:
            raise RunFolderError(f"--method must be angle, length or calibrate, not \"{m}\"")
    return out


def read_source(run_dir):
    """The analysed run: run.json, its records by line, its critical tokens by line."""
    def load_json(name):
        path = os.path.join(run_dir, name)
        try:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        except FileNotFoundError:
            raise RunFolderError(f"{run_dir}: no {name}; give a run folder written by gapscope-capture or evaluate")
        except ValueError as e:
            raise RunFolderError(f"{path}: not valid JSON ({e})") from None

    def load_lines(name, hint):
        path = os.path.join(run_dir, name)
        if not os.path.isfile(path):
            raise RunFolderError(f"{run_dir}: no {name}; {hint}")
        out = {}
        with open(path, encoding="utf-8") as f:
            for number, text in enumerate(f, start=1):
                if text.strip():
                    try:
                        o = json.loads(text)
                    except ValueError:
                        raise RunFolderError(f"{path}: line {number} is not JSON") from None
                    out[o["line"]] = o
        return out

    run = load_json("run.json")
    if run.get("format") != "gapscope-run":
        raise RunFolderError(f"{run_dir}/run.json: not a GapScope run description")
    records = load_lines("results.jsonl", "the run has no records")
    critical = load_lines("critical_tokens.jsonl", f"run gapscope analyse {run_dir} first (it selects the critical "
                                                   "tokens)")
    return run, records, critical


class InterveneRun:
    """Writes the intervention records of one shard into a RunWriter."""

    def __init__(self, family, writer, source_records, critical, methods, tokens, max_tokens, calibration=None):
        self.family, self.writer = family, writer
        self.source, self.critical = source_records, critical
        self.methods, self.tokens, self.max_tokens = methods, tokens, max_tokens
        self.calibration = calibration

    def conditions(self):
        """The rewrite conditions (method x selection); calibration, which rewrites every position, apart."""
        return [(m, t, f"{m} {selection_label(t)}") for m in self.methods if m != CALIBRATE for t in self.tokens]

    def process(self, entry, wave_loader):
        source = self.source.get(entry.line)
        record = base_record(entry)
        if entry.broken:
            return record
        if source is None:
            record.update({"status": "failed", "stage": "dataset",
                           "reason": f"the analysed run has no record for line {entry.line}"})
            return record
        for key in ("text", "speech"):
            if key in source:
                record[key] = {k: v for k, v in source[key].items() if k != "correct"}
        if source.get("status") != "ok":
            record.update({"status": "failed", "stage": source.get("stage", "dataset"),
                           "reason": source.get("reason", "failed in the analysed run")})
            return record
        stage = "text"
        try:
            chosen = self.critical.get(entry.line)
            if chosen is None:
                raise RunFolderError(f"critical_tokens.jsonl has no line {entry.line}")
            text_query = self.family.text_query(entry.example.transcript)
            with SpanCapture(self.family.layers, text_query.start, text_query.end, [0]) as cap:
                self.family.prompt_pass(text_query)
            text_rows = torch.from_numpy(cap.result()[0])
            if text_rows.shape[0] != chosen["text_tokens"]:
                raise RunFolderError(f"the text span has {text_rows.shape[0]} tokens here, "
                                     f"{chosen['text_tokens']} in the analysed run")
            stage = "audio"
            wave = wave_loader(entry.example.audio)
            stage = "speech"
            speech_query = self.family.speech_query(wave, entry.example.audio)
            if speech_query.end - speech_query.start != chosen["speech_positions"]:
                raise RunFolderError(f"the speech span has {speech_query.end - speech_query.start} positions here, "
                                     f"{chosen['speech_positions']} in the analysed run")
            stage = "intervention"
            results = {}
            for method, key, label in self.conditions():
                sel = chosen["selections"][key]
                positions = [speech_query.start + p for p in sel["speech_positions"]]
                rows = text_rows[sel["source_tokens"]] if sel["source_tokens"] else text_rows[:0]
                with InputRewrite(self.family.layers, positions, rows, method):
                    answer = self.family.generate(speech_query, self.max_tokens)
                results[label] = {"answer": answer, "positions": list(sel["speech_positions"])}
            if CALIBRATE in self.methods:
                n = speech_query.end - speech_query.start
                with InputRewrite(self.family.layers, [speech_query.start + p for p in range(n)], None, CALIBRATE,
                                  self.calibration):
                    answer = self.family.generate(speech_query, self.max_tokens)
                results[CALIBRATE] = {"answer": answer, "positions": list(range(n))}
            record["interventions"] = results
        except Exception as e:  # noqa: BLE001 - a failed example is recorded, the run goes on
            record.update({"status": "failed", "stage": stage, "reason": reason(e)})
        return record

    def run(self, entries, shard, wave_loader, quiet=False):
        mine = [e for k, e in enumerate(entries) if shard.contains(k)]
        remaining = [e for e in mine if e.line not in self.writer.records]
        progress = Progress("intervene", len(remaining), len(mine) - len(remaining), quiet)
        for entry in remaining:
            record = self.process(entry, wave_loader)
            self.writer.append(record)
            progress.step(record["status"] != "ok")
        complete = all(e.line in self.writer.records for e in mine)
        self.writer.write_status(len(mine), complete)
        return len(remaining), complete


def check_selections(critical, tokens, run_dir):
    """Every requested selection must be among those analyse wrote; returns the selecting layer and path."""
    if not critical:
        raise RunFolderError(f"{run_dir}/critical_tokens.jsonl is empty: the analysed run has no evaluated example")
    first = next(iter(critical.values()))
    have = set(first.get("selections", {}))
    for t in tokens:
        if t not in have:
            raise RunFolderError(f"the analysed run holds critical tokens for {', '.join(sorted(have))}, not {t}; run "
                                 f"gapscope analyse {run_dir} --tokens {','.join(tokens)}")
    return first["select_layer"], first["path"]


