"""How each speech LLM family is prompted and where its query span lies (the per-family rules).

Every family builds two prompts per example inside the model's own chat template, with its own processor:
the typed question (the transcript as the user's message) and the spoken one (the audio as the user's
message, nothing else). The **speech span** is the positions the processor filled with the audio token
(after it expanded the single placeholder to one token per audio position); the **text span** is the
tokens of the transcript inside the rendered template: the tokens whose characters overlap the
transcript (fast tokenizers' offsets), or else the transcript's own tokens found once in the prompt.
Family by family (transformers classes; read from their modeling_*.py / processing_*.py):

* ``qwen2-audio`` - ``Qwen2AudioForConditionalGeneration`` + ``Qwen2AudioProcessor``: speech message
  ``[{"type": "audio", "audio_url": ...}]`` renders as ``Audio 1: <|audio_bos|><|AUDIO|><|audio_eos|>``;
  the processor expands ``<|AUDIO|>`` to ((F - 1) // 2 + 1 - 2) // 2 + 1 tokens for F valid log-mel
  frames (30 s: 750). Default system prompt ``You are a helpful assistant.`` (the template adds it).
* ``qwen2.5-omni`` - the thinker, ``Qwen2_5OmniThinkerForConditionalGeneration`` +
  ``Qwen2_5OmniProcessor``: system message ``You are Qwen, a virtual human developed by the Qwen Team, ...``
  (the processor warns without it), speech message ``[{"type": "audio", "audio": ...}]``; ``<|AUDIO|>``
  expanded by the same length rule; the talker (speech output) is not loaded.
* ``voxtral`` - ``VoxtralForConditionalGeneration`` + ``VoxtralProcessor`` (mistral-common tokenizer):
  ``apply_chat_template`` tokenizes and loads the audio itself; speech positions are token id 24
  (``[AUDIO]``), 375 per 30 s chunk (the clip is padded to a multiple of 30 s, 8 log-mel frames per
  position); the span keeps the first ceil(F / 8) of them, those covering the clip's F valid frames;
  mistral-common gives no offsets, so the transcript's tokens are found by search.
* ``granite-speech`` - ``GraniteSpeechForConditionalGeneration`` + ``GraniteSpeechProcessor``: the
  user message is ``<|audio|>`` (speech) or the transcript (text), rendered by the tokenizer's chat
  template; the processor expands ``<|audio|>`` to the projector's output length. Granite's language
  model multiplies its input embeddings by ``embedding_multiplier``: hidden state 0 is taken as the
  first decoder layer receives it, i.e. after that scaling.
* ``whisper-llm`` - the paper's family (a Whisper encoder, a frame-concatenating projector, a Llama or
  Qwen2 causal LM; LLaMA-Omni style), which transformers has no class for: a loader you name with
  ``--loader module:function`` returns the parts and a prompt template with ``{speech}`` / ``{text}``,
  and the kit builds the prompt exactly as GapScope's bundle runtime does (template text tokenized
  without special tokens; spaces just before ``{text}`` belong to the query; speech positions from the
  valid frames only: ((F - 1) // 2 + 1) // k).
"""

import hashlib
import importlib
import inspect
import math
import os
from dataclasses import dataclass, field
from typing import List

import numpy as np
import torch
from torch import nn

FRAME_SECONDS = 0.01
QWEN_OMNI_SYSTEM = ("You are Qwen, a virtual human developed by the Qwen Team, Alibaba Group, capable of perceiving "
                    "auditory and visual inputs, as well as generating text and speech.")


class FamilyError(Exception):
    """The model or a query cannot be handled; the message says why."""


@dataclass
class Query:
    """One prompt ready for the model: its inputs, the query span [start, end) and the span's token names."""
    inputs: dict
    start: int
    end: int
    tokens: List[str]
    prompt_length: int
    times: List[float] = field(default_factory=list)
    seconds: float = float("nan")


