#!/usr/bin/env python3
"""Writes builtin-results.md from the folders bench/builtin-results.sh made (json only, no numbers typed in).

    builtin_results_md.py OUT_DIR RESOURCES_COMMIT SAMPLE_SET.jsonl > builtin-results.md
"""
import json
import os
import sys

out, commit, data = sys.argv[1], sys.argv[2], sys.argv[3]
cmp = json.load(open(os.path.join(out, "compare", "compare.json")))
with open(data) as f:
    rows = {r["id"]: r for r in (json.loads(line) for line in f if line.strip())}
SPLIT_ORDER = ["held-out item, training voice", "held-out item, held-out voice",
               "held-out item, held-out engine"]


def summary(run):
    return json.load(open(os.path.join(run["folder"], "summary.json")))


def ci(c):
    lo, hi = c["margin_ci"]
    return "%+.3f [%+.3f, %+.3f]" % (c["margin"], lo, hi)


print("# The built-in model across its checkpoints")
print()
print("`gapscope evaluate` on every shipped bundle of the built-in model (both alignment regimes: language "
      "model frozen, the LoRA analogue; full fine-tuning; checkpoints and final), over the shipped sample set "
      "(`resources/examples/sample/examples.jsonl`, %d held-out questions), then `gapscope compare` across "
      "them. Bundles and sample set of commit `%s`. Made by `bench/builtin-results.sh` (this file by "
      "`bench/builtin_results_md.py` from its output); every number below is read from the run folders."
      % (summary(cmp["runs"][0])["examples"]["evaluated"], commit))
