#!/usr/bin/env bash
# Benchmark: examples per second of `./gapscope evaluate`, and where the time goes (model, analysis,
# audio + files + the rest), from the run's own timings.json.
#
#   bench/evaluate-throughput.sh [RUNS] [MODEL_DIR] [DATA.jsonl]
#
# Defaults: 3 runs, the built-in default model (resources/models/DEFAULT) and its sample set
# (resources/examples/sample/examples.jsonl). Each run evaluates the whole set into a fresh folder
# (so nothing is resumed), single-threaded PyTorch as everywhere in this project. Printed per run:
# the process wall time (JVM start and model loading included), the engine's wall time (examples and
# the mismatched-pair control, from timings.json), examples per second on the engine's clock, and the
# model / analysis / rest shares; then the medians. The load average is printed before and after,
# because this machine is shared: a loaded machine slows every number.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${1:-3}"
MODEL="${2:-}"
DATA="${3:-$ROOT/resources/examples/sample/examples.jsonl}"
if [[ -z "$MODEL" ]]; then
    [[ -f "$ROOT/resources/models/DEFAULT" ]] || { echo "no resources/models/DEFAULT; give MODEL_DIR" >&2; exit 2; }
    MODEL="$ROOT/resources/models/$(tr -d '[:space:]' < "$ROOT/resources/models/DEFAULT")"
fi
PY="${GAPSCOPE_PYTHON:-/usr/bin/python3}"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
"$ROOT/gapscope" --version >/dev/null   # builds if sources changed, outside the timing
WORK="$(mktemp -d /tmp/gapscope-bench-evaluate.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
echo "model $MODEL"
echo "data  $DATA"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$RUNS"); do
    start=$(date +%s.%N)
    "$ROOT/gapscope" evaluate --model "$MODEL" --data "$DATA" --out "$WORK/run$i" --device cpu --quiet >/dev/null
    end=$(date +%s.%N)
    "$PY" - "$WORK/run$i/timings.json" "$start" "$end" "$i" <<'PYEOF'
import json, sys
t = json.load(open(sys.argv[1]))
process = float(sys.argv[3]) - float(sys.argv[2])
wall = t["wall_seconds"]
rest = wall - t["model_seconds"] - t["analysis_seconds"]
print("run %s: %d examples, process %.1f s, engine %.1f s, %.3f examples/s; model %.0f %%, analysis %.0f %% "
      "(matched %.1f s, control %.1f s), audio + files + rest %.0f %%"
      % (sys.argv[4], t["examples_processed"], process, wall, t["examples_per_second"],
         100 * t["model_seconds"] / wall, 100 * t["analysis_seconds"] / wall, t["stages"]["analysis"],
         t["stages"]["control"], 100 * rest / wall))
PYEOF
done | tee "$WORK/lines.txt"
"$PY" - "$WORK/lines.txt" <<'PYEOF'
import re, statistics, sys
rows = [l for l in open(sys.argv[1]) if l.startswith("run ")]
def med(pattern):
    return statistics.median(float(re.search(pattern, l).group(1)) for l in rows)
print("median: %.3f examples/s, process %.1f s, model %.0f %%, analysis %.0f %%"
      % (med(r"([\d.]+) examples/s"), med(r"process ([\d.]+) s"), med(r"model (\d+) %"), med(r"analysis (\d+) %")))
PYEOF
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
