"""Stage: speech-text alignment training in two regimes, with checkpoints.

frozen  the language model is frozen; only the adapter learns (the LoRA analogue)
fullft  adapter and language model learn; text examples stay in the mix so that the text skill
        is not erased
In both regimes the speech encoder stays frozen (the paper freezes Whisper; training it through
the LM loss overwrote its phoneme knowledge in the feasibility run), so its outputs are computed
once (enc_cache.npy). Each step mixes spoken question answering with the dense "repeat the
question" task (transcription), 50/50.
"""

import json
import os
import random
import time

import numpy as np
import torch

from . import common
from .data import Corpus
from .model import Adapter, LanguageModel
from .tokenizer import WordTokenizer

REGIMES = ("frozen", "fullft")


class EncCache:
    def __init__(self, work):
        self.data = np.load(os.path.join(work, "enc_cache.npy"), mmap_mode="r")
        self.offsets = np.load(os.path.join(work, "enc_offsets.npy"))

    def get(self, i):
        return torch.from_numpy(np.array(self.data[self.offsets[i]:self.offsets[i + 1]]))


def adapt_many(adapter, cache, idx):
    """Adapter outputs for several utterances, computed in one batched call."""
    hs = [cache.get(i) for i in idx]
    s = adapter.stride
    rows = [h[:(h.shape[0] // s) * s].reshape(-1, s * h.shape[1]) for h in hs]
    out = adapter.fc2(torch.relu(adapter.fc1(torch.cat(rows, 0))))
    return list(torch.split(out, [r.shape[0] for r in rows]))


def load_lm(work, cfg, tok):
    lm = LanguageModel(len(tok), cfg["d"], cfg["layers"], cfg["heads"], cfg["ffn"])
    lm.load_state_dict(torch.load(os.path.join(work, "lm.pt"))["state"])
    return lm


def embedding_norm(lm, tok, items):
    ids = torch.tensor([i for it in items for i in tok.encode(it["question"])])
    return float(lm.embed_ids(ids).norm(dim=-1).mean())


def probe_accuracy(lm, tok, adapter, cache, idx, its):
    emb = adapt_many(adapter, cache, idx)
    qa = [(e,) + common.example_tokens(tok, t["question"], t["answer"], "qa")[1:]
          for e, t in zip(emb, its)]
    return sum(common.exact_match(lm, tok, qa)) / len(qa)


def checkpoint_steps(cfg):
    return sorted({max(1, int(round(f * cfg["align_steps"]))) for f in cfg["checkpoints"]})


def run(work, cfg, regime, log):
    assert regime in REGIMES
    common.setup_torch(cfg["seed"] + 10)
    tok = WordTokenizer.load(os.path.join(work, "tokenizer.json"))
    corpus = Corpus(work)
    cache = EncCache(work)
    lm = load_lm(work, cfg, tok)
    torch.manual_seed(cfg["seed"] + 11)          # same adapter initialisation in both regimes
    adapter = Adapter(cfg["enc_d"], cfg["d"], cfg["adapter_hidden"], cfg["stride"])
    items = corpus.items
    train_u = corpus.indices("train") + corpus.indices("vocab")
    rng = random.Random(cfg["seed"] + 12)
    # fixed probes, logged along training: held-out utterances of the training engines, and the
    # held-out engine (its accuracy against training steps)
    probes = {}
    for which in ("test_seen", "test_engine"):
        idx = corpus.indices(which)
        if idx:
            pick = rng.sample(idx, min(200, len(idx)))
            probes[which] = (pick, [corpus.item(i) for i in pick])
    probe, test_items = probes["test_seen"]
    emb_norm0 = embedding_norm(lm, tok, test_items)
    # start the adapter's output at the scale of the word embeddings (ratio 1), as a projector
    # initialised for an LLM would; the ratio is then free to move and is reported
    with torch.no_grad():
        init_idx = random.Random(cfg["seed"] + 13).sample(train_u, min(64, len(train_u)))
        out_norm = float(torch.cat(adapt_many(adapter, cache, init_idx)).norm(dim=-1).mean())
        adapter.fc2.weight.mul_(emb_norm0 / out_norm)
    if regime == "frozen":
        lm.requires_grad_(False)
        groups = [{"params": list(adapter.parameters()), "lr": cfg["align_lr"]}]
    else:
        groups = [{"params": list(adapter.parameters()), "lr": cfg["align_lr"]},
                  {"params": [p for p in lm.parameters() if p.requires_grad],
                   "lr": cfg["align_lm_lr"]}]
    params = [p for g in groups for p in g["params"] if p.requires_grad]
    peaks = [g["lr"] for g in groups]
    opt = torch.optim.AdamW(groups, weight_decay=0.01)
    steps, bs = cfg["align_steps"], cfg["align_batch"]
    ck_steps = checkpoint_steps(cfg)
    out_dir = os.path.join(work, regime)
    os.makedirs(out_dir, exist_ok=True)
    text_share = cfg["fullft_text_share"] if regime == "fullft" else 0.0
    all_items = list(items.values())
    log("alignment (%s): %d trainable parameters, %d training utterances, %d steps, "
        "checkpoints at %s" % (regime, sum(p.numel() for p in params), len(train_u), steps,
                               ck_steps))
    lm.train(regime == "fullft")
    t0 = time.time()
    skipped = 0
    run_loss = None
    curve = []
    for step in range(steps):
        for g, peak in zip(opt.param_groups, peaks):
            g["lr"] = common.lr_at(step, steps, peak, 200)
        n_text = sum(rng.random() < text_share for _ in range(bs))
        sp = [rng.choice(train_u) for _ in range(bs - n_text)]
        embeds = adapt_many(adapter, cache, sp)
        examples = []
        for i, e in zip(sp, embeds):
            it = corpus.item(i)
            if it is None:     # a vocabulary list: transcription only
                _, suffix, target = common.example_tokens(tok, corpus.plan[i]["text"], "",
                                                          "repeat")
            else:
                _, suffix, target = common.example_tokens(tok, it["question"], it["answer"],
                                                          rng.choice(("qa", "repeat")))
            examples.append((e, suffix, target))
        for _ in range(n_text):
            it = rng.choice(all_items)
            examples.append(common.example_tokens(tok, it["question"], it["answer"],
                                                  rng.choice(("qa", "repeat"))))
        inputs, labels = common.build_batch(lm, tok, examples)
        loss = common.batch_loss(lm, inputs, labels)
        if not common.finite_step(params, opt, loss):
            skipped += 1
        else:
            run_loss = float(loss) if run_loss is None else 0.98 * run_loss + 0.02 * float(loss)
        if step + 1 in ck_steps or (step + 1) % 500 == 0:
            lm.eval()
            with torch.no_grad():
                emb = adapt_many(adapter, cache, probe)
                ratio = float(torch.cat(emb).norm(dim=-1).mean()) / embedding_norm(lm, tok,
                                                                                  test_items)
                acc = {k: probe_accuracy(lm, tok, adapter, cache, *v) for k, v in probes.items()}
            lm.train(regime == "fullft")
            curve.append({"step": step + 1, "wall_s": round(time.time() - t0, 1),
                          "loss": run_loss, **{"probe_" + k: v for k, v in acc.items()}})
            log("%s step %d/%d loss %.3f probe speech accuracy %s adapter/embedding norm %.2f "
                "skipped %d (%.0f s)" % (regime, step + 1, steps, run_loss or float("nan"),
                                        ", ".join("%s %.3f" % kv for kv in acc.items()),
                                        ratio, skipped, time.time() - t0))
        if step + 1 in ck_steps:
            state = {"adapter": adapter.state_dict(), "step": step + 1, "regime": regime,
                     "wall_s": time.time() - t0, "skipped": skipped, "cfg": cfg,
                     "emb_norm_before": emb_norm0}
            if regime == "fullft":
                state["lm"] = lm.state_dict()
            torch.save(state, os.path.join(out_dir, "step%05d.pt" % (step + 1)))
    with open(os.path.join(out_dir, "train.json"), "w") as f:
        json.dump({"regime": regime, "steps": steps, "skipped": skipped,
                   "wall_s": time.time() - t0, "checkpoints": ck_steps,
                   "probes": {k: len(v[0]) for k, v in probes.items()}, "curve": curve}, f)
