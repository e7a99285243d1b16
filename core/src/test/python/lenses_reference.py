#!/usr/bin/env python3
"""Independent NumPy computations of GapScope's other lenses (METHOD.md, "Other lenses from the field"),
run by the Java tests on random arrays: pairing, cross-layer CKA (through the d x d formula, in float64),
band widths, the reference-alignment hit rate (with its own float64 alignment paths), input-layer
statistical calibration, and the logit lens of a linear head (RMSNorm + matrix) with lens agreement.

    lenses_reference.py TASK IN.json OUT.json

IN.json names the .npy inputs and the parameters of TASK; OUT.json receives the numbers (null where a
value is undefined). Written from METHOD.md alone, not from the Java code.
"""
import json
import sys

import numpy as np


def proportional(ts, tt):
    spans = []
    for j in range(tt):
        lo = (j * ts) // tt
        hi = max(((j + 1) * ts) // tt, lo + 1)
        spans.append([lo, hi])
    return spans


def position_ends(times, end):
    return [times[i + 1] if i + 1 < len(times) else end for i in range(len(times))]


def word_span(times, ends, start, stop):
    """Positions whose stretch [t_i, t_{i+1}) overlaps [start, stop] by more than 1e-5 s; zero-length words:
    the stretch holding them; none overlapping: the nearest one."""
    if start == stop:
        hits = [i for i in range(len(times)) if times[i] <= start < ends[i]]
    else:
        hits = [i for i in range(len(times)) if times[i] < stop - 1e-5 and ends[i] > start + 1e-5]
    if hits:
        return [hits[0], hits[-1] + 1]
    gaps = [max(0.0, times[i] - stop, start - ends[i]) for i in range(len(times))]
    i = int(np.argmin(gaps))
    return [i, i + 1]


def word_pairing(spec, ts):
    if "times" in spec:
        times = [float(t) for t in spec["times"]]
        if "duration" in spec:
            end = max(float(spec["duration"]), times[-1])
        elif len(times) >= 2:
            end = times[-1] + (times[-1] - times[0]) / (len(times) - 1)
        else:
            end = float("inf")
    else:
        duration = float(spec["duration"])
        times = [i * duration / ts for i in range(ts)]
        end = duration
    ends = position_ends(times, end)
    words = spec["words"]
    return [word_span(times, ends, words[w]["start"], words[w]["end"]) for w in spec["token_words"]]


def paired(speech_layer, spans):
    return np.stack([speech_layer[a:b].mean(axis=0) for a, b in spans])


def cka_matrix(xs, ys):
    """xs[a], ys[b]: [n, d] float64; CKA through ||Y^T X||^2 / (||X^T X|| ||Y^T Y||) with centred columns."""
    layers = len(xs)
    n = xs[0].shape[0]
    out = [[None] * layers for _ in range(layers)]
    if n < 2:
        return out
    xc = [x - x.mean(axis=0) for x in xs]
    yc = [y - y.mean(axis=0) for y in ys]
    nx = [np.linalg.norm(x.T @ x) for x in xc]
    ny = [np.linalg.norm(y.T @ y) for y in yc]
    for a in range(layers):
        for b in range(layers):
            if nx[a] == 0 or ny[b] == 0:
                continue
            out[a][b] = float(np.linalg.norm(yc[b].T @ xc[a]) ** 2 / (nx[a] * ny[b]))
    return out


def band_widths(m):
    widths = []
    for row in m:
        vals = [v for v in row if v is not None]
        if not vals:
            widths.append(None)
            continue
        top = max(vals)
        widths.append(sum(1 for v in vals if v >= 0.9 * top))
    return widths


def mean_defined(values):
    vals = [v for v in values if v is not None]
    return float(np.mean(vals)) if vals else None


def paths(s, t, metric):
    """Per layer, argmax cosine / argmin Euclidean speech index of every text token, float64."""
    out = []
    for layer in range(s.shape[0]):
        a = s[layer].astype(np.float64)
        b = t[layer].astype(np.float64)
        if metric == "cosine":
            sim = (b / np.linalg.norm(b, axis=1, keepdims=True)) @ (a / np.linalg.norm(a, axis=1, keepdims=True)).T
            out.append([int(i) for i in sim.argmax(axis=1)])
        else:
            dist = ((b[:, None, :] - a[None, :, :]) ** 2).sum(axis=2)
            out.append([int(i) for i in dist.argmin(axis=1)])
    return out


def task_cka(spec):
    s = np.load(spec["speech"]).astype(np.float64)
    t = np.load(spec["text"]).astype(np.float64)
    layers, ts, _ = s.shape
    tt = t.shape[1]
    spans = word_pairing(spec["pairing"], ts) if spec.get("pairing") else proportional(ts, tt)
    m = cka_matrix([paired(s[l], spans) for l in range(layers)], [t[l] for l in range(layers)])
    first = spec.get("first", 1)
    return {"spans": spans, "cka": m, "diagonal": [m[l][l] for l in range(layers)],
            "diagonal_mean": mean_defined([m[l][l] for l in range(first, layers)]),
            "band_width": band_widths(m), "band_width_mean": mean_defined(band_widths(m)[first:])}


def task_hit_rate(spec):
    s = np.load(spec["speech"])
    t = np.load(spec["text"])
    ts = s.shape[1]
    spans = word_pairing(spec["pairing"], ts)
    first = spec.get("first", 1)
    out = {"spans": spans}
    for metric in ("cosine", "euclidean"):
        p = paths(s, t, metric)
        hit = [sum(1 for j, i in enumerate(layer) if spans[j][0] <= i < spans[j][1]) / len(layer) for layer in p]
        base = float(np.mean([(b - a) / ts for a, b in spans]))
        out[metric] = {"hit": hit, "baseline": [base] * len(hit),
                       "mean_hit": float(np.mean(hit[first:])), "mean_baseline": base,
                       "mean_hit_minus_baseline": float(np.mean(hit[first:])) - base}
    return out


def task_dataset_cka(spec):
    speech = [np.load(p).astype(np.float64) for p in spec["speech"]]
    text = [np.load(p).astype(np.float64) for p in spec["text"]]
    sigma = spec["derangement"]
    layers = speech[0].shape[0]
    n = len(speech)

    def stack(pairs):
        xs, ys = [], []
        for layer in range(layers):
            xs.append(np.concatenate([paired(speech[i][layer], proportional(speech[i].shape[1], text[k].shape[1]))
                                      for i, k in pairs]))
            ys.append(np.concatenate([text[k][layer] for _, k in pairs]))
        return cka_matrix(xs, ys)

    matched = stack([(i, i) for i in range(n)])
    mismatched = stack([(i, sigma[i]) for i in range(n)])
    return {"matched": matched, "mismatched": mismatched}


def task_calibrate(spec):
    s = [np.load(p).astype(np.float64) for p in spec["speech"]]
    t = [np.load(p).astype(np.float64) for p in spec["text"]]
    sa = np.concatenate(s)
    ta = np.concatenate(t)
    mu_s, sd_s, mu_t, sd_t = sa.mean(0), sa.std(0), ta.mean(0), ta.std(0)
    h = np.load(spec["rewrite"]).astype(np.float64)
    ratio = np.divide(sd_t, sd_s, out=np.zeros_like(sd_t), where=sd_s != 0)
    return {"speech_mean": mu_s.tolist(), "speech_std": sd_s.tolist(), "text_mean": mu_t.tolist(),
            "text_std": sd_t.tolist(), "rewritten": ((h - mu_s) * ratio + mu_t).tolist()}


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def head(h, gain, weight, eps):
    """RMSNorm with a gain, then a linear map: the look-alike of a bundle's lm_head."""
    normed = h / np.sqrt((h * h).mean(axis=-1, keepdims=True) + eps) * gain
    return softmax(normed @ weight.T)


def task_lens(spec):
    gain = np.load(spec["gain"]).astype(np.float64)
    weight = np.load(spec["weight"]).astype(np.float64)
    eps = spec["eps"]
    k = spec["top"]
    out = {}
    for side in ("speech", "text"):
        h = np.load(spec[side]).astype(np.float64)
        side_out = []
        for layer in spec["layers"]:
            p = head(h[layer], gain, weight, eps)
            order = np.argsort(-p, axis=1, kind="stable")[:, :k]
            side_out.append({"layer": layer, "ids": order.tolist(),
                             "probs": np.take_along_axis(p, order, axis=1).tolist()})
        out[side] = side_out
    s = np.load(spec["speech"]).astype(np.float64)
    t = np.load(spec["text"]).astype(np.float64)
    spans = proportional(s.shape[1], t.shape[1])
    agreement = []
    for layer in spec["layers"]:
        ps = head(paired(s[layer], spans), gain, weight, eps).argmax(axis=1)
        pt = head(t[layer], gain, weight, eps).argmax(axis=1)
        agreement.append(float((ps == pt).mean()))
    out["agreement"] = agreement
    return out


def task_run_lenses(spec):
    """The dataset lenses of an evaluate run folder kept with every capture (float32), from the captures, the
    records and the dataset's word timings: CKA of the stacked pairs (matched, each example's own pairing; and
    the control, speech i paired proportionally with its record's control partner's text), band widths, and
    the hit rate per layer as the mean over the examples with word timings."""
    folder = spec["folder"]
    words = {}
    with open(spec["dataset"]) as f:
        for number, line in enumerate(f, start=1):
            if line.strip():
                words[number] = json.loads(line).get("words")
    records = {}
    with open(folder + "/results.jsonl") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                records[r["line"]] = r
    ok = [r for _, r in sorted(records.items()) if r["status"] == "ok"]

    def load(rel):
        z = np.load(folder + "/" + rel)
        return z["hidden"].astype(np.float64), z["times"].astype(np.float64)

    first = spec.get("first", 1)
    xs, ys, cxs, cys, hits = [], [], [], [], []
    for r in ok:
        s, times = load(r["captures"]["speech"])
        t, _ = load(r["captures"]["text"])
        ts, tt = s.shape[1], t.shape[1]
        w = words.get(r["line"])
        if w:
            spans = word_pairing({"times": list(times), "duration": r["speech"]["seconds"], "words": w,
                                  "token_words": list(range(tt))}, ts)
            rate = {}
            for metric in ("cosine", "euclidean"):
                rate[metric] = [sum(1 for j, i in enumerate(layer) if spans[j][0] <= i < spans[j][1]) / tt
                                for layer in paths(s, t, metric)]
            rate["baseline"] = float(np.mean([(b - a) / ts for a, b in spans]))
            hits.append(rate)
        else:
            spans = proportional(ts, tt)
        xs.append([paired(s[l], spans) for l in range(s.shape[0])])
        ys.append([t[l] for l in range(t.shape[0])])
        c = r.get("control")
        if c and "scores" in c:
            pt, _ = load(records[c["text_line"]]["captures"]["text"])
            cxs.append([paired(s[l], proportional(ts, pt.shape[1])) for l in range(s.shape[0])])
            cys.append([pt[l] for l in range(pt.shape[0])])
    layers = len(xs[0])

    def stacked(parts):
        return [np.concatenate([p[l] for p in parts]) for l in range(layers)]

    out = {}
    for key, a, b in (("cka", xs, ys), ("cka_mismatched", cxs, cys)):
        m = cka_matrix(stacked(a), stacked(b))
        out[key] = m
        out[key + "_diagonal_mean"] = mean_defined([m[l][l] for l in range(first, layers)])
        out[key + "_band_width"] = band_widths(m)
    out["control_examples"] = len(cxs)
    if hits:
        base = float(np.mean([h["baseline"] for h in hits]))
        out["hit_rate"] = {"examples": len(hits), "mean_baseline": base}
        for metric in ("cosine", "euclidean"):
            hit = np.mean([h[metric] for h in hits], axis=0)
            out["hit_rate"][metric] = {"hit": hit.tolist(), "mean_hit": float(hit[first:].mean()),
                                       "mean_hit_minus_baseline": float(hit[first:].mean()) - base}
    return out


TASKS = {"cka": task_cka, "hit_rate": task_hit_rate, "dataset_cka": task_dataset_cka,
         "calibrate": task_calibrate, "lens": task_lens,
         "run_lenses": task_run_lenses}

if __name__ == "__main__":
    task, inp, outp = sys.argv[1:4]
    with open(inp) as f:
        spec = json.load(f)
    with open(outp, "w") as f:
        json.dump(TASKS[task](spec), f)
