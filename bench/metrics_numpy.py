#!/usr/bin/python3
"""GapScope's metrics written independently in NumPy (METHOD.md), for tests and the benchmark.

    metrics_numpy.py --speech S.npy --text T.npy [--include-layer0] [--reference] [--no-dtw] --json OUT.json

S.npy is [L+1, T_s, d] and T.npy is [L+1, T_t, d] (index 0 = input embeddings). OUT.json has the
keys of `gapscope metrics`.

Two modes:
  --reference  float64 throughout, every similarity computed pair by pair (broadcast), no GEMM
               trick: the slow, obviously-correct oracle the Java tests compare against.
  (default)    what a careful NumPy user writes for speed: one float32 GEMM per layer, the
               similarity matrices from it and float64 row norms, and each token's arg-best
               certified by recomputing in float64 every candidate that the float32 error bound
               gamma_d = d u / (1 - d u) cannot rule out. Used by bench/metrics-vs-numpy.sh.
Ties go to the lowest speech index in both modes (numpy's argmax/argmin return the first).
Also writes `generate` dumps:  metrics_numpy.py generate --layers 33 --speech-len 750 --text-len 100 --hidden 4096 --out DIR
"""
import argparse
import json
import math
import os
import sys
import tempfile

import numpy as np

DTW_LABEL = "GapScope extension (not in the paper): monotonic DTW path"


def average_ranks(values):
    """Ranks 1..n, ties sharing the mean of their ranks (counting, independent of Java's sort)."""
    v = np.asarray(values)
    less = (v[None, :] < v[:, None]).sum(axis=1)
    equal = (v[None, :] == v[:, None]).sum(axis=1)
    return less + (equal + 1) / 2.0


def spearman(path):
    n = len(path)
    if n < 2:
        return None
    rx = np.arange(1, n + 1, dtype=np.float64)
    ry = average_ranks(path)
    dx = rx - rx.mean()
    dy = ry - ry.mean()
    syy = float((dy * dy).sum())
    if syy == 0.0:
        return None
    return float((dx * dy).sum() / math.sqrt(float((dx * dx).sum()) * syy))


def dtw(cost):
    """cost[j, i] (text-major). Steps: diagonal, speech (i-1), text (j-1); ties in that order."""
    tt, ts = cost.shape
    acc = np.zeros((tt, ts))
    step = np.zeros((tt, ts), dtype=np.int8)
    for j in range(tt):
        for i in range(ts):
            if i == 0 and j == 0:
                acc[0, 0] = cost[0, 0]
                continue
            best, choice = math.inf, 0
            if i > 0 and j > 0:
                best = acc[j - 1, i - 1]
            if i > 0 and acc[j, i - 1] < best:
                best, choice = acc[j, i - 1], 1
            if j > 0 and acc[j - 1, i] < best:
                best, choice = acc[j - 1, i], 2
            acc[j, i] = cost[j, i] + best
            step[j, i] = choice
    cells = [(tt - 1, ts - 1)]
    j, i = tt - 1, ts - 1
    while i > 0 or j > 0:
        s = step[j, i]
        if s == 0:
            i, j = i - 1, j - 1
        elif s == 1:
            i -= 1
        else:
            j -= 1
        cells.append((j, i))
    start = [min(c[1] for c in cells if c[0] == jj) for jj in range(tt)]
    end = [max(c[1] for c in cells if c[0] == jj) for jj in range(tt)]
    return start, end, float(acc[tt - 1, ts - 1]) / len(cells)


def check(name, a):
    if a.ndim != 3:
        sys.exit(f"{name}: expected rank 3 [L+1, T, d], got shape {a.shape}")
    bad = np.argwhere(~np.isfinite(a))
    if len(bad):
        sys.exit(f"{name}: non-finite value at {tuple(int(x) for x in bad[0])}")


def reference_layer(s, t):
    """float64, pair by pair: returns (C, D) as [T_s, T_t]."""
    ns = np.sqrt((s * s).sum(axis=1))
    nt = np.sqrt((t * t).sum(axis=1))
    if (ns == 0).any() or (nt == 0).any():
        sys.exit("zero vector")
    C = (s[:, None, :] * t[None, :, :]).sum(axis=2) / (ns[:, None] * nt[None, :])
    D = np.sqrt(((s[:, None, :] - t[None, :, :]) ** 2).sum(axis=2))
    return C, D


def reference_dtw_cost_matrices(s, t):
    """The matrices the DTW runs on, as GapScope defines them: from the dot products (exact for
    integer-valued inputs) and double norms."""
    G = s @ t.T
    ns2 = (s * s).sum(axis=1)
    nt2 = (t * t).sum(axis=1)
    C = G / (np.sqrt(ns2)[:, None] * np.sqrt(nt2)[None, :])
    D = np.sqrt(np.maximum(0.0, ns2[:, None] + nt2[None, :] - 2 * G))
    return C, D