def find_decoder(model):
    """The decoder (with ``layers``, ``embed_tokens`` and a final norm) inside a speech LLM, however it is wrapped."""
    frontier, seen = [model], set()
    for _ in range(5):
        following = []
        for m in frontier:
            if m is None or id(m) in seen:
                continue
            seen.add(id(m))
            if isinstance(getattr(m, "layers", None), nn.ModuleList) and hasattr(m, "embed_tokens") and (
                    hasattr(m, "norm") or hasattr(m, "final_layernorm")):
                return m
            following += [getattr(m, name, None) for name in ("thinker", "language_model", "model", "text_model",
                                                                "llm", "decoder", "causal_lm")]
        frontier = following
    raise FamilyError(f"{type(model).__name__}: no decoder with layers, embed_tokens and a final norm found")


def _ids(tensor_or_list):
    t = tensor_or_list
    if isinstance(t, torch.Tensor):
        return t.reshape(-1).tolist()
    return list(t[0]) if t and isinstance(t[0], (list, tuple)) else list(t)


def text_span(tokenizer, prompt, ids, transcript):
    """[start, end) of the transcript's tokens in ``ids``: by character offsets when the tokenizer gives them and
    tokenizes ``prompt`` to ``ids``, else by finding the transcript's own tokens exactly once."""
    if prompt is not None:
        at = prompt.rfind(transcript)
        if at >= 0:
            try:
                enc = tokenizer(prompt, add_special_tokens=False, return_offsets_mapping=True)
                offsets = enc["offset_mapping"]
                offsets = offsets[0] if offsets and isinstance(offsets[0], (list, tuple)) and offsets[0] \
                    and isinstance(offsets[0][0], (list, tuple)) else offsets
                if _ids(enc["input_ids"]) == ids:
                    inside = [i for i, (a, b) in enumerate(offsets) if b > at and a < at + len(transcript) and b > a]
                    if inside and inside == list(range(inside[0], inside[-1] + 1)):
                        return inside[0], inside[-1] + 1
            except (NotImplementedError, ValueError, TypeError, KeyError):
                pass
    found = set()
    for text in (transcript, " " + transcript):
        try:
            needle = tokenizer.encode(text, add_special_tokens=False)
        except TypeError:
            needle = tokenizer.encode(text)
        needle = _ids(needle)
        for i in range(len(ids) - len(needle) + 1):
            if needle and ids[i:i + len(needle)] == needle:
                found.add((i, i + len(needle)))
    if len(found) == 1:
        return found.pop()
    raise FamilyError("cannot locate the transcript's tokens in the prompt"
                      + (" (found more than once)" if found else ""))


def audio_span(ids, audio_id):
    where = [i for i, t in enumerate(ids) if t == audio_id]
    if not where:
        raise FamilyError(f"the prompt holds no audio token (id {audio_id})")
    if where != list(range(where[0], where[-1] + 1)):
        raise FamilyError("the audio tokens of the prompt are not one contiguous run")
    return where[0], where[-1] + 1


def speech_times(positions, seconds):
    return [i * seconds / positions for i in range(positions)]


