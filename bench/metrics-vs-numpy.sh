#!/usr/bin/env bash
# Benchmark: `./gapscope metrics` end to end against the same computation in NumPy
# (bench/metrics_numpy.py, Debian's python3-numpy with OpenBLAS) on a dump the size of a 7B model's:
# 33 hidden states, T_s = 750, T_t = 100, d = 4096, float32 (~405 MB speech + 54 MB text).
#
#   bench/metrics-vs-numpy.sh [--no-cds] [RUNS] [DUMP_DIR]  (defaults: 7 runs, /tmp/gapscope-bench)
#
# ./gapscope records an application class-data-sharing archive for `metrics` on its first run after
# a build (the warm-up run below, outside the timing) and maps it on later runs; --no-cds times it
# without (GAPSCOPE_CDS=0), to show what the archive gains.
#
# The dump is generated once into DUMP_DIR (never committed). Both programs run as whole processes,
# in turn (java, numpy, java, numpy, ...) after one warm-up each, timed by /usr/bin/time; the script
# prints each run, the medians, the median of the per-pair ratios, and checks that both programs
# found the same alignment paths. The Java heap is capped at 2 GB (GAPSCOPE_JAVA_OPTS, default -Xmx2g).
# Both sides compute the paper's metrics only (GapScope's DTW extension and CKA are switched off, NumPy's DTW too).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [[ "${1:-}" == "--no-cds" ]]; then
    export GAPSCOPE_CDS=0
    shift
fi
RUNS="${1:-7}"
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

JAVA=("$ROOT/gapscope" metrics --speech "$DIR/speech.npy" --text "$DIR/text.npy" --json "$DIR/gapscope.json"
      --quiet --no-extension-dtw --no-cka)
NUMPY=("$PY" "$ROOT/bench/metrics_numpy.py" --speech "$DIR/speech.npy" --text "$DIR/text.npy"
       --json "$DIR/numpy.json" --no-dtw)

measure() {  # prints: wall cpu maxrss_kb
    local out
    out="$("$TIME" -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -n 1)"
    awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' <<<"$out"
}

echo "java options: $GAPSCOPE_JAVA_OPTS; class-data sharing: $([[ "${GAPSCOPE_CDS:-1}" == 0 ]] && echo off || echo on)" >&2
echo "load before: $(uptime)"
echo "warm-up ..." >&2
measure "${JAVA[@]}" >/dev/null
measure "${NUMPY[@]}" >/dev/null

printf '%-4s %10s %9s %10s   %10s %9s %10s   %7s\n' run java_wall java_cpu java_rss_mb numpy_wall numpy_cpu numpy_rss_mb ratio
JW=(); NW=(); JC=(); NC=(); R=()
for ((i = 1; i <= RUNS; i++)); do
    read -r jw jc jm < <(measure "${JAVA[@]}")
    read -r nw nc nm < <(measure "${NUMPY[@]}")
    ratio="$(awk -v a="$jw" -v b="$nw" 'BEGIN {printf "%.3f", a / b}')"
    printf '%-4s %10s %9s %10d   %10s %9s %10d   %7s\n' "$i" "$jw" "$jc" $((jm / 1024)) "$nw" "$nc" $((nm / 1024)) "$ratio"
    JW+=("$jw"); NW+=("$nw"); JC+=("$jc"); NC+=("$nc"); R+=("$ratio")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "median wall: gapscope $(median "${JW[@]}") s, numpy $(median "${NW[@]}") s;" \
     "median cpu: gapscope $(median "${JC[@]}") s, numpy $(median "${NC[@]}") s"
echo "median of per-pair wall ratios gapscope/numpy: $(median "${R[@]}")"
echo "load after: $(uptime)"
"$PY" - "$DIR/gapscope.json" "$DIR/numpy.json" <<'PYEOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
same = a["path_cosine"] == b["path_cosine"] and a["path_euclidean"] == b["path_euclidean"]
diff = max(abs(a[k] - b[k]) for k in ("cosine", "euclidean", "aps_cosine", "aps_euclidean", "consistency"))
print(f"paths identical: {same}; largest difference of the averages: {diff:.3g}")
sys.exit(0 if same else 1)
PYEOF
