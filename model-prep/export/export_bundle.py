#!/usr/bin/env python3
"""Export a Hugging Face speech language model to a GapScope bundle (docs/bundle-format.md, format 2).

Two families:

* ``qwen2-audio``: ``Qwen2AudioForConditionalGeneration`` (Whisper-like ``audio_tower`` with its average
  pooling, ``multi_modal_projector``, Qwen2 ``language_model``).
* ``whisper-llm``: the paper's / LLaMA-Omni's recipe: a Whisper encoder (Hugging Face ``WhisperEncoder``
  or openai-whisper ``AudioEncoder`` attribute names), a frame-concatenating projector (``k``, ``linear1``,
  ``relu``, ``linear2``) and a Llama or Qwen2 causal LM.

The exporter reads weights by the Hugging Face attribute names and writes self-contained TorchScript
parts (see ``gapscope_parts.py``); it does not import ``transformers`` unless ``main`` is asked to load
a model, so it runs (and is tested) on a machine that has only PyTorch.

Python API::

    export_qwen2_audio(model, "path/to/tokenizer.json", "out/bundle")
    export_whisper_llm(encoder, projector, causal_lm, "path/to/tokenizer.json", "out/bundle", prompt=...)

Command line (needs ``transformers``)::

    python3 export_bundle.py qwen2-audio --model Qwen/Qwen2-Audio-7B-Instruct --out bundles/qwen2-audio
"""

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import torch
from torch import nn

try:  # imported as a package (tests) or run as a script
    from . import gapscope_parts as parts
except ImportError:  # pragma: no cover - script mode
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import gapscope_parts as parts  # type: ignore

FORMAT = "gapscope-bundle"
FORMAT_VERSION = 2
DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}

QWEN2_AUDIO_SYSTEM = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
QWEN2_AUDIO_PROMPT = {
    "speech": QWEN2_AUDIO_SYSTEM
    + "<|im_start|>user\nAudio 1: <|audio_bos|>{speech}<|audio_eos|>\n<|im_end|>\n<|im_start|>assistant\n",
    "text": QWEN2_AUDIO_SYSTEM + "<|im_start|>user\n{text}<|im_end|>\n<|im_start|>assistant\n",
}
QWEN2_AUDIO_SPECIAL = {"eos": "<|im_end|>", "pad": "<|endoftext|>"}
QWEN2_AUDIO_STOP = ["<|im_end|>", "<|endoftext|>"]


class ExportError(Exception):
    """The source model or an argument cannot be exported; the message says what and why."""


# ----------------------------------------------------------------------------------------------
# reading the source model


def _activation_name(module_or_name, where: str) -> str:
    """Maps a Hugging Face activation (config string or module) to one of gapscope_parts.ACTIVATIONS."""
    if isinstance(module_or_name, str):
        name = module_or_name.lower()
    else:
        name = type(module_or_name).__name__.lower()
        if name in ("function", "builtin_function_or_method"):
            name = getattr(module_or_name, "__name__", name).lower()
        approximate = getattr(module_or_name, "approximate", None)
        if "gelu" in name and approximate == "tanh":
            return "gelu_tanh"
    if name in ("silu", "swish", "siluactivation", "silu_activation"):
        return "silu"
    if name in ("gelu_new", "gelu_pytorch_tanh", "newgeluactivation", "pytorchgelutanh", "gelu_fast",
                "fastgeluactivation"):
        return "gelu_tanh"
    if name in ("gelu", "geluactivation"):
        return "gelu"
    if name in ("relu", "reluactivation"):
        return "relu"
    raise ExportError(f"{where}: unsupported activation {module_or_name!r}")


def _config_value(module: nn.Module, key: str, default=None):
    config = getattr(module, "config", None)
    if config is None:
        return default
    return getattr(config, key, default)