class Family:
    """A loaded model of one family, its processor, and the rules that build its two prompts."""

    name = ""

    def __init__(self, model, processor, device="cpu"):
        self.model = model
        self.processor = processor
        self.device = torch.device(device)
        self.tokenizer = getattr(processor, "tokenizer", processor)
        self.decoder = find_decoder(model)

    @property
    def layers(self):
        return self.decoder.layers

    def model_dtype(self):
        return next(self.model.parameters()).dtype

    def _to_device(self, batch):
        dtype = self.model_dtype()
        out = {}
        for k, v in dict(batch).items():
            if isinstance(v, torch.Tensor):
                v = v.to(self.device)
                if v.is_floating_point():
                    v = v.to(dtype)
            out[k] = v
        return out

    def _query(self, batch, span, tokens=None, seconds=float("nan")):
        inputs = self._to_device(batch)
        ids = _ids(inputs["input_ids"])
        start, end = span
        names = tokens if tokens is not None else self.tokenizer.convert_ids_to_tokens(ids[start:end])
        times = speech_times(end - start, seconds) if tokens is not None else []
        return Query(inputs, start, end, list(names), len(ids), times, seconds)

    def text_query(self, transcript):
        raise NotImplementedError

    def speech_query(self, wave, audio_path):
        raise NotImplementedError

    def generate(self, query, max_new_tokens):
        """The greedy answer (special tokens dropped, stop token not included)."""
        with torch.no_grad():
            out = self.model.generate(**query.inputs, max_new_tokens=max_new_tokens, do_sample=False, num_beams=1)
        ids = _ids(out)
        new = ids[query.prompt_length:] if "input_ids" in query.inputs and len(ids) >= query.prompt_length \
            and ids[:query.prompt_length] == _ids(query.inputs["input_ids"]) else ids
        return self.tokenizer.decode(new, skip_special_tokens=True).strip()

    def prompt_pass(self, query):
        """One forward pass over the prompt (captures and rewrites see it as the first pass of generate)."""
        with torch.no_grad():
            self.model(**query.inputs)


def _call_with_audio(processor, text, wave, **kwargs):
    """The processor called with one clip, under whichever keyword its version takes (``audio`` or ``audios``)."""
    params = inspect.signature(processor.__call__).parameters
    key = "audio" if "audio" in params or "audios" not in params else "audios"
    return processor(text=text, **{key: [wave]}, **kwargs)


def _frames(batch):
    mask = batch.get("feature_attention_mask")
    return int(mask.sum()) if mask is not None else None


