#!/bin/sh
# Trains GapScope's built-in model from nothing and writes what ships into resources/:
#   model-prep/builtin/train_all.sh            the real run (about an hour on 2 cores)
#   model-prep/builtin/train_all.sh --smoke    a tiny world and model, seconds, into /tmp
# Intermediate files go to model-prep/builtin/.work (or $GAPSCOPE_MINI_WORK).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${GAPSCOPE_PYTHON:-/usr/bin/python3}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
if [ "${1:-}" = "--smoke" ]; then
    work=${GAPSCOPE_MINI_WORK:-/tmp/gapscope-mini-smoke}
    exec "$python" -m gapscope_mini.pipeline all --smoke --work "$work" --ship "$work/ship"
fi
work=${GAPSCOPE_MINI_WORK:-$here/.work}
exec "$python" -m gapscope_mini.pipeline all --work "$work" --ship "$root/resources"
