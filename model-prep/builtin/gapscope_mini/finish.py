"""Stage: put what ships into the resources folder.

  models/mini-fullft-final/, models/mini-frozen-final/       the final bundles of both regimes
  models/checkpoints/mini-<regime>-stepNNNNN/                 the earlier checkpoints
  models/DEFAULT                                              the default bundle's folder name
  models/models.json                                          index with every bundle's numbers
  models/MODEL_CARD.md                                        the measured numbers, how it was made
  examples/sample/examples.jsonl + wav/                       held-out examples for the explorer

Runs alone over a finished work folder (``pipeline finish --work W --ship RESOURCES``): it reads
the checkpoints' metrics (work/<regime>/metrics.json) and bundles (work/<regime>/export.json).
"""

import json
import math
import os
import random
import shutil

import numpy as np

from . import card as model_card
from . import common, engines, features, files, speech, wordtimes
from .data import Corpus
from .export import dir_size

SIZE_LIMIT = 64 * 1024 * 1024
# sample examples per group of held-out utterances: (set, engine) -> count
SAMPLE_GROUPS = [(("test_seen", engines.ESPEAK), 18), (("test_seen", engines.FESTIVAL), 12),
                 (("test_seen", engines.FREETTS), 12), (("test_heldout", engines.ESPEAK), 9),
                 (("test_heldout", engines.FESTIVAL), 9), (("test_heldout", engines.FREETTS), 6),
                 (("test_engine", engines.FLITE), 25)]
SMOKE_SAMPLE = 3
SPLITS = {"test_seen": "held-out item, training voice",
          "test_heldout": "held-out item, held-out voice",
          "test_engine": "held-out item, held-out engine"}
SHORT_VOICE = {"kal_diphone": "kal", "ked_diphone": "ked", "cmu_us_slt_arctic_hts": "slt-hts"}


def ship_folder(regime, step, final):
    return "mini-%s-final" % regime if final else "checkpoints/mini-%s-step%05d" % (regime, step)


def example_id(u):
    engine = "espeak" if u["engine"] == engines.ESPEAK else u["engine"]
    return "%s-%s-%s" % (engine, SHORT_VOICE.get(u["voice"], u["voice"]), u["uid"])


def _pick(rng, idx, corpus, n):
    """n utterances spread evenly over task families and, within a family, over voices (round
    robin over families; each family's utterances shuffled, then ordered voice by voice)."""
    by_task = {}
    for i in idx:
        by_task.setdefault(corpus.item(i)["task"], []).append(i)
    for t, v in by_task.items():
        rng.shuffle(v)
    voices = sorted({corpus.plan[i]["voice"] for i in idx})
    turn = {t: k for k, t in enumerate(sorted(by_task))}
    tasks = sorted(by_task)
    rng.shuffle(tasks)
    out = []
    while len(out) < n and any(by_task.values()):
        for t in tasks:
            if by_task[t] and len(out) < n:
                want = voices[(turn[t] + len(out)) % len(voices)]
                pos = next((k for k, i in enumerate(by_task[t])
                            if corpus.plan[i]["voice"] == want), 0)
                out.append(by_task[t].pop(pos))
    return sorted(out)


def choose_samples(corpus, seed, smoke):
    rng = random.Random(seed)
    chosen = []
    for (which, engine), n in SAMPLE_GROUPS:
        idx = corpus.indices(which, engine)
        if idx:
            chosen += [(which, i) for i in _pick(rng, idx, corpus, SMOKE_SAMPLE if smoke else n)]
    return chosen


