"""The model card (resources/models/MODEL_CARD.md): every number of the shipped run, measured by
the pipeline itself, with how it was made."""

import datetime
import json
import os

import numpy as np

from . import augment, common, engines

GROUP_LABEL = {"test_seen": "held-out utterances", "test_heldout": "held-out voices",
               "test_engine": "held-out engine"}


def pct(x):
    return "–" if x is None else "%.1f" % (100 * x)


def margin(c, k):
    return c[k + "_matched"] - c[k + "_mismatched"]


def group_name(key, g):
    which, engine = key.split("/")
    return "%s, %s (%s)" % (engine, GROUP_LABEL[which], ", ".join(g["voices"]))


def _header(cfg, vocab):
    return [
        "# GapScope's built-in model: a miniature speech language model",
        "",
        "A \"model organism\" of the speech-text modality gap, trained on this machine with the "
        "recipe of the large speech language models the paper studies (Xiang et al., EMNLP 2025): "
        "a speech encoder pretrained on recognition, an adapter that concatenates 5 frames "
        "(Linear -> ReLU -> Linear), and a decoder-only language model that first learned its "
        "world from text. It hears four speech engines; it was trained on three of them and is "
        "tested on the fourth, flite, which it never heard. Every number below was measured by "
        "the command that produced the shipped bundles (`model-prep/builtin/train_all.sh`).",
        "",
        "## Model",
        "",
        "| part | size |",
        "|---|---|",
        "| speech encoder (\"mini-Whisper\") | log-mel 80%s -> %d 1-D convolutions over time "
        "(kernel %d, GELU, %d channels, LayerNorm), the second with stride 2: 20 ms per frame |"
        % (", each mel band's mean over the utterance subtracted," if cfg["enc_band_norm"]
           else "", cfg["enc_layers"], cfg["enc_kernel"], cfg["enc_d"]),
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
    ]


def _speech_section(cfg, corpus, items, tasks, n_test):
    counts = {}
    for u in corpus.plan:
        counts.setdefault(u["set"], {}).setdefault(u["engine"], 0)
        counts[u["set"]][u["engine"]] += 1
    hours = float(np.load(os.path.join(corpus.work, "n_samples.npy")).sum()) / 16000 / 3600
    voices = {}
    for u in corpus.plan:
        voices.setdefault((u["set"], u["engine"]), set()).add(u["voice"])
    n_aug = sum(bool(u["aug"]) for u in corpus.plan)
    n_train = sum(u["set"] in ("train", "vocab") for u in corpus.plan)

    def fmt(which):
        return "; ".join("%s %d (%s)" % (e, n, ", ".join(sorted(voices[(which, e)])))
                         for e, n in sorted(counts.get(which, {}).items()))

    return [
        "## The world and the speech",
        "",
        "%d question-answer pairs in %d task families (%s), answers of 1-3 words. %d pairs "
        "(15 %% of each family) are held out: no utterance of them is used in any speech "
        "training stage. The language model learned all pairs from text, as a real LLM knows its "
        "facts before it hears speech."
        % (len(items), len(tasks), ", ".join("%s %d" % kv for kv in sorted(tasks.items())),
           n_test),
        "",
        "Speech engines (Debian packages): **espeak-ng** (formant synthesis, `en-us` with voice "
        "variants; speed 135-215 words/min, pitch 25-75 drawn per utterance), **festival** "
        "(diphone voices kal and ked: duration stretch %.2f-%.2f and F0 x%.2f-%.2f drawn per "
        "utterance; the HTS voice slt), **FreeTTS** (kevin16, and kevin at 8 kHz; rate %d-%d "
        "words/min, pitch %d-%d Hz, range %d-%d Hz) and **flite** (voices %s, default settings). "
        "Everything is resampled to 16 kHz (windowed-sinc polyphase), 16 bit. flite is the "
        "**held-out engine**: none of its speech is used in any training stage."
        % (engines.STRETCH_RANGE + engines.F0_SCALE_RANGE + engines.FREETTS_RATE_RANGE
           + engines.FREETTS_PITCH_RANGE + engines.FREETTS_RANGE_RANGE
           + (", ".join(engines.FLITE_VOICES),)),
        "",
        "Utterances per set and engine (voices):",
        "",
        "- **training** (training pairs): %s" % fmt("train"),
        "- **vocabulary lists** (transcription only, %d words per list, every vocabulary word "
        "once per pass; passes per training engine: %d): %s"
        % (4, cfg["vocab_passes"], fmt("vocab")),
        "- **held-out utterances** (held-out pairs, a training voice of each training engine, "
        "fresh speed and pitch): %s" % fmt("test_seen"),
        "- **held-out voices** (held-out pairs, every held-out voice of the training engines): %s"
        % fmt("test_heldout"),
        "- **held-out engine** (held-out pairs, every flite voice): %s" % fmt("test_engine"),
        "",
        "%d of the %d training utterances (%.0f %%) are augmented with a random chain of one to "
        "four of: speed or tempo x0.85-1.15, pitch +-100-400 cents, room reverberation (sox "
        "reverb 20-90 %%), microphone colouring (1-3 equaliser peaks +-9 dB), low-pass "
        "2.8-6 kHz, high-pass 150-500 Hz or telephone (8 kHz, 300-3400 Hz, 8-bit mu-law), "
        "additive white, pink, brown or babble-like noise at 5-30 dB SNR, and level changes of "
        "-30 to +8 dB (sox for the filters and effects, NumPy for noise, codec and level; phone "
        "and word times follow speed and tempo). Held-out sets are never augmented. %.2f h of "
        "speech in all."
        % (n_aug, n_train, 100.0 * n_aug / max(1, n_train), hours),
        "",
    ]


