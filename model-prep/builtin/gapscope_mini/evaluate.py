"""Stage: measure every checkpoint -- accuracies, GAP, adapter scale, and the alignment control.

Accuracy is exact match of the greedy answer (answer words then <eos>), computed teacher-forced
(equivalent for greedy decoding). The control follows METHOD.md: on held-out items, the query
span's hidden states of the speech prompt and the text prompt; pooled cosine per layer and the
Alignment Path Score (cosine) averaged over layers 1..L, for matched pairs (speech i, text i) and
mismatched pairs (speech i, text j != i, a seeded derangement), with a bootstrap 95 % interval of
the margin.
"""

import os
import random

import numpy as np
import torch

from . import common
from .align import adapt_many, embedding_norm
from .model import Adapter, LanguageModel


def load_checkpoint(work, cfg, tok, path):
    ck = torch.load(path)
    lm = LanguageModel(len(tok), cfg["d"], cfg["layers"], cfg["heads"], cfg["ffn"])
    lm.load_state_dict(ck["lm"] if "lm" in ck else torch.load(os.path.join(work, "lm.pt"))["state"])
    adapter = Adapter(cfg["enc_d"], cfg["d"], cfg["adapter_hidden"], cfg["stride"])
    adapter.load_state_dict(ck["adapter"])
    lm.eval()
    adapter.eval()
    return lm, adapter, ck


def derangement(n, seed):
    rng = random.Random(seed)
    if n < 2:
        return list(range(n))
    while True:
        p = list(range(n))
        rng.shuffle(p)
        if all(i != j for i, j in enumerate(p)):
            return p


@torch.no_grad()
def span_states(lm, tok, query):
    """Hidden states [L+1, T_query, d] of the query span inside the answer prompt."""
    x = common.prompt_embeds(lm, tok, query)
    _, hidden = lm.forward_embeds(x[None], return_hidden=True)
    start = len(tok.encode(common.PREFIX))
    n = query.shape[0] if isinstance(query, torch.Tensor) else len(query)
    return torch.stack([h[0, start:start + n] for h in hidden])


