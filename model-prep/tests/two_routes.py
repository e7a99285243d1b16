#!/usr/bin/env python3
"""The same model by two routes: the capture kit on a look-alike, and the exporter's bundle of that look-alike.

    two_routes.py capture OUT_DIR      # per family: bundle, dataset, the kit's run folder (OUT_DIR/<family>/kit)
    two_routes.py intervene OUT_DIR    # per family: the kit's interventions on the analysed run (OUT_DIR/<family>/kit-iv)

For each family the exporter supports (qwen2-audio; whisper-llm: Whisper + projector + Llama), the
look-alike of make_mini_bundle.py is exported to a bundle exactly as that script does, and the same
model (same seed, same weights) runs through the capture kit with a look-alike processor whose chat
template is the bundle's prompt. The dataset: 16 kHz 16-bit WAVs of tones and noise whose lengths are
multiples of 10 ms (transformers' Whisper feature extractor counts ceil(samples / 160) valid frames,
GapScope floor(samples / 160): they agree only there), transcripts from the vocabulary, kept only when
every greedy step of both answers wins by at least 2e-3 in the look-alike (so that float rounding between
two implementations cannot flip an answer). GapScope's Java test (TwoRoutesTest) then runs evaluate on the
bundle and analyse on the kit's folder and compares.
"""

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "capture"))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import hf_lookalike_kit as kit  # noqa: E402
import make_mini_bundle as mini  # noqa: E402
from gapscope_capture import cli, families  # noqa: E402

FAMILIES = ("qwen2-audio", "whisper-llm")
MAX_TOKENS = 6
EXAMPLES = 5
SENTENCES = ["what is the color of the sky", "how many legs does a cat have", "where is the moon in the night",
             "is the sun big", "what color is a dog", "how many legs does a dog have", "is the moon small",
             "where is the cat in the city", "what is the color of the sun", "does a dog have four legs",
             "is the sky blue in the day", "how many dogs in the city"]


def template(messages):
    content = messages[-1]["content"]
    audio = isinstance(content, list) and any(c.get("type") == "audio" for c in content)
    query = "<|AUDIO|>" if audio else kit.message_text(messages[-1])
    return mini.PROMPT["speech" if audio else "text"].replace("{speech}" if audio else "{text}", query)


def family_for(name, seed):
    model, lm, _, words = mini.build(name, seed)
    tok = kit.WordTokenizer(words, mini.SPECIALS, template)
    eos = [tok.vocab["<eos>"]]
    if name == "qwen2-audio":
        model.generation_config = SimpleNamespace(eos_token_id=eos)
        processor = kit.Qwen2AudioProcessor(tok, kit.WhisperLikeFeatureExtractor(), template)
        return families.Qwen2Audio(model, processor), tok
    lm.generation_config = SimpleNamespace(eos_token_id=eos)
    return families.WhisperLlm(model.speech_encoder, model.speech_projector, lm, tok,
                               kit.WhisperLikeFeatureExtractor(), mini.PROMPT), tok


def min_margin(family, query, eos):
    """The smallest gap between the best and second-best logit over the greedy steps of an answer."""
    model = family.model
    with torch.no_grad():
        if "inputs_embeds" in query.inputs:
            embeds = query.inputs["inputs_embeds"]
        elif hasattr(model, "embed_inputs"):
            embeds = model.embed_inputs(**query.inputs)
        else:
            embeds = model.get_input_embeddings()(query.inputs["input_ids"])
        gaps = []
        for _ in range(MAX_TOKENS):
            logits = model.decode_embeds(embeds)[0][0, -1]
            top = torch.topk(logits, 2)
            gaps.append(float(top.values[0] - top.values[1]))
            token = int(top.indices[0])
            if token in eos:
                break
            embeds = torch.cat([embeds, model.get_input_embeddings()(torch.tensor([[token]]))], dim=1)
    return min(gaps)


def make_dataset(name, family, tok, folder):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(11)
    eos = [tok.vocab["<eos>"]]
    lines, chosen = [], 0
    for i, sentence in enumerate(SENTENCES * 3):
        if chosen == EXAMPLES:
            break
        n = 160 * int(rng.integers(90, 240))
        t = np.arange(n) / 16000
        samples = 0.2 * np.sin(2 * np.pi * rng.uniform(120, 600) * t) + 0.1 * rng.standard_normal(n)
        wav = folder / f"q{i}.wav"
        kit.write_wav(wav, samples)
        wave = kit.read_wav(wav)
        text_q, speech_q = family.text_query(sentence), family.speech_query(wave, str(wav))
        if min(min_margin(family, text_q, eos), min_margin(family, speech_q, eos)) < mini.MIN_MARGIN:
            wav.unlink()
            continue
        text_answer = family.generate(text_q, MAX_TOKENS)
        speech_answer = family.generate(speech_q, MAX_TOKENS)
        # gold answers that make some answers right: the text answer's first word, once the spoken answer's
        answer = speech_answer if chosen == 1 and speech_answer.split() else text_answer
        words = [w for w in answer.split() if w not in ("a", "an", "the")]
        gold = words[0] if words and chosen < 3 else "green"
        lines.append(json.dumps({"id": f"q{i}", "audio": wav.name, "transcript": sentence, "answer": gold,
                                 "task": "two-routes"}))
        chosen += 1
    if chosen < EXAMPLES:
        raise SystemExit(f"{name}: only {chosen} examples with clear greedy margins")
    path = folder / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def capture(out):
    summary = {}
    for name in FAMILIES:
        folder = out / name
        result = mini.make(name, folder)
        family, tok = family_for(name, result["seed"])
        written = json.loads((folder / "bundle" / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
        if written != tok.vocab:
            raise SystemExit(f"{name}: the look-alike tokenizer's ids differ from the bundle's tokenizer.json")
        data = make_dataset(name, family, tok, folder / "data")
        done, complete = cli.capture(family, f"mini-{name}-lookalike", f"lookalike-{name}-seed{result['seed']}",
                                     str(data), str(folder / "kit"), max_tokens=MAX_TOKENS, float16=False, quiet=True)
        if not complete:
            raise SystemExit(f"{name}: the capture did not complete")
        summary[name] = {"seed": result["seed"], "data": str(data), "bundle": str(folder / "bundle"),
                         "kit": str(folder / "kit"), "examples": done}
    print(json.dumps(summary))


def intervene(out):
    for name in FAMILIES:
        folder = out / name
        seed = json.loads((folder / "reference.json").read_text(encoding="utf-8"))["seed"]
        family, _ = family_for(name, seed)
        done, complete = cli.intervene(family, f"mini-{name}-lookalike", f"lookalike-{name}-seed{seed}",
                                       str(folder / "kit"), str(folder / "kit-iv"), methods="angle,length",
                                       tokens="bottom:3,all", max_tokens=MAX_TOKENS, quiet=True)
        if not complete:
            raise SystemExit(f"{name}: the intervention run did not complete")
    print("ok")


def main():
    torch.set_num_threads(1)
    if len(sys.argv) != 3 or sys.argv[1] not in ("capture", "intervene"):
        raise SystemExit(__doc__.split("\n\n")[1])
    out = Path(sys.argv[2])
    (capture if sys.argv[1] == "capture" else intervene)(out)


if __name__ == "__main__":
    main()


