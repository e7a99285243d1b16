"""Stage: the speech encoder alone learns phoneme recognition -- the "mini-Whisper".

The targets are espeak-ng's own phonemes with their timings (the library's phoneme events): every
20 ms encoder frame is classified as the phoneme spoken at its centre, or pause. (A CTC objective
on the same phonemes learned far too slowly for the time budget here: phoneme error 0.63 after
3,000 steps.) Only training utterances (training items, training voices) are used; the held-out
sets only measure the phoneme error rate (frame decisions, repeats merged, pauses dropped).
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


def decode_frames(pred):
    out = []
    prev = 0
    for p in pred:
        if p != 0 and p != prev:
            out.append(p)
        prev = p
    return out


@torch.no_grad()
def phoneme_error(encoder, head, corpus, idx, phone_ix):
    encoder.eval()
    errs = total = 0
    for i in idx:
        x = torch.from_numpy(corpus.features(i))[None]
        pred = head(encoder(x, None))[0].argmax(-1).tolist()
        ref = [phone_ix[p] for p in corpus.phonemes(i)]
        errs += edit_distance(decode_frames(pred), ref)
        total += len(ref)
    encoder.train()
    return errs / max(1, total)


def validation_groups(corpus, rng, n=200):
    """A fixed sample of each held-out group: every training engine's held-out utterances, each
    engine's held-out voices, the held-out engine."""
    out = {}
    for which in ("test_seen", "test_heldout", "test_engine"):
        for engine in sorted({e for e, _ in corpus.groups(which)}):
            idx = corpus.indices(which, engine)
            out["%s/%s" % (which, engine)] = sorted(rng.sample(idx, min(n, len(idx))))
    return out


def run(work, cfg, log):
    common.setup_torch(cfg["seed"] + 3)
    corpus = Corpus(work)
    phone_ix = {p: k + 1 for k, p in enumerate(corpus.phone_set)}   # 0 = pause / silence
    train = corpus.indices("train") + corpus.indices("vocab")
    rng = random.Random(cfg["seed"] + 4)
    val = validation_groups(corpus, random.Random(cfg["seed"] + 5))
    encoder = make_encoder(cfg)
    head = Linear(cfg["enc_d"], len(phone_ix) + 1)
    params = list(encoder.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=cfg["enc_lr"], weight_decay=0.01)
    steps, bs = cfg["enc_steps"], cfg["enc_batch"]
    log("speech encoder: %d parameters, %d training utterances, %d phonemes, %d steps"
        % (sum(p.numel() for p in encoder.parameters()), len(train), len(phone_ix), steps))
    # batches of utterances of the same length where possible: no padding at all
    by_len = {}
    for i in sorted(train, key=corpus.n_frames):
        by_len.setdefault(corpus.n_frames(i), []).append(i)
    buckets, rest = [], []
    for n in sorted(by_len):
        group = by_len[n]
        full = len(group) // bs * bs
        buckets += [group[s:s + bs] for s in range(0, full, bs)]
        rest += group[full:]
    buckets += [rest[s:s + bs] for s in range(0, len(rest), bs)]
    labels = {i: torch.from_numpy(corpus.frame_labels(i, phone_ix)) for i in train}
    t0 = time.time()
    skipped = 0
    run_loss = None
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = common.lr_at(step, steps, cfg["enc_lr"], 200)
        idx = rng.choice(buckets)
        x, n = pad_feats(corpus, idx, rng if step >= cfg["enc_specaug_from"] * steps else None)
        lens = encoder_lengths(n)
        t_max = int(lens.max())
        mask = torch.arange(t_max)[None, :] < lens[:, None]
        logits = head(encoder(x, mask))
        y = torch.full((len(idx), t_max), -100, dtype=torch.long)
        for b, i in enumerate(idx):
            y[b, :len(labels[i])] = labels[i]
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1),
                               ignore_index=-100)
        if not common.finite_step(params, opt, loss):
            skipped += 1
        else:
            run_loss = float(loss) if run_loss is None else 0.98 * run_loss + 0.02 * float(loss)
        if (step + 1) % 500 == 0 or step + 1 == steps:
            quick = {k: phoneme_error(encoder, head, corpus, v[:40], phone_ix)
                     for k, v in val.items()}
            log("encoder step %d/%d frame loss %.3f PER %s skipped %d (%.0f s)"
                % (step + 1, steps, run_loss or float("nan"),
                   ", ".join("%s %.3f" % kv for kv in quick.items()), skipped, time.time() - t0))
    per = {k: phoneme_error(encoder, head, corpus, v, phone_ix) for k, v in val.items()}
    log("encoder done: PER %s; skipped steps %d"
        % (", ".join("%s %.3f" % kv for kv in per.items()), skipped))
    encoder.eval()
    torch.save({"state": encoder.state_dict(), "head": head.state_dict(), "cfg": cfg,
                "per": per, "wall_s": time.time() - t0}, os.path.join(work, "encoder.pt"))


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
