"""Any bundle on a work folder's held-out speech: spoken accuracy per engine and voice group.

    /usr/bin/python3 -m gapscope_mini.measure --work WORK --bundle DIR [--bundle DIR ...]
        [--json OUT.json]

Runs the bundle's TorchScript parts part by part (as GapScope's runtime does) with greedy
decoding on the work folder's held-out speech as the pipeline measures it (per group -- each
training engine's held-out utterances, the held-out voices, the held-out engine -- one utterance
of every held-out pair, the group's voices in turn) and on every held-out pair typed, and
prints item-weighted accuracy, the mean over task families, and accuracy per voice. Used to
measure a shipped bundle before retraining on the same utterances as the retrained one.
"""

import argparse
import json
import os
import sys

import numpy as np


def measure(work, bundle_dir, log=print):
    from .data import Corpus
    from .export import LoadedBundle
    from .tokenizer import WordTokenizer
    corpus = Corpus(work)
    tok = WordTokenizer.load(os.path.join(bundle_dir, "tokenizer.json"))
    bundle = LoadedBundle(bundle_dir)
    test_items = [it for it in corpus.world["items"] if it["split"] == "test"]
    typed = [bundle.answer(tok, bundle.embed_ids(tok.encode(it["question"]))) == it["answer"]
             for it in test_items]
    out = {"bundle": os.path.basename(os.path.normpath(bundle_dir)), "work": work,
           "text_acc": float(np.mean(typed)), "groups": {}}
    for which in ("test_seen", "test_heldout", "test_engine"):
        for engine in sorted({e for e, _ in corpus.groups(which)}):
            idx = corpus.one_per_item(corpus.indices(which, engine))
            ok = [bundle.answer(tok, bundle.encode_speech(corpus.features(i)))
                  == corpus.item(i)["answer"] for i in idx]
            by_task, by_voice = {}, {}
            for i, o in zip(idx, ok):
                by_task.setdefault(corpus.item(i)["task"], []).append(o)
                by_voice.setdefault(corpus.plan[i]["voice"], []).append(o)
            g = {"n": len(idx), "speech_acc": float(np.mean(ok)),
                 "speech_acc_family_mean": float(np.mean([np.mean(v) for v in by_task.values()])),
                 "speech_acc_by_voice": {v: float(np.mean(o)) for v, o in sorted(by_voice.items())}}
            out["groups"]["%s/%s" % (which, engine)] = g
            log("%s %s/%s: speech %.1f %% (mean over families %.1f %%) of %d; by voice %s"
                % (out["bundle"], which, engine, 100 * g["speech_acc"],
                   100 * g["speech_acc_family_mean"], g["n"],
                   ", ".join("%s %.1f" % (v, 100 * a)
                             for v, a in g["speech_acc_by_voice"].items())))
    log("%s text %.1f %%" % (out["bundle"], 100 * out["text_acc"]))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(prog="gapscope_mini.measure", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", required=True, help="a work folder whose data stage has run")
    ap.add_argument("--bundle", action="append", required=True, help="bundle folder")
    ap.add_argument("--json", help="write the numbers here as well")
    a = ap.parse_args(argv)
    import torch
    torch.set_num_threads(1)
    try:
        res = [measure(os.path.abspath(a.work), b) for b in a.bundle]
    except (OSError, ValueError, KeyError) as e:
        print("measure: %s" % e, file=sys.stderr)
        return 2
    if a.json:
        tmp = a.json + ".tmp"
        with open(tmp, "w") as f:
            json.dump(res, f, indent=1)
        os.replace(tmp, a.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
