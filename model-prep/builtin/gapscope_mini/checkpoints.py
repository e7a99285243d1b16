"""Every checkpoint of a regime: measured (evaluate.py) and exported as a verified bundle.

The two halves are separate so that the export can be run again on its own over a finished work
folder (``pipeline export``), e.g. when the bundle format changes:

  work/<regime>/metrics.json   one entry per checkpoint: accuracies, GAP, controls per group
  work/<regime>/export.json    one entry per checkpoint: bundle name, dtype, size, answers checked
  work/bundles/<bundle>/       the bundle folders

Verification reloads each bundle's TorchScript parts, runs them part by part with greedy
decoding, and requires the PyTorch model's answer on every held-out pair typed and on one
utterance of every held-out item from the training engines, the held-out voices and the held-out
engine each. A float16 bundle is kept only where its answers are identical with float16 and with
float32 hidden states between parts; otherwise the checkpoint ships in float32.
"""

import json
import os

import numpy as np
import torch

from . import align, common, engines, evaluate, export
from .data import Corpus
from .model import make_encoder
from .tokenizer import WordTokenizer


def bundle_name(regime, step, final):
    return "gapscope-mini-%s-%s" % (regime, "final" if final else "step%05d" % step)


def checkpoint_path(work, regime, step):
    return os.path.join(work, regime, "step%05d.pt" % step)


def _write_json(path, doc):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
    os.replace(tmp, path)


def step_file(work, regime, kind, step):
    """work/<regime>/<kind>-stepNNNNN.json: one checkpoint's metrics or export record."""
    return os.path.join(work, regime, "%s-step%05d.json" % (kind, step))


def _fresh(work, regime, kind, step):
    """The checkpoint's record, if one was written after the checkpoint itself."""
    path = step_file(work, regime, kind, step)
    if os.path.exists(path) and \
            os.path.getmtime(path) >= os.path.getmtime(checkpoint_path(work, regime, step)):
        with open(path) as f:
            return json.load(f)
    return None


class _Inputs:
    """What measuring and exporting a checkpoint read from the work folder, loaded once."""

    def __init__(self, work):
        self.tok = WordTokenizer.load(os.path.join(work, "tokenizer.json"))
        self.corpus = Corpus(work)
        self._cache = None
        self._encoder = None
        self.work = work

    def cache(self):
        if self._cache is None:
            self._cache = align.EncCache(self.work)
        return self._cache

    def encoder(self, cfg):
        if self._encoder is None:
            self._encoder = make_encoder(cfg)
            self._encoder.load_state_dict(torch.load(os.path.join(self.work,
                                                                  "encoder.pt"))["state"])
            self._encoder.eval()
        return self._encoder


def evaluate_step(work, cfg, regime, step, log, inputs=None):
    """One checkpoint measured (evaluate.py), written to its metrics-stepNNNNN.json."""
    x = inputs or _Inputs(work)
    lm, adapter, ck = evaluate.load_checkpoint(work, cfg, x.tok,
                                               checkpoint_path(work, regime, step))
    m = evaluate.evaluate(x.corpus, x.cache(), x.tok, lm, adapter, cfg["seed"] + 20)
    m.update(regime=regime, step=step, train_wall_s=ck["wall_s"], skipped=ck["skipped"])
    log("%s step %d: text %.3f, speech: %s" % (regime, step, m["text_acc"], "; ".join(
        "%s %.3f (APS margin %+.3f)" % (k, g["speech_acc"], g["control"]["aps_matched"]
                                        - g["control"]["aps_mismatched"])
        for k, g in m["groups"].items())))
    _write_json(step_file(work, regime, "metrics", step), m)
    return m


def evaluate_regime(work, cfg, regime, log, reuse=True):
    """Every checkpoint measured, into work/<regime>/metrics.json. With reuse, a checkpoint
    whose metrics file is newer than the checkpoint (measured by ``pipeline evaluate --step``,
    e.g. while training went on) is not measured again."""
    x = _Inputs(work)
    results = []
    for step in align.checkpoint_steps(cfg):
        m = _fresh(work, regime, "metrics", step) if reuse else None
        if m is None:
            m = evaluate_step(work, cfg, regime, step, log, x)
        else:
            log("%s step %d: measured before (%s)"
                % (regime, step, os.path.basename(step_file(work, regime, "metrics", step))))
        results.append(m)
    _write_json(os.path.join(work, regime, "metrics.json"), results)


