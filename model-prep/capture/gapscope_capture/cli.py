"""The ``gapscope-capture`` command line, and the same two runs as Python functions (``capture``, ``intervene``)."""

import argparse
import os
import sys
import traceback

from . import __version__, audio, dataset, families
from .capture import CaptureRun, resolve_layers
from . import calibration
from .intervene import CALIBRATE, InterveneRun, check_selections, parse_methods, parse_tokens, read_source
from .runfolder import RunFolderError, RunWriter, Shard, sha256

DTYPES = ("bfloat16", "float16", "float32")
USAGE = """gapscope-capture --model NAME_OR_PATH --family FAMILY --data SET.jsonl --out RUN_DIR [options]
       gapscope-capture intervene --model NAME_OR_PATH --family FAMILY --run RUN_DIR --out IV_DIR [options]"""


class UsageError(Exception):
    """A bad option or file: one line, exit status 2."""


def program_version():
    parts = [f"gapscope-capture {__version__}"]
    try:
        import transformers  # noqa: WPS433
        parts.append(f"transformers {transformers.__version__}")
    except ImportError:
        pass
    import torch
    parts.append(f"torch {torch.__version__}")
    return parts[0] + " (" + ", ".join(parts[1:]) + ")"


def identity(command, model, fingerprint, data, shard, settings):
    return {"format": "gapscope-run", "format_version": 2, "command": command, "model": model,
            "model_fingerprint": fingerprint, "dataset": os.path.abspath(data), "dataset_sha256": sha256(data),
            "shard": str(shard), "settings": settings, "program_version": program_version()}


def read_entries(data, on_broken_line="skip"):
    entries = dataset.read(data)
    broken = [e for e in entries if e.broken]
    if broken and on_broken_line == "refuse":
        raise UsageError(f"{data}: {broken[0].problem} (--on-broken-line refuse)")
    if broken:
        print(f"gapscope-capture: {data}: {len(broken)} broken line(s) recorded as failed, the first: "
              f"{broken[0].problem}", file=sys.stderr)
    return entries


def capture(family, model, fingerprint, data, out, *, dtype="bfloat16", max_tokens=32, shard="1/1", layers="all",
            float16=True, on_broken_line="skip", quiet=False, stop_after=None):
    """Captures ``data`` (one shard of it) with a loaded Family into the run folder ``out``; returns (done, complete)."""
    entries = read_entries(data, on_broken_line)
    shard = Shard(shard)
    keep = resolve_layers(layers, len(family.layers) + 1)
    settings = {"family": family.name, "max_tokens": max_tokens, "capture_dtype": "float16" if float16 else "float32",
                "layers": layers or "all", "dtype": dtype}
    writer = RunWriter(out, identity("capture", model, fingerprint, data, shard, settings))
    try:
        return CaptureRun(family, writer, model, max_tokens, keep, float16).run(entries, shard, quiet, stop_after)
    finally:
        writer.close()


def intervene(family, model, fingerprint, run_dir, out, *, dtype="bfloat16", methods="angle", tokens="bottom:3",
              max_tokens=None, shard="1/1", quiet=False, calibration_data=None):
    """Intervenes on the examples of an analysed run folder (one shard of them) into ``out``; returns (done, complete)."""
    run, records, critical = read_source(run_dir)
    data = run.get("dataset")
    if not data or not os.path.isfile(data):
        raise UsageError(f"{run_dir}/run.json: its dataset {data} is not there; the intervention reads the audio again")
    if run.get("dataset_sha256") and sha256(data) != run["dataset_sha256"]:
        raise UsageError(f"{data}: changed since the run was made (its SHA-256 differs)")
    method_list, token_list = parse_methods(methods), parse_tokens(tokens)
    select_layer, path = check_selections(critical, token_list, run_dir)
    if max_tokens is None:
        max_tokens = int(run.get("settings", {}).get("max_tokens", 32))
    settings = {"max_tokens": max_tokens, "methods": ",".join(method_list), "tokens": ",".join(token_list), "layer": 0,
                "selection_layer": select_layer, "path": path, "family": family.name, "dtype": dtype,
                "source_run": os.path.abspath(run_dir)}
    if calibration_data is not None and CALIBRATE not in method_list:
        raise UsageError("--calibration-data is for --method calibrate")
    if CALIBRATE in method_list:
        if calibration_data is not None and not os.path.isfile(calibration_data):
            raise UsageError(f"{calibration_data}: no such calibration data file")
        settings["calibration_data"] = "" if calibration_data is None else os.path.abspath(calibration_data)
        settings["calibration_data_sha256"] = "" if calibration_data is None else sha256(calibration_data)
    entries = dataset.read(data)
    shard = Shard(shard)
    writer = RunWriter(out, identity("intervene", model, fingerprint, data, shard, settings))
    try:
        stats = None
        if CALIBRATE in method_list:
            stats_file = os.path.join(out, calibration.FILE)
            if os.path.isfile(stats_file):
                stats = calibration.Calibration.load(stats_file)
            else:
                source = "the evaluated set " + data if calibration_data is None else calibration_data
                cal_entries = entries if calibration_data is None else dataset.read(calibration_data)
                try:
                    stats = calibration.compute(family, cal_entries, audio.load, source)
                except ValueError as e:
                    raise UsageError(str(e)) from None
                stats.save(stats_file)
        return InterveneRun(family, writer, records, critical, method_list, token_list, max_tokens, stats).run(
            entries, shard, audio.load, quiet)
    finally:
        writer.close()


