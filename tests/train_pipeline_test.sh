#!/usr/bin/env bash
# `make train`'s pipeline end to end on a tiny model: scripts/train_model.sh trains (--smoke), evaluates
# in C++ and rewrites the measured blocks of a copy of the model card. The card must then carry the new
# model's sha256 and the evaluators' figures, and a card without the blocks must be refused.
# Usage: train_pipeline_test.sh SOURCE_DIR BUILD_DIR MNIST_DIR WORK_DIR
set -euo pipefail
src="$1" build="$2" mnist="$3" work="$4"
rm -rf "$work" && mkdir -p "$work"
cp "$src/docs/model.md" "$work/model.md"
cd "$src"
MODEL="$work/digits.onnx" CARD="$work/model.md" BENCH_MIN_TIME=0.01 HELD_OUT_N=100 \
  TRAIN_ARGS="--smoke --threads 1 --arch fast-16 --classes 11 --font-digits 300 --negatives 300 --bold-share 0.2 --break-share 0.2 --cross-seven-share 0.5" \
  scripts/train_model.sh "$build" "$mnist" "$work/cache" >"$work/log.txt" 2>&1 || { cat "$work/log.txt"; exit 1; }

fail() { echo "FAIL: $*"; exit 1; }
sha=$(sha256sum "$work/digits.onnx" | cut -d' ' -f1)
grep -q "| sha256 | \`$sha\` |" "$work/model.md" || fail "card does not carry the new model's sha256 $sha"
accuracy=$(grep -o 'accuracy=[0-9.]*' "$work/model-eval/mnist.txt" | cut -d= -f2)
percent=$(/usr/bin/python3 -c "print(f'{100 * $accuracy:.2f} %')")
grep -q "MNIST test images as shipped | \*\*$percent\*\*" "$work/model.md" || fail "card lacks the measured $percent"
negatives=$(grep -o 'negatives_reported=[0-9.]*' "$work/model-eval/crops.txt" | cut -d= -f2)
percent=$(/usr/bin/python3 -c "print(f'{100 * $negatives:.2f} %')")
grep -q "negatives reported as a digit | \*\*$percent\*\*" "$work/model.md" || fail "card lacks the measured $percent"
wrong=$(grep -o 'digits_reported_wrong=[0-9.]*' "$work/model-eval/seven.txt" | cut -d= -f2)
percent=$(/usr/bin/python3 -c "print(f'{100 * $wrong:.2f} %')")
grep -q "seven-segment digits reported as the wrong digit | $percent |" "$work/model.md" ||
  fail "card lacks the measured seven-segment $percent"
grep -q "11 class probabilities" "$work/model.md" || fail "card does not say the model has 11 classes"
[ -f "$work/confusion.png" ] || fail "no confusion plot beside the card"

# Prose outside the blocks is kept as written.
diff <(sed '/<!-- measured:/,/<!-- end:/d' "$src/docs/model.md") <(sed '/<!-- measured:/,/<!-- end:/d' "$work/model.md") \
  || fail "text outside the measured blocks changed"

# A card that lost a block is an error that names the block.
grep -v "<!-- end: held-out -->" "$src/docs/model.md" >"$work/broken.md"
if out=$(/usr/bin/python3 tools/write_model_card.py --model "$work/digits.onnx" --report "$work/digits.train.json" \
  --mnist-eval "$work/model-eval/mnist.txt" --live-eval "$work/model-eval/live.txt" \
  --crops-eval "$work/model-eval/crops.txt" --seven-segment-eval "$work/model-eval/seven.txt" --bench "$work/model-eval/bench.json" --card "$work/broken.md" 2>&1); then
  fail "a card without the held-out block was accepted"
fi
echo "$out" | grep -q "has no block 'held-out'" || fail "unclear error: $out"
echo "ok: card updated with sha256 $sha"
