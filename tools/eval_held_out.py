#!/usr/bin/python3
"""Measures a model on what training never saw, through cv::dnn (OpenCV's inference, as cam runs it):
the MNIST test set, printed digits from the held-out font families, and "not a digit" crops made from
held-out fonts and MNIST test digits. The same seeded sets tools/train.py reports on.

  /usr/bin/python3 tools/eval_held_out.py --mnist ~/.cache/digitcam/mnist --model models/digits.onnx
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import digit_data  # noqa: E402
from mnist_idx import load_split  # noqa: E402
from train import held_out_report  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mnist", required=True)
    ap.add_argument("--model", required=True, help="ONNX model")
    ap.add_argument("--seed", type=int, default=20261125, help="the training seed: held-out sets use seed+1, seed+2")
    ap.add_argument("--n", type=int, default=5000, help="crops in each held-out set")
    ap.add_argument("--min-confidence", type=float, default=0.7)
    args = ap.parse_args()
    test_x, test_y = load_split(args.mnist, "test")
    fonts = digit_data.find_fonts(digit_data.HELD_OUT_FAMILIES)
    font_x, font_y = digit_data.make_set(args.n, 0, fonts, test_x, test_y, args.seed + 1)
    neg_x, _ = digit_data.make_set(0, args.n, fonts, test_x, test_y, args.seed + 2)
    report = held_out_report(args.model, test_x, test_y, font_x, font_y, neg_x, args.min_confidence)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