def gamma(d):
    nu = (d + 2) * 2.0 ** -24
    return 1.001 * nu / (1 - nu)


class FastLayer:
    """float32 GEMM + certified float64 refinement for one layer."""

    def __init__(self, s32, t32, name_s, name_t, layer):
        self.g = gamma(s32.shape[1])
        self.s64 = s32.astype(np.float64)
        self.t64 = t32.astype(np.float64)
        ns2 = np.einsum("ij,ij->i", self.s64, self.s64)
        nt2 = np.einsum("ij,ij->i", self.t64, self.t64)
        for name, q in ((name_s, ns2), (name_t, nt2)):
            if not np.isfinite(q).all():
                sys.exit(f"{name}: non-finite value in layer {layer}")
            if (q == 0).any():
                sys.exit(f"{name}: zero vector in layer {layer}")
        self.ns, self.nt = np.sqrt(ns2), np.sqrt(nt2)
        G = (t32 @ s32.T).astype(np.float64)  # [T_t, T_s]
        self.C = G / (self.nt[:, None] * self.ns[None, :])
        self.D2 = nt2[:, None] + ns2[None, :] - 2 * G
        self.err = 2 * self.g * (self.nt[:, None] * self.ns[None, :]) + 1e-12 * (nt2[:, None] + ns2[None, :])

    def best_cosine(self, j, lo, hi):
        row = self.C[j, lo:hi + 1]
        idx = lo + np.flatnonzero(row >= row.max() - 2 * self.g)
        exact = (self.s64[idx] @ self.t64[j]) / (self.ns[idx] * self.nt[j])
        k = int(np.argmax(exact))
        return int(idx[k]), float(exact[k])

    def best_euclidean(self, j, lo, hi):
        d2, e = self.D2[j, lo:hi + 1], self.err[j, lo:hi + 1]
        idx = lo + np.flatnonzero(d2 - e <= (d2 + e).min())
        exact = ((self.s64[idx] - self.t64[j]) ** 2).sum(axis=1)
        k = int(np.argmin(exact))
        return int(idx[k]), math.sqrt(float(exact[k]))

    def paths(self):
        tt, ts = self.C.shape
        pc, vc, pe, ve = [], [], [], []
        # vectorised candidate masks for the whole path (the per-token work is then tiny)
        cand_c = self.C >= (self.C.max(axis=1) - 2 * self.g)[:, None]
        cand_e = (self.D2 - self.err) <= (self.D2 + self.err).min(axis=1)[:, None]
        for j in range(tt):
            idx = np.flatnonzero(cand_c[j])
            exact = (self.s64[idx] @ self.t64[j]) / (self.ns[idx] * self.nt[j])
            k = int(np.argmax(exact))
            pc.append(int(idx[k]))
            vc.append(float(exact[k]))
            idx = np.flatnonzero(cand_e[j])
            exact = ((self.s64[idx] - self.t64[j]) ** 2).sum(axis=1)
            k = int(np.argmin(exact))
            pe.append(int(idx[k]))
            ve.append(math.sqrt(float(exact[k])))
        return pc, vc, pe, ve