def _find_decoder(causal_lm: nn.Module):
    """Returns (decoder, lm_head) for a Llama/Qwen2 causal LM, whichever way it is wrapped."""
    # transformers 4.x: model.language_model (a *ForCausalLM) .model / .lm_head;
    # transformers >= 4.52/5.x: model.model.language_model (the bare decoder) and model.lm_head.
    def children(m):
        return [getattr(m, "model", None), getattr(m, "language_model", None)]

    decoder, frontier = None, [causal_lm]
    for _ in range(3):
        next_frontier = []
        for c in frontier:
            if c is None:
                continue
            if hasattr(c, "layers") and hasattr(c, "embed_tokens") and hasattr(c, "norm"):
                decoder = c
                break
            next_frontier.extend(children(c))
        if decoder is not None:
            break
        frontier = next_frontier
    if decoder is None:
        raise ExportError(f"{type(causal_lm).__name__}: no decoder with embed_tokens, layers and norm found")
    lm_head = None
    for c in [causal_lm, getattr(causal_lm, "language_model", None), getattr(causal_lm, "model", None)]:
        if c is not None and isinstance(getattr(c, "lm_head", None), nn.Module):
            lm_head = c.lm_head
            break
    if lm_head is None:
        raise ExportError(f"{type(causal_lm).__name__}: no lm_head found")
    return decoder, lm_head


def _rotary(decoder: nn.Module, layer: nn.Module):
    """The rotary embedding module: the decoder's shared one (transformers >= 4.45) or the layer's own."""
    rotary = getattr(decoder, "rotary_emb", None)
    if rotary is None:
        rotary = getattr(layer.self_attn, "rotary_emb", None)
    if rotary is None or not hasattr(rotary, "inv_freq"):
        raise ExportError(f"{type(decoder).__name__}: no rotary_emb with inv_freq found")
    rope_type = getattr(rotary, "rope_type", "default")
    if rope_type == "dynamic":
        raise ExportError("dynamic NTK rotary scaling depends on the sequence length; not supported")
    scale = float(getattr(rotary, "attention_scaling", 1.0))
    return rotary, rotary.inv_freq.detach().float().cpu(), scale


