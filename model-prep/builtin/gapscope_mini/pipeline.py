"""The whole pipeline of the built-in model, one command:

    /usr/bin/python3 -m gapscope_mini.pipeline all --work WORK --ship RESOURCES [--smoke]

Stages (each also runnable alone: data, lm, encoder, cache, regime --regime R, evaluate --regime
R, export [--regime R] [--reuse], finish; one saved checkpoint: evaluate|export --regime R --step N):
  data     world, tokenizer, utterance plan, espeak-ng synthesis, log-mel features, phonemes
  lm       the language model learns the world from text            } in parallel,
  encoder  the speech encoder learns phoneme CTC (the mini-Whisper)  } one thread each
  cache    frozen encoder outputs for every utterance
  regime   alignment training (frozen | fullft), evaluation and export of every checkpoint
           (the two regimes run in parallel, one thread each)
  finish   bundles, model card, index and sample example set into RESOURCES
"""

import argparse
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

from . import common

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu_seconds():
    """User + system CPU time of this process and of every child it has waited for."""
    import resource
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class Clock:
    """Wall and CPU time (this process and its waited-for children) since it was made."""

    def __init__(self):
        self.wall = time.time()
        self.cpu = cpu_seconds()

    def record(self, work, key, extra=None):
        _timings(work, key, time.time() - self.wall, cpu_seconds() - self.cpu, extra)


def _timings(work, key, seconds, cpu, extra=None):
    """Record one stage's wall time in work/timings.json, with its CPU time ("cpu_<key>": this
    process and the children it waited for) and the machine's 5-minute load average when the
    stage ended ("load_<key>"), and any extra entries given.

    The two regimes run as parallel processes and both record their times here, so the
    read-modify-write holds an exclusive lock and the file is replaced atomically: a reader
    never sees a half-written file and no process loses the other's entry."""
    import fcntl
    path = os.path.join(work, "timings.json")
    with open(path + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        t = {}
        if os.path.exists(path):
            with open(path) as f:
                t = json.load(f)
        t[key] = round(seconds, 1)
        t["cpu_" + key] = round(cpu, 1)
        t["load_" + key] = round(os.getloadavg()[1], 1)
        t.update(extra or {})
        tmp = path + ".%d.tmp" % os.getpid()
        with open(tmp, "w") as f:
            json.dump(t, f, indent=1)
        os.replace(tmp, path)


# ----------------------------------------------------------------------------- stages

PACKAGES = {"espeak-ng": "espeak-ng", "festival": "festival festvox-kallpc16k festvox-kdlpc16k "
             "festvox-us-slt-hts", "freetts": "freetts", "flite": "flite"}


def stage_data(work, cfg, smoke, log):
    from . import data, engines, world as W
    from .tokenizer import WordTokenizer
    missing = [e for e in engines.ENGINES if not engines.available(e)]
    if missing:
        raise SystemExit("speech engine %s not installed: apt-get install %s"
                         % (", ".join(missing), " ".join(PACKAGES[e] for e in missing)))
    clock = Clock()
    t0 = clock.wall
    world = W.build_world(cfg["seed"], smoke=smoke)
    with open(os.path.join(work, "world.json"), "w") as f:
        json.dump(world, f, indent=0)
    tok = WordTokenizer(W.vocabulary(world))
    tok.save(os.path.join(work, "tokenizer.json"))
    n_test = sum(it["split"] == "test" for it in world["items"])
    tasks = sorted({it["task"] for it in world["items"]})
    log("world: %d question-answer pairs (%d held out) in %d task families, %d words"
        % (len(world["items"]), n_test, len(tasks), len(tok) - 4))
    plan = data.build_plan(world, cfg["seed"] + 5, cfg, smoke)
    counts = {s: sum(u["set"] == s for u in plan) for s in data.SETS}
    log("utterances: %s, %d augmented" % (counts, sum(bool(u["aug"]) for u in plan)))
    feats, offsets, n_samples, segments, words, resumed = data.speak_plan(plan, work, workers=2,
                                                                             log=log)
    if resumed:
        log("%d utterances taken from blocks an earlier data stage finished" % resumed)
    phone_set = data.save(work, plan, feats, offsets, n_samples, segments, words)
    hours = float(n_samples.sum()) / 16000 / 3600
    log("data done: %.2f h of speech, %d feature frames, %d phones (%.0f s)"
        % (hours, feats.shape[1], len(phone_set), time.time() - t0))
    clock.record(work, "data", extra={"data_resumed_utterances": resumed})


def stage_lm(work, cfg, log):
    from . import train_lm
    clock = Clock()
    train_lm.run(work, cfg, log)
    clock.record(work, "lm")


def stage_encoder(work, cfg, log):
    from . import train_encoder
    clock = Clock()
    train_encoder.run(work, cfg, log)
    clock.record(work, "encoder")


def stage_cache(work, cfg, log):
    from . import train_encoder
    clock = Clock()
    train_encoder.cache_outputs(work, cfg, log)
    clock.record(work, "cache")


def stage_regime(work, cfg, regime, log):
    """Alignment training of one regime, then every checkpoint measured and exported."""
    from . import align, checkpoints
    whole, clock = Clock(), Clock()
    align.run(work, cfg, regime, log)
    clock.record(work, "train_" + regime)
    clock = Clock()
    checkpoints.evaluate_regime(work, cfg, regime, log, reuse=True)
    clock.record(work, "evaluate_" + regime)
    clock = Clock()
    checkpoints.export_regime(work, cfg, regime, log, reuse=True)
    clock.record(work, "export_" + regime)
    whole.record(work, regime)


def stage_step(work, cfg, kind, regime, step, log):
    """One saved checkpoint measured (kind "evaluate") or exported ("export") in a process of its
    own, e.g. while the regime is still training; the regime stage then keeps the result."""
    from . import checkpoints
    clock = Clock()
    fn = checkpoints.evaluate_step if kind == "evaluate" else checkpoints.export_step
    fn(work, cfg, regime, step, log)
    clock.record(work, "%s_%s_step%05d" % (kind, regime, step))


def stage_evaluate(work, cfg, regime, log):
    """Every checkpoint of a trained regime measured (those measured since they were saved kept)."""
    from . import checkpoints
    clock = Clock()
    checkpoints.evaluate_regime(work, cfg, regime, log, reuse=True)
    clock.record(work, "evaluate_" + regime)


def stage_export(work, cfg, regimes, log, reuse=False):
    """Bundles of every checkpoint written again from the work folder, and verified (with reuse:
    only those not exported since their checkpoint was saved)."""
    from . import checkpoints
    for regime in regimes:
        clock = Clock()
        checkpoints.export_regime(work, cfg, regime, log, reuse=reuse)
        clock.record(work, "export_" + regime)


def run_parallel(work, smoke, stages, log):
    """Runs stages as separate one-thread processes at the same time; fails if any fails."""
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONPATH=HERE + os.pathsep + os.environ.get("PYTHONPATH", ""))
    procs = []
    for st in stages:
        args = [sys.executable, "-m", "gapscope_mini.pipeline"] + st + ["--work", work]
        if smoke:
            args.append("--smoke")
        procs.append((st, subprocess.Popen(args, env=env)))
    failed = [" ".join(st) for st, p in procs if p.wait() != 0]
    if failed:
        raise SystemExit("stage failed: " + ", ".join(failed))


