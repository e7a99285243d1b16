"""Spoken data for the world: the utterance plan, synthesis + augmentation + features, phones.

Utterance sets:
  train         training items spoken by the training engines' training voices (several per item,
                every training engine), part of them augmented (augment.py)
  vocab         word lists: every vocabulary word spoken by every training engine, trained only as
                transcription ("repeat"), so that no held-out question holds a word never heard
  test_seen     held-out items, newly spoken by every training engine with a training voice
  test_heldout  held-out items spoken by every held-out voice of the training engines
  test_engine   held-out items spoken by every voice of the held-out engine (flite)
Held-out items are never spoken in a training set. The plan is drawn from a seed before any
synthesis, so the result does not depend on how the work is split across processes.
"""

import hashlib
import json
import os
import random
import time

import numpy as np

from . import augment, engines, features, phones
from .world import TEMPLATE_WORDS

SETS = ("train", "vocab", "test_seen", "test_heldout", "test_engine")
TEST_SETS = ("test_seen", "test_heldout", "test_engine")
VOCAB_LIST_LEN = 4
SMOKE_VOICES = {engines.ESPEAK: (["m1", "m3", "f2"], ["m8"]),
                engines.FESTIVAL: (["kal_diphone"], []),
                engines.FREETTS: (["kevin16"], []),
                engines.FLITE: ([], ["slt"])}


def voices(smoke):
    """(training voices by training engine, held-out voices by training engine, held-out
    engine's voices)."""
    if smoke:
        return ({e: v[0] for e, v in SMOKE_VOICES.items() if v[0]},
                {e: v[1] for e, v in SMOKE_VOICES.items() if v[1] and e != engines.FLITE},
                SMOKE_VOICES[engines.FLITE][1])
    return dict(engines.TRAIN_VOICES), dict(engines.HELDOUT_VOICES), list(engines.FLITE_VOICES)


def draw_params(rng, engine):
    """Per-utterance speaking rate and pitch (the held-out engine speaks with its defaults)."""
    if engine == engines.ESPEAK:
        return {"speed": rng.randint(135, 215), "pitch": rng.randint(25, 75)}
    if engine == engines.FESTIVAL:
        return {"stretch": round(rng.uniform(*engines.STRETCH_RANGE), 3),
                "f0": round(rng.uniform(*engines.F0_SCALE_RANGE), 3)}
    if engine == engines.FREETTS:
        return {"rate": rng.randint(*engines.FREETTS_RATE_RANGE),
                "pitch": rng.randint(*engines.FREETTS_PITCH_RANGE),
                "range": rng.randint(*engines.FREETTS_RANGE_RANGE)}
    return {}


def train_voices_for_item(rng, train_voices, per_engine):
    """The (engine, voice) pairs that speak one training item: per_engine[e] distinct voices of
    each training engine (all of them when it has fewer)."""
    out = []
    for e in sorted(train_voices):
        vs = train_voices[e]
        out += [(e, v) for v in rng.sample(vs, min(per_engine.get(e, 1), len(vs)))]
    return out


def vocab_lists(world, rng, n):
    """n word lists covering the spoken vocabulary once (template words excluded)."""
    words = sorted({w for it in world["items"]
                    for w in it["question"].split() + it["answer"].split()} - set(TEMPLATE_WORDS))
    rng.shuffle(words)
    return [" ".join(words[k:k + n]) for k in range(0, len(words), n)]