def _check_rotary(rotary: nn.Module, inv_freq: torch.Tensor, scale: float, positions: int) -> Optional[float]:
    """Compares the part's rotary formula with the source module's own tables; returns max abs diff."""
    pos = torch.arange(positions)
    freqs = pos.float()[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    mine_cos, mine_sin = emb.cos() * scale, emb.sin() * scale
    device = rotary.inv_freq.device
    try:
        x = torch.zeros(1, positions, 1, dtype=torch.float32, device=device)
        cos, sin = rotary(x, pos[None, :].to(device))
    except Exception as e:  # noqa: BLE001 - any signature mismatch means: cannot check
        print(f"warning: could not call the source rotary module to check the tables ({e})", file=sys.stderr)
        return None
    return max((cos[0].float().cpu() - mine_cos).abs().max().item(),
               (sin[0].float().cpu() - mine_sin).abs().max().item())


def decoder_layer_part(decoder: nn.Module, index: int, max_positions: int, dtype: torch.dtype) -> nn.Module:
    """Builds the runnable-alone part for decoder layer ``index`` (Llama/Qwen2 structure)."""
    layer = decoder.layers[index]
    attn, mlp = layer.self_attn, layer.mlp
    head_dim = int(getattr(attn, "head_dim", 0) or attn.q_proj.out_features // _config_value(decoder, "num_attention_heads"))
    num_heads = attn.q_proj.out_features // head_dim
    num_kv = attn.k_proj.out_features // head_dim
    if num_heads % num_kv != 0:
        raise ExportError(f"layer {index}: {num_heads} query heads are not a multiple of {num_kv} key/value heads")
    if _config_value(decoder, "use_sliding_window", False) and _config_value(decoder, "sliding_window", None):
        window = _config_value(decoder, "sliding_window")
        if window < max_positions:
            raise ExportError(f"sliding-window attention (window {window}) is not supported; "
                              f"export with --max-positions <= {window}")
    scaling = float(getattr(attn, "scaling", head_dim ** -0.5))
    act = _config_value(decoder, "hidden_act", None) or _config_value(layer, "hidden_act", None)
    act = _activation_name(act if act is not None else mlp.act_fn, f"layer {index} mlp")
    eps = float(getattr(layer.input_layernorm, "variance_epsilon", getattr(layer.input_layernorm, "eps", 1e-6)))
    _, inv_freq, rope_scale = _rotary(decoder, layer)

    def bias(linear):
        return parts._bias_or_zeros(linear, dtype)

    weights = {
        "input_norm": layer.input_layernorm.weight, "post_norm": layer.post_attention_layernorm.weight,
        "q_w": attn.q_proj.weight, "q_b": bias(attn.q_proj),
        "k_w": attn.k_proj.weight, "k_b": bias(attn.k_proj),
        "v_w": attn.v_proj.weight, "v_b": bias(attn.v_proj),
        "o_w": attn.o_proj.weight, "o_b": bias(attn.o_proj),
        "gate_w": mlp.gate_proj.weight, "gate_b": bias(mlp.gate_proj),
        "up_w": mlp.up_proj.weight, "up_b": bias(mlp.up_proj),
        "down_w": mlp.down_proj.weight, "down_b": bias(mlp.down_proj),
    }
    return parts.DecoderLayerPart(weights=weights, num_heads=num_heads, num_kv_heads=num_kv, head_dim=head_dim,
                                  eps=eps, inv_freq=inv_freq, rope_scale=rope_scale, scaling=scaling, act=act,
                                  max_positions=max_positions, dtype=dtype)


def lm_head_part(decoder: nn.Module, lm_head: nn.Module, dtype: torch.dtype) -> nn.Module:
    norm = decoder.norm
    eps = float(getattr(norm, "variance_epsilon", getattr(norm, "eps", 1e-6)))
    return parts.LmHeadPart(norm.weight, eps, lm_head.weight, parts._bias_or_zeros(lm_head, dtype), dtype)


def _whisper_layer_weights(layer: nn.Module) -> Dict[str, object]:
    """Reads one encoder layer under Hugging Face (WhisperEncoderLayer) or openai-whisper names."""
    if hasattr(layer, "self_attn"):  # transformers: WhisperEncoderLayer / Qwen2AudioEncoderLayer
        a = layer.self_attn
        heads = int(getattr(a, "num_heads", 0) or _config_value(a, "encoder_attention_heads", 0)
                    or a.q_proj.out_features // a.head_dim)
        return {
            "heads": heads, "eps": layer.self_attn_layer_norm.eps,
            "act": getattr(layer, "activation_fn", None),
            "w": {"attn_ln_w": layer.self_attn_layer_norm.weight, "attn_ln_b": layer.self_attn_layer_norm.bias,
                  "q_w": a.q_proj.weight, "q_b": a.q_proj.bias, "k_w": a.k_proj.weight, "k_b": a.k_proj.bias,
                  "v_w": a.v_proj.weight, "v_b": a.v_proj.bias, "o_w": a.out_proj.weight, "o_b": a.out_proj.bias,
                  "mlp_ln_w": layer.final_layer_norm.weight, "mlp_ln_b": layer.final_layer_norm.bias,
                  "fc1_w": layer.fc1.weight, "fc1_b": layer.fc1.bias, "fc2_w": layer.fc2.weight, "fc2_b": layer.fc2.bias},
        }
    if hasattr(layer, "attn") and hasattr(layer, "mlp_ln"):  # openai-whisper: ResidualAttentionBlock
        a = layer.attn
        return {
            "heads": int(a.n_head), "eps": layer.attn_ln.eps, "act": layer.mlp[1],
            "w": {"attn_ln_w": layer.attn_ln.weight, "attn_ln_b": layer.attn_ln.bias,
                  "q_w": a.query.weight, "q_b": a.query.bias, "k_w": a.key.weight, "k_b": a.key.bias,
                  "v_w": a.value.weight, "v_b": a.value.bias, "o_w": a.out.weight, "o_b": a.out.bias,
                  "mlp_ln_w": layer.mlp_ln.weight, "mlp_ln_b": layer.mlp_ln.bias,
                  "fc1_w": layer.mlp[0].weight, "fc1_b": layer.mlp[0].bias,
                  "fc2_w": layer.mlp[2].weight, "fc2_b": layer.mlp[2].bias},
        }
    raise ExportError(f"{type(layer).__name__}: not a Whisper encoder layer (no self_attn or attn/mlp_ln)")


def speech_encoder_part(encoder: nn.Module, projector: nn.Module, *, mask_padding: bool, avg_pool: bool,
                        dtype: torch.dtype) -> nn.Module:
    """Builds the speech_encoder part from a Whisper-like encoder and a projector."""
    if hasattr(encoder, "layers"):  # transformers naming
        layers_src, positions = encoder.layers, encoder.embed_positions.weight
        ln_post = encoder.layer_norm
        config_act = _config_value(encoder, "activation_function", None)
    elif hasattr(encoder, "blocks"):  # openai-whisper naming
        layers_src, positions = encoder.blocks, encoder.positional_embedding
        ln_post = encoder.ln_post
        config_act = None
    else:
        raise ExportError(f"{type(encoder).__name__}: not a Whisper-like encoder (no layers/blocks)")
    if avg_pool and not hasattr(encoder, "avg_pooler"):
        raise ExportError(f"{type(encoder).__name__}: expected an avg_pooler (Qwen2-Audio encoder)")
    if avg_pool:
        pool = encoder.avg_pooler
        if tuple(_as_tuple(pool.kernel_size)) != (2,) or tuple(_as_tuple(pool.stride)) != (2,):
            raise ExportError("Qwen2-Audio avg_pooler must be AvgPool1d(2, stride=2)")
    if tuple(encoder.conv1.padding) != (1,) or tuple(encoder.conv2.stride) != (2,) or tuple(encoder.conv2.padding) != (1,):
        raise ExportError("encoder convolutions differ from Whisper's (conv1 padding 1; conv2 stride 2, padding 1)")
    layers = []
    for i, layer in enumerate(layers_src):
        r = _whisper_layer_weights(layer)
        w = dict(r["w"])
        if w["k_b"] is None:  # Whisper's key projection has no bias
            w["k_b"] = torch.zeros(w["k_w"].shape[0])
        act = _activation_name(config_act if config_act is not None else r["act"], f"encoder layer {i}")
        layers.append(parts.WhisperEncoderLayerPart(weights=w, num_heads=r["heads"], eps=r["eps"], act=act,
                                                    dtype=dtype))
    proj = projector_part(projector, dtype)
    return parts.SpeechEncoderPart(conv1_w=encoder.conv1.weight, conv1_b=encoder.conv1.bias,
                                   conv2_w=encoder.conv2.weight, conv2_b=encoder.conv2.bias, positions=positions,
                                   layers=layers, ln_post_w=ln_post.weight, ln_post_b=ln_post.bias, eps=ln_post.eps,
                                   mask_padding=mask_padding, avg_pool=avg_pool, projector=proj, dtype=dtype)


def _as_tuple(v):
    return v if isinstance(v, (tuple, list)) else (v,)


def projector_part(projector: nn.Module, dtype: torch.dtype) -> nn.Module:
    """Qwen2-Audio's ``linear`` projector, or a frame-concatenating ``k``/``linear1``/``linear2`` one."""
    if hasattr(projector, "linear1") and hasattr(projector, "linear2"):
        k = int(getattr(projector, "k", 0) or getattr(projector, "ds_rate", 0) or 0)
        if k <= 0:
            raise ExportError(f"{type(projector).__name__}: concatenating projector without a frame count k")
        if projector.linear1.in_features % k != 0:
            raise ExportError(f"{type(projector).__name__}: linear1 input {projector.linear1.in_features} "
                              f"is not a multiple of k={k}")
        act = _activation_name(getattr(projector, "relu", None) or getattr(projector, "act", None) or "relu",
                               "projector")
        return parts.ConcatProjector(k, projector.linear1.weight, projector.linear1.bias,
                                     projector.linear2.weight, projector.linear2.bias, act, dtype)
    if hasattr(projector, "linear"):
        return parts.LinearProjector(projector.linear.weight, projector.linear.bias, dtype)
    raise ExportError(f"{type(projector).__name__}: unknown projector (expected linear, or k/linear1/linear2)")


# ----------------------------------------------------------------------------------------------
# writing the bundle


def _manifest(*, name: str, family: str, num_layers: int, hidden_size: int, vocab_size: int, max_positions: int,
              dtype: str, mel_bins: int, pad_to_frames: Optional[int], max_frames: int, adapter_stride: int,
              prompt: Dict[str, str], special_tokens: Dict[str, str], stop_tokens: List[str],
              kv_cache: Dict[str, int]) -> dict:
    for key, placeholder in (("speech", "{speech}"), ("text", "{text}")):
        if key not in prompt or prompt[key].count(placeholder) != 1:
            raise ExportError(f"prompt.{key} must contain exactly one {placeholder}")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": name,
        "family": family,
        "num_layers": num_layers,
        "hidden_size": hidden_size,
        "vocab_size": vocab_size,
        "max_positions": max_positions,
        "dtype": dtype,
        "features": {
            "type": "whisper-log-mel",
            "mel_bins": mel_bins,
            "sample_rate": 16000,
            "n_fft": 400,
            "hop_length": 160,
            "pad_to_frames": pad_to_frames,
            "max_frames": max_frames,
            "adapter_stride": adapter_stride,
        },
        "prompt": dict(prompt),
        "special_tokens": dict(special_tokens),
        "stop_tokens": list(stop_tokens),
        "kv_cache": dict(kv_cache),
        "parts": {
            "speech_encoder": "speech_encoder.pt",
            "embed_tokens": "embed_tokens.pt",
            "layers": [f"layers/layer_{i:03d}.pt" for i in range(num_layers)],
            "lm_head": "lm_head.pt",
        },
    }


def _check_tokens_exist(tokenizer_json: Path, tokens: Sequence[str]) -> None:
    """Special and stop tokens must be ``added_tokens`` of tokenizer.json: only those are matched whole in
    template text (a plain vocabulary entry such as ``<bos>`` would be split by a BPE tokenizer)."""
    with open(tokenizer_json, encoding="utf-8") as f:
        tok = json.load(f)
    added = {t["content"] for t in tok.get("added_tokens", [])}
    missing = [t for t in tokens if t not in added]
    if missing:
        raise ExportError(f"{tokenizer_json}: special/stop tokens not in the tokenizer's added_tokens: {missing}")


def _save_script(module: nn.Module, path: Path) -> None:
    module.eval()
    scripted = torch.jit.script(module)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.jit.save(scripted, str(path))


def write_bundle(out_dir, manifest: dict, tokenizer_json, parts_by_file: Dict[str, nn.Module],
                 model_card: Optional[str] = None, overwrite: bool = False) -> Path:
    """Writes a complete bundle into a temporary sibling folder, then renames it into place."""
    out = Path(out_dir).resolve()
    if out.exists() and not overwrite:
        raise ExportError(f"{out}: already exists (pass overwrite=True / --overwrite to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="." + out.name + ".", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it owner-only; the bundle is renamed from it
    try:
        for rel, module in parts_by_file.items():
            with torch.no_grad():
                _save_script(module, staging / rel)
        shutil.copyfile(tokenizer_json, staging / "tokenizer.json")
        if model_card:
            (staging / "MODEL_CARD.md").write_text(model_card, encoding="utf-8")
        with open(staging / "bundle.json", "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=2, ensure_ascii=False)
            f.write("\n")
        if out.exists():
            shutil.rmtree(out)
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out


def _probe_and_check(speech: nn.Module, embed: nn.Module, layers: List[nn.Module], head: nn.Module, *,
                     mel_bins: int, frames: int, hidden: int, vocab: int) -> None:
    """Runs every part once on a probe input so that a wrong reading fails here, not in the runtime; the
    layers also run one position more from their cache, which must equal a whole pass over four."""
    with torch.no_grad():
        feats = torch.zeros(1, mel_bins, frames)
        s = speech(feats, torch.tensor([frames]))
        e = embed(torch.tensor([[0, 1, 2, 3]], dtype=torch.long))
        if s.shape[-1] != hidden or e.shape[-1] != hidden:
            raise ExportError(f"speech encoder gives width {s.shape[-1]}, embeddings {e.shape[-1]}; "
                              f"the decoder's hidden size is {hidden}")
        whole = e.float()
        head_part = e.float()[:, :3]
        step = e.float()[:, 3:]
        for layer in layers:
            empty = torch.zeros(1, layer.num_kv_heads, 0, layer.head_dim)
            whole, _, _ = layer(whole, empty, empty, torch.tensor([0]))
            head_part, k, v = layer(head_part, empty, empty, torch.tensor([0]))
            step, _, _ = layer(step, k, v, torch.tensor([3]))
        diff = (whole[:, 3:] - step).abs().max().item()
        if diff > 1e-3 * max(1.0, whole.abs().max().item()):
            raise ExportError(f"a cached step differs from the whole pass by {diff:g}")
        logits = head(whole)
        if logits.shape[-1] != vocab:
            raise ExportError(f"lm_head gives {logits.shape[-1]} logits, vocab_size is {vocab}")


def _kv_cache(layers: List[nn.Module]) -> Dict[str, int]:
    """The cache shape every layer shares: key/value heads and head size."""
    shapes = {(int(layer.num_kv_heads), int(layer.head_dim)) for layer in layers}
    if len(shapes) != 1:
        raise ExportError(f"decoder layers differ in key/value heads or head size: {sorted(shapes)}")
    heads, head_dim = shapes.pop()
    return {"num_kv_heads": heads, "head_dim": head_dim}


def _dtype_of(model: nn.Module, dtype: Optional[str]) -> str:
    if dtype is None:
        found = next(model.parameters()).dtype
        for name, d in DTYPES.items():
            if d == found:
                return name
        raise ExportError(f"model parameters are {found}; pass dtype=float32/float16/bfloat16")
    if dtype not in DTYPES:
        raise ExportError(f"dtype {dtype!r}: expected one of {sorted(DTYPES)}")
    return dtype


def _decoder_parts(decoder, lm_head, max_positions, dtype):
    layers = [decoder_layer_part(decoder, i, max_positions, dtype) for i in range(len(decoder.layers))]
    rotary, inv_freq, scale = _rotary(decoder, decoder.layers[0])
    diff = _check_rotary(rotary, inv_freq, scale, min(max_positions, 256))
    if diff is not None and diff > 1e-5:
        raise ExportError(f"rotary tables differ from the source model's by {diff:g}; unsupported rope variant")
    embed = parts.EmbedTokensPart(decoder.embed_tokens.weight, dtype)
    head = lm_head_part(decoder, lm_head, dtype)
    return embed, layers, head


def export_qwen2_audio(model: nn.Module, tokenizer_json, out_dir, *, name: Optional[str] = None,
                       dtype: Optional[str] = None, max_positions: Optional[int] = None,
                       prompt: Optional[Dict[str, str]] = None, special_tokens: Optional[Dict[str, str]] = None,
                       stop_tokens: Optional[List[str]] = None, overwrite: bool = False,
                       model_card: Optional[str] = None, probe: bool = True) -> Path:
    """Exports a ``Qwen2AudioForConditionalGeneration`` (loaded by the caller) to a bundle folder.

    ``probe`` runs every part once on the CPU before writing (seconds to a minute for a 7B model).
    """
    audio_tower = getattr(model, "audio_tower", None) or getattr(getattr(model, "model", None), "audio_tower", None)
    projector = getattr(model, "multi_modal_projector", None) or getattr(getattr(model, "model", None),
                                                                         "multi_modal_projector", None)
    if audio_tower is None or projector is None:
        raise ExportError(f"{type(model).__name__}: no audio_tower / multi_modal_projector (not Qwen2-Audio?)")
    decoder, lm_head = _find_decoder(model)
    dtype_name = _dtype_of(model, dtype)
    torch_dtype = DTYPES[dtype_name]
    n_pos = int(audio_tower.embed_positions.weight.shape[0])
    stride = int(audio_tower.conv1.stride[0]) * int(audio_tower.conv2.stride[0])
    pad_to = n_pos * stride
    if max_positions is None:
        max_positions = int(_config_value(decoder, "max_position_embeddings", 8192))
    mel_bins = int(audio_tower.conv1.in_channels)
    hidden = int(decoder.embed_tokens.weight.shape[1])
    vocab = int(lm_head.weight.shape[0])
    model.eval()
    speech = speech_encoder_part(audio_tower, projector, mask_padding=True, avg_pool=True, dtype=torch_dtype)
    embed, layers, head = _decoder_parts(decoder, lm_head, max_positions, torch_dtype)
    if probe:
        _probe_and_check(speech, embed, layers, head, mel_bins=mel_bins, frames=pad_to, hidden=hidden, vocab=vocab)
    prompt = prompt or QWEN2_AUDIO_PROMPT
    special_tokens = special_tokens or QWEN2_AUDIO_SPECIAL
    stop_tokens = stop_tokens or QWEN2_AUDIO_STOP
    _check_tokens_exist(Path(tokenizer_json), list(special_tokens.values()) + list(stop_tokens))
    manifest = _manifest(name=name or "qwen2-audio", family="qwen2-audio", num_layers=len(layers),
                         hidden_size=hidden, vocab_size=vocab, max_positions=max_positions, dtype=dtype_name,
                         mel_bins=mel_bins, pad_to_frames=pad_to, max_frames=pad_to, adapter_stride=2 * stride,
                         prompt=prompt, special_tokens=special_tokens, stop_tokens=stop_tokens,
                         kv_cache=_kv_cache(layers))
    return write_bundle(out_dir, manifest, tokenizer_json, _files(speech, embed, layers, head, manifest),
                        model_card=model_card, overwrite=overwrite)


def export_whisper_llm(encoder: nn.Module, projector: nn.Module, causal_lm: nn.Module, tokenizer_json, out_dir, *,
                       prompt: Dict[str, str], special_tokens: Dict[str, str], stop_tokens: List[str],
                       name: Optional[str] = None, dtype: Optional[str] = None, max_positions: Optional[int] = None,
                       mask_padding: bool = False, overwrite: bool = False, model_card: Optional[str] = None,
                       probe: bool = True) -> Path:
    """Exports a Whisper encoder + frame-concatenating projector + Llama/Qwen2 LM (LLaMA-Omni style).

    The Whisper encoder runs on features padded to 30 s without an attention mask, as in Whisper and
    LLaMA-Omni (``mask_padding=False``); the bundle's speech positions are those computed from valid
    frames only (positions that would cover padding are not passed to the LLM).
    """
    decoder, lm_head = _find_decoder(causal_lm)
    dtype_name = _dtype_of(causal_lm, dtype)
    torch_dtype = DTYPES[dtype_name]
    positions = encoder.embed_positions.weight if hasattr(encoder, "embed_positions") else encoder.positional_embedding
    pad_to = int(positions.shape[0]) * int(encoder.conv1.stride[0]) * int(encoder.conv2.stride[0])
    if max_positions is None:
        max_positions = int(_config_value(decoder, "max_position_embeddings", 4096))
    mel_bins = int(encoder.conv1.in_channels)
    hidden = int(decoder.embed_tokens.weight.shape[1])
    vocab = int(lm_head.weight.shape[0])
    for m in (encoder, projector, causal_lm):
        m.eval()
    speech = speech_encoder_part(encoder, projector, mask_padding=mask_padding, avg_pool=False, dtype=torch_dtype)
    embed, layers, head = _decoder_parts(decoder, lm_head, max_positions, torch_dtype)
    if probe:
        _probe_and_check(speech, embed, layers, head, mel_bins=mel_bins, frames=pad_to, hidden=hidden, vocab=vocab)
    _check_tokens_exist(Path(tokenizer_json), list(special_tokens.values()) + list(stop_tokens))
    k = speech.projector.k if isinstance(speech.projector, parts.ConcatProjector) else 1
    manifest = _manifest(name=name or "whisper-llm", family="whisper-llm", num_layers=len(layers),
                         hidden_size=hidden, vocab_size=vocab, max_positions=max_positions, dtype=dtype_name,
                         mel_bins=mel_bins, pad_to_frames=pad_to, max_frames=pad_to,
                         adapter_stride=int(encoder.conv2.stride[0]) * k, prompt=prompt,
                         special_tokens=special_tokens, stop_tokens=stop_tokens, kv_cache=_kv_cache(layers))
    return write_bundle(out_dir, manifest, tokenizer_json, _files(speech, embed, layers, head, manifest),
                        model_card=model_card, overwrite=overwrite)


def _files(speech, embed, layers, head, manifest) -> Dict[str, nn.Module]:
    files = {manifest["parts"]["speech_encoder"]: speech, manifest["parts"]["embed_tokens"]: embed,
             manifest["parts"]["lm_head"]: head}
    for rel, layer in zip(manifest["parts"]["layers"], layers):
        files[rel] = layer
    return files


# ----------------------------------------------------------------------------------------------
# command line


def _tokenizer_json_for(model_id: str, workdir: Path) -> Path:
    """Finds tokenizer.json next to a local model, or writes one from the fast tokenizer."""
    local = Path(model_id) / "tokenizer.json"
    if local.is_file():
        return local
    from transformers import AutoTokenizer  # noqa: WPS433 - imported only when the CLI loads a model

    tok = AutoTokenizer.from_pretrained(model_id)
    tok.save_pretrained(str(workdir))
    out = workdir / "tokenizer.json"
    if not out.is_file():
        raise ExportError(f"{model_id}: the tokenizer did not save a tokenizer.json (not a fast tokenizer?)")
    return out


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="family", required=True)
    q = sub.add_parser("qwen2-audio", help="export a Qwen2AudioForConditionalGeneration")
    q.add_argument("--model", required=True, help="local folder or Hugging Face id (needs transformers)")
    q.add_argument("--out", required=True, help="bundle folder to create")
    q.add_argument("--name", help="bundle name (default: the model folder's name)")
    q.add_argument("--dtype", choices=sorted(DTYPES), help="stored dtype (default: the model's)")
    q.add_argument("--max-positions", type=int, help="longest prompt (default: the LM's max_position_embeddings)")
    q.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    try:
        from transformers import Qwen2AudioForConditionalGeneration  # noqa: WPS433
    except ImportError:
        print("export_bundle: the command line needs `transformers` to load the model; on a machine "
              "without it, call export_qwen2_audio(model, ...) from Python", file=sys.stderr)
        return 2
    torch_dtype = DTYPES[args.dtype] if args.dtype else "auto"
    model = Qwen2AudioForConditionalGeneration.from_pretrained(args.model, torch_dtype=torch_dtype,
                                                               attn_implementation="eager")
    with tempfile.TemporaryDirectory() as work:
        tok = _tokenizer_json_for(args.model, Path(work))
        try:
            out = export_qwen2_audio(model, tok, args.out, name=args.name or Path(args.model.rstrip("/")).name,
                                     dtype=args.dtype, max_positions=args.max_positions, overwrite=args.overwrite)
        except ExportError as e:
            print(f"export_bundle: {e}", file=sys.stderr)
            return 2
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