def run_all(work, ship, smoke, log):
    clock = Clock()
    t0 = clock.wall
    os.makedirs(work, exist_ok=True)
    if os.path.exists(os.path.join(work, "timings.json")):
        os.unlink(os.path.join(work, "timings.json"))
    cfg = common.config(smoke)
    stage_data(work, cfg, smoke, log)
    run_parallel(work, smoke, [["lm"], ["encoder"]], log)
    stage_cache(work, cfg, log)
    run_parallel(work, smoke, [["regime", "--regime", "frozen"], ["regime", "--regime", "fullft"]],
                 log)
    clock.record(work, "total_before_finish")
    from . import finish
    finish.run(work, ship, cfg, log, total_s=time.time() - t0)
    log("pipeline done in %.1f min" % ((time.time() - t0) / 60))


def main(argv=None):
    ap = argparse.ArgumentParser(prog="gapscope_mini.pipeline", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stage", choices=["all", "data", "lm", "encoder", "cache", "regime",
                                      "evaluate", "export", "finish"])
    ap.add_argument("--work", required=True, help="folder for intermediate files")
    ap.add_argument("--ship", help="resources folder to write the shipped files into (all, finish)")
    ap.add_argument("--regime", choices=["frozen", "fullft"],
                    help="regime: the one to train; export: only this one (default both)")
    ap.add_argument("--step", type=int,
                    help="evaluate, export: only this saved checkpoint of --regime")
    ap.add_argument("--reuse", action="store_true",
                    help="export: keep bundles exported since their checkpoint was saved")
    ap.add_argument("--smoke", action="store_true", help="tiny world and model (seconds)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override a configuration value (experiments; not for the shipped run)")
    a = ap.parse_args(argv)
    cfg = common.config(a.smoke)
    for kv in a.set:
        k, v = kv.split("=", 1)
        if k not in cfg:
            ap.error("unknown configuration key: " + k)
        cfg[k] = type(cfg[k])(v) if cfg[k] is not None else v
    common.setup_torch(cfg["seed"])
    log = common.Log(a.stage if a.stage != "regime" else a.regime)
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    if a.stage == "all":
        if not a.ship:
            ap.error("all needs --ship")
        run_all(work, os.path.abspath(a.ship), a.smoke, log)
    elif a.stage == "data":
        stage_data(work, cfg, a.smoke, log)
    elif a.stage == "lm":
        stage_lm(work, cfg, log)
    elif a.stage == "encoder":
        stage_encoder(work, cfg, log)
    elif a.stage == "cache":
        stage_cache(work, cfg, log)
    elif a.stage == "regime":
        if not a.regime:
            ap.error("regime needs --regime")
        stage_regime(work, cfg, a.regime, log)
    elif a.stage in ("evaluate", "export") and a.step is not None:
        if not a.regime:
            ap.error("--step needs --regime")
        stage_step(work, cfg, a.stage, a.regime, a.step, log)
    elif a.stage == "evaluate":
        if not a.regime:
            ap.error("evaluate needs --regime")
        stage_evaluate(work, cfg, a.regime, log)
    elif a.stage == "export":
        stage_export(work, cfg, [a.regime] if a.regime else ["frozen", "fullft"], log,
                     reuse=a.reuse)
    elif a.stage == "finish":
        if not a.ship:
            ap.error("finish needs --ship")
        from . import finish
        finish.run(work, os.path.abspath(a.ship), cfg, log, total_s=None)


if __name__ == "__main__":
    main()
