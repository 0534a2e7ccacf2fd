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

# `digits harvest`: the candidates of the same scenes, labelled from the truth, as IDX files; every
# count it prints is in the files, and most truth digits come back as a digit crop.
hv=$("$digits" harvest "$work/annotations.json" "$work/images" "$work/crops")
echo "$hv"
/usr/bin/python3 - "$src/tools" "$work" "$hv" <<'PY' || fail "harvested crops do not match the truth"
import json, re, sys
sys.path.insert(0, sys.argv[1])
from mnist_idx import read_idx
work, said = sys.argv[2], sys.argv[3]
x = read_idx(f"{work}/crops-images-idx3-ubyte", 0x803)
y = read_idx(f"{work}/crops-labels-idx1-ubyte", 0x801)
digits, negatives = map(int, re.search(r"(\d+) digit crops, (\d+) not a digit", said).groups())
truth = json.load(open(f"{work}/annotations.json"))["annotations"]
assert len(x) == len(y) == digits + negatives, (len(x), digits, negatives)
assert (y <= 10).all() and (y < 10).sum() == digits and x.shape[1:] == (28, 28)
assert digits >= 0.8 * len(truth), f"{digits} digit crops for {len(truth)} truth digits"
# No more crops of a digit than a few per truth digit: both polarities read, and a digit in touching type is
# also the piece of each cut (in two to five, along seams and columns) that matches it; on these scenes
# the printed account number's 3 comes back six times.
for d in range(10):
    assert (y == d).sum() <= 3 * sum(a["category_id"] == d + 1 for a in truth), d
# A row per crop, in order: its picture and box, on which a digit crop matches a truth digit of its label.
import csv
rows = list(csv.DictReader(open(f"{work}/crops-boxes.csv")))
assert len(rows) == len(y) and all(int(r["label"]) == l for r, l in zip(rows, y))
coco = json.load(open(f"{work}/annotations.json"))
image_id = {i["file_name"]: i["id"] for i in coco["images"]}
def inter(a, b):
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0, w) * max(0, h)
def iou(a, b):
    return inter(a, b) / (a[2] * a[3] + b[2] * b[3] - inter(a, b))
def inside(a, box):  # the share of box that truth box a holds
    return inter(a, box) / (box[2] * box[3])
places = {"away", "pair", "short-piece", "tall-piece", "other"}
for r in rows:
    box = [int(r[k]) for k in ("x", "y", "width", "height")]
    if int(r["label"]) == 10:
        assert r["place"] in places, r
        most = max([inside(a["bbox"], box) for a in truth if a["image_id"] == image_id[r["file"]]], default=0)
        assert (r["place"] == "away") == (most < 0.2) or r["place"] == "pair", r
        continue
    assert r["place"] == "digit", r
    assert any(a["image_id"] == image_id[r["file"]] and a["category_id"] == int(r["label"]) + 1
               and iou(a["bbox"], box) >= 0.7 for a in truth), r
PY

rm "$work/images/0002."*
if err=$("$digits" eval-coco "$work/annotations.json" "$work/images" 2>&1); then fail "a missing image was not an error"; fi
echo "$err" | grep -q "0002\.\(png\|jpg\): cannot read" || fail "unclear error: $err"
echo ok
