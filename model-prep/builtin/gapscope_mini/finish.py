"""Stage: put what ships into the resources folder.

  models/mini-fullft-final/, models/mini-frozen-final/       the final bundles of both regimes
  models/checkpoints/mini-<regime>-stepNNNNN/                 the earlier checkpoints
  models/DEFAULT                                              the default bundle's folder name
  models/models.json                                          index with every bundle's numbers
  models/MODEL_CARD.md                                        the measured numbers, how it was made
  examples/sample/examples.jsonl + wav/                       held-out examples for the explorer
"""

import datetime
import json
import os
import random
import shutil
import tempfile

import numpy as np

from . import common, features, speech
from .data import Corpus
from .export import dir_size

SIZE_LIMIT = 60 * 1024 * 1024
SAMPLE_SEEN = 44
SAMPLE_HELDOUT = 20


def ship_folder(regime, step, final):
    return "mini-%s-final" % regime if final else "checkpoints/mini-%s-step%05d" % (regime, step)


def _atomic_write(path, text):
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=d, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _pick(rng, idx, corpus, n):
    """n utterances spread evenly over task families (round robin over shuffled families)."""
    by_task = {}
    for i in idx:
        by_task.setdefault(corpus.items[corpus.plan[i]["item"]]["task"], []).append(i)
    for v in by_task.values():
        rng.shuffle(v)
    tasks = sorted(by_task)
    out = []
    while len(out) < n and any(by_task.values()):
        for t in tasks:
            if by_task[t] and len(out) < n:
                out.append(by_task[t].pop())
    return sorted(out)


