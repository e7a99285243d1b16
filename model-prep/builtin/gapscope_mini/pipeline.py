"""The whole pipeline of the built-in model, one command:

    /usr/bin/python3 -m gapscope_mini.pipeline all --work WORK --ship RESOURCES [--smoke]

Stages (each also runnable alone: data, lm, encoder, cache, regime --regime R, finish):
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


def _timings(work, key, seconds):
    """Record one stage's wall time in work/timings.json.

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
        tmp = path + ".%d.tmp" % os.getpid()
        with open(tmp, "w") as f:
            json.dump(t, f, indent=1)
        os.replace(tmp, path)


# ----------------------------------------------------------------------------- stages

def stage_data(work, cfg, smoke, log):
    from . import data, world as W
    from .tokenizer import WordTokenizer
    t0 = time.time()
    world = W.build_world(cfg["seed"], smoke=smoke)
    with open(os.path.join(work, "world.json"), "w") as f:
        json.dump(world, f, indent=0)
    tok = WordTokenizer(W.vocabulary(world))
    tok.save(os.path.join(work, "tokenizer.json"))
    n_test = sum(it["split"] == "test" for it in world["items"])
    tasks = sorted({it["task"] for it in world["items"]})
    log("world: %d question-answer pairs (%d held out) in %d task families, %d words"
        % (len(world["items"]), n_test, len(tasks), len(tok) - 4))
    plan = data.build_plan(world, cfg["seed"] + 5, cfg["train_per_item"], smoke)
    counts = {s: sum(u["set"] == s for u in plan) for s in data.SETS}
    log("utterances: %s" % counts)
    items = {it["id"]: it for it in world["items"]}
    feats, offsets, n_samples, segments = data.synthesize_all(plan, items, workers=2, log=log)
    phone_set = data.save(work, plan, feats, offsets, n_samples, segments)
    hours = float(n_samples.sum()) / 16000 / 3600
    log("data done: %.2f h of speech, %d feature frames, %d phonemes (%.0f s)"
        % (hours, feats.shape[1], len(phone_set), time.time() - t0))
    _timings(work, "data", time.time() - t0)


def stage_lm(work, cfg, log):
    from . import train_lm
    t0 = time.time()
    train_lm.run(work, cfg, log)
    _timings(work, "lm", time.time() - t0)


def stage_encoder(work, cfg, log):
    from . import train_encoder
    t0 = time.time()
    train_encoder.run(work, cfg, log)
    _timings(work, "encoder", time.time() - t0)


def stage_cache(work, cfg, log):
    from . import train_encoder
    t0 = time.time()
    train_encoder.cache_outputs(work, cfg, log)
    _timings(work, "cache", time.time() - t0)


def bundle_name(regime, step, final):
    return "gapscope-mini-%s-%s" % (regime, "final" if final else "step%05d" % step)