def _training_section(cfg, corpus, results, lm_info, enc_info):
    per = enc_info.get("per", {})
    return [
        "## Training (the paper's order)",
        "",
        "1. **Language model on text** (%d steps of %d sequences): question -> answer, question -> "
        "`repeat :` question, and `repeat :` of every vocabulary list. Text accuracy on all pairs "
        "%s %%, repeat accuracy on held-out pairs %s %%."
        % (cfg["lm_steps"], cfg["lm_batch"], pct(lm_info["text_acc_all"]),
           pct(lm_info["repeat_acc"])),
        "2. **Speech encoder on phone recognition** alone, the analogue of Whisper's pretraining "
        "(%d steps of %d utterances, SpecAugment): every 20 ms frame classified as the phone the "
        "synthesizer was speaking at that moment, or pause. The phones and their times come from "
        "each engine itself (festival's, FreeTTS's Segment relations; espeak-ng's phoneme events, "
        "its IPA mapped onto the same %d CMU phones). Phone error rate (frame decisions, repeats "
        "merged) on 200 utterances of each group: %s."
        % (cfg["enc_steps"], cfg["enc_batch"], len(corpus.phone_set),
           "; ".join("%s %.3f" % (k.replace("test_", "").replace("/", " "), v)
                     for k, v in per.items())),
        "3. **Alignment**, encoder frozen, %d steps of %d examples, spoken question -> answer "
        "mixed 50/50 with spoken question -> transcript (`repeat :`; vocabulary lists always "
        "transcribed), in two regimes from the same adapter initialisation: **frozen** "
        "(language model frozen, adapter trained: the LoRA analogue) and **fullft** (adapter lr "
        "%g, language model lr %g, %d %% of every batch text examples so that the text skill "
        "stays). The adapter starts with its output norm equal to the word-embedding norm; "
        "nothing constrains it afterwards. Gradient clipping 1.0; non-finite steps are skipped "
        "and counted. Checkpoints at steps %s."
        % (cfg["align_steps"], cfg["align_batch"], cfg["align_lr"], cfg["align_lm_lr"],
           round(100 * cfg["fullft_text_share"]),
           ", ".join(str(r["step"]) for r in results if r["regime"] == "frozen")),
        "",
    ]


def _checkpoint_table(results, items):
    L = ["## Results on held-out pairs, every checkpoint",
         "",
         "Accuracy = exact match of the greedy answer, item-weighted over the held-out pairs of "
         "each group: every group (an engine's held-out utterances, its held-out voices, flite) "
         "is measured on one utterance of each of the {n_pairs} held-out pairs, the group's "
         "voices taken in turn (so flite's five voices each speak a fifth of the pairs). "
         "GAP = text - speech (percentage points). **Control** (GapScope's, not the "
         "paper's): the query span's hidden states of the speech and the text prompt, APS "
         "(cosine path, mean over layers 1..L) and pooled cosine for matched pairs (speech i, "
         "text i) against mismatched pairs (speech i, text j != i, a seeded derangement), "
         "margin = matched - mismatched with a bootstrap 95 % interval, on every group of "
         "utterances separately.",
         "",
         "| bundle | dtype | text | speech: held-out utt. | held-out voices | flite | GAP "
         "(utt. / voices / flite) | APS margin (utt. / voices / flite) | norm ratio | "
         "training s |",
         "|---|---|---|---|---|---|---|---|---|---|"]
    L[2] = L[2].replace("{n_pairs}", str(sum(it["split"] == "test" for it in items)))
    for r in results:
        pooled = {}
        for which in ("test_seen", "test_heldout", "test_engine"):
            gs = [g for k, g in r["groups"].items() if k.startswith(which + "/")]
            n = sum(g["n"] for g in gs)
            pooled[which] = (sum(margin(g["control"], "aps") * g["n"] for g in gs) / n) if n \
                else None
        L.append("| `%s` | %s | %s | %s | %s | %s | %s / %s / %s | %s | %.2f | %.0f |"
                 % (r["ship"], r["dtype"], pct(r["text_acc"]), pct(r["speech_acc_seen"]),
                    pct(r.get("speech_acc_heldout")), pct(r.get("speech_acc_engine")),
                    pct(r.get("gap_seen")), pct(r.get("gap_heldout")), pct(r.get("gap_engine")),
                    " / ".join("–" if v is None else "%+.3f" % v for v in pooled.values()),
                    r["norm_ratio"], r["train_wall_s"]))
    L += ["", "(APS margins here are averaged over each set's engines, weighted by utterances; "
          "every group's own margin and interval is in the next table.)", ""]
    return L


