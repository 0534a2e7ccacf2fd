#!/usr/bin/python3
"""Measures a model on what training never saw, through cv::dnn (OpenCV's inference, as cam runs it):
the MNIST test set, printed digits from the held-out font families, and "not a digit" crops made from
held-out fonts and MNIST test digits. The same seeded sets tools/train.py reports on.

  /usr/bin/python3 tools/eval_held_out.py --mnist ~/.cache/digitcam/mnist --model models/digits.onnx
  /usr/bin/python3 tools/eval_held_out.py --mnist ~/.cache/digitcam/mnist --write-idx DIR   # for `digits eval-crops`

--write-idx writes the printed digits and the negatives (label 10) as one pair of IDX files,
DIR/held-out-images-idx3-ubyte and DIR/held-out-labels-idx1-ubyte, for the C++ evaluator, and the
seven-segment digits of the held-out faces (a meter's display; a fifth as many) as another,
DIR/held-out-seven-segment-images-idx3-ubyte and DIR/held-out-seven-segment-labels-idx1-ubyte.
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import digit_data  # noqa: E402
from mnist_idx import load_split, write_idx  # noqa: E402
from train import held_out_report  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mnist", required=True)
    ap.add_argument("--model", help="ONNX model to measure through cv2.dnn")
    ap.add_argument("--write-idx", metavar="DIR", help="write the held-out crops as IDX files here")
    ap.add_argument("--seed", type=int, default=20261125, help="the training seed: held-out sets use seed+1, seed+2")
    ap.add_argument("--n", type=int, default=5000, help="crops in each held-out set")
    ap.add_argument("--min-confidence", type=float, default=0.7)
    args = ap.parse_args()
    test_x, test_y = load_split(args.mnist, "test")
    fonts = digit_data.find_fonts(digit_data.HELD_OUT_FAMILIES)
    font_x, font_y = digit_data.make_set(args.n, 0, fonts, test_x, test_y, args.seed + 1)
    neg_x, _ = digit_data.make_set(0, args.n, fonts, test_x, test_y, args.seed + 2)
    seven_x, seven_y = digit_data.seven_segment_set(args.n // 5, "held-out", args.seed + 8)
    if not args.model and not args.write_idx:
        ap.error("give --model, --write-idx or both")
    if args.write_idx:
        os.makedirs(args.write_idx, exist_ok=True)
        write_idx(os.path.join(args.write_idx, "held-out-images-idx3-ubyte"), np.concatenate([font_x, neg_x]))
        labels = np.concatenate([font_y, np.full(len(neg_x), digit_data.REJECT)])
        write_idx(os.path.join(args.write_idx, "held-out-labels-idx1-ubyte"), labels)
        write_idx(os.path.join(args.write_idx, "held-out-seven-segment-images-idx3-ubyte"), seven_x)
        write_idx(os.path.join(args.write_idx, "held-out-seven-segment-labels-idx1-ubyte"), seven_y)
        print(f"wrote {len(font_x)} printed digits, {len(neg_x)} negatives and {len(seven_x)} seven-segment digits "
              f"to {args.write_idx}", file=sys.stderr)
    if args.model:
        slash_x = digit_data.slashes(args.n // 5, fonts, args.seed + 6)
        report = held_out_report(args.model, test_x, test_y, font_x, font_y, neg_x, slash_x, seven_x, seven_y,
                                 args.min_confidence)
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
