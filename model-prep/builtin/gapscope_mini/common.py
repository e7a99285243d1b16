"""Shared pieces: configuration, seeding, prompt/sequence construction, accuracy, decoding."""

import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

# Full-size configuration (the shipped model) and the smoke configuration (tests, seconds).
CONFIG = {
    "seed": 1234,
    "d": 128, "layers": 4, "heads": 4, "ffn": 384,
    "enc_d": 128, "enc_layers": 4, "enc_kernel": 5, "enc_band_norm": 1,
    "adapter_hidden": 256, "stride": 5,
    # training utterances per training item and engine, share augmented, vocabulary-list passes
    "train_espeak": 2, "train_festival": 2, "train_freetts": 1,
    "aug_share": 0.4, "vocab_passes": 2,
    "lm_steps": 3000, "lm_batch": 64, "lm_lr": 2e-3,
    "enc_steps": 4000, "enc_batch": 16, "enc_lr": 1e-3, "enc_specaug_from": 0.1,
    "align_steps": 3000, "align_batch": 32,
    "align_lr": 1.5e-3, "align_lm_lr": 2e-4,
    "fullft_text_share": 0.3,
    "checkpoints": [0.1, 0.25, 0.5, 0.75, 1.0],
}
SMOKE = dict(CONFIG, d=32, layers=2, heads=2, ffn=64, enc_d=32, enc_layers=2,
             adapter_hidden=32, train_espeak=1, train_festival=1, vocab_passes=1, lm_steps=30,
             lm_batch=16, enc_steps=10, enc_batch=4, align_steps=20, align_batch=4)

TEMPLATE_SPEECH = "<bos> question : {speech} answer :"
TEMPLATE_TEXT = "<bos> question : {text} answer :"
PREFIX = "<bos> question :"
ANSWER = "answer :"
REPEAT = "repeat :"
MAX_NEW_TOKENS = 8


def config(smoke):
    return dict(SMOKE if smoke else CONFIG)


def setup_torch(seed):
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    torch.set_num_threads(1)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


class Log:
    def __init__(self, tag):
        self.tag = tag
        self.t0 = time.time()

    def __call__(self, msg):
        print("[%s %6.0fs] %s" % (self.tag, time.time() - self.t0, msg), flush=True)
        sys.stdout.flush()


def example_tokens(tok, question, answer, task):
    """(query ids, suffix ids, target ids) for task 'qa' or 'repeat'."""
    q = tok.encode(question)
    if task == "qa":
        return q, tok.encode(ANSWER), tok.encode(answer) + [tok.eos_id]
    return q, tok.encode(REPEAT), q + [tok.eos_id]


def build_batch(lm, tok, examples):
    """examples: list of (query, suffix_ids, target_ids) where query is a list of token ids
    (text query) or a float tensor [T_s, d] (speech query).
    Returns inputs [B, T, d], labels [B, T] (-100 = no loss)."""
    prefix = torch.tensor(tok.encode(PREFIX))
    seqs, labels = [], []
    for query, suffix, target in examples:
        if isinstance(query, torch.Tensor):
            emb = torch.cat([lm.embed_ids(prefix), query,
                             lm.embed_ids(torch.tensor(suffix + target))], 0)
        else:
            emb = lm.embed_ids(torch.tensor(prefix.tolist() + query + suffix + target))
        n = emb.shape[0]
        lab = torch.full((n,), -100, dtype=torch.long)
        start = n - len(target) - 1   # position that predicts the first target token
        lab[start:n - 1] = torch.tensor(target)
        seqs.append(emb)
        labels.append(lab)
    inputs = torch.nn.utils.rnn.pad_sequence(seqs, batch_first=True)
    labels = torch.nn.utils.rnn.pad_sequence(labels, batch_first=True, padding_value=-100)
    return inputs, labels


def batch_loss(lm, inputs, labels):
    logits = lm.forward_embeds(inputs)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1),
                           ignore_index=-100)


@torch.no_grad()
def exact_match(lm, tok, examples, batch=64):
    """Per example: True iff greedy decoding reproduces the target exactly (answer + <eos>).
    Computed teacher-forced, which is equivalent for greedy decoding and batchable."""
    out = []
    for s in range(0, len(examples), batch):
        inputs, labels = build_batch(lm, tok, examples[s:s + batch])
        pred = lm.forward_embeds(inputs).argmax(-1)
        ok = ((pred == labels) | (labels == -100)).all(dim=1)
        out.extend(bool(v) for v in ok)
    return out


@torch.no_grad()
def greedy(lm, tok, prompt_embeds, max_new=MAX_NEW_TOKENS):
    """Greedy continuation of one prompt [T, d] until <eos>: returns the decoded words."""
    x = prompt_embeds[None]
    ids = []
    for _ in range(max_new):
        nxt = int(lm.forward_embeds(x)[0, -1].argmax())
        if nxt == tok.eos_id:
            break
        ids.append(nxt)
        x = torch.cat([x, lm.embed_ids(torch.tensor([[nxt]]))], 1)
    return tok.decode(ids)


def prompt_embeds(lm, tok, query, suffix=ANSWER):
    pre = lm.embed_ids(torch.tensor(tok.encode(PREFIX)))
    suf = lm.embed_ids(torch.tensor(tok.encode(suffix)))
    q = query if isinstance(query, torch.Tensor) else lm.embed_ids(torch.tensor(query))
    return torch.cat([pre, q, suf], 0)


def finite_step(params, opt, loss, clip=1.0):
    """Backward + clipped step; skips (and reports False) when the loss or gradient is not finite."""
    opt.zero_grad(set_to_none=True)
    if not torch.isfinite(loss):
        return False
    loss.backward()
    grads = [p.grad for p in params if p.grad is not None]
    # the norm in float64: a huge but finite gradient must be clipped, not overflow to inf
    norm = torch.sqrt(sum(g.detach().double().pow(2).sum() for g in grads))
    if not torch.isfinite(norm):
        opt.zero_grad(set_to_none=True)
        return False
    if norm > clip:
        for g in grads:
            g.mul_(float(clip / norm))
    opt.step()
    return True


def lr_at(step, total, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    frac = (step - warmup) / max(1, total - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * min(1.0, frac))))
