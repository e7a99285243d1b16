"""Miniature look-alikes of the Hugging Face speech LLM classes, in plain PyTorch, for tests.

`transformers` cannot be installed on the machines that run GapScope's tests. These classes have the
same module structure and attribute names as transformers' ``Qwen2AudioForConditionalGeneration``
(``audio_tower`` = ``Qwen2AudioEncoder``, ``multi_modal_projector``, ``language_model`` =
``Qwen2ForCausalLM``), ``WhisperEncoder``, ``LlamaForCausalLM``, openai-whisper's ``AudioEncoder`` and
LLaMA-Omni's concatenating speech projector, so that the exporter reads them exactly as it would read
the real models. Their forward passes follow transformers' eager code paths (written independently of
the exporter's parts) and serve as the reference the exported bundle must reproduce.
"""

import math
from types import SimpleNamespace
from typing import List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import nn


# ---------------------------------------------------------------------------------------------- generation


class GreedyGenerationMixin:
    """``generate(...)`` as transformers' greedy decoding, without a key-value cache: every step runs the whole
    sequence again (so hooks see the prompt in every pass, as GapScope's runtime without a cache does).
    Stops at ``generation_config.eos_token_id``; returns prompt + new ids for ids, new ids for embeddings."""

    generation_config = SimpleNamespace(eos_token_id=[])

    def generate(self, input_ids=None, inputs_embeds=None, max_new_tokens=20, do_sample=False, num_beams=1,
                 attention_mask=None, **inputs):
        if do_sample or num_beams != 1:
            raise ValueError("the look-alikes decode greedily only")
        eos = set(self.generation_config.eos_token_id or [])
        new = []
        prompt_ids = input_ids
        if inputs_embeds is None and hasattr(self, "embed_inputs"):
            # a speech model: its audio is encoded once, as with transformers' cache (only the decoder runs again)
            with torch.no_grad():
                inputs_embeds = self.embed_inputs(input_ids, **inputs)
            inputs = {}
        with torch.no_grad():
            for _ in range(max_new_tokens):
                if inputs_embeds is not None:
                    logits = self.decode_embeds(inputs_embeds)[0]
                else:
                    logits = self(input_ids, **inputs)[0]
                token = int(logits[0, -1].argmax())
                new.append(token)
                if token in eos:
                    break
                step = torch.tensor([[token]], device=logits.device)
                if inputs_embeds is not None:
                    inputs_embeds = torch.cat([inputs_embeds, self.get_input_embeddings()(step).to(inputs_embeds.dtype)],
                                              dim=1)
                else:
                    input_ids = torch.cat([input_ids, step], dim=1)
        if prompt_ids is not None:
            return torch.cat([prompt_ids, torch.tensor([new], device=prompt_ids.device)], dim=1)
        return torch.tensor([new])

    def decode_embeds(self, inputs_embeds):
        """(logits, hidden states, raw) of the language model for input embeddings."""
        return self.forward(inputs_embeds=inputs_embeds)


# ---------------------------------------------------------------------------------------------- Qwen2 / Llama


class Qwen2RMSNorm(nn.Module):
    def __init__(self, hidden_size, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden_size))
        self.variance_epsilon = eps

    def forward(self, hidden_states):
        input_dtype = hidden_states.dtype
        hidden_states = hidden_states.to(torch.float32)
        variance = hidden_states.pow(2).mean(-1, keepdim=True)
        hidden_states = hidden_states * torch.rsqrt(variance + self.variance_epsilon)
        return self.weight * hidden_states.to(input_dtype)


LlamaRMSNorm = Qwen2RMSNorm


class Qwen2RotaryEmbedding(nn.Module):
    def __init__(self, config):
        super().__init__()
        head_dim = getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
        inv_freq = 1.0 / (config.rope_theta ** (torch.arange(0, head_dim, 2, dtype=torch.int64).float() / head_dim))
        factor = getattr(config, "rope_llama3_factor", None)
        if factor:  # llama3-style frequency rescaling, to exercise a non-default inv_freq
            low, high, original = 1.0, 4.0, config.max_position_embeddings
            wavelen = 2 * math.pi / inv_freq
            smooth = (original / wavelen - low) / (high - low)
            scaled = torch.where(wavelen > original / low, inv_freq / factor, inv_freq)
            mid = (1 - smooth) * scaled / factor + smooth * scaled
            is_mid = (wavelen <= original / low) & (wavelen >= original / high)
            inv_freq = torch.where(is_mid, mid, scaled)
            self.rope_type = "llama3"
        else:
            self.rope_type = "default"
        self.register_buffer("inv_freq", inv_freq, persistent=False)
        self.attention_scaling = 1.0

    @torch.no_grad()
    def forward(self, x, position_ids):
        inv_freq_expanded = self.inv_freq[None, :, None].float().expand(position_ids.shape[0], -1, 1)
        position_ids_expanded = position_ids[:, None, :].float()
        freqs = (inv_freq_expanded.float() @ position_ids_expanded.float()).transpose(1, 2)
        emb = torch.cat((freqs, freqs), dim=-1)
        cos = emb.cos() * self.attention_scaling
        sin = emb.sin() * self.attention_scaling
        return cos.to(dtype=x.dtype), sin.to(dtype=x.dtype)


