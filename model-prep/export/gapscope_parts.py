"""TorchScript modules that make up a GapScope bundle (docs/bundle-format.md, format 2).

Each class here holds plain tensors copied out of a source model and re-implements one part's forward
pass, so that the saved part depends neither on `transformers` nor on the source model's Python code.
Every part computes in the dtype of its floating-point input: weights are stored in the bundle's dtype
and cast on use (a no-op when they already match), which lets the runtime run a float16/bfloat16
bundle in float32 on a CPU. A part whose weights are stored narrower than float32 widens them to
float32 for good at its first float32 call (`_widen`), so that float32 compute does not cast every
weight again on every call (a 7B-sized decoder layer: ~3.5 s of CPU per call otherwise, docs/scale.md);
weights never narrow, so a later float16 call casts on use as before and loses nothing.

Decoder layers take and return their attention keys and values (format 2): a layer runs the new
positions `offset .. offset + T - 1` against the cached keys/values of the positions before them, so
that greedy decoding costs one position per new token; an empty cache and offset 0 is a whole pass.

All modules are written for `torch.jit.script` under PyTorch 1.13 (Debian's) and 2.x.
"""

from typing import List, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

ACTIVATIONS = ("silu", "gelu", "gelu_tanh", "relu")


def _act(x: Tensor, name: str) -> Tensor:
    if name == "silu":
        return F.silu(x)
    if name == "gelu":
        return F.gelu(x)
    if name == "gelu_tanh":
        return F.gelu(x, approximate="tanh")
    if name == "relu":
        return F.relu(x)
    raise RuntimeError("unknown activation " + name)


def _linear(x: Tensor, weight: Tensor, bias: Tensor) -> Tensor:
    return F.linear(x, weight.to(x.dtype), bias.to(x.dtype))


def _rms_norm(x: Tensor, weight: Tensor, eps: float) -> Tensor:
    # Same order of operations as the Llama/Qwen2 RMSNorm: statistics in float32, scale in x's dtype.
    dtype = x.dtype
    h = x.to(torch.float32)
    variance = h.pow(2).mean(-1, keepdim=True)
    h = h * torch.rsqrt(variance + eps)
    return weight.to(dtype) * h.to(dtype)


def _layer_norm(x: Tensor, weight: Tensor, bias: Tensor, eps: float) -> Tensor:
    return F.layer_norm(x, [x.size(-1)], weight.to(x.dtype), bias.to(x.dtype), eps)


def _rotate_half(x: Tensor) -> Tensor:
    half = x.size(-1) // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def _buffer(t: Tensor, dtype: torch.dtype) -> Tensor:
    """The weight as a CPU tensor of ``dtype``: a copy, except when it already is one (then shared, so
    that exporting a large model does not hold every weight twice)."""
    t = t.detach()
    if t.device.type == "cpu" and t.dtype == dtype and t.is_contiguous():
        return t
    return t.to(device="cpu", dtype=dtype).contiguous()


def _bias_or_zeros(linear: nn.Module, dtype: torch.dtype) -> Tensor:
    bias = getattr(linear, "bias", None)
    if bias is None:
        return torch.zeros(linear.weight.shape[0], dtype=dtype)
    return _buffer(bias, dtype)


class EmbedTokensPart(nn.Module):
    """`embed_tokens`: int64 ids [1, T] -> embeddings [1, T, d] in the stored dtype."""

    def __init__(self, weight: Tensor, dtype: torch.dtype):
        super().__init__()
        self.register_buffer("weight", _buffer(weight, dtype))

    def forward(self, ids: Tensor) -> Tensor:
        return F.embedding(ids, self.weight)