def _group_table(finals):
    L = ["## Final bundles: every engine and voice group, with controls", ""]
    for r in finals:
        L += ["`%s` (text accuracy on the same pairs: %s %%):" % (r["ship"], pct(r["text_acc"])),
              "",
              "| group | utterances | speech (item-weighted) | speech (mean over families) | "
              "transcript exact | APS matched / mismatched, margin [95 %] | cosine margin "
              "[95 %] |",
              "|---|---|---|---|---|---|---|"]
        for key, g in r["groups"].items():
            c = g["control"]
            L.append("| %s | %d | %s | %s | %s | %.3f / %.3f, %+.3f [%+.3f, %+.3f] | "
                     "%+.3f [%+.3f, %+.3f] |"
                     % (group_name(key, g), g["n"], pct(g["speech_acc"]),
                        pct(g["speech_acc_family_mean"]), pct(g["repeat_acc"]),
                        c["aps_matched"], c["aps_mismatched"], margin(c, "aps"),
                        *c["aps_margin_ci95"], margin(c, "cos"), *c["cos_margin_ci95"]))
        L.append("")
        for key, g in r["groups"].items():
            if not key.startswith("test_seen"):
                L.append("- %s by voice: %s." % (group_name(key, g).split(" (")[0], ", ".join(
                    "%s %s %%" % (v, pct(a)) for v, a in g["speech_acc_by_voice"].items())))
        L.append("")
    return L


def _flite_notes(finals):
    L = []
    for r in finals:
        for key, g in r["groups"].items():
            if not key.startswith("test_engine"):
                continue
            by_voice = g["speech_acc_by_voice"]
            unseen = [v for v in by_voice if not v.startswith("kal")]
            kal = [v for v in by_voice if v.startswith("kal")]
            if unseen and kal:
                L.append("- `%s` on flite: %s %% on the voices whose speakers are in no training "
                         "engine (%s), %s %% on kal and kal16."
                         % (r["ship"], pct(np.mean([by_voice[v] for v in unseen])),
                            ", ".join(unseen), pct(np.mean([by_voice[v] for v in kal]))))
    if L:
        L = ["flite's kal and kal16 voices are built from the same speaker's diphones (Kevin "
             "Lenzo's) as festival's kal_diphone and FreeTTS's kevin16, two training voices; "
             "the engine is new to the model, the speaker is not. awb, rms and slt are speakers "
             "the model never heard from any engine:", ""] + L + [""]
    return L


def _curve(curves, results):
    L = ["## The held-out engine against training steps", "",
         "Speech accuracy on 200 fixed held-out-engine utterances (flite) and 200 fixed held-out "
         "utterances of the training engines, measured every 500 alignment steps; and on all of "
         "them at each checkpoint:", "",
         "| step | " + " | ".join("%s: utt. probe | %s: flite probe" % (r, r) for r in curves)
         + " |", "|---|" + "---|---|" * len(curves)]
    steps = sorted({p["step"] for c in curves.values() for p in c["curve"]})
    for s in steps:
        row = []
        for c in curves.values():
            p = next((p for p in c["curve"] if p["step"] == s), {})
            row += [pct(p.get("probe_test_seen")), pct(p.get("probe_test_engine"))]
        L.append("| %d | %s |" % (s, " | ".join(row)))
    L += ["", "At the checkpoints (all held-out pairs): " + "; ".join(
        "%s step %d: flite %s %%" % (r["regime"], r["step"], pct(r.get("speech_acc_engine")))
        for r in results) + ".", ""]
    return L


