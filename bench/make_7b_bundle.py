#!/usr/bin/python3
"""A Qwen2-Audio-7B-shaped bundle with random weights, for bench/scale-7b.sh (never committed).

    make_7b_bundle.py --out DIR [--decoder-layers N] [--dtype bfloat16]

The model is the Hugging Face look-alike of model-prep/tests/hf_lookalike.py (the structure and
attribute names of transformers' Qwen2AudioForConditionalGeneration) with the real dimensions of
Qwen2-Audio-7B's published config.json: audio_config num_mel_bins 128, d_model 1280, encoder_layers 32,
encoder_attention_heads 20, encoder_ffn_dim 5120, max_source_positions 1500; text_config (Qwen2)
hidden_size 4096, intermediate_size 11008, 32 attention heads and 32 key/value heads (head size 128),
vocab_size 156032, rms_norm_eps 1e-5, rope_theta 10000, max_position_embeddings 8192, q/k/v biases.
Only the number of decoder layers is smaller (default 4 of 32; the machine's memory decides).
It is built directly in bfloat16 (default initialisation: random, not trained) and exported by the
real exporter (export_qwen2_audio) with the Qwen2-Audio-Instruct chat template and a word-level
tokenizer that knows the template's and the benchmark queries' words, its special tokens added tokens.
Prints the peak resident memory of this process.
"""
import argparse
import os
import re
import resource
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "model-prep"))
sys.path.insert(0, str(ROOT / "model-prep" / "tests"))

from export import export_bundle  # noqa: E402
from export.wordlevel_tokenizer import write_word_level_tokenizer  # noqa: E402
import hf_lookalike as hf  # noqa: E402

AUDIO = dict(num_mel_bins=128, d_model=1280, encoder_layers=32, encoder_attention_heads=20, encoder_ffn_dim=5120,
             max_source_positions=1500, activation_function="gelu")
TEXT = dict(vocab_size=156032, hidden_size=4096, intermediate_size=11008, num_hidden_layers=32,
            num_attention_heads=32, num_key_value_heads=32, head_dim=128, rms_norm_eps=1e-5, rope_theta=10000.0,
            max_position_embeddings=8192, hidden_act="silu", attention_bias=True, use_sliding_window=False,
            sliding_window=None)
SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|audio_bos|>", "<|audio_eos|>", "<|AUDIO|>"]
# the typed query of the benchmark (bench/scale-7b.sh passes the same words)
QUERY = "what is the capital of france and why is it famous for its art and its food"


def words():
    """Every whitespace-separated word of the template text and the query (special tokens cut out)."""
    text = " ".join(export_bundle.QWEN2_AUDIO_PROMPT.values()) + " " + QUERY
    for s in SPECIALS:
        text = text.replace(s, " ")
    text = re.sub(r"\{(speech|text)\}", " ", text)
    out = []
    for w in text.split():
        if w not in out:
            out.append(w)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, help="bundle folder to create (under /tmp; never in the repository)")
    p.add_argument("--decoder-layers", type=int, default=4)
    p.add_argument("--dtype", default="bfloat16", choices=["bfloat16", "float16"])
    a = p.parse_args()
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    torch.manual_seed(0)
    dtype = {"bfloat16": torch.bfloat16, "float16": torch.float16}[a.dtype]
    t0 = time.time()
    torch.set_default_dtype(dtype)  # build the weights in the stored dtype: half the memory of float32
    try:
        text = dict(TEXT, num_hidden_layers=a.decoder_layers)
        cfg = SimpleNamespace(text_config=hf.qwen2_config(**text), audio_config=hf.encoder_config(**AUDIO),
                              audio_token_index=len(SPECIALS) - 1)
        with torch.no_grad():
            model = hf.Qwen2AudioForConditionalGeneration(cfg).eval()
    finally:
        torch.set_default_dtype(torch.float32)
    n = sum(p.numel() for p in model.parameters())
    print(f"built {n / 1e9:.2f} G parameters in {a.dtype} in {time.time() - t0:.0f} s", flush=True)
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tok = out.parent / (out.name + ".tokenizer.json")
    write_word_level_tokenizer(tok, words(), SPECIALS)
    t1 = time.time()
    with torch.no_grad():
        export_bundle.export_qwen2_audio(model, tok, out, name=f"qwen2-audio-7b-shaped-random-{a.decoder_layers}of32",
                                         dtype=a.dtype, overwrite=True)
    tok.unlink()
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"exported {out} ({size / 1e9:.2f} GB) in {time.time() - t1:.0f} s; peak resident memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