LlamaRotaryEmbedding = Qwen2RotaryEmbedding


def rotate_half(x):
    x1 = x[..., : x.shape[-1] // 2]
    x2 = x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def apply_rotary_pos_emb(q, k, cos, sin, unsqueeze_dim=1):
    cos = cos.unsqueeze(unsqueeze_dim)
    sin = sin.unsqueeze(unsqueeze_dim)
    return (q * cos) + (rotate_half(q) * sin), (k * cos) + (rotate_half(k) * sin)


def repeat_kv(hidden_states, n_rep):
    batch, num_key_value_heads, slen, head_dim = hidden_states.shape
    if n_rep == 1:
        return hidden_states
    hidden_states = hidden_states[:, :, None, :, :].expand(batch, num_key_value_heads, n_rep, slen, head_dim)
    return hidden_states.reshape(batch, num_key_value_heads * n_rep, slen, head_dim)


class Qwen2Attention(nn.Module):
    def __init__(self, config, layer_idx):
        super().__init__()
        self.config = config
        self.layer_idx = layer_idx
        self.head_dim = getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
        self.num_key_value_groups = config.num_attention_heads // config.num_key_value_heads
        self.scaling = self.head_dim ** -0.5
        bias = config.attention_bias
        self.q_proj = nn.Linear(config.hidden_size, config.num_attention_heads * self.head_dim, bias=bias)
        self.k_proj = nn.Linear(config.hidden_size, config.num_key_value_heads * self.head_dim, bias=bias)
        self.v_proj = nn.Linear(config.hidden_size, config.num_key_value_heads * self.head_dim, bias=bias)
        self.o_proj = nn.Linear(config.num_attention_heads * self.head_dim, config.hidden_size, bias=False)

    def forward(self, hidden_states, position_embeddings, attention_mask):
        input_shape = hidden_states.shape[:-1]
        hidden_shape = (*input_shape, -1, self.head_dim)
        query_states = self.q_proj(hidden_states).view(hidden_shape).transpose(1, 2)
        key_states = self.k_proj(hidden_states).view(hidden_shape).transpose(1, 2)
        value_states = self.v_proj(hidden_states).view(hidden_shape).transpose(1, 2)
        cos, sin = position_embeddings
        query_states, key_states = apply_rotary_pos_emb(query_states, key_states, cos, sin)
        key_states = repeat_kv(key_states, self.num_key_value_groups)
        value_states = repeat_kv(value_states, self.num_key_value_groups)
        attn_weights = torch.matmul(query_states, key_states.transpose(2, 3)) * self.scaling
        attn_weights = attn_weights + attention_mask
        attn_weights = F.softmax(attn_weights, dim=-1, dtype=torch.float32).to(query_states.dtype)
        attn_output = torch.matmul(attn_weights, value_states).transpose(1, 2).contiguous()
        attn_output = attn_output.reshape(*input_shape, -1).contiguous()
        return self.o_proj(attn_output)


LlamaAttention = Qwen2Attention


class SiLUActivation(nn.Module):
    def forward(self, x):
        return F.silu(x)


class Qwen2MLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.gate_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.up_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
        self.down_proj = nn.Linear(config.intermediate_size, config.hidden_size, bias=False)
        self.act_fn = SiLUActivation()

    def forward(self, x):
        return self.down_proj(self.act_fn(self.gate_proj(x)) * self.up_proj(x))


LlamaMLP = Qwen2MLP


class Qwen2DecoderLayer(nn.Module):
    def __init__(self, config, layer_idx):
        super().__init__()
        self.hidden_size = config.hidden_size
        self.self_attn = Qwen2Attention(config, layer_idx)
        self.mlp = Qwen2MLP(config)
        self.input_layernorm = Qwen2RMSNorm(config.hidden_size, eps=config.rms_norm_eps)
        self.post_attention_layernorm = Qwen2RMSNorm(config.hidden_size, eps=config.rms_norm_eps)

    def forward(self, hidden_states, attention_mask, position_embeddings):
        residual = hidden_states
        hidden_states = self.input_layernorm(hidden_states)
        hidden_states = self.self_attn(hidden_states, position_embeddings, attention_mask)
        hidden_states = residual + hidden_states
        residual = hidden_states
        hidden_states = self.post_attention_layernorm(hidden_states)
        hidden_states = self.mlp(hidden_states)
        return residual + hidden_states


LlamaDecoderLayer = Qwen2DecoderLayer


class Qwen2Model(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.embed_tokens = nn.Embedding(config.vocab_size, config.hidden_size)
        self.layers = nn.ModuleList([Qwen2DecoderLayer(config, i) for i in range(config.num_hidden_layers)])
        self.norm = Qwen2RMSNorm(config.hidden_size, eps=config.rms_norm_eps)
        self.rotary_emb = Qwen2RotaryEmbedding(config)

    def forward(self, inputs_embeds, output_hidden_states=False):
        """Returns (last normed state, hidden states as transformers reports them, raw layer outputs)."""
        t = inputs_embeds.shape[1]
        position_ids = torch.arange(t)[None, :]
        min_value = torch.finfo(inputs_embeds.dtype).min
        mask = torch.full((t, t), min_value, dtype=inputs_embeds.dtype).triu(1)[None, None]
        position_embeddings = self.rotary_emb(inputs_embeds, position_ids)
        hidden_states = inputs_embeds
        all_hidden = []
        raw = [inputs_embeds]
        for layer in self.layers:
            all_hidden.append(hidden_states)
            hidden_states = layer(hidden_states, mask, position_embeddings)
            raw.append(hidden_states)
        hidden_states = self.norm(hidden_states)
        all_hidden.append(hidden_states)  # transformers reports the last state after the final norm
        return hidden_states, tuple(all_hidden), raw


LlamaModel = Qwen2Model


class Qwen2ForCausalLM(GreedyGenerationMixin, nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.model = Qwen2Model(config)
        self.lm_head = nn.Linear(config.hidden_size, config.vocab_size, bias=False)

    def get_input_embeddings(self):
        return self.model.embed_tokens

    def forward_embeds(self, inputs_embeds):
        last, hidden, raw = self.model(inputs_embeds)
        return self.lm_head(last), hidden, raw

    def forward(self, input_ids=None, inputs_embeds=None, attention_mask=None, **ignored):
        """Returns (logits, transformers-style hidden states, raw per-layer outputs)."""
        if inputs_embeds is None:
            inputs_embeds = self.get_input_embeddings()(input_ids)
        return self.forward_embeds(inputs_embeds)


LlamaForCausalLM = Qwen2ForCausalLM


def qwen2_config(**overrides):
    c = dict(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
             num_key_value_heads=2, head_dim=8, rms_norm_eps=1e-6, rope_theta=10000.0, max_position_embeddings=128,
             hidden_act="silu", attention_bias=True, use_sliding_window=False, sliding_window=None)
    c.update(overrides)
    return SimpleNamespace(**c)


def llama_config(**overrides):
    c = dict(attention_bias=False, rope_theta=500000.0, rope_llama3_factor=8.0)
    c.update(overrides)
    return qwen2_config(**c)


# ---------------------------------------------------------------------------------------------- Whisper-like encoders


class GELUActivation(nn.Module):
    def forward(self, x):
        return F.gelu(x)


class WhisperAttention(nn.Module):
    """Qwen2AudioAttention / WhisperAttention: q, v, out with bias; k without."""

    def __init__(self, embed_dim, num_heads):
        super().__init__()
        self.embed_dim = embed_dim
        self.num_heads = num_heads
        self.head_dim = embed_dim // num_heads
        self.scaling = self.head_dim ** -0.5
        self.k_proj = nn.Linear(embed_dim, embed_dim, bias=False)
        self.v_proj = nn.Linear(embed_dim, embed_dim, bias=True)
        self.q_proj = nn.Linear(embed_dim, embed_dim, bias=True)
        self.out_proj = nn.Linear(embed_dim, embed_dim, bias=True)

    def _shape(self, tensor, seq_len, bsz):
        return tensor.view(bsz, seq_len, self.num_heads, self.head_dim).transpose(1, 2).contiguous()

    def forward(self, hidden_states, attention_mask=None):
        bsz, tgt_len, _ = hidden_states.size()
        query_states = self._shape(self.q_proj(hidden_states) * self.scaling, tgt_len, bsz)
        key_states = self._shape(self.k_proj(hidden_states), -1, bsz)
        value_states = self._shape(self.v_proj(hidden_states), -1, bsz)
        attn_weights = torch.matmul(query_states, key_states.transpose(2, 3))
        if attention_mask is not None:
            attn_weights = attn_weights + attention_mask[:, :, :, : key_states.shape[-2]]
        attn_weights = F.softmax(attn_weights, dim=-1)
        attn_output = torch.matmul(attn_weights, value_states).transpose(1, 2)
        attn_output = attn_output.reshape(bsz, tgt_len, self.embed_dim)
        return self.out_proj(attn_output)


Qwen2AudioAttention = WhisperAttention


class WhisperEncoderLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.embed_dim = config.d_model
        self.self_attn = WhisperAttention(config.d_model, config.encoder_attention_heads)
        self.self_attn_layer_norm = nn.LayerNorm(self.embed_dim)
        self.activation_fn = GELUActivation()
        self.fc1 = nn.Linear(self.embed_dim, config.encoder_ffn_dim)
        self.fc2 = nn.Linear(config.encoder_ffn_dim, self.embed_dim)
        self.final_layer_norm = nn.LayerNorm(self.embed_dim)

    def forward(self, hidden_states, attention_mask):
        residual = hidden_states
        hidden_states = self.self_attn_layer_norm(hidden_states)
        hidden_states = self.self_attn(hidden_states, attention_mask=attention_mask)
        hidden_states = residual + hidden_states
        residual = hidden_states
        hidden_states = self.final_layer_norm(hidden_states)
        hidden_states = self.fc2(self.activation_fn(self.fc1(hidden_states)))
        return residual + hidden_states


Qwen2AudioEncoderLayer = WhisperEncoderLayer


def sinusoids(length, channels, max_timescale=10000):
    log_timescale_increment = math.log(max_timescale) / (channels // 2 - 1)
    inv_timescales = torch.exp(-log_timescale_increment * torch.arange(channels // 2))
    scaled_time = torch.arange(length)[:, None] * inv_timescales[None, :]
    return torch.cat([torch.sin(scaled_time), torch.cos(scaled_time)], dim=1)


class WhisperEncoder(nn.Module):
    """transformers' WhisperEncoder (no average pooling, no attention mask)."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        embed_dim = config.d_model
        self.num_mel_bins = config.num_mel_bins
        self.max_source_positions = config.max_source_positions
        self.conv1 = nn.Conv1d(self.num_mel_bins, embed_dim, kernel_size=3, padding=1)
        self.conv2 = nn.Conv1d(embed_dim, embed_dim, kernel_size=3, stride=2, padding=1)
        self.embed_positions = nn.Embedding(self.max_source_positions, embed_dim)
        self.embed_positions.requires_grad_(False)
        with torch.no_grad():
            self.embed_positions.weight.copy_(sinusoids(self.max_source_positions, embed_dim))
        self.layers = nn.ModuleList([WhisperEncoderLayer(config) for _ in range(config.encoder_layers)])
        self.layer_norm = nn.LayerNorm(config.d_model)

    def _embed(self, input_features):
        expected = self.max_source_positions * self.conv1.stride[0] * self.conv2.stride[0]
        if input_features.shape[-1] != expected:
            raise ValueError(f"expects mel features of length {expected}, found {input_features.shape[-1]}")
        inputs_embeds = F.gelu(self.conv1(input_features))
        inputs_embeds = F.gelu(self.conv2(inputs_embeds))
        inputs_embeds = inputs_embeds.permute(0, 2, 1)
        return inputs_embeds + self.embed_positions.weight

    def forward(self, input_features, attention_mask=None):
        hidden_states = self._embed(input_features)
        for layer in self.layers:
            hidden_states = layer(hidden_states, attention_mask)
        return SimpleNamespace(last_hidden_state=self.layer_norm(hidden_states))


class Qwen2AudioEncoder(WhisperEncoder):
    """transformers' Qwen2AudioEncoder: a WhisperEncoder with average pooling before the final norm."""

    def __init__(self, config):
        super().__init__(config)
        self.avg_pooler = nn.AvgPool1d(2, stride=2)

    def forward(self, input_features, attention_mask=None):
        hidden_states = self._embed(input_features)
        for layer in self.layers:
            hidden_states = layer(hidden_states, attention_mask)
        hidden_states = hidden_states.permute(0, 2, 1)
        hidden_states = self.avg_pooler(hidden_states)
        hidden_states = hidden_states.permute(0, 2, 1)
        return SimpleNamespace(last_hidden_state=self.layer_norm(hidden_states))

    def _get_feat_extract_output_lengths(self, input_lengths):
        input_lengths = (input_lengths - 1) // 2 + 1
        output_lengths = (input_lengths - 2) // 2 + 1
        return input_lengths, output_lengths


def encoder_config(**overrides):
    c = dict(num_mel_bins=80, d_model=16, encoder_layers=2, encoder_attention_heads=2, encoder_ffn_dim=32,
             max_source_positions=1500, activation_function="gelu")
    c.update(overrides)
    return SimpleNamespace(**c)


# openai-whisper naming (LLaMA-Omni loads its encoder with `whisper.load_model(...).encoder`)

class MultiHeadAttention(nn.Module):
    def __init__(self, n_state, n_head):
        super().__init__()
        self.n_head = n_head
        self.query = nn.Linear(n_state, n_state)
        self.key = nn.Linear(n_state, n_state, bias=False)
        self.value = nn.Linear(n_state, n_state)
        self.out = nn.Linear(n_state, n_state)

    def forward(self, x):
        n_batch, n_ctx, n_state = x.shape
        scale = (n_state // self.n_head) ** -0.25
        q = self.query(x).view(n_batch, n_ctx, self.n_head, -1).permute(0, 2, 1, 3) * scale
        k = self.key(x).view(n_batch, n_ctx, self.n_head, -1).permute(0, 2, 3, 1) * scale
        v = self.value(x).view(n_batch, n_ctx, self.n_head, -1).permute(0, 2, 1, 3)
        w = (q @ k).float().softmax(dim=-1).to(q.dtype)
        return self.out((w @ v).permute(0, 2, 1, 3).flatten(start_dim=2))


class ResidualAttentionBlock(nn.Module):
    def __init__(self, n_state, n_head):
        super().__init__()
        self.attn = MultiHeadAttention(n_state, n_head)
        self.attn_ln = nn.LayerNorm(n_state)
        self.mlp = nn.Sequential(nn.Linear(n_state, 4 * n_state), nn.GELU(), nn.Linear(4 * n_state, n_state))
        self.mlp_ln = nn.LayerNorm(n_state)

    def forward(self, x):
        x = x + self.attn(self.attn_ln(x))
        return x + self.mlp(self.mlp_ln(x))


class AudioEncoder(nn.Module):
    def __init__(self, n_mels, n_ctx, n_state, n_head, n_layer):
        super().__init__()
        self.conv1 = nn.Conv1d(n_mels, n_state, kernel_size=3, padding=1)
        self.conv2 = nn.Conv1d(n_state, n_state, kernel_size=3, stride=2, padding=1)
        self.register_buffer("positional_embedding", sinusoids(n_ctx, n_state))
        self.blocks = nn.ModuleList([ResidualAttentionBlock(n_state, n_head) for _ in range(n_layer)])
        self.ln_post = nn.LayerNorm(n_state)

    def forward(self, x):
        x = F.gelu(self.conv1(x))
        x = F.gelu(self.conv2(x))
        x = x.permute(0, 2, 1)
        x = (x + self.positional_embedding).to(x.dtype)
        for block in self.blocks:
            x = block(x)
        return self.ln_post(x)


# ---------------------------------------------------------------------------------------------- projectors, full models


class Qwen2AudioMultiModalProjector(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.linear = nn.Linear(config.audio_config.d_model, config.text_config.hidden_size, bias=True)

    def forward(self, audio_features):
        return self.linear(audio_features)


class EncoderProjectorConcat(nn.Module):
    """LLaMA-Omni's speech projector: concatenate k frames, Linear, ReLU, Linear."""

    def __init__(self, k, encoder_dim, hidden, llm_dim):
        super().__init__()
        self.k = k
        self.linear1 = nn.Linear(encoder_dim * k, hidden)
        self.relu = nn.ReLU()
        self.linear2 = nn.Linear(hidden, llm_dim)

    def forward(self, x):
        batch_size, seq_len, dim = x.size()
        discard = seq_len % self.k
        if discard > 0:
            x = x[:, :-discard, :]
        seq_len = x.size(1)
        x = x.contiguous().view(batch_size, seq_len // self.k, dim * self.k)
        return self.linear2(self.relu(self.linear1(x)))


class Qwen2AudioForConditionalGeneration(GreedyGenerationMixin, nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.audio_tower = Qwen2AudioEncoder(config.audio_config)
        self.multi_modal_projector = Qwen2AudioMultiModalProjector(config)
        self.language_model = Qwen2ForCausalLM(config.text_config)

    def get_input_embeddings(self):
        return self.language_model.get_input_embeddings()

    def audio_embeddings(self, input_features, feature_attention_mask):
        """The speech positions as transformers computes them (masked encoder, valid positions only)."""
        audio_feat_lengths, audio_output_lengths = self.audio_tower._get_feat_extract_output_lengths(
            feature_attention_mask.sum(-1))
        batch_size, _, max_mel_seq_len = input_features.shape
        max_seq_len = (max_mel_seq_len - 2) // 2 + 1
        seq_range = torch.arange(0, max_seq_len, dtype=audio_feat_lengths.dtype).unsqueeze(0).expand(
            batch_size, max_seq_len)
        padding_mask = seq_range >= audio_feat_lengths.unsqueeze(1).expand(batch_size, max_seq_len)
        audio_attention_mask_ = padding_mask.view(batch_size, 1, 1, max_seq_len).expand(
            batch_size, 1, max_seq_len, max_seq_len)
        audio_attention_mask = audio_attention_mask_.to(dtype=self.audio_tower.conv1.weight.dtype)
        audio_attention_mask[audio_attention_mask_] = float("-inf")
        audio_outputs = self.audio_tower(input_features, attention_mask=audio_attention_mask)
        audio_features = self.multi_modal_projector(audio_outputs.last_hidden_state)
        return audio_features[0, : int(audio_output_lengths[0])]

    def embed_inputs(self, input_ids, input_features=None, feature_attention_mask=None, **ignored):
        """The language model's input embeddings: token embeddings with the audio positions filled in."""
        inputs_embeds = self.get_input_embeddings()(input_ids)
        if input_features is not None:
            audio = self.audio_embeddings(input_features, feature_attention_mask)
            special = (input_ids == self.config.audio_token_index).unsqueeze(-1).expand_as(inputs_embeds)
            inputs_embeds = inputs_embeds.masked_scatter(special, audio.to(inputs_embeds.dtype))
        return inputs_embeds

    def decode_embeds(self, inputs_embeds):
        return self.language_model.forward_embeds(inputs_embeds)

    def forward(self, input_ids, input_features=None, feature_attention_mask=None, attention_mask=None, **ignored):
        """Returns (logits, transformers-style hidden states, raw per-layer outputs)."""
        return self.decode_embeds(self.embed_inputs(input_ids, input_features, feature_attention_mask))


class OmniSpeechLikeModel(nn.Module):
    """Whisper encoder + concatenating projector + Llama, combined as LLaMA-Omni does at inference."""

    def __init__(self, encoder, projector, causal_lm, speech_token_index):
        super().__init__()
        self.speech_encoder = encoder
        self.speech_projector = projector
        self.causal_lm = causal_lm
        self.speech_token_index = speech_token_index

    def speech_embeddings(self, input_features, n_frames):
        out = self.speech_encoder(input_features)
        hidden = out.last_hidden_state if hasattr(out, "last_hidden_state") else out
        proj = self.speech_projector(hidden)
        valid = (n_frames - 1) // 2 + 1
        return proj[0, : valid // self.speech_projector.k]

    def forward(self, input_ids, input_features=None, n_frames=None):
        inputs_embeds = self.causal_lm.get_input_embeddings()(input_ids)
        if input_features is not None:
            speech = self.speech_embeddings(input_features, n_frames)
            special = (input_ids == self.speech_token_index).unsqueeze(-1).expand_as(inputs_embeds)
            inputs_embeds = inputs_embeds.masked_scatter(special, speech.to(inputs_embeds.dtype))
        return self.causal_lm.forward_embeds(inputs_embeds)


def randomize(model: nn.Module, seed: int, std: float = 0.3) -> nn.Module:
    """Gives every parameter random values (norm weights around 1) so that all code paths matter."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "embed_positions" in name:
                continue
            noise = torch.randn(p.shape, generator=g) * std
            if "norm" in name or name.endswith("_ln.weight") or "ln_post" in name:
                p.copy_(1.0 + noise * 0.3) if name.endswith("weight") else p.copy_(noise * 0.3)
            else:
                p.copy_(noise)
    return model.eval()