def build_plan(world, seed, cfg, smoke=False):
    rng = random.Random(seed)
    train_v, held_v, engine_v = voices(smoke)
    per_engine = {engines.ESPEAK: cfg["train_espeak"], engines.FESTIVAL: cfg["train_festival"],
                  engines.FREETTS: cfg["train_freetts"]}
    aug_share = cfg["aug_share"]
    plan = []

    def add(set_name, engine, voice, text, item=None):
        aug = augment.draw(rng) if set_name in ("train", "vocab") and rng.random() < aug_share \
            else None
        plan.append(dict(set=set_name, item=item, text=text, engine=engine, voice=voice,
                         params=draw_params(rng, engine) if set_name != "test_engine" else {},
                         aug=aug))

    for it in world["items"]:
        if it["split"] == "train":
            for e, v in train_voices_for_item(rng, train_v, per_engine):
                add("train", e, v, it["question"], it["id"])
        else:
            for e in sorted(train_v):
                add("test_seen", e, rng.choice(train_v[e]), it["question"], it["id"])
            for e in sorted(held_v):
                for v in held_v[e]:
                    add("test_heldout", e, v, it["question"], it["id"])
            for v in engine_v:
                add("test_engine", engines.HELDOUT_ENGINE, v, it["question"], it["id"])
    for e in sorted(train_v):
        for _ in range(cfg["vocab_passes"]):
            vs = list(train_v[e])
            for text in vocab_lists(world, rng, VOCAB_LIST_LEN):
                add("vocab", e, rng.choice(vs), text)
    for n, u in enumerate(plan):
        u["uid"] = "u%05d" % n
    return plan


def _features(job, spoken):
    """In the synthesis worker: augmentation, log-mel features, segments in log-mel frames."""
    pcm, scale = spoken.pcm, 1.0
    if job.get("aug"):
        pcm = augment.apply(pcm, job["aug"])
        scale = augment.time_scale(job["aug"])
    feats = features.log_mel(pcm.astype(np.float32) / 32768.0).astype(np.float16)
    segs = [[round(s * scale * features.SAMPLE_RATE / features.HOP, 2), p]
            for s, p in spoken.segments]
    words = [[w, round(s * scale, 4), round(e * scale, 4)] for w, s, e in spoken.words]
    return feats, len(pcm), segs, words


BLOCK = 500
SPEECH_VERSION = 1      # bump when synthesis or features change: finished blocks are then redone


def _block_path(work, k, jobs):
    key = hashlib.sha1(json.dumps([SPEECH_VERSION, jobs], sort_keys=True).encode()).hexdigest()
    return os.path.join(work, "speech", "block%03d-%s.npz" % (k, key[:16]))