def _common(p):
    p.add_argument("--model", required=True, metavar="NAME_OR_PATH", help="a local folder or a Hugging Face model id")
    p.add_argument("--family", required=True, choices=list(families.FAMILIES), help="the model's family")
    p.add_argument("--loader", metavar="MODULE:FUNCTION", help="whisper-llm only: your function that loads the parts "
                   "(model-prep/README.md, Capture kit)")
    p.add_argument("--dtype", default="bfloat16", choices=DTYPES, help="weights and compute dtype (default bfloat16)")
    p.add_argument("--device", default=None, help="cuda, cuda:1, cpu ... (default: cuda when available)")
    p.add_argument("--max-tokens", type=int, default=None, metavar="N", help="most new tokens per greedy answer "
                   "(default 32; intervene: the run's)")
    p.add_argument("--shard", default="1/1", metavar="i/n", help="only slice i of n (entry k goes to shard k mod n + 1)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--debug", action="store_true", help="print the traceback of an internal error")


def parser(intervene_command):
    if intervene_command:
        p = argparse.ArgumentParser(prog="gapscope-capture intervene", description=(
            "Angle projection and length normalization of the critical speech positions GapScope selected "
            "(critical_tokens.jsonl of an analysed run) at the LLM input (hidden state 0); writes an intervention "
            "run folder for gapscope analyse, which makes the intervention table."))
        _common(p)
        p.add_argument("--run", required=True, metavar="RUN_DIR", help="the analysed run folder (gapscope analyse)")
        p.add_argument("--out", required=True, metavar="DIR", help="the intervention run folder (resumes)")
        p.add_argument("--method", default="angle", metavar="angle,length", help="rewrites to try: angle, length, calibrate (default angle)")
        p.add_argument("--calibration-data", metavar="FILE.jsonl", help="calibrate: the calibration set (default: the "
                       "evaluated set)")
        p.add_argument("--tokens", default="bottom:3", metavar="bottom:K,all", help="selections (default bottom:3)")
        return p
    p = argparse.ArgumentParser(prog="gapscope-capture", usage=USAGE, description=(
        "Runs a Hugging Face speech LLM on a GapScope example set, each example typed and spoken inside the model's "
        "own chat template, answers greedily, captures the query spans at every layer (the last before the final "
        "norm), and writes a run folder (docs/run-format.md) for gapscope analyse. Resumable; --shard i/n for job "
        "arrays. 'gapscope-capture intervene --help' for the interventions."))
    _common(p)
    p.add_argument("--data", required=True, metavar="SET.jsonl", help="the example set (docs/dataset-format.md)")
    p.add_argument("--out", required=True, metavar="RUN_DIR", help="the run folder (running the same command resumes)")
    p.add_argument("--layers", default="all", metavar="all|every:K|0,8,...", help="hidden states to keep (default all; "
                   "GapScope averages over those kept and says so)")
    p.add_argument("--float32-captures", action="store_true", help="captures in float32 (default float16: half the disk)")
    p.add_argument("--on-broken-line", default="skip", choices=("skip", "refuse"),
                   help="record a dataset line that cannot be read as failed (skip) or stop before running (refuse)")
    p.add_argument("--version", action="version", version=f"gapscope-capture {__version__}")
    return p


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    is_intervene = bool(argv) and argv[0] == "intervene"
    args = parser(is_intervene).parse_args(argv[1:] if is_intervene else argv)
    try:
        if args.max_tokens is not None and args.max_tokens < 1:
            raise UsageError(f"--max-tokens must be at least 1, not {args.max_tokens}")
        if is_intervene:
            read_source(args.run)  # a bad run folder costs no model loading
        else:
            dataset.read(args.data)  # nor does a missing dataset
        import torch
        device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
        dtype = getattr(torch, args.dtype)
        family = families.load(args.family, args.model, dtype, device, args.loader)
        name = families.model_name(args.model)
        fp = families.fingerprint(args.family, args.model, family.model)
        if is_intervene:
            done, complete = intervene(family, name, fp, args.run, args.out, dtype=args.dtype, methods=args.method,
                                       calibration_data=args.calibration_data, tokens=args.tokens, max_tokens=args.max_tokens, shard=args.shard,
                                       quiet=args.quiet)
        else:
            done, complete = capture(family, name, fp, args.data, args.out, dtype=args.dtype,
                                     max_tokens=args.max_tokens or 32, shard=args.shard, layers=args.layers,
                                     float16=not args.float32_captures, on_broken_line=args.on_broken_line,
                                     quiet=args.quiet)
    except (UsageError, RunFolderError, dataset.DatasetError, families.FamilyError, ValueError, OSError) as e:
        print(f"gapscope-capture: {str(e).splitlines()[0] if str(e) else type(e).__name__}", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - one line unless --debug
        print(f"gapscope-capture: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        if args.debug:
            traceback.print_exc()
        return 3
    shard_note = "" if args.shard.strip() == "1/1" else f" (shard {args.shard})"
    if complete:
        what = "interventions" if is_intervene else "captures"
        print(f"{done} example(s) done{shard_note}; the {what} are in {args.out}. Next: "
              + (f"gapscope analyse {args.out}" if args.shard.strip() == "1/1"
                 else "once every shard is done, gapscope analyse --merge --out DIR SHARD_DIR..."))
    else:
        print(f"stopped after {done} example(s){shard_note}; run the same command to resume")
    return 0
