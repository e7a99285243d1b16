#!/usr/bin/env bash
# Benchmark: what cross-layer CKA costs `./gapscope metrics` on the 7B-sized dump of
# bench/metrics-vs-numpy.sh (33 hidden states, T_s = 750, T_t = 100, d = 4096, float32): paired whole-process
# runs, `metrics` (CKA on by default) and `metrics --no-cka` in turn (the order alternating), after one warm-up each, timed
# by /usr/bin/time.
#
#   bench/cka-cost.sh [RUNS] [DUMP_DIR]   (defaults: 9 pairs, /tmp/gapscope-bench)
#
# Prints each pair, the medians of wall and CPU time, and the median of the per-pair ratios
# (with CKA / without), i.e. CKA's share of the run's time. The DTW extension is off on both sides, as
# in bench/metrics-vs-numpy.sh. The dump is generated once into DUMP_DIR (never committed).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${1:-9}"
DIR="${2:-/tmp/gapscope-bench}"
PY="${GAPSCOPE_PYTHON:-/usr/bin/python3}"
export GAPSCOPE_JAVA_OPTS="${GAPSCOPE_JAVA_OPTS:--Xmx2g}"
TIME=/usr/bin/time
[[ -x "$TIME" ]] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

mkdir -p "$DIR"
if [[ ! -f "$DIR/speech.npy" || ! -f "$DIR/text.npy" ]]; then
    echo "generating the 7B-sized dump in $DIR ..." >&2
    "$PY" "$ROOT/bench/metrics_numpy.py" generate --layers 33 --speech-len 750 --text-len 100 --hidden 4096 --out "$DIR"
fi
"$ROOT/gapscope" --version >/dev/null   # builds if sources changed, outside the timing

BASE=("$ROOT/gapscope" metrics --speech "$DIR/speech.npy" --text "$DIR/text.npy" --quiet --no-extension-dtw)
WITH=("${BASE[@]}" --json "$DIR/with-cka.json")
WITHOUT=("${BASE[@]}" --json "$DIR/without-cka.json" --no-cka)

measure() {  # prints: wall cpu
    local out
    out="$("$TIME" -f '%e %U %S' "$@" 2>&1 >/dev/null | tail -n 1)"
    awk '{printf "%s %.2f\n", $1, $2 + $3}' <<<"$out"
}

echo "java options: $GAPSCOPE_JAVA_OPTS"
echo "load before: $(uptime)"
measure "${WITH[@]}" >/dev/null
measure "${WITHOUT[@]}" >/dev/null
printf '%-4s %12s %11s   %12s %11s   %10s %9s\n' pair cka_wall_s cka_cpu_s nocka_wall_s nocka_cpu_s wall_ratio cpu_ratio
WW=(); WC=(); NW=(); NC=(); RW=(); RC=()
for ((i = 1; i <= RUNS; i++)); do
    if (( i % 2 )); then
        read -r ww wc < <(measure "${WITH[@]}")
        read -r nw nc < <(measure "${WITHOUT[@]}")
    else
        read -r nw nc < <(measure "${WITHOUT[@]}")
        read -r ww wc < <(measure "${WITH[@]}")
    fi
    rw="$(awk -v a="$ww" -v b="$nw" 'BEGIN {printf "%.3f", a / b}')"
    rc="$(awk -v a="$wc" -v b="$nc" 'BEGIN {printf "%.3f", a / b}')"
    printf '%-4s %12s %11s   %12s %11s   %10s %9s\n' "$i" "$ww" "$wc" "$nw" "$nc" "$rw" "$rc"
    WW+=("$ww"); WC+=("$wc"); NW+=("$nw"); NC+=("$nc"); RW+=("$rw"); RC+=("$rc")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "median wall: with CKA $(median "${WW[@]}") s, without $(median "${NW[@]}") s;" \
     "median cpu: with CKA $(median "${WC[@]}") s, without $(median "${NC[@]}") s"
echo "median of per-pair ratios (with CKA / without): wall $(median "${RW[@]}"), cpu $(median "${RC[@]}")"
echo "load after: $(uptime)"
"$PY" - "$DIR/with-cka.json" "$DIR/without-cka.json" <<'PYEOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
same = a["path_cosine"] == b["path_cosine"] and a["path_euclidean"] == b["path_euclidean"]
print(f"paths identical with and without CKA: {same}; CKA diagonal mean {a['cka_diagonal_mean']:.4f}, "
      f"band width mean {a['cka_band_width_mean']:.2f}, {a['cka_gram']}")
sys.exit(0 if same and "cka" not in b else 1)
PYEOF