def _save_block(path, res):
    """One block of synthesised utterances, written atomically (no pickles: arrays + JSON)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    feats = np.concatenate([f for f, _, _, _ in res], axis=1)
    meta = json.dumps({"lengths": [f.shape[1] for f, _, _, _ in res],
                       "n_samples": [n for _, n, _, _ in res],
                       "segments": [s for _, _, s, _ in res], "words": [w for _, _, _, w in res]})
    tmp = path + ".tmp.npz"
    np.savez(tmp, feats=feats, meta=np.array(meta))
    os.replace(tmp, path)


def _load_block(path):
    with np.load(path) as z:
        feats = z["feats"]
        meta = json.loads(str(z["meta"]))
    cuts = np.cumsum([0] + meta["lengths"])
    return [(feats[:, cuts[k]:cuts[k + 1]], meta["n_samples"][k], meta["segments"][k],
             meta["words"][k]) for k in range(len(meta["lengths"]))]


def speak_plan(plan, work, workers=2, log=print):
    """Synthesises every utterance; returns (features [80, total] float16, offsets, n_samples,
    segments, words, resumed) in plan order, resumed = how many utterances came from blocks an
    earlier run had finished. Work goes in blocks of BLOCK utterances kept in work/speech/, so an
    interrupted data stage resumes from its last finished block."""
    order = sorted(range(len(plan)), key=lambda k: (plan[k]["engine"], plan[k]["voice"], k))
    jobs = [plan[k] for k in order]
    t0 = time.time()
    res, resumed = [], 0
    for b in range(0, len(jobs), BLOCK):
        block = jobs[b:b + BLOCK]
        path = _block_path(work, b // BLOCK, block)
        if os.path.exists(path):
            res += _load_block(path)
            resumed += len(block)
            continue
        out = engines.synthesize_many(block, workers=workers, post=_features)
        _save_block(path, out)
        res += out
        log("  synthesised %d/%d utterances (%.0f s)" % (len(res), len(jobs), time.time() - t0))
    out = [None] * len(plan)
    for k, r in zip(order, res):
        out[k] = r
    lengths = np.array([f.shape[1] for f, _, _, _ in out], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    feats = np.concatenate([f for f, _, _, _ in out], axis=1)
    n_samples = np.array([n for _, n, _, _ in out], dtype=np.int64)
    return (feats, offsets, n_samples, [s for _, _, s, _ in out], [w for _, _, _, w in out],
            resumed)


def save(work, plan, feats, offsets, n_samples, segments, words):
    phone_set = sorted({p for segs in segments for _, p in segs if p})
    unknown = set(phone_set) - set(phones.PHONES)
    if unknown:
        raise ValueError("phones outside the common set: %s" % sorted(unknown))
    np.save(os.path.join(work, "features.npy"), feats)
    np.save(os.path.join(work, "offsets.npy"), offsets)
    np.save(os.path.join(work, "n_samples.npy"), n_samples)
    with open(os.path.join(work, "data.json"), "w") as f:
        json.dump({"plan": plan, "segments": segments, "words": words, "phone_set": phone_set}, f)
    return phone_set


class Corpus:
    """The synthesised utterances of a work folder (features memory-mapped)."""

    def __init__(self, work):
        self.work = work
        with open(os.path.join(work, "world.json")) as f:
            self.world = json.load(f)
        with open(os.path.join(work, "data.json")) as f:
            d = json.load(f)
        self.plan = d["plan"]
        self.segments = d["segments"]      # per utterance: [start log-mel frame, phone]
        self.words = d.get("words")        # per utterance: [word, start s, end s]
        self.phone_set = d["phone_set"]
        self.feats = np.load(os.path.join(work, "features.npy"), mmap_mode="r")
        self.offsets = np.load(os.path.join(work, "offsets.npy"))
        self.items = {it["id"]: it for it in self.world["items"]}

    def features(self, i):
        return np.asarray(self.feats[:, self.offsets[i]:self.offsets[i + 1]], dtype=np.float32)

    def n_frames(self, i):
        return int(self.offsets[i + 1] - self.offsets[i])

    def item(self, i):
        """The world item an utterance speaks (None for a vocabulary list)."""
        return self.items.get(self.plan[i]["item"])

    def frame_labels(self, i, phone_ix, stride=2):
        """Phone class (0 = pause/silence) of every encoder frame (centre = log-mel frame
        stride * j) of utterance i."""
        n = (self.n_frames(i) + stride - 1) // stride
        labels = np.zeros(n, dtype=np.int64)
        segs = self.segments[i]
        for k, (start, p) in enumerate(segs):
            end = segs[k + 1][0] if k + 1 < len(segs) else start
            a = int(np.ceil(start / stride))
            b = int(np.ceil(end / stride))
            if p and b > a:
                labels[a:min(b, n)] = phone_ix[p]
        return labels

    def phonemes(self, i):
        """The spoken phone sequence of utterance i (pauses dropped, repeats merged)."""
        out = []
        for _, p in self.segments[i]:
            if p and (not out or out[-1] != p):
                out.append(p)
        return out

    def indices(self, which, engine=None, voice=None):
        return [i for i, u in enumerate(self.plan) if u["set"] == which
                and (engine is None or u["engine"] == engine)
                and (voice is None or u["voice"] == voice)]

    def one_per_item(self, idx):
        """Of the utterances idx, one per world item, the voices taken in turn (items in id
        order): a group with several voices per item is measured item-weighted with every voice
        in an equal share, at the cost of one voice's utterances."""
        by_item = {}
        for i in idx:
            by_item.setdefault(self.plan[i]["item"], []).append(i)
        voices = sorted({self.plan[i]["voice"] for i in idx})
        out = []
        for k, item in enumerate(sorted(by_item)):
            want = voices[k % len(voices)]
            us = by_item[item]
            out.append(next((i for i in us if self.plan[i]["voice"] == want), us[0]))
        return sorted(out)

    def groups(self, which):
        """The (engine, voice) pairs of a set, in a fixed order."""
        return sorted({(u["engine"], u["voice"]) for u in self.plan if u["set"] == which})
