"""The miniature speech language model: speech encoder -> adapter -> decoder-only LM.

All modules are TorchScript-compatible (``torch.jit.script``) so that the bundle parts are the very
modules that were trained. Every weight is read through ``.float()``: the model computes in float32
even where the weights are stored in float16 (a no-op for float32 weights).
"""

import math
from typing import Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F


class Linear(nn.Module):
    def __init__(self, n_in: int, n_out: int, bias: bool = True, std: float = 0.0):
        super().__init__()
        std = std if std > 0 else 1.0 / math.sqrt(n_in)
        self.weight = nn.Parameter(torch.randn(n_out, n_in) * std)
        self.bias = nn.Parameter(torch.zeros(n_out))
        if not bias:
            self.bias.requires_grad_(False)

    def forward(self, x):
        return F.linear(x, self.weight.float(), self.bias.float())


class LayerNorm(nn.Module):
    def __init__(self, d: int):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.bias = nn.Parameter(torch.zeros(d))
        self.d = d

    def forward(self, x):
        return F.layer_norm(x, [self.d], self.weight.float(), self.bias.float(), 1e-5)


class Conv1d(nn.Module):
    def __init__(self, n_in: int, n_out: int, k: int, stride: int):
        super().__init__()
        bound = 1.0 / math.sqrt(n_in * k)
        self.weight = nn.Parameter(torch.empty(n_out, n_in, k).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(n_out).uniform_(-bound, bound))
        self.stride = stride
        self.pad = k // 2

    def forward(self, x):
        return F.conv1d(x, self.weight.float(), self.bias.float(), self.stride, self.pad)


class SpeechEncoder(nn.Module):
    """log-mel [B, 80, F] -> [B, ceil(F/2), d]: a stack of 1-D convolutions over time (kernel 5,
    GELU), the second with stride 2, so one output frame per 20 ms as in Whisper's encoder.
    With ``band_norm`` every mel band first has its mean over the utterance subtracted (cepstral
    mean normalisation's log-mel form: a fixed channel or voice colouring becomes an offset that
    disappears). (A small transformer encoder and a residual depthwise-convolution encoder
    trained unstably and far more slowly here; see README.)"""

    def __init__(self, n_mels: int = 80, d: int = 192, layers: int = 4, kernel: int = 5,
                 band_norm: bool = False):
        super().__init__()
        self.d = d
        self.band_norm = band_norm
        self.convs = nn.ModuleList([Conv1d(n_mels if i == 0 else d, d, kernel, 2 if i == 1 else 1)
                                    for i in range(layers)])
        self.norms = nn.ModuleList([LayerNorm(d) for _ in range(layers)])

    def forward(self, feats, key_mask: Optional[torch.Tensor] = None):
        # key_mask is accepted for interface compatibility; batches hold equal-length utterances
        x = feats.float()
        if self.band_norm:
            x = x - x.mean(dim=2, keepdim=True)
        for conv, norm in zip(self.convs, self.norms):
            x = F.gelu(norm(conv(x).transpose(1, 2)).transpose(1, 2))
        return x.transpose(1, 2)


def make_encoder(cfg):
    return SpeechEncoder(80, cfg["enc_d"], cfg["enc_layers"], cfg["enc_kernel"],
                         bool(cfg["enc_band_norm"]))


def encoder_lengths(n_frames):
    return (n_frames + 1) // 2


class Adapter(nn.Module):
    """Concatenate `stride` consecutive encoder frames, then Linear -> ReLU -> Linear (METHOD.md)."""

    def __init__(self, d_enc: int, d_model: int, hidden: int = 256, stride: int = 5):
        super().__init__()
        self.stride = stride
        self.fc1 = Linear(stride * d_enc, hidden)
        self.fc2 = Linear(hidden, d_model)

    def forward(self, h):
        b, t, c = h.shape
        n = t // self.stride
        x = h[:, :n * self.stride].reshape(b, n, self.stride * c)
        return self.fc2(F.relu(self.fc1(x)))


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    x1 = x[..., :half]
    x2 = x[..., half:]
    return torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], dim=-1)