def stage_regime(work, cfg, regime, log):
    import torch
    from . import align, evaluate, export
    from .data import Corpus
    from .model import make_encoder
    from .tokenizer import WordTokenizer
    t0 = time.time()
    align.run(work, cfg, regime, log)
    t_train = time.time() - t0
    _timings(work, "train_" + regime, t_train)
    tok = WordTokenizer.load(os.path.join(work, "tokenizer.json"))
    corpus = Corpus(work)
    cache = align.EncCache(work)
    encoder = make_encoder(cfg)
    encoder.load_state_dict(torch.load(os.path.join(work, "encoder.pt"))["state"])
    encoder.eval()
    test_items = [it for it in corpus.world["items"] if it["split"] == "test"]
    # export check: every held-out text query and held-out utterance, and as many utterances of
    # the held-out voices (the first voice of each held-out item)
    seen = corpus.indices("test_seen")
    held = corpus.indices("test_heldout")
    speech_idx = seen + held[::max(1, len(held) // max(1, len(seen)))]
    steps = align.checkpoint_steps(cfg)
    results = []
    for step in steps:
        final = step == steps[-1]
        path = os.path.join(work, regime, "step%05d.pt" % step)
        lm, adapter, ck = evaluate.load_checkpoint(work, cfg, tok, path)
        m = evaluate.evaluate(corpus, cache, tok, lm, adapter, cfg["seed"] + 20,
                              cfg["eval_heldout_limit"])
        m.update(regime=regime, step=step, train_wall_s=ck["wall_s"], skipped=ck["skipped"])
        log("%s step %d: text %.3f speech %.3f (held-out voices %.3f) GAP %.3f; control APS "
            "%.3f vs %.3f, cos %.3f vs %.3f; adapter/embedding norm %.2f"
            % (regime, step, m["text_acc"], m["speech_acc_seen"], m["speech_acc_heldout"],
               m["gap_seen"], m["control"]["aps_matched"], m["control"]["aps_mismatched"],
               m["control"]["cos_matched"], m["control"]["cos_mismatched"], m["norm_ratio"]))
        # reference answers from the PyTorch model (speech through the PyTorch encoder)
        with torch.no_grad():
            ref = [common.greedy(lm, tok, common.prompt_embeds(lm, tok, tok.encode(it["question"])))
                   for it in test_items]
            for i in speech_idx:
                s = adapter(encoder(torch.from_numpy(corpus.features(i))[None], None))[0]
                ref.append(common.greedy(lm, tok, common.prompt_embeds(lm, tok, s)))
        n_text = len(test_items)
        golds = [it["answer"] for it in test_items] + \
                [corpus.items[corpus.plan[i]["item"]]["answer"] for i in speech_idx]
        greedy_text = np.mean([r == g for r, g in zip(ref[:n_text], golds[:n_text])])
        if abs(greedy_text - m["text_acc"]) > 1e-9:
            raise RuntimeError("greedy and teacher-forced text accuracy disagree")
        name = bundle_name(regime, step, final)
        card = ("# %s\n\nGapScope's built-in miniature speech language model, regime `%s` "
                "(%s), alignment step %d of %d. See resources/models/MODEL_CARD.md.\n\n"
                "Held-out items: text accuracy %.3f, speech accuracy %.3f (training voices), "
                "%.3f (held-out voices).\n"
                % (name, regime, "language model frozen, adapter trained" if regime == "frozen"
                   else "adapter and language model fine-tuned", step, cfg["align_steps"],
                   m["text_acc"], m["speech_acc_seen"], m["speech_acc_heldout"]))
        chosen = None
        for dtype in (("float32",) if final else ("float16", "float32")):
            out = os.path.join(work, "bundles", name)
            export.write_bundle(out, name, cfg, tok, encoder, adapter, lm, dtype, card)
            modes = [None] if dtype == "float32" else [None, torch.float32]
            same = True
            for mode in modes:
                got = export.bundle_answers(export.LoadedBundle(out, mode), tok, corpus,
                                            test_items, speech_idx)
                diff = sum(a != b for a, b in zip(got, ref))
                log("  %s %s (hidden %s): %d/%d answers differ from the PyTorch model"
                    % (name, dtype, "as returned" if mode is None else "float32", diff, len(ref)))
                same = same and diff == 0
            if same:
                chosen = dtype
                break
            if dtype == "float32":
                raise RuntimeError("exported float32 bundle disagrees with the PyTorch model")
        m.update(bundle=name, dtype=chosen, size_bytes=export.dir_size(out),
                 answers_checked=len(ref))
        results.append(m)
    with open(os.path.join(work, regime, "metrics.json"), "w") as f:
        json.dump(results, f, indent=1)
    _timings(work, regime, time.time() - t0)


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
    t0 = time.time()
    os.makedirs(work, exist_ok=True)
    if os.path.exists(os.path.join(work, "timings.json")):
        os.unlink(os.path.join(work, "timings.json"))
    cfg = common.config(smoke)
    stage_data(work, cfg, smoke, log)
    run_parallel(work, smoke, [["lm"], ["encoder"]], log)
    stage_cache(work, cfg, log)
    run_parallel(work, smoke, [["regime", "--regime", "frozen"], ["regime", "--regime", "fullft"]],
                 log)
    _timings(work, "total_before_finish", time.time() - t0)
    from . import finish
    finish.run(work, ship, cfg, log, total_s=time.time() - t0)
    log("pipeline done in %.1f min" % ((time.time() - t0) / 60))


def main(argv=None):
    ap = argparse.ArgumentParser(prog="gapscope_mini.pipeline", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stage", choices=["all", "data", "lm", "encoder", "cache", "regime", "finish"])
    ap.add_argument("--work", required=True, help="folder for intermediate files")
    ap.add_argument("--ship", help="resources folder to write the shipped files into (all, finish)")
    ap.add_argument("--regime", choices=["frozen", "fullft"])
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
    elif a.stage == "finish":
        if not a.ship:
            ap.error("finish needs --ship")
        from . import finish
        finish.run(work, os.path.abspath(a.ship), cfg, log, total_s=None)


if __name__ == "__main__":
    main()
