#!/usr/bin/env python3
"""Builds a miniature speech LLM whose intervened answer provably depends on the layer, and its reference.

    /usr/bin/python3 model-prep/tests/make_layer_bundle.py OUT_DIR --features F.npy --valid-frames N \
        --transcript "what is the color of the sky"

F.npy holds the log-mel features GapScope's runtime feeds the speech encoder for one spoken query
(float32 [80, frames], padded as the bundle asks), N how many of them cover the clip. For random
Whisper + adapter + Llama look-alikes (seed after seed) this script computes, in the look-alike's own
float32 PyTorch, what ``gapscope intervene --method angle --tokens all,bottom:2 --layer r
--select-layer s`` must give for that query (METHOD.md, Interventions; the token rules of
core/.../intervention/CriticalTokens.java): the cosine alignment path at layer s, the critical speech
positions, angle projection of those positions at hidden state r, and the greedy answer. It keeps the
first seed where

- rewriting all path positions at hidden state 0 and at hidden state 1 (the two decoder inputs of
  this 2-layer model; selected on the same layer) gives two different answers, each different from
  the plain spoken answer (a rewrite of hidden state 2, the last layer's output, cannot reach the
  answer, which is read at the last position: that answer is the plain one), and
- selecting on another layer than the rewritten one changes the positions, and an answer,

and where every decision is clear (greedy and path margins), so that a float32 implementation in
another language must make the same ones. It writes OUT_DIR/bundle (the real exporter) and
OUT_DIR/reference.json.
"""

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from export import export_bundle  # noqa: E402
from export.wordlevel_tokenizer import write_word_level_tokenizer  # noqa: E402
import make_mini_bundle as mini  # noqa: E402

COMBOS = [(0, 0), (1, 1), (2, 2), (0, 2), (1, 0)]   # (rewritten hidden state, selecting layer)
BOTTOM_K = 2
MAX_NEW_TOKENS = 4
# smallest gap allowed in every decision (top-1 vs top-2 logit; cosines deciding a path's argmax,
# Bottom-k membership and which token a shared position takes): the Java runtime matches the
# look-alike within ~1e-5, so these cannot flip
MARGIN = 1e-3


def cosine_matrix(speech, text):
    s = speech / speech.norm(dim=1, keepdim=True)
    t = text / text.norm(dim=1, keepdim=True)
    return s @ t.T                                            # [T_s, T_t]


def second_gap(values):
    """Smallest gap between the largest value and any other (inf for a single value)."""
    if values.numel() < 2:
        return float("inf")
    top = torch.topk(values, 2).values
    return float(top[0] - top[1])


def critical_tokens(a, selection):
    """Positions and source tokens as CriticalTokens.select does; returns (positions, sources, margin)."""
    n = a.shape[1]
    best = a.argmax(dim=0)                                    # i*_j
    value = a[best, torch.arange(n)]                          # path value of token j
    margin = min(second_gap(a[:, j]) for j in range(n))
    if selection == "all":
        selected = list(range(n))
    else:
        order = sorted(range(n), key=lambda j: (float(value[j]), j))   # worst (lowest cosine) first
        selected = order[:BOTTOM_K]
        if n > BOTTOM_K:
            margin = min(margin, float(value[order[BOTTOM_K]] - value[order[BOTTOM_K - 1]]))
    positions = sorted({int(best[j]) for j in selected})
    sources = []
    for p in positions:
        sharing = sorted((j for j in selected if int(best[j]) == p), key=lambda j: (-float(value[j]), j))
        if len(sharing) > 1:
            margin = min(margin, float(value[sharing[0]] - value[sharing[1]]))
        sources.append(sharing[0])
    return positions, sources, margin


def greedy(ref, embeds, edits=None):
    """Greedy answer as the runtime generates it: the prompt's embeddings, then each new token's own
    embedding appended (a generated placeholder id is just a token); edits {layer: {position: vector}}
    apply on every step. Returns (ids, smallest top-1 - top-2 logit margin)."""
    embed = ref.lm.get_input_embeddings()
    generated, margins = [], []
    for _ in range(MAX_NEW_TOKENS):
        x = embeds if not generated else torch.cat([embeds, embed(torch.tensor([generated]))], 1)
        _, logits = ref.run(x, edits)
        top = torch.topk(logits[0, -1], 2)
        margins.append(float(top.values[0] - top.values[1]))
        token = int(top.indices[0])
        generated.append(token)
        if token in ref.eos:
            break
    return generated, min(margins)


