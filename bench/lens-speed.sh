#!/usr/bin/env bash
# Benchmark: the logit lens's LM head through GapScope's runtime (DJL + libtorch, CPU) on a head of a 7B
# model's width, and from the measured rate an ESTIMATE (not a measurement) of a 7B-sized lens.
#
#   bench/lens-speed.sh [RUNS] [DIR]   (defaults: 3 runs, /tmp/gapscope-lens-bench)
#
# bench/make_lens_bundle.py writes (once, into DIR) a bundle whose lm_head is RMSNorm + a 4096 x 32768
# linear map (512 MiB) and a 30 s noise clip (750 speech positions). Each run is
# `./gapscope lens --layers all --top 5` on that clip (2 hidden states x 750 positions through the head);
# the script prints the LM head's time and rate from the JSON's "timing" and the median rate, then
# extrapolates to two 7B-class shapes at 750 speech positions (2 d V flop per position and layer).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${1:-3}"
DIR="${2:-/tmp/gapscope-lens-bench}"
PY="${GAPSCOPE_PYTHON:-/usr/bin/python3}"
export GAPSCOPE_JAVA_OPTS="${GAPSCOPE_JAVA_OPTS:--Xmx2g}"
if [[ ! -f "$DIR/bundle.json" ]]; then
    echo "writing the bench bundle into $DIR ..." >&2
    "$PY" "$ROOT/bench/make_lens_bundle.py" "$DIR"
fi
"$ROOT/gapscope" --version >/dev/null
echo "load before: $(uptime)"
RATES=()
for ((i = 1; i <= RUNS; i++)); do
    "$ROOT/gapscope" lens --model "$DIR" --audio "$DIR/clip.wav" --layers all --top 5 --device cpu \
        --json "$DIR/lens.json" --quiet 2>/dev/null
    read -r rows seconds rate < <("$PY" -c 'import json,sys; t=json.load(open(sys.argv[1]))["timing"]; print(t["lm_head_rows"], t["lm_head_seconds"], t["gflop_per_second"])' "$DIR/lens.json")
    printf 'run %d: %s rows through the 4096 x 32768 head in %.2f s: %.1f GFLOP/s\n' "$i" "$rows" "$seconds" "$rate"
    RATES+=("$rate")
done
echo "load after: $(uptime)"
median="$(printf '%s\n' "${RATES[@]}" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')"
echo "median rate: $median GFLOP/s"
"$PY" - "$median" <<'PYEOF'
import sys
rate = float(sys.argv[1]) * 1e9
print("ESTIMATE (extrapolated from the measured rate, not measured): logit lens at 750 speech positions")
for name, d, v, states in (("Qwen2.5-7B-class (d 3584, V 152064, 29 hidden states)", 3584, 152064, 29),
                           ("Llama-3.1-8B-class (d 4096, V 128256, 33 hidden states)", 4096, 128256, 33)):
    per_layer = 750 * 2 * d * v / rate
    print(f"  {name}: {per_layer:.1f} s per layer, {per_layer * states / 60:.1f} min for all layers")
PYEOF