def analyse(S, T, include_layer0, reference, with_dtw, names=("speech", "text")):
    layers = S.shape[0]
    first = 0 if include_layer0 else 1
    out_layers, path_c, path_e = [], [], []
    dtw_layers, dtw_pc, dtw_pe, dtw_sc, dtw_se = [], [], [], [], []
    for l in range(layers):
        if reference:
            s = S[l].astype(np.float64)
            t = T[l].astype(np.float64)
            C, D = reference_layer(s, t)
            ar = np.arange(t.shape[0])
            pc = [int(x) for x in np.argmax(C, axis=0)]
            pe = [int(x) for x in np.argmin(D, axis=0)]
            vc, ve = C[pc, ar], D[pe, ar]
            ms, mt = s.mean(axis=0), t.mean(axis=0)
            if with_dtw:
                mc, md = reference_dtw_cost_matrices(s, t)
                mc, md = mc.T, md.T  # text-major

                def best_c(j, lo, hi, C=C):
                    k = lo + int(np.argmax(C[lo:hi + 1, j]))
                    return k, float(C[k, j])

                def best_e(j, lo, hi, D=D):
                    k = lo + int(np.argmin(D[lo:hi + 1, j]))
                    return k, float(D[k, j])
        else:
            s32 = np.ascontiguousarray(S[l], dtype=np.float32)
            t32 = np.ascontiguousarray(T[l], dtype=np.float32)
            fl = FastLayer(s32, t32, names[0], names[1], l)
            pc, vc, pe, ve = fl.paths()
            ms = fl.s64.mean(axis=0)
            mt = fl.t64.mean(axis=0)
            if with_dtw:
                mc, md = fl.C, np.sqrt(np.maximum(0.0, fl.D2))
                best_c, best_e = fl.best_cosine, fl.best_euclidean
        cos = float(ms @ mt / (np.linalg.norm(ms) * np.linalg.norm(mt)))
        euc = float(np.linalg.norm(ms - mt))
        out_layers.append({
            "layer": l, "cosine": cos, "euclidean": euc,
            "aps_cosine": float(np.mean(vc)), "aps_euclidean": float(np.mean(ve)),
            "monotonicity_cosine": spearman(pc), "monotonicity_euclidean": spearman(pe),
            "consistency": float(np.mean(np.asarray(pc) == np.asarray(pe))),
        })
        path_c.append(pc)
        path_e.append(pe)
        if with_dtw:
            entry = {"layer": l}
            for key, cost, best, ref_path, paths, spans in (
                    ("cosine", 1 - mc, best_c, pc, dtw_pc, dtw_sc),
                    ("euclidean", md, best_e, pe, dtw_pe, dtw_se)):
                start, end, ncost = dtw(cost)
                rep, val = [], []
                for j in range(len(start)):
                    i, v = best(j, start[j], end[j])
                    rep.append(i)
                    val.append(v)
                entry["score_" + key] = float(np.mean(val))
                entry["normalized_cost_" + key] = ncost
                entry["agreement_" + key] = float(np.mean(np.asarray(rep) == np.asarray(ref_path)))
                paths.append(rep)
                spans.append([[int(x), int(y)] for x, y in zip(start, end)])
            dtw_layers.append(entry)

    def avg(key, rows):
        vals = [r[key] for r in rows[first:] if r[key] is not None]
        return float(np.mean(vals)) if vals else None

    result = {"layers": out_layers, "averaged_layers": {"first": first, "last": layers - 1}}
    for key in ("cosine", "euclidean", "aps_cosine", "aps_euclidean", "monotonicity_cosine",
                "monotonicity_euclidean", "consistency"):
        result[key] = avg(key, out_layers)
    result["path_cosine"] = path_c
    result["path_euclidean"] = path_e
    if with_dtw:
        result["extension_dtw"] = {
            "label": DTW_LABEL, "layers": dtw_layers,
            "score_cosine": avg("score_cosine", dtw_layers),
            "score_euclidean": avg("score_euclidean", dtw_layers),
            "path_cosine": dtw_pc, "path_euclidean": dtw_pe,
            "span_cosine": dtw_sc, "span_euclidean": dtw_se,
        }
    return result


def write_json_atomic(path, obj):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".metrics-", suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(obj, f)
    os.replace(tmp, path)


def generate(args):
    """A dump of the requested size: random hidden states with a shared direction per layer
    (anisotropy, as in real models) so the numbers are not degenerate."""
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    L1, d = args.layers, args.hidden
    for name, n in (("speech", args.speech_len), ("text", args.text_len)):
        arr = np.lib.format.open_memmap(os.path.join(args.out, name + ".npy"), mode="w+",
                                        dtype=np.float32, shape=(L1, n, d))
        for l in range(L1):
            common = np.random.default_rng(args.seed + 1000 + l).standard_normal(d, dtype=np.float32)
            arr[l] = rng.standard_normal((n, d), dtype=np.float32) + (0.1 * l) * common
        arr.flush()
        del arr


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "generate":
        p = argparse.ArgumentParser(prog="metrics_numpy.py generate")
        p.add_argument("--layers", type=int, default=33)
        p.add_argument("--speech-len", type=int, default=750)
        p.add_argument("--text-len", type=int, default=100)
        p.add_argument("--hidden", type=int, default=4096)
        p.add_argument("--seed", type=int, default=7)
        p.add_argument("--out", required=True)
        generate(p.parse_args(sys.argv[2:]))
        return
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--speech", required=True)
    p.add_argument("--text", required=True)
    p.add_argument("--include-layer0", action="store_true")
    p.add_argument("--reference", action="store_true")
    p.add_argument("--no-dtw", action="store_true")
    p.add_argument("--json", required=True)
    a = p.parse_args()
    S = np.load(a.speech, mmap_mode=None if a.reference else "r")
    T = np.load(a.text, mmap_mode=None if a.reference else "r")
    if a.reference:
        check(a.speech, S)
        check(a.text, T)
    if S.ndim != 3 or T.ndim != 3 or S.shape[0] != T.shape[0] or S.shape[2] != T.shape[2]:
        sys.exit(f"shapes do not fit: {S.shape} and {T.shape}")
    write_json_atomic(a.json, analyse(S, T, a.include_layer0, a.reference, not a.no_dtw, (a.speech, a.text)))


if __name__ == "__main__":
    main()
