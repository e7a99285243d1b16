"""Look-alikes of the transformers *processors* and of the speech LLM families the capture kit supports.

Like ``hf_lookalike.py`` (whose models these reuse), these are plain PyTorch / NumPy stand-ins with the
attribute names and the behaviour the kit relies on, written from transformers' modeling_*.py and
processing_*.py: a fast tokenizer with offsets (``WordTokenizer``; ``MistralLikeTokenizer`` gives none,
as mistral-common's), Whisper's feature extractor (log-mel of the waveform zero-padded to 30 s, an
attention mask of ceil(samples / 160) frames), each processor's chat template, placeholder expansion and
calling convention (``audio=`` or ``audios=``, Voxtral's ``apply_chat_template`` that tokenizes and loads
the audio itself), and models laid out as Qwen2.5-Omni's thinker, Voxtral and Granite Speech (whose
language model scales its input embeddings). They let the kit's family rules be tested where
transformers cannot be installed; they are not the real classes.
"""

import math
import re
import sys
import wave
from pathlib import Path

import numpy as np
import torch
from torch import nn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "core" / "src" / "test" / "python"))

import hf_lookalike as hf  # noqa: E402
import whisper_logmel_reference as logmel  # noqa: E402


class Batch(dict):
    """A BatchFeature: a dict whose tensors can be moved together."""

    def to(self, *args, **kwargs):
        return Batch({k: v.to(*args, **kwargs) if isinstance(v, torch.Tensor) else v for k, v in self.items()})


# ---------------------------------------------------------------------------------------------- tokenizers


class WordTokenizer:
    """A fast tokenizer of whole words: special tokens are split out first (anywhere, as added tokens are), the rest
    at white space; every word must be in the vocabulary. Gives character offsets like a fast tokenizer."""

    is_fast = True

    def __init__(self, words, specials, template=None):
        self.specials = list(specials)
        ordered = list(dict.fromkeys(self.specials + [w for w in words if w not in specials]))
        self.vocab = {t: i for i, t in enumerate(ordered)}
        self.inverse = {i: t for t, i in self.vocab.items()}
        self.all_special_ids = [self.vocab[t] for t in self.specials]
        self.template = template
        self._special = re.compile("|".join(re.escape(t) for t in sorted(self.specials, key=len, reverse=True)))

    def _pieces(self, text):
        out, pos = [], 0
        for m in list(self._special.finditer(text)) + [None]:
            end = m.start() if m else len(text)
            for w in re.finditer(r"\S+", text[pos:end]):
                out.append((w.group(), pos + w.start(), pos + w.end()))
            if m:
                out.append((m.group(), m.start(), m.end()))
                pos = m.end()
        return out

    def _encode(self, text):
        pieces = self._pieces(text)
        missing = [p for p, _, _ in pieces if p not in self.vocab]
        if missing:
            raise ValueError(f"not in the vocabulary: {missing}")
        return [self.vocab[p] for p, _, _ in pieces], [(a, b) for _, a, b in pieces]

    def __call__(self, text, add_special_tokens=True, return_offsets_mapping=False, return_tensors=None, padding=False,
                 **ignored):
        batch = [text] if isinstance(text, str) else list(text)
        encoded = [self._encode(t) for t in batch]
        ids = [e[0] for e in encoded]
        out = Batch({"input_ids": ids, "attention_mask": [[1] * len(i) for i in ids]})
        if return_offsets_mapping:
            out["offset_mapping"] = [e[1] for e in encoded]
        if return_tensors == "pt":
            out = Batch({k: torch.tensor(v) for k, v in out.items()})
        elif isinstance(text, str):
            out = Batch({k: v[0] for k, v in out.items()})
        return out

    def encode(self, text, add_special_tokens=True):
        return self._encode(text)[0]

    def decode(self, ids, skip_special_tokens=False):
        ids = ids.tolist() if isinstance(ids, torch.Tensor) else list(ids)
        return " ".join(self.inverse[i] for i in ids if not (skip_special_tokens and i in self.all_special_ids))

    def convert_tokens_to_ids(self, token):
        return self.vocab[token]

    def convert_ids_to_tokens(self, ids):
        return [self.inverse[int(i)] for i in ids]

    def apply_chat_template(self, messages, tokenize=False, add_generation_prompt=True, **ignored):
        text = self.template(messages)
        return text if not tokenize else self(text)["input_ids"]


class MistralLikeTokenizer(WordTokenizer):
    """As mistral-common's tokenizer in transformers: no character offsets."""

    is_fast = False

    def __call__(self, text, return_offsets_mapping=False, **kwargs):
        if return_offsets_mapping:
            raise NotImplementedError("return_offsets_mapping is not available for this tokenizer")
        return super().__call__(text, **kwargs)


def message_text(message):
    content = message["content"]
    if isinstance(content, str):
        return content
    return " ".join(c.get("text", "") for c in content if c.get("type") == "text")


# ---------------------------------------------------------------------------------------------- features


