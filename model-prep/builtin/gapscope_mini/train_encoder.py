"""Stage: the speech encoder alone learns phoneme recognition (CTC) -- the "mini-Whisper".

Only training utterances (training items, training voices) are used; the held-out sets only
measure the phoneme error rate.
"""

import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import common
from .data import Corpus
from .model import Linear, encoder_lengths, make_encoder


def spec_augment(x, rng, n_freq=2, max_f=8, n_time=2, max_t=10):
    """Zero (= a low log-mel level) random frequency bands and time spans in place; x [80, F]."""
    fill = float(x.min())
    for _ in range(n_freq):
        w = rng.randint(0, max_f)
        f0 = rng.randint(0, x.shape[0] - w)
        x[f0:f0 + w, :] = fill
    for _ in range(n_time):
        w = rng.randint(0, min(max_t, max(1, x.shape[1] // 8)))
        t0 = rng.randint(0, max(0, x.shape[1] - w))
        x[:, t0:t0 + w] = fill
    return x


def pad_feats(corpus, idx, rng=None):
    feats = [corpus.features(i) for i in idx]
    if rng is not None:
        feats = [spec_augment(f.copy(), rng) for f in feats]
    n = torch.tensor([f.shape[1] for f in feats])
    x = torch.zeros(len(feats), 80, int(n.max()))
    for b, f in enumerate(feats):
        x[b, :, :f.shape[1]] = torch.from_numpy(f)
    return x, n


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


@torch.no_grad()
def phoneme_error(encoder, head, corpus, idx, targets):
    encoder.eval()
    errs = total = 0
    for s in range(0, len(idx), 32):
        chunk = idx[s:s + 32]
        x, n = pad_feats(corpus, chunk)
        lens = encoder_lengths(n)
        mask = torch.arange(int(lens.max()))[None, :] < lens[:, None]
        pred = head(encoder(x, mask)).argmax(-1)
        for b, i in enumerate(chunk):
            seq = pred[b, :int(lens[b])].tolist()
            out = [p for k, p in enumerate(seq) if p != 0 and (k == 0 or p != seq[k - 1])]
            ref = targets[i]
            errs += edit_distance(out, ref)
            total += len(ref)
    encoder.train()
    return errs / max(1, total)


def run(work, cfg, log):
    common.setup_torch(cfg["seed"] + 3)
    corpus = Corpus(work)
    phone_ix = {p: k + 1 for k, p in enumerate(corpus.phone_set)}   # 0 = CTC blank
    targets = [[phone_ix[p] for p in corpus.phones[u["item"]]] for u in corpus.plan]
    train = corpus.indices("train")
    rng = random.Random(cfg["seed"] + 4)
    val_seen = rng.sample(corpus.indices("test_seen"), min(200, len(corpus.indices("test_seen"))))
    val_held = rng.sample(corpus.indices("test_heldout"),
                          min(200, len(corpus.indices("test_heldout"))))
    encoder = make_encoder(cfg)
    head = Linear(cfg["enc_d"], len(phone_ix) + 1)
    params = list(encoder.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=cfg["enc_lr"], weight_decay=0.01)
    steps, bs = cfg["enc_steps"], cfg["enc_batch"]
    log("speech encoder: %d parameters, %d training utterances, %d phonemes, %d steps"
        % (sum(p.numel() for p in encoder.parameters()), len(train), len(phone_ix), steps))
    # length-sorted buckets keep padding small
    order = sorted(train, key=corpus.n_frames)
    buckets = [order[s:s + bs] for s in range(0, len(order), bs)]
    t0 = time.time()
    skipped = 0
    run_loss = None
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = common.lr_at(step, steps, cfg["enc_lr"], 300)
        idx = rng.choice(buckets)
        x, n = pad_feats(corpus, idx, rng if step >= cfg["enc_specaug_from"] * steps else None)
        lens = encoder_lengths(n)
        mask = torch.arange(int(lens.max()))[None, :] < lens[:, None]
        logp = F.log_softmax(head(encoder(x, mask)), -1).transpose(0, 1)
        tg = [torch.tensor(targets[i]) for i in idx]
        loss = F.ctc_loss(logp, torch.cat(tg), lens, torch.tensor([len(t) for t in tg]),
                          blank=0, reduction="mean", zero_infinity=True)
        if not common.finite_step(params, opt, loss):
            skipped += 1
        else:
            run_loss = float(loss) if run_loss is None else 0.98 * run_loss + 0.02 * float(loss)
        if (step + 1) % 300 == 0 or step + 1 == steps:
            per_seen = phoneme_error(encoder, head, corpus, val_seen[:100], targets)
            log("encoder step %d/%d ctc %.3f PER held-out utterances %.3f skipped %d (%.0f s)"
                % (step + 1, steps, run_loss or float("nan"), per_seen, skipped,
                   time.time() - t0))
    per_seen = phoneme_error(encoder, head, corpus, val_seen, targets)
    per_held = phoneme_error(encoder, head, corpus, val_held, targets)
    log("encoder done: PER training voices (held-out utterances) %.3f, held-out voices %.3f, "
        "skipped steps %d" % (per_seen, per_held, skipped))
    encoder.eval()
    torch.save({"state": encoder.state_dict(), "head": head.state_dict(), "cfg": cfg,
                "per_seen": per_seen, "per_heldout": per_held, "wall_s": time.time() - t0},
               os.path.join(work, "encoder.pt"))


@torch.no_grad()
def cache_outputs(work, cfg, log):
    """Runs the frozen encoder once over every utterance (one at a time, exactly as the exported
    part does) and stores the outputs as float32 [total_positions, enc_d] plus offsets."""
    common.setup_torch(cfg["seed"])
    corpus = Corpus(work)
    ck = torch.load(os.path.join(work, "encoder.pt"))
    encoder = make_encoder(cfg)
    encoder.load_state_dict(ck["state"])
    encoder.eval()
    outs = []
    t0 = time.time()
    for i in range(len(corpus.plan)):
        x = torch.from_numpy(corpus.features(i))[None]
        outs.append(encoder(x, None)[0].numpy())
        if (i + 1) % 2000 == 0:
            log("  encoded %d/%d utterances (%.0f s)" % (i + 1, len(corpus.plan), time.time() - t0))
    offs = np.concatenate([[0], np.cumsum([o.shape[0] for o in outs])]).astype(np.int64)
    np.save(os.path.join(work, "enc_cache.npy"), np.concatenate(outs, 0))
    np.save(os.path.join(work, "enc_offsets.npy"), offs)
    log("encoder outputs cached: %d positions" % offs[-1])
