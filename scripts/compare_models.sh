#!/usr/bin/env bash
# Measures candidate models in one run, for the model card's table of candidates: MNIST test accuracy in
# C++ (digits eval-mnist), held-out printed digits and negatives (digits eval-crops on the sets
# tools/eval_held_out.py writes) and crops/s at batch 64 (bench_stages), one row per model.
# Usage: scripts/compare_models.sh BUILD_DIR MODEL.onnx...
set -euo pipefail
build="$1"
shift
mnist=$(scripts/fetch_mnist.sh)
held="${DIGITCAM_CACHE:-$HOME/.cache/digitcam}/held-out"
[ -f "$held/held-out-labels-idx1-ubyte" ] ||
  /usr/bin/python3 tools/eval_held_out.py --mnist "$mnist" --write-idx "$held" --n 5000 >/dev/null
value() { tr ' ' '\n' | sed -n "s/^$1=//p"; }
echo "| model | MNIST test | held-out printed read | negatives reported | crops/s, batch 64 |"
echo "| --- | --- | --- | --- | --- |"
for model in "$@"; do
  acc=$("$build/apps/digits" eval-mnist "$mnist" --model "$model" | tail -1 | value accuracy)
  crops=$("$build/apps/digits" eval-crops "$held/held-out-images-idx3-ubyte" "$held/held-out-labels-idx1-ubyte" \
    --model "$model" | tail -1)
  speed=$(DIGITCAM_BENCH_MODEL="$model" "$build/benchmarks/bench_stages" --benchmark_filter='BM_Classify/64/' \
    --benchmark_min_time=2 --benchmark_format=csv 2>/dev/null | tail -1 | cut -d, -f7)
  awk -v m="$(basename "${model%.onnx}")" -v a="$acc" -v c="$(echo "$crops" | value digits_correct)" \
    -v n="$(echo "$crops" | value negatives_reported)" -v s="$speed" \
    'BEGIN { printf "| %s | %.2f %% | %.1f %% | %.1f %% | %.0f |\n", m, 100 * a, 100 * c, 100 * n, s }'
done