class DecoderLayerPart(nn.Module):
    """One pre-norm decoder layer (Llama/Qwen2: RMSNorm, rotary GQA attention, gated MLP), runnable alone.

    ``forward(hidden [1, T, d], past_k [1, H_kv, P, hd], past_v [1, H_kv, P, hd], offset int64 [1])``
    returns ``(hidden [1, T, d], keys [1, H_kv, P + T, hd], values [1, H_kv, P + T, hd])``: the new
    positions are ``offset .. offset + T - 1`` (rotary tables from the source model's ``inv_freq`` and
    ``attention_scaling``, built here), each attends to all P cached positions and causally to the new
    ones. The returned keys/values (rotated, before the grouped heads are repeated, in the input's
    dtype) are the cache for the next call. P = 0 and offset 0 is a whole-sequence pass.
    """

    def __init__(self, *, weights: dict, num_heads: int, num_kv_heads: int, head_dim: int, eps: float,
                 inv_freq: Tensor, rope_scale: float, scaling: float, act: str, max_positions: int,
                 dtype: torch.dtype):
        super().__init__()
        if act not in ACTIVATIONS:
            raise ValueError(f"unsupported activation {act!r}")
        for name, tensor in weights.items():
            self.register_buffer(name, _buffer(tensor, dtype))
        # rotary frequencies stay in float32, as the source models compute their tables in float32
        self.register_buffer("inv_freq", _buffer(inv_freq, torch.float32))
        self.num_heads = num_heads
        self.num_kv_heads = num_kv_heads
        self.head_dim = head_dim
        self.eps = float(eps)
        self.rope_scale = float(rope_scale)
        self.scaling = float(scaling)
        self.act = act
        self.max_positions = max_positions

    def _widen(self, dtype: torch.dtype):
        if torch.jit.is_scripting() and dtype == torch.float32 and self.input_norm.dtype != torch.float32:
            self.input_norm = self.input_norm.float()
            self.post_norm = self.post_norm.float()
            self.q_w = self.q_w.float()
            self.q_b = self.q_b.float()
            self.k_w = self.k_w.float()
            self.k_b = self.k_b.float()
            self.v_w = self.v_w.float()
            self.v_b = self.v_b.float()
            self.o_w = self.o_w.float()
            self.o_b = self.o_b.float()
            self.gate_w = self.gate_w.float()
            self.gate_b = self.gate_b.float()
            self.up_w = self.up_w.float()
            self.up_b = self.up_b.float()
            self.down_w = self.down_w.float()
            self.down_b = self.down_b.float()

    def forward(self, hidden: Tensor, past_k: Tensor, past_v: Tensor, offset: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        self._widen(hidden.dtype)
        t = hidden.size(1)
        p = past_k.size(2)
        start = int(offset[0])
        if start + t > self.max_positions:
            raise RuntimeError("sequence longer than the layer's max_positions")
        dtype = hidden.dtype
        x = _rms_norm(hidden, self.input_norm, self.eps)
        q = _linear(x, self.q_w, self.q_b).view(1, t, self.num_heads, self.head_dim).transpose(1, 2)
        k = _linear(x, self.k_w, self.k_b).view(1, t, self.num_kv_heads, self.head_dim).transpose(1, 2)
        v = _linear(x, self.v_w, self.v_b).view(1, t, self.num_kv_heads, self.head_dim).transpose(1, 2)

        positions = torch.arange(start, start + t, device=hidden.device).to(torch.float32)
        freqs = positions[:, None] * self.inv_freq.to(hidden.device)[None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        cos = (emb.cos() * self.rope_scale).to(dtype)[None, None, :, :]
        sin = (emb.sin() * self.rope_scale).to(dtype)[None, None, :, :]
        q = q * cos + _rotate_half(q) * sin
        k = k * cos + _rotate_half(k) * sin
        keys = torch.cat((past_k.to(dtype), k), dim=2)
        values = torch.cat((past_v.to(dtype), v), dim=2)

        groups = self.num_heads // self.num_kv_heads
        ks = keys
        vs = values
        if groups > 1:
            ks = ks.repeat_interleave(groups, dim=1)
            vs = vs.repeat_interleave(groups, dim=1)
        scores = torch.matmul(q, ks.transpose(2, 3)) * self.scaling
        # new position i (of T) sees the P cached positions and new positions 0..i
        mask = torch.full((t, p + t), float("-inf"), device=hidden.device, dtype=scores.dtype).triu(p + 1)
        scores = scores + mask
        probs = F.softmax(scores, dim=-1, dtype=torch.float32).to(dtype)
        attn = torch.matmul(probs, vs).transpose(1, 2).reshape(1, t, self.num_heads * self.head_dim)
        hidden = hidden + _linear(attn, self.o_w, self.o_b)

        x = _rms_norm(hidden, self.post_norm, self.eps)
        gate = _act(_linear(x, self.gate_w, self.gate_b), self.act)
        x = _linear(gate * _linear(x, self.up_w, self.up_b), self.down_w, self.down_b)
        return hidden + x, keys, values


class LmHeadPart(nn.Module):
    """`lm_head`: final RMSNorm + output projection: hidden [1, T, d] -> logits [1, T, vocab]."""

    def __init__(self, norm_weight: Tensor, eps: float, head_weight: Tensor, head_bias: Tensor,
                 dtype: torch.dtype):
        super().__init__()
        self.register_buffer("norm_weight", _buffer(norm_weight, dtype))
        self.register_buffer("head_weight", _buffer(head_weight, dtype))
        self.register_buffer("head_bias", _buffer(head_bias, dtype))
        self.eps = float(eps)

    def _widen(self, dtype: torch.dtype):
        if torch.jit.is_scripting() and dtype == torch.float32 and self.norm_weight.dtype != torch.float32:
            self.norm_weight = self.norm_weight.float()
            self.head_weight = self.head_weight.float()
            self.head_bias = self.head_bias.float()

    def forward(self, hidden: Tensor) -> Tensor:
        self._widen(hidden.dtype)
        return _linear(_rms_norm(hidden, self.norm_weight, self.eps), self.head_weight, self.head_bias)


class WhisperEncoderLayerPart(nn.Module):
    """One pre-LayerNorm Whisper encoder layer (bidirectional attention with an additive key mask)."""

    def __init__(self, *, weights: dict, num_heads: int, eps: float, act: str, dtype: torch.dtype):
        super().__init__()
        if act not in ACTIVATIONS:
            raise ValueError(f"unsupported activation {act!r}")
        for name, tensor in weights.items():
            self.register_buffer(name, _buffer(tensor, dtype))
        self.num_heads = num_heads
        self.head_dim = int(weights["q_w"].shape[0]) // num_heads
        self.scaling = float(self.head_dim) ** -0.5
        self.eps = float(eps)
        self.act = act

    def _widen(self, dtype: torch.dtype):
        if torch.jit.is_scripting() and dtype == torch.float32 and self.attn_ln_w.dtype != torch.float32:
            self.attn_ln_w = self.attn_ln_w.float()
            self.attn_ln_b = self.attn_ln_b.float()
            self.q_w = self.q_w.float()
            self.q_b = self.q_b.float()
            self.k_w = self.k_w.float()
            self.k_b = self.k_b.float()
            self.v_w = self.v_w.float()
            self.v_b = self.v_b.float()
            self.o_w = self.o_w.float()
            self.o_b = self.o_b.float()
            self.mlp_ln_w = self.mlp_ln_w.float()
            self.mlp_ln_b = self.mlp_ln_b.float()
            self.fc1_w = self.fc1_w.float()
            self.fc1_b = self.fc1_b.float()
            self.fc2_w = self.fc2_w.float()
            self.fc2_b = self.fc2_b.float()

    def forward(self, x: Tensor, key_mask: Tensor) -> Tensor:
        self._widen(x.dtype)
        s = x.size(1)
        d = x.size(2)
        h = _layer_norm(x, self.attn_ln_w, self.attn_ln_b, self.eps)
        q = (_linear(h, self.q_w, self.q_b) * self.scaling).view(1, s, self.num_heads, self.head_dim).transpose(1, 2)
        k = _linear(h, self.k_w, self.k_b).view(1, s, self.num_heads, self.head_dim).transpose(1, 2)
        v = _linear(h, self.v_w, self.v_b).view(1, s, self.num_heads, self.head_dim).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(2, 3)) + key_mask.to(q.dtype)
        probs = F.softmax(scores, dim=-1)
        attn = torch.matmul(probs, v).transpose(1, 2).reshape(1, s, d)
        x = x + _linear(attn, self.o_w, self.o_b)
        h = _layer_norm(x, self.mlp_ln_w, self.mlp_ln_b, self.eps)
        h = _linear(_act(_linear(h, self.fc1_w, self.fc1_b), self.act), self.fc2_w, self.fc2_b)
        return x + h


class LinearProjector(nn.Module):
    """Qwen2-Audio's multi-modal projector: one Linear from the encoder width to the LLM width."""

    def __init__(self, weight: Tensor, bias: Tensor, dtype: torch.dtype):
        super().__init__()
        self.register_buffer("weight", _buffer(weight, dtype))
        self.register_buffer("bias", _buffer(bias, dtype))

    def _widen(self, dtype: torch.dtype):
        if torch.jit.is_scripting() and dtype == torch.float32 and self.weight.dtype != torch.float32:
            self.weight = self.weight.float()
            self.bias = self.bias.float()

    def forward(self, x: Tensor) -> Tensor:
        self._widen(x.dtype)
        return _linear(x, self.weight, self.bias)

    def output_length(self, encoder_length: int) -> int:
        return encoder_length


class ConcatProjector(nn.Module):
    """The paper's / LLaMA-Omni's adapter: concatenate k frames, Linear, activation, Linear."""

    def __init__(self, k: int, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor, act: str, dtype: torch.dtype):
        super().__init__()
        self.k = int(k)
        self.register_buffer("w1", _buffer(w1, dtype))
        self.register_buffer("b1", _buffer(b1, dtype))
        self.register_buffer("w2", _buffer(w2, dtype))
        self.register_buffer("b2", _buffer(b2, dtype))
        self.act = act

    def _widen(self, dtype: torch.dtype):
        if torch.jit.is_scripting() and dtype == torch.float32 and self.w1.dtype != torch.float32:
            self.w1 = self.w1.float()
            self.b1 = self.b1.float()
            self.w2 = self.w2.float()
            self.b2 = self.b2.float()

    def forward(self, x: Tensor) -> Tensor:
        self._widen(x.dtype)
        s = x.size(1)
        d = x.size(2)
        usable = (s // self.k) * self.k
        x = x[:, :usable, :].contiguous().view(1, usable // self.k, d * self.k)
        return _linear(_act(_linear(x, self.w1, self.b1), self.act), self.w2, self.b2)

    def output_length(self, encoder_length: int) -> int:
        return encoder_length // self.k


class SpeechEncoderPart(nn.Module):
    """`speech_encoder`: Whisper-style encoder (+ optional average pooling) + projector.

    Inputs: features [1, mel, F] (padded to the encoder's fixed length) and n_frames int64 [1], the
    valid frames. Output: [1, T_s, d], only the positions computed from valid frames.
    """

    def __init__(self, *, conv1_w: Tensor, conv1_b: Tensor, conv2_w: Tensor, conv2_b: Tensor,
                 positions: Tensor, layers: List[WhisperEncoderLayerPart], ln_post_w: Tensor, ln_post_b: Tensor,
                 eps: float, mask_padding: bool, avg_pool: bool, projector: nn.Module, dtype: torch.dtype):
        super().__init__()
        self.register_buffer("conv1_w", _buffer(conv1_w, dtype))
        self.register_buffer("conv1_b", _buffer(conv1_b, dtype))
        self.register_buffer("conv2_w", _buffer(conv2_w, dtype))
        self.register_buffer("conv2_b", _buffer(conv2_b, dtype))
        self.register_buffer("positions", _buffer(positions, dtype))
        self.register_buffer("ln_post_w", _buffer(ln_post_w, dtype))
        self.register_buffer("ln_post_b", _buffer(ln_post_b, dtype))
        self.layers = nn.ModuleList(layers)
        self.eps = float(eps)
        self.mask_padding = bool(mask_padding)
        self.avg_pool = bool(avg_pool)
        self.projector = projector

    def _widen(self, dtype: torch.dtype):
        if torch.jit.is_scripting() and dtype == torch.float32 and self.conv1_w.dtype != torch.float32:
            self.conv1_w = self.conv1_w.float()
            self.conv1_b = self.conv1_b.float()
            self.conv2_w = self.conv2_w.float()
            self.conv2_b = self.conv2_b.float()
            self.positions = self.positions.float()
            self.ln_post_w = self.ln_post_w.float()
            self.ln_post_b = self.ln_post_b.float()

    def forward(self, features: Tensor, n_frames: Tensor) -> Tensor:
        self._widen(features.dtype)
        dtype = features.dtype
        x = F.gelu(F.conv1d(features, self.conv1_w.to(dtype), self.conv1_b.to(dtype), padding=1))
        x = F.gelu(F.conv1d(x, self.conv2_w.to(dtype), self.conv2_b.to(dtype), stride=2, padding=1))
        x = x.permute(0, 2, 1)
        s = x.size(1)
        if s > self.positions.size(0):
            raise RuntimeError("more frames than the speech encoder has positions")
        x = x + self.positions[:s].to(dtype)
        valid = (int(n_frames[0].item()) - 1) // 2 + 1
        if valid > s:
            valid = s
        key_mask = torch.zeros((1, 1, 1, s), dtype=dtype, device=features.device)
        if self.mask_padding:
            padded = torch.arange(s, device=features.device) >= valid
            key_mask = key_mask.masked_fill(padded.view(1, 1, 1, s), float("-inf"))
        for layer in self.layers:
            x = layer(x, key_mask)
        if self.avg_pool:
            x = F.avg_pool1d(x.permute(0, 2, 1), kernel_size=2, stride=2).permute(0, 2, 1)
            valid = (valid - 2) // 2 + 1
        x = _layer_norm(x, self.ln_post_w, self.ln_post_b, self.eps)
        x = self.projector(x)
        keep = self.projector.output_length(valid)
        return x[:, :keep, :]
