#!/usr/bin/env bash
# Measures a trained model with the project's evaluators (MNIST in C++, the live path, held-out printed
# digits and negatives, held-out seven-segment digits, crops/s) and writes the measured blocks of the
# model card from the figures.
# `make train` runs it after training; run it alone to re-measure the shipped model (say, on an idle
# machine for the crops/s). Usage: scripts/measure_model.sh BUILD_DIR MNIST_DIR CACHE_DIR
# From the environment: MODEL (models/digits.onnx; its training report is MODEL with .train.json),
# CARD (docs/model.md), BENCH_MIN_TIME (seconds per benchmark, 1), HELD_OUT_N (crops per held-out set, 5000).
set -euo pipefail
build="$1"
mnist="$2"
cache="$3"
py=/usr/bin/python3
model="${MODEL:-models/digits.onnx}"
card="${CARD:-docs/model.md}"
work="$(dirname "$model")/model-eval"
mkdir -p "$work"

$py tools/eval_held_out.py --mnist "$mnist" --write-idx "$cache/held-out" --n "${HELD_OUT_N:-5000}"
"$build/apps/digits" eval-mnist "$mnist" --model "$model" --plot "$(dirname "$card")/confusion.png" \
  | tee "$work/mnist.txt"
"$build/apps/digits" eval-mnist "$mnist" --model "$model" --live-path | tee "$work/live.txt" | tail -1
"$build/apps/digits" eval-crops "$cache/held-out/held-out-images-idx3-ubyte" \
  "$cache/held-out/held-out-labels-idx1-ubyte" --model "$model" | tee "$work/crops.txt"
"$build/apps/digits" eval-crops "$cache/held-out/held-out-seven-segment-images-idx3-ubyte" \
  "$cache/held-out/held-out-seven-segment-labels-idx1-ubyte" --model "$model" | tee "$work/seven.txt"
DIGITCAM_BENCH_MODEL="$model" "$build/benchmarks/bench_stages" --benchmark_filter='BM_Classify/' \
  --benchmark_min_time="${BENCH_MIN_TIME:-1}" --benchmark_format=json >"$work/bench.json"
$py tools/write_model_card.py --model "$model" --report "${model%.onnx}.train.json" \
  --mnist-eval "$work/mnist.txt" --live-eval "$work/live.txt" --crops-eval "$work/crops.txt" \
  --seven-segment-eval "$work/seven.txt" \
  --bench "$work/bench.json" --card "$card"
sha256sum "$model"