def _families(finals, items):
    tasks = sorted(finals[0]["text_acc_by_task"])
    cols = []
    for r in finals:
        for key in r["groups"]:
            if key.startswith("test_seen/") or key.startswith("test_engine/"):
                cols.append((r, key))
    L = ["## Final bundles: speech accuracy per task family", "",
         "| task | held-out pairs | " + " | ".join("%s %s" % (r["regime"], k.split("/")[1])
                                                for r, k in cols) + " |",
         "|---|---|" + "---|" * len(cols)]
    held = {}
    for it in items:
        if it["split"] == "test":
            held[it["task"]] = held.get(it["task"], 0) + 1
    for t in tasks:
        L.append("| %s | %d | %s |" % (t, held.get(t, 0), " | ".join(
            pct(r["groups"][k]["speech_acc_by_task"].get(t)) for r, k in cols)))
    L.append("| **mean over families** | | %s |" % " | ".join(
        pct(r["groups"][k]["speech_acc_family_mean"]) for r, k in cols))
    L += ["", "Text accuracy is at least %s in every family. The five number families (bigger, smaller, "
          "plus, more, minus) hold most held-out pairs, so item-weighted accuracies lie above the "
          "means over families. Questions with a word that no training utterance speaks: %d of "
          "%d (the vocabulary lists speak every word)."
          % (" / ".join("%s %%" % pct(min(r["text_acc_by_task"].values())) for r in finals),
             finals[0]["n_unheard_word"], sum(held.values())), ""]
    return L


def _samples(finals, picked, timing_check):
    n = len(picked)
    L = ["## The shipped sample set", "",
         "`examples/sample/` holds %d held-out examples for the explorer, from every engine and "
         "group (`split` says which: held-out item with a training voice, a held-out voice, or "
         "the held-out engine), each group drawn round-robin over the task families. Greedy "
         "answers of the PyTorch model to the shipped WAVs (the same answers are stored per "
         "example in `models.json`, and the Java runtime is tested against them):" % n, ""]
    for r in finals:
        by = {}
        for ex_id, a in r["sample_answers"].items():
            by.setdefault(ex_id.split("-")[0], []).append(a["speech"] == a["gold"])
        L.append("- `%s`: text %s %%, speech %s %% (GAP %s points); speech by engine: %s."
                 % (r["ship"], pct(r["sample_text_acc"]), pct(r["sample_speech_acc"]),
                    pct(r["sample_text_acc"] - r["sample_speech_acc"]),
                    ", ".join("%s %d/%d" % (e, sum(v), len(v)) for e, v in sorted(by.items()))))
    L += ["", "### Word timings", "",
          "Every sample example carries `words`: each transcript word with its start and end in "
          "seconds, as the synthesizer placed it. festival reports them in its Word relation "
          "(`word_start`, `word_end`), flite (through its C library) and FreeTTS (through its "
          "Java API) in their Segment relations (a word spans from the end of the segment before "
          "its first phone to the end of its last phone), espeak-ng in its library's word and "
          "phoneme events (a word owns the phonemes between its word event and the next, and "
          "spans from its first phoneme's start to its last phoneme's end; pauses are outside "
          "words; where espeak-ng runs two words together under one word event, as in \"far "
          "more\", their phonemes are shared out by each word's phoneme count said alone). So "
          "the times "
          "are exact for the synthesizer's own segmentation; they are not a human annotator's "
          "boundaries (a synthesizer puts a boundary at its unit join, which can lie a few tens "
          "of milliseconds from where the sound changes). Measured error:"]
    if "espeak_length_drift_ms_max" in timing_check:
        L.append("")
        L.append("- espeak-ng's timings come from its library, the audio from its command: where "
                 "sound starts and ends differs between the two by at most %.1f ms over the "
                 "sample set's espeak-ng examples."
                 % timing_check["espeak_length_drift_ms_max"])
    L.append("- Against an independent method, forced alignment of the same phones with the "
             "model's own speech encoder (Viterbi over its phone classifier's 20 ms frames, "
             "pauses optional between words), word boundaries differ by (median / mean / 90th "
             "percentile, share within 40 ms): " + "; ".join(
                 "%s %.0f / %.0f / %.0f ms, %.0f %% (%d boundaries)"
                 % (e, v["median_ms"], v["mean_ms"], v["p90_ms"], 100 * v["within_40ms"],
                    v["boundaries"]) for e, v in timing_check["engines"].items())
             + ". That is the disagreement of two methods, at a 20 ms frame resolution, not "
             "the error of either alone.")
    L.append("")
    return L