print()
print("## Accuracy, GAP, S and APS (matched pairs)")
print()
print("| bundle | regime | text (%) | speech (%) | GAP | S cos | S euc | APS cos | APS euc |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for r in cmp["runs"]:
    s = r["scores"]
    print("| `%s` | %s | %.1f | %.1f | %.1f | %.3f | %.2f | %.3f | %.2f |" % (
        r["model"], r["group"], r["text_percent"], r["speech_percent"], r["gap"], s["cosine"]["matched"],
        s["euclidean"]["matched"], s["aps_cosine"]["matched"], s["aps_euclidean"]["matched"]))
print()
print("Scores average over decoder layers 1..L. Accuracy: the greedy answer matches the gold answer after "
      "normalisation (docs/dataset-format.md); with %d questions one question is %.1f points."
      % (cmp["runs"][0] and summary(cmp["runs"][0])["examples"]["evaluated"],
         100.0 / summary(cmp["runs"][0])["examples"]["evaluated"]))
print()
print("## Where the gap is large and where small: the final bundles by engine")
print()
print("The same runs, the sample set's examples grouped by the engine that spoke them and by `split` "
      "(flite is the engine the model never heard in training). Mean APS (cosine) of the matched pairs; "
      "the per-engine control with its interval over all held-out pairs is in "
      "`resources/models/MODEL_CARD.md`.")
print()
print("| bundle | split | engine | examples | text (%) | speech (%) | GAP | APS cos |")
print("|---|---|---|---:|---:|---:|---:|---:|")
for r in cmp["runs"]:
    if not r["model"].endswith("-final"):
        continue
    groups = {}
    with open(os.path.join(r["folder"], "results.jsonl")) as f:
        for line in f:
            e = json.loads(line)
            if e.get("status") != "ok" or e["id"] not in rows:
                continue
            row = rows[e["id"]]
            groups.setdefault((row.get("split", ""), row.get("engine", "")), []).append(e)
    for (split, engine), es in sorted(groups.items(), key=lambda kv: (
            SPLIT_ORDER.index(kv[0][0]) if kv[0][0] in SPLIT_ORDER else 9, kv[0][1])):
        text = 100.0 * sum(e["text"]["correct"] for e in es) / len(es)
        speech = 100.0 * sum(e["speech"]["correct"] for e in es) / len(es)
        aps = sum(e["scores"]["aps_cosine"]["mean"] for e in es) / len(es)
        print("| `%s` | %s | %s | %d | %.1f | %.1f | %.1f | %.3f |"
              % (r["model"], split, engine, len(es), text, speech, text - speech, aps))
print()
print("## The mismatched-pair control (GapScope's, not the paper's)")
print()
print("Margin = matched - mismatched (speech of question i against the text of question sigma(i)), with its "
      "95 % bootstrap interval. For cosine and APS cosine a positive margin means matched pairs are more "
      "alike than unrelated ones; for the Euclidean scores, a negative one.")
print()
print("| bundle | S cos | S euc | APS cos | APS euc | monotonicity (cos) | consistency |")
print("|---|---|---|---|---|---|---|")
for r in cmp["runs"]:
    s = summary(r)["scores"]
    print("| `%s` | %s | %s | %s | %s | %s | %s |" % (
        r["model"], ci(s["cosine"]), ci(s["euclidean"]), ci(s["aps_cosine"]), ci(s["aps_euclidean"]),
        ci(s["monotonicity_cosine"]), ci(s["consistency"])))
print()
print("## GAP regressed on S and APS")
print()
print("GAP = slope x score + intercept, least squares, over all ten bundles and within each regime.")
print()
print("| score | group | n | slope | intercept | R² |")
print("|---|---|---:|---:|---:|---:|")
names = {"cosine": "S (cosine)", "euclidean": "S (Euclidean)", "aps_cosine": "APS (cosine)",
         "aps_euclidean": "APS (Euclidean)"}
for f in cmp["fits"]:
    if f["score"] not in names:
        continue  # the other lenses: their own section below
    if "r2" in f:
        print("| %s | %s | %d | %.4g | %.4g | %s |" % (names[f["score"]], f["group"], f["n"], f["slope"],
                                                     f["intercept"], "n/a" if f["r2"] is None else "%.2f" % f["r2"]))
    else:
        print("| %s | %s | | | | (%s) |" % (names[f["score"]], f["group"], f["note"]))
print()
print("The figures plot the score against GAP (the paper's axes); their line is the least-squares fit of "
      "the score on GAP, so its slope is in score units per point, and its R² is the regression's.")
print()
for stem, what in [("aps_cosine", "all bundles"), ("aps_cosine-frozen", "LM frozen"),
                   ("aps_cosine-fullft", "full fine-tuning"), ("cosine", "all bundles")]:
    print("![%s vs GAP, %s](figures/builtin-score-vs-gap-%s.png)" % (names[stem.split("-")[0]], what, stem))
    print()
ivdir = os.path.join(out, "intervene")
if os.path.isdir(ivdir):
    print("## Interventions on the final bundles")
    print()
    print("`gapscope intervene --method angle,length --tokens bottom:3,all` (rewrite at layer 0, the LLM input; "
          "tokens from each question's cosine path at layer 0), same sample set. Change against plain speech "
          "with a paired bootstrap 95 % interval; fixed / broken = answers the rewrite made right / wrong.")
    print()
    for name in sorted(os.listdir(ivdir)):
        table = open(os.path.join(ivdir, name, "table.md")).read().strip().split("\n")
        print("`%s`:" % name)
        print()
        print("\n".join(table[2:]))
        print()


def num(v, fmt="%.3f"):
    return "n/a" if v is None else fmt % v


def lens_table():
    """Which lens predicts the gap: R² of GAP against each predictor compare fitted, per group, as Markdown lines."""
    groups = []
    for f in cmp["fits"]:
        if f["group"] not in groups:
            groups.append(f["group"])
    predictors = []
    for f in cmp["fits"]:
        if (f["score"], f["label"]) not in predictors:
            predictors.append((f["score"], f["label"]))
    lines = ["| predictor | " + " | ".join("R² (%s)" % g for g in groups) + " |",
             "|---|" + "---:|" * len(groups)]
    for key, label in predictors:
        cells = []
        for g in groups:
            f = next(x for x in cmp["fits"] if x["score"] == key and x["group"] == g)
            cells.append(num(f.get("r2"), "%.2f") + (" (n=%d)" % f["n"] if "n" in f else ""))
        lines.append("| %s | %s |" % (label, " | ".join(cells)))
    return lines


if any(f["score"] not in names for f in cmp["fits"]):
    print("## The other lenses (issue 15)")
    print()
    first = summary(cmp["runs"][0])
    how = {"reference_words": "by the example's reference word timings (`words`)",
           "proportional": "in proportional slices"}
    print("Cross-layer CKA (Hsu et al. 2026) of each bundle over the sample set: every question's text tokens "
          "paired with its speech positions (matched pairs %s; the mismatched control %s), stacked, "
          "matched and mismatched (GapScope's control: speech i against the text of question sigma(i)). "
          "Diagonal mean over layers 1..L; band width = text layers within 0.9 of each speech layer's best, "
          "mean over layers 1..L."
          % (how.get(first.get("cka_pairing"), first.get("cka_pairing")),
             how.get(first.get("cka_control", {}).get("pairing"), first.get("cka_control", {}).get("pairing"))))
    print()
    print("| bundle | CKA diagonal (matched) | mismatched | margin | band width (matched) | band width (mismatched) |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in cmp["runs"]:
        s = summary(r)
        print("| `%s` | %s | %s | %s | %s | %s |" % (
            r["model"], num(s.get("cka_diagonal_mean")), num(s.get("cka_mismatched_diagonal_mean")),
            num(s.get("cka_diagonal_mean_margin"), "%+.3f"), num(s.get("cka_band_width_mean"), "%.1f"),
            num(s.get("cka_mismatched_band_width_mean"), "%.1f")))
    print()
    print("Which lens predicts the gap: R² of GAP regressed on each predictor (`gapscope compare`), over all "
          "bundles and within each regime. Five to ten bundles and %d questions are small samples: read these "
          "as a demonstration of the method, not as a finding." % summary(cmp["runs"][0])["examples"]["evaluated"])
    print()
    print("\n".join(lens_table()))
    print()
    if os.path.exists(os.path.join(out, "figures", "builtin-cka-fullft-final.png")):
        print("![cross-layer CKA of the default bundle, matched pairs](figures/builtin-cka-fullft-final.png)")
        print()
    with open(os.path.join(out, "readme-lenses.md"), "w") as f:
        f.write("\n".join(lens_table()) + "\n")
