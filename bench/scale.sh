#!/usr/bin/env bash
# Benchmark: what a model costs through GapScope's Java runtime (docs/scale.md).
#
#   bench/scale.sh 7b [--layers N] [--dir DIR] [-- BENCH_SCALE_OPTIONS]
#       a Qwen2-Audio-7B-shaped bundle with random weights (bench/make_7b_bundle.py; real dimensions,
#       bfloat16, N of the 32 decoder layers, default 4), generated once into DIR (default
#       /tmp/gapscope-7b; about 5.4 GB for 4 layers; never committed)
#   bench/scale.sh builtin [-- BENCH_SCALE_OPTIONS]
#       the shipped default bundle (resources/models/DEFAULT)
#
# Runs `./gapscope bench-scale` (open time, memory, a typed query and 5 s / 30 s spoken queries with
# capture, the LM head alone, a 32-token greedy answer with and without the key/value cache) as one
# whole process under /usr/bin/time, and prints the load average before and after. So that every
# answer runs its 32 tokens, the bundle is benchmarked through a copy of its folder (links to the
# same part files) whose stop_tokens is a special token the model never produces. The JSON of the
# numbers goes to DIR/bench-scale.json (7b) or /tmp/gapscope-builtin-scale.json (builtin).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
PY="${GAPSCOPE_PYTHON:-/usr/bin/python3}"
TIME=/usr/bin/time
[[ -x "$TIME" ]] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

WHAT="${1:-}"
shift || true
LAYERS=4
DIR=/tmp/gapscope-7b
EXTRA=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --layers) LAYERS="$2"; shift 2 ;;
        --dir) DIR="$2"; shift 2 ;;
        --) shift; EXTRA=("$@"); break ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done

case "$WHAT" in
    7b)
        BUNDLE="$DIR/bundle-${LAYERS}of32"
        if [[ ! -f "$BUNDLE/bundle.json" ]]; then
            echo "generating the 7B-shaped bundle ($LAYERS of 32 decoder layers) in $BUNDLE ..." >&2
            "$TIME" -f 'generation: %e s wall, %U s user, %S s sys, peak resident %M kB' \
                "$PY" "$ROOT/bench/make_7b_bundle.py" --out "$BUNDLE" --decoder-layers "$LAYERS"
        fi
        TEXT="what is the capital of france and why is it famous for its art and its food"
        NEVER="<|AUDIO|>"
        JSON="$DIR/bench-scale-${LAYERS}of32.json"
        ;;
    builtin)
        BUNDLE="$ROOT/resources/models/$(cat "$ROOT/resources/models/DEFAULT")"
        TEXT="what comes after forty seven"
        NEVER="<pad>"
        DIR=/tmp
        JSON=/tmp/gapscope-builtin-scale.json
        ;;
    *)
        sed -n '2,17p' "${BASH_SOURCE[0]}" >&2
        exit 2
        ;;
esac

# the same parts under a bundle.json whose only stop token is one the model never produces
RUN="$(mktemp -d "$DIR/.bench-scale-XXXXXX")"
trap 'rm -rf "$RUN"' EXIT
for f in "$BUNDLE"/*; do
    [[ "$(basename "$f")" == bundle.json ]] || ln -s "$f" "$RUN/$(basename "$f")"
done
"$PY" - "$BUNDLE/bundle.json" "$RUN/bundle.json" "$NEVER" <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["stop_tokens"] = [sys.argv[3]]
json.dump(m, open(sys.argv[2], "w"), indent=2)
PYEOF

"$ROOT/gapscope" --version >/dev/null   # builds if sources changed, outside the timing
echo "load before: $(uptime)"
"$TIME" -f 'bench-scale process: %e s wall, %U s user, %S s sys, peak resident %M kB' \
    "$ROOT/gapscope" bench-scale --model "$RUN" --text "$TEXT" --tokens 32 --json "$JSON" "${EXTRA[@]}"
echo "load after: $(uptime)"
echo "numbers: $JSON"