def export_check_indices(corpus):
    """Speech queries on which every exported bundle must answer as the PyTorch model: one
    utterance of every held-out item, the item's set taken in turn (training engines' held-out
    utterances, held-out voices, held-out engine) and, within the set, its engines and voices in
    turn."""
    sets = ("test_seen", "test_heldout", "test_engine")
    by_item = {}
    for which in sets:
        for i in corpus.indices(which):
            by_item.setdefault(corpus.plan[i]["item"], {}).setdefault(which, []).append(i)
    out = []
    for k, item in enumerate(sorted(by_item)):
        which = sets[k % len(sets)]
        us = by_item[item].get(which) or next(v for v in by_item[item].values())
        out.append(us[(k // len(sets)) % len(us)])
    return out


@torch.no_grad()
def reference_answers(lm, adapter, encoder, tok, corpus, test_items, speech_idx):
    """The PyTorch model's greedy answers (speech through the PyTorch encoder)."""
    ref = [common.greedy(lm, tok, common.prompt_embeds(lm, tok, tok.encode(it["question"])))
           for it in test_items]
    for i in speech_idx:
        s = adapter(encoder(torch.from_numpy(corpus.features(i))[None], None))[0]
        ref.append(common.greedy(lm, tok, common.prompt_embeds(lm, tok, s)))
    return ref


def bundle_card(name, regime, step, cfg, m):
    return ("# %s\n\nGapScope's built-in miniature speech language model, regime `%s` (%s), "
            "alignment step %d of %d. See resources/models/MODEL_CARD.md.\n\n"
            "Held-out items: text accuracy %.3f, speech accuracy %.3f (training engines, "
            "training voices), %.3f (held-out voices), %.3f (held-out engine %s).\n"
            % (name, regime, "language model frozen, adapter trained" if regime == "frozen"
               else "adapter and language model fine-tuned", step, cfg["align_steps"],
               m["text_acc"], m["speech_acc_seen"], m.get("speech_acc_heldout") or 0.0,
               m.get("speech_acc_engine") or 0.0, engines.HELDOUT_ENGINE))


def export_step(work, cfg, regime, step, log, inputs=None):
    """One checkpoint exported as a bundle and verified against the PyTorch model; its record
    goes to export-stepNNNNN.json. Needs the checkpoint's metrics file (evaluate_step)."""
    x = inputs or _Inputs(work)
    tok, corpus, encoder = x.tok, x.corpus, x.encoder(cfg)
    path = step_file(work, regime, "metrics", step)
    if os.path.exists(path):
        with open(path) as f:
            m = json.load(f)
    else:                                   # a work folder from before per-step files
        with open(os.path.join(work, regime, "metrics.json")) as f:
            m = next(r for r in json.load(f) if r["step"] == step)
    test_items = [it for it in corpus.world["items"] if it["split"] == "test"]
    speech_idx = export_check_indices(corpus)
    final = step == align.checkpoint_steps(cfg)[-1]
    lm, adapter, _ = evaluate.load_checkpoint(work, cfg, tok, checkpoint_path(work, regime, step))
    ref = reference_answers(lm, adapter, encoder, tok, corpus, test_items, speech_idx)
    greedy_text = np.mean([r == it["answer"] for r, it in zip(ref, test_items)])
    if abs(greedy_text - m["text_acc"]) > 1e-9:
        raise RuntimeError("greedy and teacher-forced text accuracy disagree")
    name = bundle_name(regime, step, final)
    card = bundle_card(name, regime, step, cfg, m)
    out = os.path.join(work, "bundles", name)
    chosen = None
    for dtype in (("float32",) if final else ("float16", "float32")):
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
    rec = {"step": step, "bundle": name, "dtype": chosen, "size_bytes": export.dir_size(out),
           "answers_checked": len(ref)}
    _write_json(step_file(work, regime, "export", step), rec)
    return rec


def export_regime(work, cfg, regime, log, reuse=False):
    """Every checkpoint's bundle, into work/bundles/ and work/<regime>/export.json. Without reuse
    (``pipeline export``: e.g. a new bundle format) every bundle is written again; with it (the
    regime stage) a checkpoint already exported since it was saved is kept."""
    x = _Inputs(work)
    shipped = []
    for step in align.checkpoint_steps(cfg):
        rec = _fresh(work, regime, "export", step) if reuse else None
        if rec is not None and not os.path.isdir(os.path.join(work, "bundles", rec["bundle"])):
            rec = None
        shipped.append(rec or export_step(work, cfg, regime, step, log, x))
    _write_json(os.path.join(work, regime, "export.json"), shipped)