class Qwen2Audio(Family):
    name = "qwen2-audio"

    def audio_id(self):
        return self.tokenizer.convert_tokens_to_ids(getattr(self.processor, "audio_token", "<|AUDIO|>"))

    def text_query(self, transcript):
        conv = [{"role": "user", "content": [{"type": "text", "text": transcript}]}]
        prompt = self.processor.apply_chat_template(conv, add_generation_prompt=True, tokenize=False)
        batch = self.processor(text=prompt, return_tensors="pt")
        return self._query(batch, text_span(self.tokenizer, prompt, _ids(batch["input_ids"]), transcript))

    def speech_query(self, wave, audio_path):
        conv = [{"role": "user", "content": [{"type": "audio", "audio_url": audio_path}]}]
        prompt = self.processor.apply_chat_template(conv, add_generation_prompt=True, tokenize=False)
        batch = _call_with_audio(self.processor, prompt, wave, sampling_rate=16000, return_tensors="pt")
        span = audio_span(_ids(batch["input_ids"]), self.audio_id())
        frames = _frames(batch)
        seconds = (frames if frames is not None else len(wave) // 160) * FRAME_SECONDS
        return self._query(batch, span, [f"s{i}" for i in range(span[1] - span[0])], seconds)


class Qwen25Omni(Qwen2Audio):
    name = "qwen2.5-omni"

    def _conversation(self, content):
        return [{"role": "system", "content": [{"type": "text", "text": QWEN_OMNI_SYSTEM}]},
                {"role": "user", "content": content}]

    def text_query(self, transcript):
        prompt = self.processor.apply_chat_template(self._conversation([{"type": "text", "text": transcript}]),
                                                    add_generation_prompt=True, tokenize=False)
        batch = self.processor(text=prompt, return_tensors="pt", padding=True)
        return self._query(batch, text_span(self.tokenizer, prompt, _ids(batch["input_ids"]), transcript))

    def speech_query(self, wave, audio_path):
        prompt = self.processor.apply_chat_template(self._conversation([{"type": "audio", "audio": audio_path}]),
                                                    add_generation_prompt=True, tokenize=False)
        batch = self.processor(text=prompt, audio=[wave], return_tensors="pt", padding=True,
                               use_audio_in_video=False)
        span = audio_span(_ids(batch["input_ids"]), self.audio_id())
        frames = _frames(batch)
        seconds = (frames if frames is not None else len(wave) // 160) * FRAME_SECONDS
        return self._query(batch, span, [f"s{i}" for i in range(span[1] - span[0])], seconds)


class Voxtral(Family):
    name = "voxtral"

    def audio_id(self):
        return int(getattr(self.processor, "audio_token_id", 24))

    def text_query(self, transcript):
        batch = self.processor.apply_chat_template([{"role": "user", "content": [{"type": "text",
                                                                                 "text": transcript}]}])
        return self._query(batch, text_span(self.tokenizer, None, _ids(batch["input_ids"]), transcript))

    def speech_query(self, wave, audio_path):
        batch = self.processor.apply_chat_template([{"role": "user", "content": [{"type": "audio",
                                                                                 "path": audio_path}]}])
        start, end = audio_span(_ids(batch["input_ids"]), self.audio_id())
        # Voxtral hears the clip padded to a multiple of 30 s (375 positions each, 8 log-mel frames per position);
        # the positions that cover only padding are not part of the query span (METHOD.md: padding is never analysed)
        frames = math.ceil(len(wave) / 160)
        end = min(end, start + math.ceil(frames / 8))
        return self._query(batch, (start, end), [f"s{i}" for i in range(end - start)], frames * FRAME_SECONDS)


class GraniteSpeech(Family):
    name = "granite-speech"

    def audio_token(self):
        return getattr(self.processor, "audio_token", "<|audio|>")

    def _prompt(self, content):
        return self.tokenizer.apply_chat_template([{"role": "user", "content": content}], tokenize=False,
                                                  add_generation_prompt=True)

    def text_query(self, transcript):
        prompt = self._prompt(transcript)
        batch = self.processor(text=prompt, return_tensors="pt")
        return self._query(batch, text_span(self.tokenizer, prompt, _ids(batch["input_ids"]), transcript))

    def speech_query(self, wave, audio_path):
        batch = self.processor(text=self._prompt(self.audio_token()), audio=torch.from_numpy(np.asarray(wave)),
                               return_tensors="pt")
        span = audio_span(_ids(batch["input_ids"]), self.tokenizer.convert_tokens_to_ids(self.audio_token()))
        return self._query(batch, span, [f"s{i}" for i in range(span[1] - span[0])],
                           (len(wave) // 160) * FRAME_SECONDS)


class WhisperLlm(Family):
    """Whisper encoder + frame-concatenating projector + causal LM, prompted as GapScope's bundle runtime does."""

    name = "whisper-llm"

    def __init__(self, encoder, projector, causal_lm, tokenizer, feature_extractor, prompt, device="cpu"):
        super().__init__(causal_lm, tokenizer, device)
        self.encoder, self.projector, self.feature_extractor = encoder, projector, feature_extractor
        for key in ("speech", "text"):
            if prompt.get(key, "").count("{" + key + "}") != 1:
                raise FamilyError(f"the prompt's {key} template must hold exactly one {{{key}}}")
        self.prompt = prompt
        self.k = int(getattr(projector, "k", 0) or getattr(projector, "ds_rate", 0) or 1)

    def _encode(self, text):
        return _ids(self.tokenizer(text, add_special_tokens=False)["input_ids"]) if text else []

    def _embed(self, ids):
        return self.decoder.embed_tokens(torch.tensor([ids], dtype=torch.long, device=self.device))

    def text_query(self, transcript):
        before, after = self.prompt["text"].split("{text}")
        spaces = len(before) - len(before.rstrip(" "))
        prefix, query = self._encode(before.rstrip(" ")), self._encode(" " * spaces + transcript.strip())
        if not query:
            raise FamilyError(f"the transcript \"{transcript}\" gives no tokens")
        ids = prefix + query + self._encode(after)
        batch = {"input_ids": torch.tensor([ids]), "attention_mask": torch.ones(1, len(ids), dtype=torch.long)}
        return self._query(batch, (len(prefix), len(prefix) + len(query)))

    def speech_query(self, wave, audio_path):
        features = self.feature_extractor(wave, sampling_rate=16000, return_tensors="pt", return_attention_mask=True)
        frames = int(features["attention_mask"].sum())
        dtype = self.model_dtype()
        with torch.no_grad():
            out = self.encoder(features["input_features"].to(self.device, dtype))
            hidden = out.last_hidden_state if hasattr(out, "last_hidden_state") else out
            speech = self.projector(hidden)[0, : ((frames - 1) // 2 + 1) // self.k]
            before, after = self.prompt["speech"].split("{speech}")
            prefix, suffix = self._encode(before), self._encode(after)
            embeds = torch.cat([self._embed(prefix)[0], speech.to(dtype), self._embed(suffix)[0]])[None]
        n = speech.shape[0]
        if n == 0:
            raise FamilyError("the clip is too short to give one speech position")
        inputs = {"inputs_embeds": embeds, "attention_mask": torch.ones(1, embeds.shape[1], dtype=torch.long,
                                                                       device=self.device)}
        return Query(inputs, len(prefix), len(prefix) + n, [f"s{i}" for i in range(n)], embeds.shape[1],
                     speech_times(n, frames * FRAME_SECONDS), frames * FRAME_SECONDS)


FAMILIES = {c.name: c for c in (Qwen2Audio, Qwen25Omni, Voxtral, GraniteSpeech, WhisperLlm)}
TRANSFORMERS_CLASSES = {
    "qwen2-audio": ("Qwen2AudioForConditionalGeneration", "4.45"),
    "qwen2.5-omni": ("Qwen2_5OmniThinkerForConditionalGeneration", "4.52"),
    "voxtral": ("VoxtralForConditionalGeneration", "4.54"),
    "granite-speech": ("GraniteSpeechForConditionalGeneration", "4.52"),
}


def _from_pretrained(cls, name, dtype):
    try:
        return cls.from_pretrained(name, dtype=dtype)
    except TypeError:
        return cls.from_pretrained(name, torch_dtype=dtype)


def load(family, name, dtype, device, loader=None):
    """Loads ``name`` (a local folder or a Hugging Face id) as ``family`` with transformers, on ``device``."""
    if family not in FAMILIES:
        raise FamilyError(f"--family must be one of {', '.join(FAMILIES)}, not \"{family}\"")
    if family == "whisper-llm":
        if not loader or ":" not in loader:
            raise FamilyError("--family whisper-llm needs --loader module:function (a function returning the encoder, "
                              "projector, causal_lm, tokenizer, feature_extractor and prompt; model-prep/README.md)")
        module, function = loader.split(":", 1)
        parts = getattr(importlib.import_module(module), function)(name, dtype, device)
        return WhisperLlm(parts["encoder"], parts["projector"], parts["causal_lm"], parts["tokenizer"],
                          parts["feature_extractor"], parts["prompt"], device)
    try:
        import transformers  # noqa: WPS433 - needed only to load a real model
    except ImportError:
        raise FamilyError("loading a model needs the transformers package (pip install transformers)") from None
    class_name, since = TRANSFORMERS_CLASSES[family]
    cls = getattr(transformers, class_name, None)
    if cls is None:
        raise FamilyError(f"transformers {transformers.__version__} has no {class_name} (added in {since}); upgrade it")
    model = _from_pretrained(cls, name, dtype).to(device).eval()
    processor = transformers.AutoProcessor.from_pretrained(name)
    return FAMILIES[family](model, processor, device)


def model_name(name_or_path):
    return os.path.basename(os.path.normpath(name_or_path)) or name_or_path


def fingerprint(family, name_or_path, model):
    """The model's identity for resuming: its name or path, revision, and configuration."""
    config = getattr(model, "config", None)
    h = hashlib.sha256()
    h.update(family.encode())
    h.update(str(name_or_path).encode())
    if config is not None and hasattr(config, "to_json_string"):
        h.update(config.to_json_string().encode())
    revision = getattr(config, "_commit_hash", None) if config is not None else None
    return f"{name_or_path}@{revision or 'local'}:{h.hexdigest()[:16]}"
