"""How exact the sample set's word timings are.

The timings themselves are the synthesizers' own (engines.py): where festival, flite and FreeTTS
put each word in their Segment and Word relations, and where espeak-ng's library reports the
phonemes of each word. Two checks say how far to trust them:

1. espeak-ng's timings come from its library, the audio from its command (the command is
   deterministic, the library slightly stateful): the difference between where sound starts and
   ends in the library's audio and in the command's bounds the drift between the two timelines.
2. An independent estimate: forced alignment of the same phones with the trained speech
   encoder's phone classifier (Viterbi over its 20 ms frame posteriors; pauses optional between
   words). The distance between each word boundary by the synthesizer and by the alignment, per
   engine, is the disagreement of two methods -- an upper bound of neither's error alone, but a
   measured scale for it.
"""

import os

import numpy as np

FRAME_S = 0.02      # one encoder frame


def word_phones(segments, words):
    """Per word, the phones (pauses dropped) whose midpoint lies in the word's span; segments are
    [(start in log-mel frames, phone)] ending with an end marker, words [(word, start s, end s)]."""
    out = [[] for _ in words]
    for k in range(len(segments) - 1):
        start, p = segments[k]
        end = segments[k + 1][0]
        if not p:
            continue
        mid = 0.5 * (start + end) * 0.01
        for w, (_, a, b) in enumerate(words):
            if a <= mid < b or (w == len(words) - 1 and a <= mid <= b):
                out[w].append(p)
                break
    return out


def forced_align(logp, phones_by_word, pause=0):
    """Viterbi alignment of the phone sequence to frame log-probabilities logp [T, C].

    States: an optional pause, then each word's phones, each followed by an optional pause.
    Returns per word (first frame, last frame + 1), or None when T is too short."""
    states, word_of, optional = [pause], [-1], [True]
    for w, ps in enumerate(phones_by_word):
        for p in ps:
            states.append(p)
            word_of.append(w)
            optional.append(False)
        states.append(pause)
        word_of.append(-1)
        optional.append(True)
    n_req = sum(not o for o in optional)
    T, S = logp.shape[0], len(states)
    if T < n_req or n_req == 0:
        return None
    neg = -1e30
    score = np.full((T, S), neg)
    back = np.zeros((T, S), dtype=np.int64)
    emit = logp[:, states]                    # [T, S]
    score[0, 0] = emit[0, 0]
    score[0, 1] = emit[0, 1]
    for t in range(1, T):
        prev = score[t - 1]
        for s in range(S):
            best, arg = prev[s], s                       # stay
            if s >= 1 and prev[s - 1] > best:            # advance
                best, arg = prev[s - 1], s - 1
            if s >= 2 and optional[s - 1] and prev[s - 2] > best:   # skip an optional pause
                best, arg = prev[s - 2], s - 2
            if best > neg / 2:
                score[t, s] = best + emit[t, s]
                back[t, s] = arg
    end = S - 1 if score[T - 1, S - 1] >= score[T - 1, S - 2] else S - 2
    path = [end]
    for t in range(T - 1, 0, -1):
        path.append(back[t, path[-1]])
    path.reverse()
    spans = [[None, None] for _ in phones_by_word]
    for t, s in enumerate(path):
        w = word_of[s]
        if w >= 0:
            if spans[w][0] is None:
                spans[w][0] = t
            spans[w][1] = t + 1
    return spans


def check(work, cfg, corpus, idx, spoken, log):
    """Both checks over the sample utterances idx (spoken: their re-synthesis)."""
    import torch
    import torch.nn.functional as F
    from . import engines
    from .model import Linear, make_encoder
    ck = torch.load(os.path.join(work, "encoder.pt"))
    encoder = make_encoder(cfg)
    encoder.load_state_dict(ck["state"])
    encoder.eval()
    phone_ix = {p: k + 1 for k, p in enumerate(corpus.phone_set)}
    head = Linear(cfg["enc_d"], len(phone_ix) + 1)
    head.load_state_dict(ck["head"])
    from . import speech
    diffs, espeak_drift = {}, []
    for i, s in zip(idx, spoken):
        u = corpus.plan[i]
        if u["engine"] == engines.ESPEAK:
            p = u["params"]
            espeak_drift += [abs(d) for d in speech.library_drift(u["text"], u["voice"],
                                                                   p["speed"], p["pitch"])]
        words = corpus.words[i]
        by_word = word_phones(corpus.segments[i], words)
        if any(not ps for ps in by_word):
            continue
        with torch.no_grad():
            logp = F.log_softmax(head(encoder(torch.from_numpy(corpus.features(i))[None],
                                              None))[0], -1).numpy()
        spans = forced_align(logp, [[phone_ix[p] for p in ps] for ps in by_word])
        if spans is None:
            continue
        d = diffs.setdefault(u["engine"], [])
        for (_, a, b), (fa, fb) in zip(words, spans):
            d += [abs(a - fa * FRAME_S), abs(b - fb * FRAME_S)]
    out = {"frame_ms": FRAME_S * 1000, "engines": {}}
    for e, d in sorted(diffs.items()):
        d = np.array(d) * 1000
        out["engines"][e] = {"boundaries": int(len(d)), "median_ms": float(np.median(d)),
                             "mean_ms": float(np.mean(d)), "p90_ms": float(np.percentile(d, 90)),
                             "within_40ms": float(np.mean(d <= 40))}
    if espeak_drift:
        out["espeak_length_drift_ms_max"] = float(max(espeak_drift) * 1000)
    log("word timings: synthesizer vs forced alignment, median |difference| %s"
        % ", ".join("%s %.0f ms" % (e, v["median_ms"]) for e, v in out["engines"].items()))
    return out