def spearman(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if len(a) < 2 or np.all(b == b[0]) or np.all(a == a[0]):
        return None

    def rank(x):
        order = np.argsort(x, kind="mergesort")
        r = np.empty(len(x))
        r[order] = np.arange(len(x))
        for v in np.unique(x):          # average ranks of ties
            m = x == v
            r[m] = r[m].mean()
        return r
    ra, rb = rank(a), rank(b)
    return float(np.corrcoef(ra, rb)[0, 1])


def pair_metrics(s, t):
    """s [L+1, Ts, d], t [L+1, Tt, d] -> per-layer pooled cosine, Euclidean, APS, path Spearman."""
    ps, pt = s.mean(1), t.mean(1)
    cos = torch.nn.functional.cosine_similarity(ps, pt, dim=-1)
    euc = (ps - pt).norm(dim=-1)
    sn = torch.nn.functional.normalize(s, dim=-1)
    tn = torch.nn.functional.normalize(t, dim=-1)
    a = torch.matmul(sn, tn.transpose(1, 2))           # [L+1, Ts, Tt]
    best, path = a.max(dim=1)                           # per text token
    aps = best.mean(1)
    rho = [spearman(np.arange(t.shape[1]), path[l].numpy()) for l in range(s.shape[0])]
    return cos.numpy(), euc.numpy(), aps.numpy(), rho


def summarise(per_pair):
    """Means over pairs of layer-averaged (layers 1..L) scores, plus per-layer curves."""
    cos = np.stack([p[0] for p in per_pair])
    euc = np.stack([p[1] for p in per_pair])
    aps = np.stack([p[2] for p in per_pair])
    rhos = []
    for p in per_pair:
        vals = [r for r in p[3][1:] if r is not None]
        rhos.append(np.mean(vals) if vals else np.nan)
    return {"cos": cos[:, 1:].mean(1), "euc": euc[:, 1:].mean(1), "aps": aps[:, 1:].mean(1),
            "spearman": np.array(rhos), "cos_curve": cos.mean(0), "euc_curve": euc.mean(0),
            "aps_curve": aps.mean(0)}


def bootstrap_margin(m, mm, seed, n=1000):
    rng = np.random.default_rng(seed)
    d = m - mm
    d = d[np.isfinite(d)]
    if len(d) == 0:
        return [float("nan"), float("nan")]
    boots = [d[rng.integers(0, len(d), len(d))].mean() for _ in range(n)]
    return [float(np.percentile(boots, 2.5)), float(np.percentile(boots, 97.5))]


def control(s_states, t_states, seed):
    """Matched (speech i, text i) vs mismatched (speech i, text of a seeded derangement) scores,
    means over pairs of layers 1..L, margins with bootstrap 95 % intervals, per-layer curves."""
    perm = derangement(len(s_states), seed)
    matched = summarise([pair_metrics(s, t) for s, t in zip(s_states, t_states)])
    mism = summarise([pair_metrics(s_states[i], t_states[perm[i]]) for i in range(len(s_states))])
    ctl = {}
    for k in ("cos", "euc", "aps", "spearman"):
        ctl[k + "_matched"] = float(np.nanmean(matched[k]))
        ctl[k + "_mismatched"] = float(np.nanmean(mism[k]))
        ctl[k + "_margin_ci95"] = bootstrap_margin(matched[k], mism[k], seed)
    for k in ("cos_curve", "euc_curve", "aps_curve"):
        ctl[k + "_matched"] = [float(v) for v in matched[k]]
        ctl[k + "_mismatched"] = [float(v) for v in mism[k]]
    ctl["pairs"] = len(s_states)
    return ctl


def heard_words(corpus):
    """Every word that some training utterance (training item or vocabulary list) speaks."""
    return {w for u in corpus.plan if u["set"] in ("train", "vocab") for w in u["text"].split()}


def by_task_means(its, ok):
    acc = {}
    for it, o in zip(its, ok):
        acc.setdefault(it["task"], []).append(o)
    return {k: float(np.mean(v)) for k, v in sorted(acc.items())}


@torch.no_grad()
def speech_group(corpus, cache, tok, lm, adapter, idx, text_states, seed, heard):
    """Accuracy (answer and transcript), per family and per voice, and the control, for the
    utterances idx (all held-out items)."""
    embeds = adapt_many(adapter, cache, idx)
    its = [corpus.item(i) for i in idx]
    g = {"n": len(idx), "voices": sorted({corpus.plan[i]["voice"] for i in idx})}
    for task in ("qa", "repeat"):
        ex = [(e,) + common.example_tokens(tok, it["question"], it["answer"], task)[1:]
              for e, it in zip(embeds, its)]
        ok = common.exact_match(lm, tok, ex)
        g["speech_acc" if task == "qa" else "repeat_acc"] = float(np.mean(ok))
        if task == "qa":
            qa_ok = ok
    g["speech_acc_by_task"] = by_task_means(its, qa_ok)
    g["speech_acc_family_mean"] = float(np.mean(list(g["speech_acc_by_task"].values())))
    g["speech_acc_by_voice"] = {v: float(np.mean([o for i, o in zip(idx, qa_ok)
                                                  if corpus.plan[i]["voice"] == v]))
                                for v in g["voices"]}
    unheard = [any(w not in heard for w in it["question"].split()) for it in its]
    g["n_unheard_word"] = int(sum(unheard))
    g["adapter_norm"] = float(torch.cat(embeds).norm(dim=-1).mean())
    g["embedding_norm"] = embedding_norm(lm, tok, its)
    g["norm_ratio"] = g["adapter_norm"] / g["embedding_norm"]
    s_states = [span_states(lm, tok, e) for e in embeds]
    g["control"] = control(s_states, [text_states[it["id"]] for it in its], seed)
    return g


@torch.no_grad()
def evaluate(corpus, cache, tok, lm, adapter, seed):
    """Text accuracy on every held-out pair, and for every group of held-out utterances (each
    training engine's held-out utterances, its held-out voices, the held-out engine) speech
    accuracy with its control, on one utterance of every held-out pair per group (the group's
    voices in turn, Corpus.one_per_item). Pooled keys: speech_acc_seen (training engines, training voices),
    speech_acc_heldout (held-out voices), speech_acc_engine (the held-out engine)."""
    test_items = [it for it in corpus.world["items"] if it["split"] == "test"]
    res = {}
    text_qa = [common.example_tokens(tok, it["question"], it["answer"], "qa") for it in test_items]
    text_ok = common.exact_match(lm, tok, text_qa)
    res["text_acc"] = float(np.mean(text_ok))
    res["text_acc_by_task"] = by_task_means(test_items, text_ok)
    text_states = {it["id"]: span_states(lm, tok, tok.encode(it["question"])) for it in test_items}
    heard = heard_words(corpus)
    res["n_unheard_word"] = int(sum(any(w not in heard for w in it["question"].split())
                                    for it in test_items))
    res["groups"] = {}
    for which in ("test_seen", "test_heldout", "test_engine"):
        pooled = []
        for engine in sorted({e for e, _ in corpus.groups(which)}):
            idx = corpus.one_per_item(corpus.indices(which, engine))
            g = speech_group(corpus, cache, tok, lm, adapter, idx, text_states, seed, heard)
            g.update(set=which, engine=engine)
            res["groups"]["%s/%s" % (which, engine)] = g
            pooled.append(g)
        key = which.split("_")[1]
        n = sum(g["n"] for g in pooled)
        for k in ("speech_acc", "repeat_acc"):
            res["%s_%s" % (k, key)] = (sum(g[k] * g["n"] for g in pooled) / n) if n else None
        if n:
            res["gap_" + key] = res["text_acc"] - res["speech_acc_" + key]
    first = res["groups"][min(k for k in res["groups"] if k.startswith("test_seen/"))]
    res["norm_ratio"] = first["norm_ratio"]
    return res