def write_samples(corpus, out_dir, seed, n_seen, n_heldout, log):
    rng = random.Random(seed)
    chosen = [("test_seen", i) for i in _pick(rng, corpus.indices("test_seen"), corpus, n_seen)]
    chosen += [("test_heldout", i)
               for i in _pick(rng, corpus.indices("test_heldout"), corpus, n_heldout)]
    parent = os.path.dirname(os.path.abspath(out_dir))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=parent, prefix=".tmp-sample-")
    os.chmod(tmp, 0o755)
    os.makedirs(os.path.join(tmp, "wav"))
    lines = []
    worst = 0.0
    picked = []
    for which, i in chosen:
        u = corpus.plan[i]
        it = corpus.items[u["item"]]
        ex_id = "%s-%s" % ("seen" if which == "test_seen" else "heldout", u["uid"])
        pcm = speech.speak_16k(it["question"], u["voice"], u["speed"], u["pitch"])
        speech.write_wav(os.path.join(tmp, "wav", ex_id + ".wav"), pcm)
        # the WAV must give exactly the features the model was evaluated on
        f = features.log_mel(pcm.astype(np.float32) / 32768.0).astype(np.float16)
        ref = corpus.features(i)
        if f.shape != ref.shape:
            raise RuntimeError("re-synthesised %s has %s frames, corpus %s"
                               % (ex_id, f.shape, ref.shape))
        worst = max(worst, float(np.abs(f.astype(np.float32) - ref).max()))
        picked.append((ex_id, i, it))
        lines.append(json.dumps({
            "id": ex_id, "audio": "wav/%s.wav" % ex_id, "transcript": it["question"],
            "answer": it["answer"], "task": it["task"], "voice": u["voice"],
            "split": "held-out item, training voice" if which == "test_seen"
                     else "held-out item, held-out voice",
            "espeak": {"voice": "%s+%s" % (speech.BASE_VOICE, u["voice"]), "speed": u["speed"],
                       "pitch": u["pitch"]}}))
    if worst > 0:
        raise RuntimeError("re-synthesised sample audio differs from the corpus (%.3g)" % worst)
    with open(os.path.join(tmp, "examples.jsonl"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(tmp, "README.md"), "w") as f:
        f.write("# Sample example set of the built-in model\n\n"
                "%d held-out examples of GapScope's synthetic spoken QA world (never used in "
                "training): %d questions newly synthesised by training voices, %d by held-out "
                "voices. `examples.jsonl` has one JSON object per line: `id`, `audio` (16 kHz "
                "mono 16-bit WAV, path relative to this file), `transcript`, `answer` (gold), "
                "`task`, `voice`, `split`, `espeak` (how it was synthesised). Made by "
                "model-prep/builtin (espeak-ng %s).\n" % (len(lines), n_seen, n_heldout,
                                                         speech.BASE_VOICE))
    if os.path.exists(out_dir):
        shutil.rmtree(out_dir)
    os.replace(tmp, out_dir)
    log("sample set: %d examples -> %s" % (len(lines), out_dir))
    return picked


def sample_answers(work, cfg, corpus, picked, finals, log):
    """The PyTorch model's greedy answers to every shipped sample example, typed and spoken.

    The spoken query goes through the features of the corpus utterance, which write_samples has
    just checked to be exactly the features of the shipped WAV. The answers are stored in
    models.json, so that the Java runtime can be checked against them example by example, and
    their accuracy goes into the model card: the sample set is balanced over task families, so
    its accuracy differs from the item-weighted accuracy over all held-out utterances."""
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


def family_mean(by_task):
    """Accuracy averaged over task families, each family weighted equally."""
    return float(np.mean(list(by_task.values())))


def pct(x):
    return "%.1f" % (100 * x)


def card(cfg, corpus, results, timings, lm_info, enc_info, total_s, sizes):
    world = corpus.world
    items = world["items"]
    n_test = sum(it["split"] == "test" for it in items)
    vocab = len(json.load(open(os.path.join(corpus.work, "tokenizer.json")))
                ["model"]["vocab"])
    hours = float(np.load(os.path.join(corpus.work, "n_samples.npy")).sum()) / 16000 / 3600
    counts = {s: len(corpus.indices(s)) for s in ("train", "test_seen", "test_heldout")}
    tasks = {}
    for it in items:
        tasks[it["task"]] = tasks.get(it["task"], 0) + 1
    L = [
        "# GapScope's built-in model: a miniature speech language model",
        "",
        "A \"model organism\" of the speech-text modality gap, trained on this machine with the "
        "recipe of the large speech language models the paper studies (Xiang et al., EMNLP 2025): "
        "a speech encoder pretrained on recognition, an adapter that concatenates 5 frames "
        "(Linear -> ReLU -> Linear), and a decoder-only language model that first learned its "
        "world from text. Every number below was measured by the command that produced the "
        "shipped bundles (`model-prep/builtin/train_all.sh`).",
        "",
        "## Model",
        "",
        "| part | size |",
        "|---|---|",
        "| speech encoder (\"mini-Whisper\") | log-mel 80 -> %d 1-D convolutions over time "
        "(kernel %d, GELU, %d channels), the second with stride 2: 20 ms per frame |"
        % (cfg["enc_layers"], cfg["enc_kernel"], cfg["enc_d"]),
        "| adapter | concatenate %d encoder frames -> Linear(%d, %d) -> ReLU -> Linear(%d, %d); "
        "one speech position per 100 ms (10 log-mel frames) |"
        % (cfg["stride"], cfg["stride"] * cfg["enc_d"], cfg["adapter_hidden"],
           cfg["adapter_hidden"], cfg["d"]),
        "| language model | %d pre-norm decoder layers, d=%d, %d heads, FFN %d, rotary positions, "
        "word embeddings tied to the LM head, %d-word vocabulary |"
        % (cfg["layers"], cfg["d"], cfg["heads"], cfg["ffn"], vocab),
        "",
        "Prompt: `%s` (speech) / `%s` (text). Generation stops at `<eos>`."
        % (common.TEMPLATE_SPEECH, common.TEMPLATE_TEXT),
        "",
        "## The world and the speech",
        "",
        "%d question-answer pairs in %d task families (%s), answers of 1-3 words. %d pairs "
        "(15 %% of each family) are held out: no utterance of them is used in any speech "
        "training stage. The language model learned all pairs from text, as a real LLM knows its "
        "facts before it hears speech."
        % (len(items), len(tasks), ", ".join("%s %d" % kv for kv in sorted(tasks.items())),
           n_test),
        "",
        "Speech: espeak-ng (`%s` with voice variants), speed %d-%d words/min and pitch %d-%d "
        "drawn per utterance, 22.05 kHz resampled to 16 kHz (windowed-sinc polyphase), 16 bit. "
        "Training voices: %s. Held-out voices: %s. Utterances: %d training (%d per training pair), "
        "%d held-out pairs newly synthesised by a training voice (fresh speed and pitch) = "
        "**held-out utterances**, %d held-out pairs by every held-out voice = **held-out voices**; "
        "%.2f h of speech in all."
        % (speech.BASE_VOICE, speech.SPEED_RANGE[0], speech.SPEED_RANGE[1],
           speech.PITCH_RANGE[0], speech.PITCH_RANGE[1], ", ".join(speech.TRAIN_VOICES),
           ", ".join(speech.HELDOUT_VOICES), counts["train"], cfg["train_per_item"],
           counts["test_seen"], counts["test_heldout"], hours),
        "",
        "## Training (the paper's order)",
        "",
        "1. **Language model on text** (%d steps of %d sequences): question -> answer and "
        "question -> `repeat :` question. Text accuracy on all pairs %s %%, repeat accuracy on "
        "held-out pairs %s %%."
        % (cfg["lm_steps"], cfg["lm_batch"], pct(lm_info["text_acc_all"]),
           pct(lm_info["repeat_acc"])),
        "2. **Speech encoder on phoneme recognition** alone, the analogue of Whisper's "
        "pretraining (%d steps of %d utterances, SpecAugment): every 20 ms frame classified as "
        "the IPA phoneme espeak-ng was speaking at that moment (timings from the espeak-ng "
        "library's phoneme events), or pause. Phoneme error rate (frame decisions, repeats "
        "merged) %.3f on held-out utterances of training voices, %.3f on held-out voices. "
        "(Phoneme CTC, as in the feasibility run, learned far too slowly in this time budget.)"
        % (cfg["enc_steps"], cfg["enc_batch"], enc_info["per_seen"], enc_info["per_heldout"]),
        "3. **Alignment**, encoder frozen, %d steps of %d examples, spoken question -> answer "
        "mixed 50/50 with spoken question -> transcript (`repeat :`), in two regimes from the "
        "same adapter initialisation: **frozen** (language model frozen, adapter trained: the "
        "LoRA analogue) and **fullft** (adapter lr %g, language model lr %g, %d %% of every batch "
        "text examples so that the text skill stays). The adapter starts with its output norm "
        "equal to the word-embedding norm (ratio 1); nothing constrains it afterwards. Gradient "
        "clipping 1.0; non-finite steps are skipped and counted. Checkpoints at steps %s."
        % (cfg["align_steps"], cfg["align_batch"], cfg["align_lr"], cfg["align_lm_lr"],
           round(100 * cfg["fullft_text_share"]),
           ", ".join(str(r["step"]) for r in results if r["regime"] == "frozen")),
        "",
        "## Results on held-out pairs, every checkpoint",
        "",
        "Accuracy = exact match of the greedy answer. GAP = text - speech (percentage points). "
        "Control (GapScope's, not the paper's): on the %d held-out utterances of training voices, "
        "pooled cosine (mean over layers 1..%d) and APS (cosine path, mean over layers 1..%d) for "
        "matched pairs (speech i, text i) vs mismatched pairs (speech i, text j != i). "
        "Norm ratio = mean L2 norm of the adapter's outputs / mean L2 norm of the question's "
        "word embeddings."
        % (results[0]["control"]["pairs"], cfg["layers"], cfg["layers"]),
        "",
        "| bundle | dtype | text | speech (held-out utt.) | speech (held-out voices) | GAP | "
        "GAP (held-out voices) | repeat (utt. / voices) | APS matched / mismatched | "
        "cos matched / mismatched | Spearman matched / mismatched | norm ratio | training s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        c = r["control"]
        L.append("| `%s` | %s | %s | %s | %s | %s | %s | %s / %s | %.3f / %.3f | %.3f / %.3f | "
                 "%.2f / %.2f | %.2f | %.0f |"
                 % (r["ship"], r["dtype"], pct(r["text_acc"]), pct(r["speech_acc_seen"]),
                    pct(r["speech_acc_heldout"]), pct(r["gap_seen"]), pct(r["gap_heldout"]),
                    pct(r["repeat_acc_seen"]), pct(r["repeat_acc_heldout"]), c["aps_matched"],
                    c["aps_mismatched"], c["cos_matched"], c["cos_mismatched"],
                    c["spearman_matched"], c["spearman_mismatched"], r["norm_ratio"],
                    r["train_wall_s"]))
    L += ["", "Margins matched - mismatched with bootstrap 95 % intervals:", ""]
    for r in results:
        c = r["control"]
        L.append("- `%s`: APS %+.3f [%+.3f, %+.3f], cosine %+.3f [%+.3f, %+.3f]"
                 % (r["ship"], c["aps_matched"] - c["aps_mismatched"], *c["aps_margin_ci95"],
                    c["cos_matched"] - c["cos_mismatched"], *c["cos_margin_ci95"]))
    finals = [r for r in results if r["final"]]
    L += ["", "### Reading the numbers", ""]
    for regime in ("frozen", "fullft"):
        rs = [r for r in results if r["regime"] == regime]
        L.append("- %s: GAP %s -> %s points (held-out voices %s -> %s) from step %d to %d; "
                 "norm ratio %.1f -> %.1f; APS margin %+.3f -> %+.3f."
                 % (regime, pct(rs[0]["gap_seen"]), pct(rs[-1]["gap_seen"]),
                    pct(rs[0]["gap_heldout"]), pct(rs[-1]["gap_heldout"]), rs[0]["step"],
                    rs[-1]["step"], rs[0]["norm_ratio"], rs[-1]["norm_ratio"],
                    rs[0]["control"]["aps_matched"] - rs[0]["control"]["aps_mismatched"],
                    rs[-1]["control"]["aps_matched"] - rs[-1]["control"]["aps_mismatched"]))
    for r in finals:
        L.append("- `%s`: %d of the %d held-out questions contain a word that no training "
                 "utterance contains (e.g. %s); speech accuracy %s %% on those, %s %% on the "
                 "questions whose words were all heard in training."
                 % (r["ship"], r["n_unheard_word"], r["control"]["pairs"],
                    "; ".join(r["unheard_examples"]) or "none",
                    pct(r["speech_acc_seen_unheard_words"]),
                    pct(r["speech_acc_seen_heard_words"])))
    L += ["", "### Final bundles: per layer (0 = input embeddings)", ""]
    for r in finals:
        c = r["control"]
        L.append("`%s`:" % r["ship"])
        L.append("")
        L.append("| layer | " + " | ".join(str(i) for i in range(len(c["cos_curve_matched"])))
                 + " |")
        L.append("|---|" + "---|" * len(c["cos_curve_matched"]))
        for k, label in (("cos_curve", "cosine"), ("euc_curve", "Euclidean"),
                         ("aps_curve", "APS")):
            L.append("| %s matched | " % label
                     + " | ".join("%.3f" % v for v in c[k + "_matched"]) + " |")
            L.append("| %s mismatched | " % label
                     + " | ".join("%.3f" % v for v in c[k + "_mismatched"]) + " |")
        L.append("")
    L += ["### Final bundles: accuracy per task family (held-out pairs)", "",
          "| task | " + " | ".join("%s text | %s speech" % (r["regime"], r["regime"])
                                   for r in finals) + " |",
          "|---|" + "---|---|" * len(finals)]
    for t in sorted(finals[0]["text_acc_by_task"]):
        L.append("| %s | " % t + " | ".join("%s | %s" % (pct(r["text_acc_by_task"][t]),
                                                         pct(r["speech_acc_by_task"][t]))
                                            for r in finals) + " |")
    L.append("| **mean over families** | " + " | ".join(
        "%s | %s" % (pct(family_mean(r["text_acc_by_task"])),
                     pct(r["speech_acc_seen_family_mean"])) for r in finals) + " |")
    big = sorted(tasks, key=lambda t: -tasks[t])[:5]
    held = {}
    for it in items:
        if it["split"] == "test":
            held[it["task"]] = held.get(it["task"], 0) + 1
    n_big = sum(held[t] for t in big)

    def weighted(r, fams):
        return sum(r["speech_acc_by_task"][t] * held[t] for t in fams) / sum(held[t] for t in fams)

    rest = [t for t in held if t not in big]
    L += ["",
          "Speech accuracy differs a lot between families, and the families differ in size. The "
          "five largest (%s) hold %d of the %d held-out pairs (%s %%); the item-weighted "
          "accuracies in the tables above are dominated by them, and so lie above the mean over "
          "families. Speech accuracy on held-out utterances, the five largest families vs the "
          "other %d: %s."
          % (", ".join(big), n_big, n_test, pct(n_big / n_test), len(rest),
             "; ".join("`%s` %s %% vs %s %%" % (r["ship"], pct(weighted(r, big)),
                                                 pct(weighted(r, rest))) for r in finals)),
          ""]
    L += ["### The shipped sample set", "",
          "`examples/sample/` holds %d held-out examples for the explorer: %d held-out utterances "
          "of training voices and %d utterances of held-out voices, drawn round-robin over the "
          "task families so that every family appears. Because of that balance its accuracy "
          "follows the mean over families, not the item-weighted accuracy. Greedy answers of "
          "the PyTorch model to the shipped WAVs (the same answers are stored per example in "
          "`models.json`, and the Java runtime is tested against them):"
          % (len(finals[0]["sample_answers"]), sum(k.startswith("seen-") for k in
                                                   finals[0]["sample_answers"]),
             sum(k.startswith("heldout-") for k in finals[0]["sample_answers"])),
          ""]
    for r in finals:
        L.append("- `%s`: text %s %%, speech %s %% (GAP %s points)."
                 % (r["ship"], pct(r["sample_text_acc"]), pct(r["sample_speech_acc"]),
                    pct(r["sample_text_acc"] - r["sample_speech_acc"])))
    L += ["", "## How it was made", "",
          "Command: `model-prep/builtin/train_all.sh` (fixed seeds; 1 PyTorch thread per process, "
          "two processes at a time). Wall time of the run that produced these files: %s on a "
          "2-core machine shared with other builds (stages, seconds: %s). Total shipped size "
          "%.1f MB (bundles %.1f MB, sample set %.1f MB). Produced %s."
          % ("%.1f min" % (total_s / 60) if total_s else
             "%.1f min before the finish stage" % (timings["total_before_finish"] / 60),
             ", ".join("%s %s" % kv for kv in timings.items()), sizes["total"] / 2**20,
             sizes["bundles"] / 2**20, sizes["samples"] / 2**20,
             datetime.date.today().isoformat()),
          "",
          "Export: every bundle was reloaded from its TorchScript parts, run part by part "
          "(speech encoder on raw log-mel features, embeddings, each layer, head) with greedy "
          "decoding, and its answers compared with the PyTorch model's on %d held-out queries "
          "(every held-out pair typed, every held-out utterance of a training voice, and one "
          "held-out-voice utterance of every held-out pair): identical for every shipped "
          "bundle. float16 bundles store float16 weights and compute in float32 inside every "
          "part; they ship only where their answers were identical with float16 and with float32 "
          "hidden states between parts; the final bundles are float32."
          % results[0]["answers_checked"],
          ""]
    return "\n".join(L)


def run(work, ship, cfg, log, total_s=None):
    import torch
    corpus = Corpus(work)
    timings = json.load(open(os.path.join(work, "timings.json")))
    lm_info = torch.load(os.path.join(work, "lm.pt"))
    enc_info = torch.load(os.path.join(work, "encoder.pt"))
    results = []
    for regime in ("frozen", "fullft"):
        rs = json.load(open(os.path.join(work, regime, "metrics.json")))
        for k, r in enumerate(rs):
            r["final"] = k == len(rs) - 1
            r["ship"] = ship_folder(regime, r["step"], r["final"])
        results += rs
    models = os.path.join(ship, "models")
    if os.path.exists(models):
        shutil.rmtree(models)
    os.makedirs(os.path.join(models, "checkpoints"))
    for r in results:
        src = os.path.join(work, "bundles", r["bundle"])
        shutil.copytree(src, os.path.join(models, r["ship"]))
    picked = write_samples(corpus, os.path.join(ship, "examples", "sample"), cfg["seed"] + 30,
                           SAMPLE_SEEN if not corpus.world["smoke"] else 6,
                           SAMPLE_HELDOUT if not corpus.world["smoke"] else 3, log)
    finals = [r for r in results if r["final"]]
    sample_answers(work, cfg, corpus, picked, finals, log)
    for r in results:
        r["speech_acc_seen_family_mean"] = family_mean(r["speech_acc_by_task"])
    sizes = {"bundles": dir_size(models),
             "samples": dir_size(os.path.join(ship, "examples", "sample"))}
    sizes["total"] = sizes["bundles"] + sizes["samples"]
    default = ship_folder("fullft", 0, True)
    _atomic_write(os.path.join(models, "DEFAULT"), default + "\n")
    index = {"default": default, "sample_set": "../examples/sample/examples.jsonl",
             "bundles": [{k: r[k] for k in ("ship", "bundle", "regime", "step", "final", "dtype",
                                            "size_bytes", "text_acc", "speech_acc_seen",
                                            "speech_acc_heldout", "gap_seen", "gap_heldout",
                                            "repeat_acc_seen", "repeat_acc_heldout",
                                            "norm_ratio", "train_wall_s", "control",
                                            "speech_acc_seen_family_mean")}
                         for r in results]}
    for b, r in zip(index["bundles"], results):
        for k in ("sample_text_acc", "sample_speech_acc", "sample_answers"):
            if k in r:
                b[k] = r[k]
    for b in index["bundles"]:
        b["path"] = b.pop("ship")
        b["name"] = b.pop("bundle")
    _atomic_write(os.path.join(models, "models.json"), json.dumps(index, indent=1) + "\n")
    _atomic_write(os.path.join(models, "MODEL_CARD.md"),
                  card(cfg, corpus, results, timings, lm_info, enc_info, total_s, sizes))
    log("shipped %d bundles, %.1f MB in all (limit 60 MB)" % (len(results), sizes["total"] / 2**20))
    if sizes["total"] > SIZE_LIMIT and not corpus.world["smoke"]:
        log("WARNING: shipped size %.1f MB exceeds 60 MB" % (sizes["total"] / 2**20))
