#!/usr/bin/env bash
# The built-in model's across-checkpoint results: `gapscope evaluate` on every shipped bundle of both
# alignment regimes (LM frozen, full fine-tuning; every checkpoint and the final one) over the sample
# set, then `gapscope compare` across them with one group per regime.
#
#   bench/builtin-results.sh [RESOURCES_DIR] [OUT_DIR]      (defaults: resources, /tmp/gapscope-builtin-results)
#
# Writes OUT_DIR/runs/<bundle>/ (one evaluation folder each; an interrupted script resumes them),
# OUT_DIR/compare/ (compare.md, the CSVs, compare.json, score-vs-gap-*.png/.svg),
# OUT_DIR/intervene/<final bundle>/ (the intervention table of both final bundles) and
# OUT_DIR/builtin-results.md with the figures it shows in OUT_DIR/figures/ (what docs/ holds), and
# OUT_DIR/readme-lenses.md, the README's lens table (R² of GAP against each lens, issue 15).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RES="$(readlink -f "${1:-$ROOT/resources}")"
OUT="${2:-/tmp/gapscope-builtin-results}"
DATA="$RES/examples/sample/examples.jsonl"
[[ -f "$DATA" ]] || { echo "no sample set at $DATA" >&2; exit 2; }
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
"$ROOT/gapscope" --version >/dev/null   # builds if sources changed
runs=()
for regime in frozen fullft; do
    bundles=()
    while IFS= read -r b; do bundles+=("$b"); done < <(ls -d "$RES"/models/checkpoints/mini-"$regime"-step* 2>/dev/null | sort)
    [[ -d "$RES/models/mini-$regime-final" ]] && bundles+=("$RES/models/mini-$regime-final")
    for b in "${bundles[@]}"; do
        name="$(basename "$b")"
        echo "== $name" >&2
        "$ROOT/gapscope" evaluate --model "$b" --data "$DATA" --out "$OUT/runs/$name" --device cpu --lens --quiet \
            | sed -n '1,2p' >&2
        runs+=("$OUT/runs/$name")
    done
done
"$ROOT/gapscope" compare "${runs[@]}" --group frozen --group fullft --out "$OUT/compare"
for regime in frozen fullft; do
    echo "== intervene mini-$regime-final" >&2
    "$ROOT/gapscope" intervene --model "$RES/models/mini-$regime-final" --data "$DATA" --method angle,length \
        --tokens bottom:3,all --out "$OUT/intervene/mini-$regime-final" --device cpu --quiet >/dev/null
done
mkdir -p "$OUT/figures"
for stem in aps_cosine aps_cosine-frozen aps_cosine-fullft cosine; do
    cp "$OUT/compare/score-vs-gap-$stem.png" "$OUT/figures/builtin-score-vs-gap-$stem.png"
done
"$ROOT/gapscope" figure cka --from "$OUT/runs/mini-fullft-final" --out "$OUT/figures/builtin-cka-fullft-final.png" \
    --no-title >/dev/null
commit="$(git -C "$RES" log -1 --format=%h -- . 2>/dev/null || echo unknown)"
"${GAPSCOPE_PYTHON:-/usr/bin/python3}" "$ROOT/bench/builtin_results_md.py" "$OUT" "$commit" "$DATA" > "$OUT/builtin-results.md"
echo "wrote $OUT/builtin-results.md and $OUT/figures/" >&2