def write_samples(corpus, out_dir, chosen, log):
    """Speaks the chosen utterances again (they must give exactly the corpus features) and writes
    the example set with its word timings."""
    jobs = [corpus.plan[i] for _, i in chosen]
    spoken = engines.synthesize_many(jobs, workers=2)
    with files.atomic_folder(out_dir, ".tmp-sample-") as tmp:
        os.makedirs(os.path.join(tmp, "wav"))
        lines, picked, worst = [], [], 0.0
        for (which, i), s in zip(chosen, spoken):
            u = corpus.plan[i]
            it = corpus.item(i)
            ex_id = example_id(u)
            speech.write_wav(os.path.join(tmp, "wav", ex_id + ".wav"), s.pcm)
            f = features.log_mel(s.pcm.astype(np.float32) / 32768.0).astype(np.float16)
            ref = corpus.features(i)
            if f.shape != ref.shape:
                raise RuntimeError("re-synthesised %s has %s frames, corpus %s"
                                   % (ex_id, f.shape, ref.shape))
            worst = max(worst, float(np.abs(f.astype(np.float32) - ref).max()))
            picked.append((ex_id, i, it))
            lines.append(json.dumps({
                "id": ex_id, "audio": "wav/%s.wav" % ex_id, "transcript": it["question"],
                "answer": it["answer"], "task": it["task"], "split": SPLITS[which],
                "engine": u["engine"], "voice": u["voice"], "synthesis": u["params"],
                "words": words_field(s)}))
        if worst > 0:
            raise RuntimeError("re-synthesised sample audio differs from the corpus (%.3g)" % worst)
        with open(os.path.join(tmp, "examples.jsonl"), "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(os.path.join(tmp, "README.md"), "w") as f:
            f.write(sample_readme(len(lines), chosen, corpus))
    log("sample set: %d examples -> %s" % (len(lines), out_dir))
    return picked, spoken


def words_field(spoken):
    """The example's `words`: the synthesizer's word spans, clipped to the clip (espeak-ng's
    library can run a few samples longer than its command's audio)."""
    dur = len(spoken.pcm) / 16000.0
    out = []
    for w, a, b in spoken.words:
        end = math.floor(min(b, dur) * 1e4) / 1e4          # 0.1 ms, never past the clip
        out.append({"word": w, "start": min(round(a, 4), end), "end": end})
    return out


def sample_readme(n, chosen, corpus):
    counts = {}
    for which, i in chosen:
        key = (SPLITS[which], corpus.plan[i]["engine"])
        counts[key] = counts.get(key, 0) + 1
    rows = "\n".join("| %s | %s | %d |" % (s, e, c) for (s, e), c in counts.items())
    return ("# Sample example set of the built-in model\n\n"
            "%d held-out examples of GapScope's synthetic spoken QA world (no utterance of these "
            "questions was used in training), spoken by every speech engine, including flite, "
            "which the model never heard:\n\n| split | engine | examples |\n|---|---|---|\n%s\n\n"
            "`examples.jsonl` has one JSON object per line: `id` (engine-voice-utterance), "
            "`audio` (16 kHz mono 16-bit WAV, path relative to this file), `transcript`, "
            "`answer` (gold), `task`, `split`, `engine`, `voice`, `synthesis` (the engine's "
            "speed and pitch settings), and `words`: every transcript word with its start and "
            "end in seconds, as the synthesizer placed it (how, and how exact: "
            "../../models/MODEL_CARD.md, \"Word timings\"). Made by model-prep/builtin.\n"
            % (n, rows))


def sample_answers(work, cfg, corpus, picked, finals, log):
    """The PyTorch model's greedy answers to every shipped sample example, typed and spoken.

    The spoken query goes through the features of the corpus utterance, which write_samples has
    just checked to be exactly the features of the shipped WAV. The answers are stored in
    models.json, so that the Java runtime can be checked against them example by example."""
    import torch
    from . import evaluate
    from .model import make_encoder
    from .tokenizer import WordTokenizer
    tok = WordTokenizer.load(os.path.join(work, "tokenizer.json"))
    encoder = make_encoder(cfg)
    encoder.load_state_dict(torch.load(os.path.join(work, "encoder.pt"))["state"])
    encoder.eval()
    for r in finals:
        path = os.path.join(work, r["regime"], "step%05d.pt" % r["step"])
        lm, adapter, _ = evaluate.load_checkpoint(work, cfg, tok, path)
        answers = {}
        with torch.no_grad():
            for ex_id, i, it in picked:
                typed = common.greedy(lm, tok, common.prompt_embeds(
                    lm, tok, tok.encode(it["question"])))
                s = adapter(encoder(torch.from_numpy(corpus.features(i))[None], None))[0]
                spoken = common.greedy(lm, tok, common.prompt_embeds(lm, tok, s))
                answers[ex_id] = {"text": typed, "speech": spoken, "gold": it["answer"]}
        r["sample_answers"] = answers
        r["sample_text_acc"] = float(np.mean([a["text"] == a["gold"] for a in answers.values()]))
        r["sample_speech_acc"] = float(np.mean([a["speech"] == a["gold"]
                                                for a in answers.values()]))
        log("%s on the sample set: text %.3f, speech %.3f (%d examples)"
            % (r["ship"], r["sample_text_acc"], r["sample_speech_acc"], len(answers)))


def load_results(work):
    results = []
    for regime in ("frozen", "fullft"):
        with open(os.path.join(work, regime, "metrics.json")) as f:
            rs = json.load(f)
        with open(os.path.join(work, regime, "export.json")) as f:
            exported = {e["step"]: e for e in json.load(f)}
        for k, r in enumerate(rs):
            r.update(exported[r["step"]])
            r["final"] = k == len(rs) - 1
            r["ship"] = ship_folder(regime, r["step"], r["final"])
        results += rs
    return results


INDEX_KEYS = ("ship", "bundle", "regime", "step", "final", "dtype", "size_bytes", "text_acc",
              "speech_acc_seen", "speech_acc_heldout", "speech_acc_engine", "gap_seen",
              "gap_heldout", "gap_engine", "repeat_acc_seen", "repeat_acc_heldout",
              "repeat_acc_engine", "norm_ratio", "train_wall_s", "groups")


def index_entry(r):
    b = {k: r[k] for k in INDEX_KEYS if k in r}
    for k in ("sample_text_acc", "sample_speech_acc", "sample_answers"):
        if k in r:
            b[k] = r[k]
    seen = r["groups"][min(k for k in r["groups"] if k.startswith("test_seen/"))]
    b["control"] = seen["control"]        # the first training engine's held-out utterances
    b["path"] = b.pop("ship")
    b["name"] = b.pop("bundle")
    return b


def run(work, ship, cfg, log, total_s=None):
    """Writes SHIP/examples/sample and SHIP/models, each folder complete or not at all (the
    sample set first: its answers and word-timing check go into the models folder's files)."""
    import torch
    corpus = Corpus(work)
    smoke = corpus.world["smoke"]
    with open(os.path.join(work, "timings.json")) as f:
        timings = json.load(f)
    lm_info = torch.load(os.path.join(work, "lm.pt"))
    enc_info = torch.load(os.path.join(work, "encoder.pt"))
    results = load_results(work)
    curves = {}
    for regime in ("frozen", "fullft"):
        with open(os.path.join(work, regime, "train.json")) as f:
            curves[regime] = json.load(f)
    chosen = choose_samples(corpus, cfg["seed"] + 30, smoke)
    sample_dir = os.path.join(ship, "examples", "sample")
    picked, spoken = write_samples(corpus, sample_dir, chosen, log)
    timing_check = wordtimes.check(work, cfg, corpus, [i for _, i in chosen], spoken, log)
    finals = [r for r in results if r["final"]]
    sample_answers(work, cfg, corpus, picked, finals, log)
    sizes = {"samples": dir_size(sample_dir)}
    with files.atomic_folder(os.path.join(ship, "models"), ".tmp-models-") as models:
        os.makedirs(os.path.join(models, "checkpoints"))
        for r in results:
            shutil.copytree(os.path.join(work, "bundles", r["bundle"]),
                            os.path.join(models, r["ship"]))
        default = ship_folder("fullft", 0, True)
        files.atomic_write(os.path.join(models, "DEFAULT"), default + "\n")
        index = {"default": default, "sample_set": "../examples/sample/examples.jsonl",
                 "bundles": [index_entry(r) for r in results]}
        files.atomic_write(os.path.join(models, "models.json"), json.dumps(index, indent=1) + "\n")
        sizes["bundles"] = dir_size(models)          # bundles, DEFAULT, models.json
        sizes["total"] = sizes["bundles"] + sizes["samples"]
        text = model_card.card(cfg, corpus, results, curves, timings, lm_info, enc_info, total_s,
                               sizes, picked, timing_check)
        files.atomic_write(os.path.join(models, "MODEL_CARD.md"), text)
        sizes["bundles"] = dir_size(models)
        sizes["total"] = sizes["bundles"] + sizes["samples"]
        if sizes["total"] > SIZE_LIMIT and not smoke:
            raise RuntimeError("shipped size %.1f MB exceeds the %.0f MB budget"
                               % (sizes["total"] / 2**20, SIZE_LIMIT / 2**20))
    log("shipped %d bundles, %.1f MB in all (budget %.0f MB)"
        % (len(results), sizes["total"] / 2**20, SIZE_LIMIT / 2**20))
