#!/usr/bin/env bash
# `make train`: trains the shipped model with tools/train.py's defaults, then measures it and writes the
# measured blocks of the model card (scripts/measure_model.sh). About 45–50 minutes on 2 cores.
# Usage: scripts/train_model.sh BUILD_DIR MNIST_DIR CACHE_DIR
# The CI smoke test runs the same script on a tiny model with, from the environment:
#   TRAIN_ARGS (extra tools/train.py flags), and measure_model.sh's MODEL, CARD, BENCH_MIN_TIME, HELD_OUT_N.
set -euo pipefail
model="${MODEL:-models/digits.onnx}"
# shellcheck disable=SC2086 # TRAIN_ARGS is a list of flags
/usr/bin/python3 tools/train.py --mnist "$2" --out "$model" ${TRAIN_ARGS:-}
MODEL="$model" "$(dirname "$0")/measure_model.sh" "$@"