class WhisperLikeFeatureExtractor:
    """WhisperFeatureExtractor: log-mel of the waveform zero-padded to 30 s (float64, Whisper's definition),
    ``attention_mask`` with ceil(samples / 160) valid frames."""

    def __init__(self, n_mels=80):
        self.feature_size = n_mels

    def __call__(self, raw, sampling_rate=16000, return_tensors="pt", return_attention_mask=True, padding="max_length",
                 **ignored):
        waves = [raw] if isinstance(raw, np.ndarray) and raw.ndim == 1 else list(raw)
        feats, masks = [], []
        for w in waves:
            w = np.asarray(w, dtype=np.float64)
            padded = np.zeros(480000)
            padded[: len(w)] = w[:480000]
            feats.append(logmel.log_mel(padded, self.feature_size).astype(np.float32))
            mask = np.zeros(3000, dtype=np.int64)
            mask[: math.ceil(len(w) / 160)] = 1
            masks.append(mask)
        return Batch({"input_features": torch.from_numpy(np.stack(feats)),
                      "attention_mask": torch.from_numpy(np.stack(masks))})


def read_wav(path):
    with wave.open(str(path), "rb") as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


def write_wav(path, samples):
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())


# ---------------------------------------------------------------------------------------------- processors


def expanded_audio_tokens(frames):
    """Qwen2-Audio's and Qwen2.5-Omni's count: ((F - 1) // 2 + 1 - 2) // 2 + 1."""
    return ((frames - 1) // 2 + 1 - 2) // 2 + 1


class Qwen2AudioProcessor:
    """Qwen2AudioProcessor: renders the chat template, expands ``<|AUDIO|>`` by the feature mask (``audios=`` keyword,
    as in transformers before 4.51: the kit must pick the keyword the signature names)."""

    audio_token = "<|AUDIO|>"

    def __init__(self, tokenizer, feature_extractor, template):
        self.tokenizer, self.feature_extractor, self.template = tokenizer, feature_extractor, template

    def apply_chat_template(self, conversation, add_generation_prompt=True, tokenize=False, **ignored):
        return self.template(conversation)

    def __call__(self, text=None, audios=None, sampling_rate=None, return_tensors=None, **kwargs):
        text = text if isinstance(text, str) else text[0]
        out = Batch()
        if audios is not None:
            feats = self.feature_extractor(audios, sampling_rate=sampling_rate)
            frames = int(feats["attention_mask"].sum())
            text = text.replace(self.audio_token, self.audio_token * expanded_audio_tokens(frames), 1)
            out["input_features"] = feats["input_features"]
            out["feature_attention_mask"] = feats["attention_mask"]
        enc = self.tokenizer(text, return_tensors="pt")
        out.update(enc)
        return out


class Qwen25OmniProcessor(Qwen2AudioProcessor):
    """Qwen2_5OmniProcessor: ``audio=`` keyword, the system message it expects, placeholder expansion."""

    def apply_chat_template(self, conversation, add_generation_prompt=True, tokenize=False, **ignored):
        if conversation[0]["role"] != "system" or not message_text(conversation[0]).startswith("You are Qwen,"):
            raise ValueError("Qwen2.5-Omni expects its own system prompt")
        return self.template(conversation)

    def __call__(self, text=None, audio=None, return_tensors=None, padding=False, use_audio_in_video=False, **kwargs):
        return super().__call__(text=text, audios=audio, return_tensors=return_tensors)


class VoxtralProcessor:
    """VoxtralProcessor: ``apply_chat_template`` tokenizes and loads the audio itself (from ``path``), pads it to a
    multiple of 30 s and gives 375 ``[AUDIO]`` (id ``audio_token_id``) per 30 s chunk."""

    def __init__(self, tokenizer, feature_extractor, template):
        self.tokenizer, self.feature_extractor, self.template = tokenizer, feature_extractor, template
        self.audio_token_id = tokenizer.convert_tokens_to_ids("[AUDIO]")

    def apply_chat_template(self, conversation, **ignored):
        content = conversation[0]["content"]
        audio = [c for c in content if c.get("type") == "audio"]
        text = self.template(conversation)
        out = Batch()
        if audio:
            w = read_wav(audio[0]["path"])
            chunks = max(1, math.ceil(len(w) / 480000))
            text = text.replace("[AUDIO]", "[AUDIO]" * (375 * chunks), 1)
            out["input_features"] = self.feature_extractor(w)["input_features"]
        out.update(self.tokenizer(text, return_tensors="pt"))
        return out


class GraniteSpeechProcessor:
    """GraniteSpeechProcessor: ``processor(text, audio=tensor)``, ``<|audio|>`` expanded to the projector's length
    (here: one position per 4 valid frames), features with their mask."""

    audio_token = "<|audio|>"

    def __init__(self, tokenizer, feature_extractor):
        self.tokenizer, self.feature_extractor = tokenizer, feature_extractor

    def __call__(self, text, audio=None, device="cpu", return_tensors=None, **kwargs):
        text = text if isinstance(text, str) else text[0]
        out = Batch()
        if audio is not None:
            feats = self.feature_extractor(audio.numpy())
            frames = int(feats["attention_mask"].sum())
            text = text.replace(self.audio_token, self.audio_token * math.ceil(frames / 4), 1)
            out["input_features"] = feats["input_features"]
            out["input_features_mask"] = feats["attention_mask"]
        out.update(self.tokenizer(text, return_tensors="pt"))
        return out


# ---------------------------------------------------------------------------------------------- models


def _merge(inputs_embeds, input_ids, audio_id, audio):
    special = (input_ids == audio_id).unsqueeze(-1).expand_as(inputs_embeds)
    return inputs_embeds.masked_scatter(special, audio.to(inputs_embeds.dtype))


class _AudioLm(hf.GreedyGenerationMixin, nn.Module):
    """Shared forward: embed ids, merge the audio positions, run the decoder (``self.model``), the head."""

    def get_input_embeddings(self):
        return self.model.embed_tokens

    def embed_inputs(self, input_ids, **features):
        embeds = self.get_input_embeddings()(input_ids)
        audio = self.audio(**features)
        if audio is not None:
            embeds = _merge(embeds, input_ids, self.audio_token_id, audio)
        return embeds

    def decode_embeds(self, inputs_embeds):
        last, hidden, raw = self.model(inputs_embeds)
        return self.lm_head(last), hidden, raw

    def forward(self, input_ids, attention_mask=None, **features):
        return self.decode_embeds(self.embed_inputs(input_ids, **features))


class Qwen2_5OmniThinkerForConditionalGeneration(_AudioLm):
    """The thinker: ``audio_tower``, ``visual``, ``model`` (the text decoder) and ``lm_head``."""

    def __init__(self, text_config, audio_config, audio_token_id):
        super().__init__()
        self.audio_token_id = audio_token_id
        self.audio_tower = hf.Qwen2AudioEncoder(audio_config)
        self.audio_tower.proj = nn.Linear(audio_config.d_model, text_config.hidden_size)
        self.visual = nn.Module()
        self.model = hf.Qwen2Model(text_config)
        self.lm_head = nn.Linear(text_config.hidden_size, text_config.vocab_size, bias=False)

    def audio(self, input_features=None, feature_attention_mask=None, **ignored):
        if input_features is None:
            return None
        frames = int(feature_attention_mask.sum())
        out = self.audio_tower(input_features).last_hidden_state
        return self.audio_tower.proj(out)[0, : expanded_audio_tokens(frames)]


class _WrappedCausalLm(_AudioLm):
    """A speech LLM whose language model is a whole causal LM under ``language_model`` (decoder and head inside)."""

    @property
    def model(self):
        return self.language_model.model

    @property
    def lm_head(self):
        return self.language_model.lm_head


class VoxtralForConditionalGeneration(_WrappedCausalLm):
    """``audio_tower`` (Whisper encoder), ``multi_modal_projector`` (4 frames stacked, linear_1, act, linear_2),
    ``language_model`` (a Llama causal LM); the decoder is found at ``language_model.model``."""

    def __init__(self, text_config, audio_config, audio_token_id):
        super().__init__()
        self.audio_token_id = audio_token_id
        self.audio_tower = hf.WhisperEncoder(audio_config)
        self.multi_modal_projector = nn.Module()
        self.multi_modal_projector.linear_1 = nn.Linear(4 * audio_config.d_model, text_config.hidden_size)
        self.multi_modal_projector.act = nn.GELU()
        self.multi_modal_projector.linear_2 = nn.Linear(text_config.hidden_size, text_config.hidden_size)
        self.language_model = hf.LlamaForCausalLM(text_config)

    def audio(self, input_features=None, **ignored):
        if input_features is None:
            return None
        hidden = self.audio_tower(input_features).last_hidden_state  # [chunks, 1500, d]
        p = self.multi_modal_projector
        return p.linear_2(p.act(p.linear_1(hidden.reshape(-1, 4 * hidden.shape[-1]))))


class GraniteModel(hf.Qwen2Model):
    """Granite's decoder: multiplies its input embeddings by ``embedding_multiplier`` before the first layer."""

    def forward(self, inputs_embeds, output_hidden_states=False):
        return super().forward(inputs_embeds * self.config.embedding_multiplier, output_hidden_states)


class GraniteSpeechForConditionalGeneration(_WrappedCausalLm):
    """``encoder``, ``projector`` and ``language_model`` (a Granite causal LM)."""

    def __init__(self, text_config, audio_token_id):
        super().__init__()
        self.audio_token_id = audio_token_id
        self.encoder = nn.Sequential(nn.Linear(80, 24), nn.GELU(), nn.Linear(24, 24))
        self.projector = nn.Linear(4 * 24, text_config.hidden_size)
        self.language_model = hf.Qwen2ForCausalLM(text_config)
        self.language_model.model = GraniteModel(text_config)

    def audio(self, input_features=None, input_features_mask=None, **ignored):
        if input_features is None:
            return None
        frames = int(input_features_mask.sum())
        x = self.encoder(input_features[0, :, : 4 * math.ceil(frames / 4)].T)  # [frames, 24]
        return self.projector(x.reshape(-1, 4 * 24))
