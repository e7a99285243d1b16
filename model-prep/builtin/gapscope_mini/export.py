"""Export a checkpoint as a GapScope bundle (format 2, docs/bundle-format.md) and verify it.

Decoder layers are written as ``CachedDecoderLayerPart``s: the trained layer's weights and code, taking
and returning their keys/values, so that the runtime generates with a key/value cache.
Verification reloads the TorchScript parts, runs them one after another exactly as the runtime
does (speech encoder on raw log-mel features, embeddings, each layer, head; greedy decoding until
<eos>, the prompt once and then one position per new token from the cache) and requires the answers
to equal the PyTorch model's answers. A float16 bundle (weights
stored in float16; every part computes in float32 internally) is kept only if its answers are
unchanged both when the hidden states between parts are float16 and when they are float32.
"""

import copy
import json
import os
import shutil
import tempfile

import torch

from . import common
from .model import CachedDecoderLayerPart, EmbedPart, HeadPart, SpeechEncoderPart

FEATURES = {"type": "whisper-log-mel", "mel_bins": 80, "sample_rate": 16000, "n_fft": 400,
            "hop_length": 160, "pad_to_frames": None, "max_frames": 3000,
            "adapter_stride": 10}
MAX_POSITIONS = 512
FORMAT_VERSION = 2


def manifest(name, cfg, vocab_size, dtype):
    layers = ["layers/layer_%03d.pt" % i for i in range(cfg["layers"])]
    return {
        "format": "gapscope-bundle",
        "format_version": FORMAT_VERSION,
        "name": name,
        "family": "gapscope-mini",
        "num_layers": cfg["layers"],
        "hidden_size": cfg["d"],
        "vocab_size": vocab_size,
        "max_positions": MAX_POSITIONS,
        "dtype": dtype,
        "features": dict(FEATURES),
        "prompt": {"speech": common.TEMPLATE_SPEECH, "text": common.TEMPLATE_TEXT},
        "special_tokens": {"bos": "<bos>", "eos": "<eos>", "pad": "<pad>"},
        "stop_tokens": ["<eos>"],
        "kv_cache": {"num_kv_heads": cfg["heads"], "head_dim": cfg["d"] // cfg["heads"]},
        "parts": {"speech_encoder": "speech_encoder.pt", "embed_tokens": "embed_tokens.pt",
                  "layers": layers, "lm_head": "lm_head.pt"},
    }


def write_bundle(out_dir, name, cfg, tok, encoder, adapter, lm, dtype, card_text):
    """Writes the bundle folder atomically (built in a temp folder next to it, then renamed)."""
    enc, ada, lmc = (copy.deepcopy(m).eval() for m in (encoder, adapter, lm))
    if dtype == "float16":
        enc, ada, lmc = enc.half(), ada.half(), lmc.half()
    elif dtype != "float32":
        raise ValueError("unsupported dtype: " + dtype)
    parent = os.path.dirname(os.path.abspath(out_dir))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=parent, prefix=".tmp-bundle-")
    os.chmod(tmp, 0o755)
    try:
        os.makedirs(os.path.join(tmp, "layers"))
        torch.jit.save(torch.jit.script(SpeechEncoderPart(enc, ada)),
                       os.path.join(tmp, "speech_encoder.pt"))
        torch.jit.save(torch.jit.script(EmbedPart(lmc.embed)), os.path.join(tmp, "embed_tokens.pt"))
        for i, layer in enumerate(lmc.layers):
            torch.jit.save(torch.jit.script(CachedDecoderLayerPart(layer)),
                           os.path.join(tmp, "layers", "layer_%03d.pt" % i))
        torch.jit.save(torch.jit.script(HeadPart(lmc.norm, lmc.embed)),
                       os.path.join(tmp, "lm_head.pt"))
        tok.save(os.path.join(tmp, "tokenizer.json"))
        with open(os.path.join(tmp, "bundle.json"), "w") as f:
            json.dump(manifest(name, cfg, len(tok), dtype), f, indent=2)
            f.write("\n")
        with open(os.path.join(tmp, "MODEL_CARD.md"), "w") as f:
            f.write(card_text)
        if os.path.exists(out_dir):
            shutil.rmtree(out_dir)
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


class LoadedBundle:
    """The bundle's TorchScript parts run one after another, as GapScope's runtime runs them."""

    def __init__(self, path, hidden_dtype=None):
        with open(os.path.join(path, "bundle.json")) as f:
            self.manifest = json.load(f)
        if self.manifest["format_version"] != FORMAT_VERSION:
            raise ValueError("%s: format_version %s; this verifier reads format %d bundles"
                             % (path, self.manifest["format_version"], FORMAT_VERSION))
        p = self.manifest["parts"]
        self.encoder = torch.jit.load(os.path.join(path, p["speech_encoder"]))
        self.embed = torch.jit.load(os.path.join(path, p["embed_tokens"]))
        self.layers = [torch.jit.load(os.path.join(path, f)) for f in p["layers"]]
        self.head = torch.jit.load(os.path.join(path, p["lm_head"]))
        self.hidden_dtype = hidden_dtype     # None: keep what the parts return

    def _cast(self, x):
        return x if self.hidden_dtype is None else x.to(self.hidden_dtype)

    @torch.no_grad()
    def embed_ids(self, ids):
        return self._cast(self.embed(torch.tensor([ids], dtype=torch.long)))

    @torch.no_grad()
    def encode_speech(self, feats):
        f = torch.as_tensor(feats, dtype=torch.float32)[None]
        return self._cast(self.encoder(f, torch.tensor([f.shape[2]], dtype=torch.long)))

    def empty_cache(self):
        c = self.manifest["kv_cache"]
        return [(torch.zeros(1, c["num_kv_heads"], 0, c["head_dim"]),) * 2 for _ in self.layers]

    @torch.no_grad()
    def step(self, x, cache, offset):
        """Runs positions offset.. (embeddings x) through every layer, updating ``cache`` in place;
        returns the logits of those positions."""
        for n, layer in enumerate(self.layers):
            h, k, v = layer(x, cache[n][0], cache[n][1], torch.tensor([offset]))
            cache[n] = (k, v)
            x = self._cast(h)
        return self.head(x)

    @torch.no_grad()
    def logits(self, x):
        """A whole pass (empty cache)."""
        return self.step(x, self.empty_cache(), 0)

    @torch.no_grad()
    def answer(self, tok, query_embeds, max_new=common.MAX_NEW_TOKENS):
        """Greedy answer to '<bos> question : {query} answer :' (query as embeddings [1, T, d]): the
        prompt once, then each new token alone from the key/value cache, as the runtime does."""
        x = torch.cat([self.embed_ids(tok.encode(common.PREFIX)), query_embeds,
                       self.embed_ids(tok.encode(common.ANSWER))], 1)
        cache, offset = self.empty_cache(), 0
        ids = []
        for _ in range(max_new):
            nxt = int(self.step(x, cache, offset)[0, -1].argmax())
            offset += x.shape[1]
            if nxt == tok.eos_id:
                break
            ids.append(nxt)
            x = self.embed_ids([nxt])
        return tok.decode(ids)


def bundle_answers(bundle, tok, corpus, text_items, speech_idx):
    out = [bundle.answer(tok, bundle.embed_ids(tok.encode(it["question"]))) for it in text_items]
    out += [bundle.answer(tok, bundle.encode_speech(corpus.features(i))) for i in speech_idx]
    return out


def dir_size(path):
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)
