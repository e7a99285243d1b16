"""Spoken data for the world: the utterance plan, synthesis + features, phoneme targets.

Utterance sets:
  train        training items spoken by the training voices (several per item)
  test_seen    held-out items, newly synthesised by the training voices (fresh speed and pitch)
  test_heldout held-out items spoken by each held-out voice (never heard in training)
The plan is drawn from a seed before any synthesis, so the result does not depend on how the work
is split across processes.
"""

import json
import multiprocessing as mp
import os
import random
import time

import numpy as np

from . import features, speech

SETS = ("train", "test_seen", "test_heldout")


def build_plan(world, seed, train_per_item, smoke=False):
    rng = random.Random(seed)
    train_voices = speech.TRAIN_VOICES[:3] if smoke else speech.TRAIN_VOICES
    heldout_voices = speech.HELDOUT_VOICES[:1] if smoke else speech.HELDOUT_VOICES

    def jitter():
        return rng.randint(*speech.SPEED_RANGE), rng.randint(*speech.PITCH_RANGE)

    plan = []
    for it in world["items"]:
        if it["split"] == "train":
            for v in rng.sample(train_voices, min(train_per_item, len(train_voices))):
                s, p = jitter()
                plan.append(dict(set="train", item=it["id"], voice=v, speed=s, pitch=p))
        else:
            s, p = jitter()
            plan.append(dict(set="test_seen", item=it["id"], voice=rng.choice(train_voices),
                             speed=s, pitch=p))
            for v in heldout_voices:
                s, p = jitter()
                plan.append(dict(set="test_heldout", item=it["id"], voice=v, speed=s, pitch=p))
    for n, u in enumerate(plan):
        u["uid"] = "u%05d" % n
    return plan


def _synth_one(job):
    text, voice, speed, pitch = job
    pcm = speech.speak_16k(text, voice, speed, pitch)
    feats = features.log_mel(pcm.astype(np.float32) / 32768.0)
    # phoneme segments: (start in log-mel frames, IPA phoneme or "" for a pause)
    segments = [[round(s / features.HOP, 2), p]
                for s, p in speech.phoneme_events(text, voice, speed, pitch)]
    return feats.astype(np.float16), len(pcm), segments


def synthesize_all(plan, items_by_id, workers=2, log=print):
    """Synthesises every utterance; returns (features [80, total] float16, offsets, n_samples)."""
    jobs = [(items_by_id[u["item"]]["question"], u["voice"], u["speed"], u["pitch"]) for u in plan]
    t0 = time.time()
    out = []
    with mp.get_context("fork").Pool(workers) as pool:
        for i, res in enumerate(pool.imap(_synth_one, jobs, chunksize=16)):
            out.append(res)
            if (i + 1) % 1000 == 0 or i + 1 == len(jobs):
                log("  synthesised %d/%d utterances (%.0f s)" % (i + 1, len(jobs), time.time() - t0))
    lengths = np.array([f.shape[1] for f, _, _ in out], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    feats = np.concatenate([f for f, _, _ in out], axis=1)
    n_samples = np.array([n for _, n, _ in out], dtype=np.int64)
    segments = [s for _, _, s in out]
    return feats, offsets, n_samples, segments


def save(work, plan, feats, offsets, n_samples, segments):
    phone_set = sorted({p for segs in segments for _, p in segs if p})
    np.save(os.path.join(work, "features.npy"), feats)
    np.save(os.path.join(work, "offsets.npy"), offsets)
    np.save(os.path.join(work, "n_samples.npy"), n_samples)
    with open(os.path.join(work, "data.json"), "w") as f:
        json.dump({"plan": plan, "segments": segments, "phone_set": phone_set}, f)
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
        self.segments = d["segments"]      # per utterance: [start log-mel frame, phoneme]
        self.phone_set = d["phone_set"]
        self.feats = np.load(os.path.join(work, "features.npy"), mmap_mode="r")
        self.offsets = np.load(os.path.join(work, "offsets.npy"))
        self.items = {it["id"]: it for it in self.world["items"]}

    def features(self, i):
        return np.asarray(self.feats[:, self.offsets[i]:self.offsets[i + 1]], dtype=np.float32)

    def n_frames(self, i):
        return int(self.offsets[i + 1] - self.offsets[i])

    def frame_labels(self, i, phone_ix, stride=2):
        """Phoneme class (0 = pause/silence) of every encoder frame (centre = log-mel frame
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
        """The spoken phoneme sequence of utterance i (pauses dropped, repeats merged)."""
        out = []
        for _, p in self.segments[i]:
            if p and (not out or out[-1] != p):
                out.append(p)
        return out

    def indices(self, which):
        return [i for i, u in enumerate(self.plan) if u["set"] == which]
