#!/usr/bin/env bash
# Runs the per-stage and end-to-end benchmarks; figures go to docs/benchmarks.md by hand.
# Usage: scripts/run_benchmarks.sh BUILD_DIR
set -euo pipefail
build="$1"
clip="$build/bench/clip720-noisy.mp4"

# A second 720p clip beside the demo: 10 s with heavy sensor noise, which H.264 cannot compress away,
# so decoding costs what a real camera recording costs.
if [ ! -f "$clip" ]; then
  mnist=$(scripts/fetch_mnist.sh)
  mkdir -p "$(dirname "$clip")"
  /usr/bin/python3 tools/make_demo_clip.py --mnist "$mnist" --out "$clip" --seconds 10 --noise 8 --seed 11
fi

echo "== classifiers on the MNIST test set (digits eval-mnist) =="
mnist=$(scripts/fetch_mnist.sh)
"$build/apps/digits" eval-mnist "$mnist" --kind cnn | tail -1
if [ -f models/digits-svm.yml ]; then
  "$build/apps/digits" eval-mnist "$mnist" --kind svm | tail -1
else
  echo "(no models/digits-svm.yml: run make svm for the SVM baseline)"
fi
echo
echo "== per stage (Google Benchmark) =="
"$build/benchmarks/bench_stages" --benchmark_min_time=1
echo
echo "== end to end: demo clip =="
"$build/benchmarks/bench_e2e" --clip assets/demo.mp4
echo
echo "== end to end: noisy 720p clip =="
"$build/benchmarks/bench_e2e" --clip "$clip"
