#!/usr/bin/env python3
"""Checks the exporter on a REAL transformers ``Qwen2AudioForConditionalGeneration`` (tiny random config).

Needs ``transformers`` (written against 5.x; 4.4x should work too) and PyTorch; runs on CPU in well
under a minute, and additionally checks a bfloat16 export on a GPU when one is present. It:

1. builds a tiny random-config Qwen2-Audio model with transformers' own classes (eager attention),
2. exports it with ``export_bundle.export_qwen2_audio`` into ``$OUT/bundle``,
3. reloads the TorchScript parts and compares, for a text prompt and a speech prompt, the hidden states at
   every layer (forward hooks on the decoder layers, and ``output_hidden_states=True``), the logits, the
   log-probability of an answer and an 8-token greedy answer with the HF model's own forward (the
   bundle's greedy answer both by whole passes and with its key/value cache, format 2),
4. writes ``$OUT/results.json``, ``$OUT/check_log.txt`` and ``$OUT/real_qwen2audio.tar.gz`` (the bundle plus a
   ``reference.json`` in the format of ``model-prep/tests/make_mini_bundle.py``, so that GapScope's Java
   runtime can be checked against it on a machine without transformers).

Usage:  OUT=/some/dir python3 model-prep/export/check_real_qwen2audio.py
Prints PASS or FAIL per check and exits 0 only when every float32 check passes.
"""

import json
import os
import sys
import tarfile
import tempfile
import time
import traceback
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from export import export_bundle  # noqa: E402
from export.wordlevel_tokenizer import encode_words, write_word_level_tokenizer  # noqa: E402

OUT = Path(os.environ.get("OUT") or tempfile.mkdtemp(prefix="check-qwen2audio-"))
OUT.mkdir(parents=True, exist_ok=True)
LOG = []
RESULTS = {"checks": {}, "info": {}}

SPECIALS = ["<pad>", "<bos>", "<eos>", "<|AUDIO|>"]
WORDS = ("question : answer what is the color of sky blue red green a cat dog how many legs does have two four "
         "yes no where in city one three five six seven eight big small sun moon day night").split()
PROMPT = {"speech": "<bos> question : {speech} answer :", "text": "<bos> question : {text} answer :"}
SPECIAL_TOKENS = {"bos": "<bos>", "eos": "<eos>", "pad": "<pad>"}
STOP = ["<eos>"]
TRANSCRIPT = "what is the color of the sky"
ANSWER = "blue sky"
FRAMES = 400
MEL = 128
NEW_TOKENS = 8
TOL = 1e-4


def log(msg):
    print(msg, flush=True)
    LOG.append(str(msg))