class DecoderLayer(nn.Module):
    """Pre-norm causal transformer layer with rotary positions 0..T-1 built inside."""

    def __init__(self, d: int, heads: int, ffn: int):
        super().__init__()
        self.heads = heads
        hd = d // heads
        self.register_buffer("inv_freq",
                             1.0 / (10000.0 ** (torch.arange(0, hd, 2, dtype=torch.float32) / hd)))
        self.ln1 = LayerNorm(d)
        self.qkv = Linear(d, 3 * d)
        self.proj = Linear(d, d)
        self.ln2 = LayerNorm(d)
        self.fc1 = Linear(d, ffn)
        self.fc2 = Linear(ffn, d)

    def forward(self, hidden):
        x = hidden.float()
        b, t, d = x.shape
        hd = d // self.heads
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, self.heads, hd).permute(2, 0, 3, 1, 4).unbind(0)
        ang = torch.arange(t, dtype=torch.float32, device=x.device)[:, None] \
            * self.inv_freq.float()[None, :]
        cos = torch.cos(ang)
        sin = torch.sin(ang)
        q = rotate(q, cos, sin)
        k = rotate(k, cos, sin)
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(hd)
        causal = torch.ones(t, t, dtype=torch.bool, device=x.device).triu(1)
        att = att.masked_fill(causal, -1e9)
        y = torch.matmul(torch.softmax(att, dim=-1), v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(y)
        x = x + self.fc2(F.gelu(self.fc1(self.ln2(x))))
        return x.to(hidden.dtype)


class LanguageModel(nn.Module):
    def __init__(self, vocab: int, d: int = 128, layers: int = 4, heads: int = 4, ffn: int = 512):
        super().__init__()
        self.d = d
        self.embed = nn.Parameter(torch.randn(vocab, d) * 0.02)
        self.layers = nn.ModuleList([DecoderLayer(d, heads, ffn) for _ in range(layers)])
        self.norm = LayerNorm(d)

    def embed_ids(self, ids):
        return F.embedding(ids, self.embed.float())

    def forward_embeds(self, x, return_hidden: bool = False):
        hidden = [x]
        for layer in self.layers:
            x = layer(x)
            hidden.append(x)
        logits = F.linear(self.norm(x), self.embed.float())
        return (logits, hidden) if return_hidden else logits


# --------------------------------------------------------------------------- bundle parts

class SpeechEncoderPart(nn.Module):
    """features [1, 80, F] float, n_frames [1] int64 -> adapter output [1, T_s, d]."""

    def __init__(self, encoder: SpeechEncoder, adapter: Adapter):
        super().__init__()
        self.encoder = encoder
        self.adapter = adapter

    def forward(self, features, n_frames):
        n = int(n_frames[0])
        x = features[:, :, :n].float()
        out = self.adapter(self.encoder(x, None))
        return out.to(self.adapter.fc2.weight.dtype)


class CachedDecoderLayerPart(nn.Module):
    """A decoder layer as a format-2 bundle part (docs/bundle-format.md): the layer's own weights and
    the same computation as ``DecoderLayer.forward``, for the new positions ``offset .. offset + T - 1``
    against the keys/values of the positions before them.

    ``forward(hidden [1, T, d], past_k [1, heads, P, hd], past_v, offset int64 [1])`` returns
    ``(hidden [1, T, d], keys [1, heads, P + T, hd], values)`` (keys rotated; float32, as the layer
    computes in float32). P = 0 and offset 0 is ``DecoderLayer.forward`` on the whole sequence."""

    def __init__(self, layer: DecoderLayer):
        super().__init__()
        self.layer = layer

    def forward(self, hidden, past_k, past_v, offset) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        layer = self.layer
        x = hidden.float()
        b, t, d = x.shape
        p = past_k.shape[2]
        start = int(offset[0])
        hd = d // layer.heads
        q, k, v = layer.qkv(layer.ln1(x)).view(b, t, 3, layer.heads, hd).permute(2, 0, 3, 1, 4).unbind(0)
        ang = torch.arange(start, start + t, dtype=torch.float32, device=x.device)[:, None] \
            * layer.inv_freq.float()[None, :]
        cos = torch.cos(ang)
        sin = torch.sin(ang)
        q = rotate(q, cos, sin)
        k = torch.cat([past_k.float(), rotate(k, cos, sin)], dim=2)
        v = torch.cat([past_v.float(), v], dim=2)
        att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(hd)
        causal = torch.ones(t, p + t, dtype=torch.bool, device=x.device).triu(p + 1)
        att = att.masked_fill(causal, -1e9)
        y = torch.matmul(torch.softmax(att, dim=-1), v).transpose(1, 2).reshape(b, t, d)
        x = x + layer.proj(y)
        x = x + layer.fc2(F.gelu(layer.fc1(layer.ln2(x))))
        return x.to(hidden.dtype), k, v


class EmbedPart(nn.Module):
    def __init__(self, weight):
        super().__init__()
        self.weight = nn.Parameter(weight.detach().clone(), requires_grad=False)

    def forward(self, ids):
        return F.embedding(ids, self.weight.float()).to(self.weight.dtype)


class HeadPart(nn.Module):
    """Final norm + LM head (tied to the embeddings) -> logits."""

    def __init__(self, norm: LayerNorm, weight):
        super().__init__()
        self.norm = norm
        self.weight = nn.Parameter(weight.detach().clone(), requires_grad=False)

    def forward(self, hidden):
        return F.linear(self.norm(hidden.float()), self.weight.float()).to(hidden.dtype)