TOP_STAGES = ("data", "lm", "encoder", "cache", "frozen", "fullft")


def before_finish(timings):
    """(wall s, CPU s, note) of everything before the finish stage: as the one-command run measured
    it, or, where the stages were run one by one, the wall seconds along the pipeline's critical
    path (lm and encoder in parallel, the two regimes in parallel) and the sum of their CPU."""
    if "total_before_finish" in timings:
        return timings["total_before_finish"], timings.get("cpu_total_before_finish"), ""
    t = timings
    wall = t["data"] + max(t["lm"], t["encoder"]) + t["cache"] + max(t["frozen"], t["fullft"])
    cpu = sum(t.get("cpu_" + k, 0.0) for k in TOP_STAGES)
    return wall, cpu, (" (stages run one by one; the sum of their wall times along the "
                       "critical path: data, the slower of lm and encoder, cache, the slower "
                       "regime)")


def card(cfg, corpus, results, curves, timings, lm_info, enc_info, total_s, sizes, picked,
         timing_check):
    items = corpus.world["items"]
    n_test = sum(it["split"] == "test" for it in items)
    with open(os.path.join(corpus.work, "tokenizer.json")) as f:
        vocab = len(json.load(f)["model"]["vocab"])
    tasks = {}
    for it in items:
        tasks[it["task"]] = tasks.get(it["task"], 0) + 1
    finals = [r for r in results if r["final"]]
    L = _header(cfg, vocab)
    L += _speech_section(cfg, corpus, items, tasks, n_test)
    L += _training_section(cfg, corpus, results, lm_info, enc_info)
    L += _checkpoint_table(results, items)
    L += _group_table(finals)
    L += _flite_notes(finals)
    L += _curve(curves, results)
    L += _families(finals, items)
    L += _samples(finals, picked, timing_check)
    before, cpu, how = before_finish(timings)
    resumed = timings.get("data_resumed_utterances", 0)
    stages = [k for k in timings if not k.startswith(("cpu_", "load_", "data_resumed"))]
    loads = [timings["load_" + k] for k in stages if "load_" + k in timings]
    L += ["## How it was made", "",
          "Command: `model-prep/builtin/train_all.sh` (fixed seeds; 1 PyTorch thread per "
          "process, two processes at a time; synthesis on two worker processes). Wall time of "
          "the run that produced these files: %s on a 2-core machine shared with other builds "
          "(5-minute load average %s at the ends of its stages)%s. Stages, wall seconds (CPU "
          "seconds of the stage's own process and children): %s. Shipped size %.1f MB (bundles "
          "and index %.1f MB, sample set %.1f MB, this card aside; budget 64 MB). Produced %s."
          % ("%.1f min" % (total_s / 60) if total_s else
             "%.1f min before the finish stage%s" % (before / 60, how),
             "%.1f-%.1f" % (min(loads), max(loads)) if loads else "unknown",
             "; CPU time of all its processes before the finish stage %.1f min, i.e. %.1f min "
             "on 2 uncontended cores" % (cpu / 60, cpu / 120) if cpu else "",
             ", ".join("%s %s (%s)" % (k, timings[k], timings.get("cpu_" + k, "?"))
                       for k in stages),
             sizes["total"] / 2**20, sizes["bundles"] / 2**20, sizes["samples"] / 2**20,
             datetime.date.today().isoformat()),
          "",
          ] + (["The data stage resumed: %d of the %d utterances came from synthesis blocks that "
                "an earlier, interrupted data stage of the same plan had finished; their time is "
                "not in the data stage's seconds above." % (resumed, len(corpus.plan)), ""]
               if resumed else []) + [
          "Export: every bundle was reloaded from its TorchScript parts, run part by part "
          "(speech encoder on raw log-mel features, embeddings, each layer, head) with greedy "
          "decoding, and its answers compared with the PyTorch model's on %d held-out queries "
          "(every held-out pair typed, and one utterance of every held-out pair, taken in turn "
          "from the training engines, the held-out voices and flite): identical for every "
          "shipped bundle. float16 bundles store float16 weights and compute in float32 inside "
          "every part; they ship only where their answers were identical with float16 and with "
          "float32 hidden states between parts; the final bundles are float32."
          % results[0]["answers_checked"],
          "",
          "Augmentation chains are drawn per utterance and stored in the work folder's plan "
          "(`data.json`), e.g. `%s`." % augment.describe(
              next((u["aug"] for u in corpus.plan if u["aug"]), {})),
          ""]
    return "\n".join(L)