class Query:
    """One spoken and typed query through a look-alike: prompts, query spans and hidden states."""

    def __init__(self, ref, features, transcript):
        self.ref = ref
        self.speech_embeds, self.s_start, t_s, _ = ref.prompt_embeds("speech", features)
        self.text_embeds, t_start, t_t, _ = ref.prompt_embeds("text", transcript)
        speech_states, _ = ref.run(self.speech_embeds)
        text_states, _ = ref.run(self.text_embeds)
        self.hs = [h[self.s_start:self.s_start + t_s] for h in speech_states]
        self.ht = [h[t_start:t_start + t_t] for h in text_states]

    def intervene(self, r, s, selection):
        """The critical positions selected on layer s's cosine path, angle-projected at hidden state r."""
        positions, sources, m_path = critical_tokens(cosine_matrix(self.hs[s], self.ht[s]), selection)
        edits = {self.s_start + p: self.hs[r][p].norm() * self.ht[r][j] / self.ht[r][j].norm()
                 for p, j in zip(positions, sources)}
        answer, m_greedy = greedy(self.ref, self.speech_embeds, {r: edits})
        return {"positions": positions, "sources": sources, "answer_ids": answer}, min(m_path, m_greedy)


def analyse(ref, features, transcript):
    """What the intervene runs must give for one query, or None when this model does not qualify."""
    q = Query(ref, features, transcript)
    plain, m_plain = greedy(ref, q.speech_embeds)
    text_answer, m_text = greedy(ref, q.text_embeds)
    margins = [m_plain, m_text]
    if min(margins) < MARGIN:
        return None
    by = {}
    for r, s in COMBOS:    # the same-layer runs first: most seeds fail there, cheaply
        conditions = {}
        for selection, label in (("all", "angle All"), ("bottom", "angle Bottom%d" % BOTTOM_K)):
            conditions[label], m = q.intervene(r, s, selection)
            margins.append(m)
            if m < MARGIN:
                return None
        by[(r, s)] = conditions
        if len(by) == 2:
            answers = {tuple(plain)} | {tuple(by[(l, l)]["angle All"]["answer_ids"]) for l in (0, 1)}
            if len(answers) < 3:
                return None
    cross = [(r, s, k) for r, s in ((0, 2), (1, 0)) for k in by[(r, s)]]
    select_matters = (all(by[(r, s)][k]["positions"] != by[(r, r)][k]["positions"] for r, s, k in cross)
                      and any(by[(r, s)][k]["answer_ids"] != by[(r, r)][k]["answer_ids"] for r, s, k in cross))
    if not select_matters or min(margins) < MARGIN:
        return None
    return {"speech_positions": q.hs[0].shape[0], "text_tokens": q.ht[0].shape[0], "speech_answer_ids": plain,
            "text_answer_ids": text_answer, "min_margin": min(margins),
            "combos": [{"layer": r, "select_layer": s, "conditions": by[(r, s)]} for r, s in COMBOS]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="output folder")
    parser.add_argument("--features", required=True, help="float32 [80, frames] .npy, as the runtime feeds them")
    parser.add_argument("--valid-frames", type=int, required=True, help="frames that cover the clip")
    parser.add_argument("--transcript", required=True)
    parser.add_argument("--seeds", type=int, default=400, help="how many seeds to try")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    features = torch.from_numpy(np.load(args.features).astype(np.float32))
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    tok_path = out_dir / "tokenizer.json"
    for seed in range(args.seeds):
        if seed % 20 == 0:
            print("trying seeds %d.." % seed, file=sys.stderr, flush=True)
        model, lm, _, words = mini.build("whisper-llm", seed)
        vocab = write_word_level_tokenizer(tok_path, words, mini.SPECIALS, unk=None)
        with torch.no_grad():
            speech = model.speech_embeddings(features[None], args.valid_frames)   # the one spoken query
            ref = mini.Reference("whisper-llm", model, lm, lambda f, s=speech: s, vocab)
            result = analyse(ref, features, args.transcript)
        if result is None:
            continue
        export_bundle.export_whisper_llm(model.speech_encoder, model.speech_projector, lm, tok_path,
                                         out_dir / "bundle", name="mini-layer-lookalike", prompt=mini.PROMPT,
                                         special_tokens=mini.SPECIAL_TOKENS, stop_tokens=mini.STOP, overwrite=True)
        result.update({"seed": seed, "max_new_tokens": MAX_NEW_TOKENS, "bottom_k": BOTTOM_K,
                       "transcript": args.transcript, "valid_frames": args.valid_frames})
        tmp = out_dir / "reference.json.part"
        tmp.write_text(json.dumps(result), encoding="utf-8")
        os.replace(tmp, out_dir / "reference.json")
        print("seed %d: margin %.4f, answers at layers 0/1/2: %s" % (
            seed, result["min_margin"], [c["conditions"]["angle All"]["answer_ids"] for c in result["combos"][:3]]),
            file=sys.stderr)
        return 0
    raise SystemExit("no seed in %d gives answers that depend on the layer with clear margins" % args.seeds)


if __name__ == "__main__":
    sys.exit(main())
