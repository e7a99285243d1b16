#!/usr/bin/env python3
"""Writes a synthetic model bundle whose lm_head has a 7B model's width, for bench/lens-speed.sh.

    make_lens_bundle.py OUT_DIR [--hidden 4096] [--vocab 32768] [--seconds 30]

Only the LM head is realistic: RMSNorm + a hidden x vocab linear map with random weights (the costly part
of the logit lens). The speech encoder groups 4 log-mel frames per position (30 s -> 750 positions, as a
Qwen2-Audio-class encoder), token embeddings are hashed into 64 rows and the one decoder layer is an
elementwise map, so the bundle stays small apart from the head. Also writes OUT_DIR/clip.wav (noise of
the given length). Needs Debian's python3-torch (TorchScript files load in DJL's libtorch).
"""
import argparse
import json
import os
import wave

import numpy as np
import torch


class Encoder(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.proj = torch.nn.Linear(80 * 4, d)

    def forward(self, features: torch.Tensor, n_frames: torch.Tensor) -> torch.Tensor:
        n = int(n_frames[0]) // 4 * 4
        x = features[:, :, :n].transpose(1, 2).reshape(1, n // 4, 80 * 4)
        return self.proj(x)


class Embed(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.table = torch.nn.Embedding(64, d)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.table(ids % 64)


class Layer(torch.nn.Module):
    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        return hidden * 0.9 + 0.01


class Head(torch.nn.Module):
    def __init__(self, d, v):
        super().__init__()
        self.gain = torch.nn.Parameter(torch.ones(d))
        self.out = torch.nn.Linear(d, v, bias=False)

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        h = hidden * torch.rsqrt(hidden.pow(2).mean(-1, keepdim=True) + 1e-6) * self.gain
        return self.out(h)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--hidden", type=int, default=4096)
    p.add_argument("--vocab", type=int, default=32768)
    p.add_argument("--seconds", type=float, default=30.0)
    a = p.parse_args()
    os.makedirs(os.path.join(a.out, "layers"), exist_ok=True)
    torch.manual_seed(0)
    d, v = a.hidden, a.vocab
    with torch.no_grad():
        torch.jit.save(torch.jit.script(Encoder(d)), os.path.join(a.out, "speech_encoder.pt"))
        torch.jit.save(torch.jit.script(Embed(d)), os.path.join(a.out, "embed_tokens.pt"))
        torch.jit.save(torch.jit.script(Layer()), os.path.join(a.out, "layers", "layer_000.pt"))
        head = Head(d, v)
        head.out.weight.normal_(0, d ** -0.5)
        torch.jit.save(torch.jit.script(head), os.path.join(a.out, "lm_head.pt"))
    specials = ["<pad>", "<unk>", "<bos>", "<eos>", ":", "question", "answer"]
    vocab = {t: i for i, t in enumerate(specials)}
    for i in range(len(specials), v):
        vocab["w%d" % i] = i
    tokenizer = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": [],
                 "normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "WhitespaceSplit"},
                 "post_processor": None, "decoder": None,
                 "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "<unk>"}}
    with open(os.path.join(a.out, "tokenizer.json"), "w") as f:
        json.dump(tokenizer, f)
    manifest = {"format": "gapscope-bundle", "format_version": 1, "name": "lens-bench-d%d-v%d" % (d, v),
                "family": "gapscope-mini", "num_layers": 1, "hidden_size": d, "vocab_size": v,
                "max_positions": 4096, "dtype": "float32",
                "features": {"type": "whisper-log-mel", "mel_bins": 80, "sample_rate": 16000, "n_fft": 400,
                             "hop_length": 160, "pad_to_frames": None, "max_frames": 3000, "adapter_stride": 4},
                "prompt": {"speech": "<bos> question : {speech} answer :",
                           "text": "<bos> question : {text} answer :"},
                "special_tokens": {"bos": "<bos>", "eos": "<eos>", "pad": "<pad>"}, "stop_tokens": ["<eos>"],
                "parts": {"speech_encoder": "speech_encoder.pt", "embed_tokens": "embed_tokens.pt",
                          "layers": ["layers/layer_000.pt"], "lm_head": "lm_head.pt"}}
    with open(os.path.join(a.out, "bundle.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    rate = 16000
    samples = (np.random.default_rng(0).standard_normal(int(a.seconds * rate) - 400) * 3000).astype(np.int16)
    with wave.open(os.path.join(a.out, "clip.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())


if __name__ == "__main__":
    main()
