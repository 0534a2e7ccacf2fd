#!/usr/bin/env bash
# `make train`: trains the shipped model with tools/train.py's defaults, measures it with the project's
# evaluators (MNIST in C++, the live path, held-out printed digits and negatives, crops/s) and writes
# the measured blocks of the model card. About 20 minutes on 2 cores.
# Usage: scripts/train_model.sh BUILD_DIR MNIST_DIR CACHE_DIR
# The CI smoke test runs the same script on a tiny model with, from the environment:
#   TRAIN_ARGS (extra tools/train.py flags), MODEL (models/digits.onnx), CARD (docs/model.md),
#   BENCH_MIN_TIME (seconds per benchmark, 1), HELD_OUT_N (crops in each held-out set, 5000).
set -euo pipefail
build="$1"
mnist="$2"
cache="$3"
py=/usr/bin/python3
model="${MODEL:-models/digits.onnx}"
card="${CARD:-docs/model.md}"
work="$(dirname "$model")/model-eval"
mkdir -p "$work"

# shellcheck disable=SC2086 # TRAIN_ARGS is a list of flags
$py tools/train.py --mnist "$mnist" --out "$model" ${TRAIN_ARGS:-}
$py tools/eval_held_out.py --mnist "$mnist" --write-idx "$cache/held-out" --n "${HELD_OUT_N:-5000}"
"$build/apps/digits" eval-mnist "$mnist" --model "$model" --plot "$(dirname "$card")/confusion.png" \
  | tee "$work/mnist.txt"
"$build/apps/digits" eval-mnist "$mnist" --model "$model" --live-path | tee "$work/live.txt" | tail -1
"$build/apps/digits" eval-crops "$cache/held-out/held-out-images-idx3-ubyte" \
  "$cache/held-out/held-out-labels-idx1-ubyte" --model "$model" | tee "$work/crops.txt"
DIGITCAM_BENCH_MODEL="$model" "$build/benchmarks/bench_stages" --benchmark_filter='BM_Classify/' \
  --benchmark_min_time="${BENCH_MIN_TIME:-1}" --benchmark_format=json >"$work/bench.json"
$py tools/write_model_card.py --model "$model" --report "${model%.onnx}.train.json" \
  --mnist-eval "$work/mnist.txt" --live-eval "$work/live.txt" --crops-eval "$work/crops.txt" \
  --bench "$work/bench.json" --card "$card"
sha256sum "$model"