def check(name, ok, detail):
    RESULTS["checks"][name] = {"pass": bool(ok), "detail": detail}
    log(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")


def rel_diff(a, b):
    a, b = a.detach().float().cpu(), b.detach().float().cpu()
    return (a - b).abs().max().item() / max(1.0, b.abs().max().item())


def pad_features(features, frames=3000):
    """GapScope's runtime padding: missing frames take max(features) - 2 (Whisper's log-mel of silence)."""
    out = torch.full((features.shape[0], frames), float(features.max()) - 2.0)
    out[:, : features.shape[1]] = features
    return out


def build_model(vocab_size, audio_token_index):
    import transformers
    from transformers import Qwen2AudioConfig, Qwen2AudioForConditionalGeneration

    RESULTS["info"]["transformers"] = transformers.__version__
    RESULTS["info"]["torch"] = torch.__version__
    audio = dict(model_type="qwen2_audio_encoder", num_mel_bins=MEL, d_model=32, encoder_layers=2,
                 encoder_attention_heads=4, encoder_ffn_dim=64, max_source_positions=1500,
                 activation_function="gelu", dropout=0.0, attention_dropout=0.0, activation_dropout=0.0)
    text = dict(model_type="qwen2", vocab_size=vocab_size, hidden_size=64, intermediate_size=128,
                num_hidden_layers=3, num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
                rope_theta=10000.0, rms_norm_eps=1e-6, tie_word_embeddings=False, hidden_act="silu",
                use_sliding_window=False, attention_dropout=0.0)
    config = Qwen2AudioConfig(audio_config=audio, text_config=text, audio_token_index=audio_token_index)
    try:
        model = Qwen2AudioForConditionalGeneration._from_config(config, attn_implementation="eager")
    except Exception as e:  # noqa: BLE001
        log(f"_from_config(attn_implementation=eager) failed ({e}); constructing directly")
        for c in (config, config.text_config, config.audio_config):
            try:
                c._attn_implementation = "eager"
            except Exception:  # noqa: BLE001
                pass
        model = Qwen2AudioForConditionalGeneration(config)
    model = model.float().eval()
    g = torch.Generator().manual_seed(7)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "embed_positions" in name:
                continue
            noise = torch.randn(p.shape, generator=g) * 0.3
            if "norm" in name:
                p.copy_(1.0 + 0.3 * noise if name.endswith("weight") else 0.3 * noise)
            else:
                p.copy_(noise)
    RESULTS["info"]["model_tree"] = {n: type(m).__name__ for n, m in model.named_children()}
    return model


def decoder_of(model):
    decoder, lm_head = export_bundle._find_decoder(model)
    return decoder, lm_head


def hf_forward(model, ids, features=None, fam=None):
    """HF's own forward; returns (logits, output_hidden_states, raw decoder-layer outputs from hooks)."""
    decoder, _ = decoder_of(model)
    raw = []
    handles = [layer.register_forward_hook(lambda m, i, o: raw.append((o[0] if isinstance(o, tuple) else o).detach()))
               for layer in decoder.layers]
    try:
        kwargs = dict(input_ids=ids, attention_mask=torch.ones_like(ids), output_hidden_states=True, use_cache=False)
        if features is not None:
            kwargs.update(input_features=features, feature_attention_mask=fam)
        out = model(**kwargs)
    finally:
        for h in handles:
            h.remove()
    return out.logits, out.hidden_states, raw


class Parts:
    def __init__(self, bundle, device="cpu"):
        m = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
        p = m["parts"]
        load = lambda f: torch.jit.load(str(bundle / f), map_location=device)  # noqa: E731
        self.manifest, self.speech, self.embed = m, load(p["speech_encoder"]), load(p["embed_tokens"])
        self.layers, self.head = [load(f) for f in p["layers"]], load(p["lm_head"])

    def embeds(self, ids, speech=None, audio_id=None, dtype=torch.float32):
        e = self.embed(ids).to(dtype)
        if speech is not None:
            mask = (ids == audio_id).unsqueeze(-1).expand_as(e)
            e = e.masked_scatter(mask, speech.to(dtype))
        return e

    def empty(self, like):
        c = self.manifest["kv_cache"]
        return torch.zeros(1, c["num_kv_heads"], 0, c["head_dim"], dtype=like.dtype, device=like.device)

    def run(self, e):
        """A whole pass (format 2 layers with an empty cache)."""
        states = [e[0]]
        h = e
        offset = torch.tensor([0], device=e.device)
        for layer in self.layers:
            h = layer(h, self.empty(e), self.empty(e), offset)[0]
            states.append(h[0])
        return states, self.head(h)

    def greedy_cached(self, e, embed_id):
        """Greedy decoding as the runtime does it with the bundle's key/value cache: the prompt once,
        then one position per new token."""
        caches = [(self.empty(e), self.empty(e)) for _ in self.layers]
        out, h, start = [], e, 0
        for _ in range(NEW_TOKENS):
            offset = torch.tensor([start], device=e.device)
            for n, layer in enumerate(self.layers):
                h, k, v = layer(h, caches[n][0], caches[n][1], offset)
                caches[n] = (k, v)
            start += h.shape[1]
            out.append(int(self.head(h[:, -1:])[0, -1].argmax()))
            if out[-1] == VOCAB["<eos>"]:
                break
            h = embed_id(out[-1])
        return out


def greedy(step_logits, ids):
    ids = list(ids)
    out = []
    for _ in range(NEW_TOKENS):
        logits = step_logits(torch.tensor([ids + out]))
        out.append(int(logits[0, -1].argmax()))
        if out[-1] == VOCAB["<eos>"]:
            break
    return out


def logprob(logits, ids, n_answer):
    lp = torch.log_softmax(logits[0].double(), dim=-1)
    first = len(ids) - n_answer
    return sum(float(lp[first - 1 + i, ids[first + i]]) for i in range(n_answer))


def as_list(t):
    return [[round(float(x), 7) for x in row] for row in t.detach().float().cpu()]


def main():
    global VOCAB
    torch.manual_seed(0)
    torch.set_num_threads(min(8, os.cpu_count() or 1))
    tok = OUT / "tokenizer.json"
    VOCAB = write_word_level_tokenizer(tok, WORDS, SPECIALS)
    audio_id = VOCAB["<|AUDIO|>"]
    model = build_model(len(VOCAB), audio_id)
    decoder, lm_head = decoder_of(model)
    L = len(decoder.layers)
    RESULTS["info"]["decoder"] = type(decoder).__name__
    RESULTS["info"]["attn_implementation"] = str(getattr(model.config, "_attn_implementation", "?"))

    t0 = time.time()
    bundle = export_bundle.export_qwen2_audio(model, tok, OUT / "bundle", name="tiny-random-qwen2-audio",
                                              prompt=PROMPT, special_tokens=SPECIAL_TOKENS, stop_tokens=STOP,
                                              max_positions=256, overwrite=True)
    log(f"exported to {bundle} in {time.time() - t0:.1f} s")
    parts = Parts(bundle)

    prefix_s, suffix_s = PROMPT["speech"].split("{speech}")
    prefix_t, suffix_t = PROMPT["text"].split("{text}")
    g = torch.Generator().manual_seed(11)
    features = torch.randn(MEL, FRAMES, generator=g) * 0.5
    padded = pad_features(features)[None]
    fam = torch.zeros(1, 3000, dtype=torch.long)
    fam[0, :FRAMES] = 1
    n_speech = ((FRAMES - 1) // 2 + 1 - 2) // 2 + 1
    text_ids = encode_words(VOCAB, prefix_t) + encode_words(VOCAB, TRANSCRIPT) + encode_words(VOCAB, suffix_t)
    speech_ids = encode_words(VOCAB, prefix_s) + [audio_id] * n_speech + encode_words(VOCAB, suffix_s)
    answer_ids = encode_words(VOCAB, ANSWER)
    reference = {"family": "qwen2-audio", "seed": 7, "bundle": "bundle", "prompt": PROMPT,
                 "max_new_tokens": NEW_TOKENS, "source": "transformers " + RESULTS["info"]["transformers"]}
    all_ok = True
    with torch.no_grad():
        speech_emb = parts.speech(padded, torch.tensor([FRAMES]))
        check("speech positions", speech_emb.shape[1] == n_speech, f"{speech_emb.shape[1]} (expected {n_speech})")
        for modality, ids in (("text", text_ids), ("speech", speech_ids)):
            t = torch.tensor([ids])
            hf_feats = (padded, fam) if modality == "speech" else (None, None)
            logits, hidden, raw = hf_forward(model, t, *hf_feats)
            sp = speech_emb[0] if modality == "speech" else None
            states, my_logits = parts.run(parts.embeds(t, sp, audio_id))
            per_layer = [rel_diff(states[0], hidden[0][0])] + [rel_diff(states[i + 1], raw[i][0]) for i in range(L)]
            ok = len(raw) == L and max(per_layer) <= TOL
            check(f"{modality}: hidden states at layers 0..{L} (hooks)", ok,
                  "max rel diff per layer " + ", ".join(f"{d:.2e}" for d in per_layer))
            all_ok &= ok
            hs_report = [rel_diff(states[i], hidden[i][0]) for i in range(min(L, len(hidden)))]
            convention = "?"
            if len(hidden) == L + 1:
                normed = rel_diff(decoder.norm(states[L][None])[0], hidden[L][0])
                plain = rel_diff(states[L], hidden[L][0])
                convention = "after the final norm" if normed <= plain else "before the final norm"
                hs_report.append(min(normed, plain))
            ok = len(hidden) == L + 1 and max(hs_report) <= TOL
            check(f"{modality}: output_hidden_states (HF reports the last one {convention})", ok,
                  f"{len(hidden)} states; max rel diff " + ", ".join(f"{d:.2e}" for d in hs_report))
            all_ok &= ok
            d = rel_diff(my_logits, logits)
            check(f"{modality}: logits", d <= TOL, f"max rel diff {d:.2e}")
            all_ok &= d <= TOL

            full = torch.tensor([ids + answer_ids])
            hf_lp = logprob(hf_forward(model, full, *hf_feats)[0], ids + answer_ids, len(answer_ids))
            my_lp = logprob(parts.run(parts.embeds(full, sp, audio_id))[1], ids + answer_ids, len(answer_ids))
            ok = abs(hf_lp - my_lp) <= 1e-4 * max(1.0, abs(hf_lp))
            check(f"{modality}: log p(answer)", ok, f"HF {hf_lp:.6f}, bundle {my_lp:.6f}")
            all_ok &= ok

            hf_answer = greedy(lambda x: hf_forward(model, x, *hf_feats)[0], ids)
            my_answer = greedy(lambda x: parts.run(parts.embeds(x, sp, audio_id))[1], ids)
            check(f"{modality}: greedy answer ({NEW_TOKENS} tokens)", hf_answer == my_answer,
                  f"HF {hf_answer}, bundle {my_answer}")
            all_ok &= hf_answer == my_answer
            cached_answer = parts.greedy_cached(parts.embeds(t, sp, audio_id),
                                                lambda i: parts.embeds(torch.tensor([[i]])))
            check(f"{modality}: greedy answer with the bundle's key/value cache", hf_answer == cached_answer,
                  f"HF {hf_answer}, bundle (cached) {cached_answer}")
            all_ok &= hf_answer == cached_answer
            if modality == "text":
                try:
                    gen = model.generate(input_ids=t, attention_mask=torch.ones_like(t), max_new_tokens=NEW_TOKENS,
                                         do_sample=False, eos_token_id=VOCAB["<eos>"], pad_token_id=VOCAB["<pad>"])
                    RESULTS["info"]["hf_generate_text"] = gen[0, len(ids):].tolist()
                    log(f"info  HF generate() with its KV cache: {gen[0, len(ids):].tolist()}")
                except Exception as e:  # noqa: BLE001
                    log(f"info  HF generate() failed: {e}")
            entry = {"query_start": len(encode_words(VOCAB, prefix_t if modality == "text" else prefix_s)),
                     "query_length": len(encode_words(VOCAB, TRANSCRIPT)) if modality == "text" else n_speech,
                     "sequence_length": len(ids), "hidden": [as_list(s) for s in [hidden[0][0]] + [r[0] for r in raw]],
                     "greedy_ids": hf_answer, "score_answer": ANSWER, "score_logprob": hf_lp}
            if modality == "speech":
                entry["features"] = as_list(features)
            else:
                entry["transcript"] = TRANSCRIPT
            reference[modality] = entry

    if torch.cuda.is_available():
        try:
            bf = export_bundle.export_qwen2_audio(model, tok, OUT / "bundle_bf16", prompt=PROMPT,
                                                  special_tokens=SPECIAL_TOKENS, stop_tokens=STOP,
                                                  max_positions=256, dtype="bfloat16", overwrite=True)
            gpu_parts = Parts(bf, "cuda")
            gm = model.to("cuda", torch.bfloat16)
            with torch.no_grad():
                t = torch.tensor([speech_ids], device="cuda")
                logits, hidden, raw = hf_forward(gm, t, padded.to("cuda", torch.bfloat16), fam.to("cuda"))
                sp = gpu_parts.speech(padded.to("cuda", torch.bfloat16), torch.tensor([FRAMES], device="cuda"))
                states, my_logits = gpu_parts.run(gpu_parts.embeds(t, sp[0], audio_id, torch.bfloat16))
            diffs = [rel_diff(states[i + 1], raw[i][0]) for i in range(L)]
            ok = max(diffs) <= 5e-2 and states[-1].dtype == torch.bfloat16
            check("GPU bfloat16 speech prompt (informative, tolerance 5e-2)", ok,
                  "max rel diff per layer " + ", ".join(f"{d:.2e}" for d in diffs))
        except Exception as e:  # noqa: BLE001
            check("GPU bfloat16 speech prompt (informative)", False, f"error: {e}")

    (OUT / "reference.json").write_text(json.dumps(reference), encoding="utf-8")
    with tarfile.open(OUT / "real_qwen2audio.tar.gz", "w:gz") as tar:
        tar.add(str(OUT / "bundle"), arcname="bundle")
        tar.add(str(OUT / "reference.json"), arcname="reference.json")
    RESULTS["pass"] = bool(all_ok)
    return all_ok


if __name__ == "__main__":
    try:
        ok = main()
    except Exception:  # noqa: BLE001
        log(traceback.format_exc())
        RESULTS["error"] = traceback.format_exc()
        ok = False
    log("OVERALL: " + ("PASS" if ok else "FAIL"))
    (OUT / "results.json").write_text(json.dumps(RESULTS, indent=2, default=str), encoding="utf-8")
    (OUT / "check_log.txt").write_text("\n".join(LOG) + "\n", encoding="utf-8")
    sys.exit(0 if ok else 1)
