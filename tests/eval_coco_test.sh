#!/usr/bin/env bash
# The scene generator and `digits eval-coco` together: scenes with COCO truth are read by the frame
# processor and scored. Every image, digit and line of the truth must be counted, each image gets a row,
# and a missing image is an error that names it.
# Usage: eval_coco_test.sh SOURCE_DIR DIGITS_BINARY MNIST_DIR WORK_DIR
set -euo pipefail
src="$1" digits="$2" mnist="$3" work="$4"
rm -rf "$work"
/usr/bin/python3 "$src/tools/make_scenes.py" --mnist "$mnist" --n 4 --out "$work" --seed 3 >/dev/null
fail() { echo "FAIL: $*"; exit 1; }
out=$("$digits" eval-coco "$work/annotations.json" "$work/images" --verbose)
echo "$out"
want=$(/usr/bin/python3 -c "import json; c = json.load(open('$work/annotations.json')); \
print('images=%d digits=%d lines=%d' % (len(c['images']), len(c['annotations']), len(c['lines'])))")
echo "$out" | tail -1 | grep -q "$want" || fail "summary does not count the truth ($want)"
rows=$(echo "$out" | grep -c '^000[0-3]\.')
[ "$rows" -eq 4 ] || fail "$rows rows in the per-image table, expected 4"
echo "$out" | tail -1 | grep -Eq '^precision=[01]\.[0-9]{4} recall=[01]\.[0-9]{4} f1=[01]\.[0-9]{4} lines_exact=' \
  || fail "summary line malformed"

rm "$work/images/0002."*
if err=$("$digits" eval-coco "$work/annotations.json" "$work/images" 2>&1); then fail "a missing image was not an error"; fi
echo "$err" | grep -q "0002\.\(png\|jpg\): cannot read" || fail "unclear error: $err"
echo ok
