#!/usr/bin/python3
"""Trains the HOG + SVM baseline (the seed project's second classifier, done properly) on the same
data as the CNN: MNIST half as shipped and half as the live path prepares it (with --classes 11, also
printed digits from the training fonts and "not a digit" crops), all normalized by tools/preprocess.py. Saves a cv::ml SVM (YAML) that
`cam --set classifier.kind=svm` and `digits eval-mnist --kind svm` load.

  /usr/bin/python3 tools/train_svm.py --mnist ~/.cache/digitcam/mnist --out models/digits-svm.yml

An RBF SVM's training time grows with the square of the samples, so it trains on a seeded subset
(--samples). The HOG descriptor must stay equal to HogSvmClassifier::descriptor() in C++.
"""
import argparse
import json
import os
import sys
import time

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import digit_data  # noqa: E402
from mnist_idx import load_split  # noqa: E402
from train import renormalized_copy  # noqa: E402


def hog_features(images):
    hog = cv2.HOGDescriptor((28, 28), (14, 14), (7, 7), (7, 7), 9)
    return np.array([hog.compute(img).ravel() for img in images], np.float32)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mnist", required=True)
    ap.add_argument("--out", required=True, help="SVM model to write (.yml)")
    ap.add_argument("--samples", type=int, default=30000, help="training samples drawn from the full set")
    ap.add_argument("--c", type=float, default=10.0)
    ap.add_argument("--gamma", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--classes", type=int, choices=(10, 11), default=10,
                    help="10: MNIST digits, as the shipped CNN; 11: also printed digits and 'not a digit' crops")
    ap.add_argument("--smoke", action="store_true", help="a tiny model: checks the script works")
    args = ap.parse_args()

    train_x, train_y = load_split(args.mnist, "train")
    n_extra = 30000 if args.classes == 11 else 0
    if args.smoke:
        train_x, train_y, args.samples = train_x[:1000], train_y[:1000], 600
        n_extra = min(n_extra, 300)
    renorm_x = renormalized_copy(train_x, args.seed)
    fonts = digit_data.find_fonts(digit_data.TRAIN_FAMILIES)
    extra_x, extra_y = digit_data.make_set(n_extra, n_extra, fonts, train_x, train_y, args.seed)
    rng = np.random.default_rng(args.seed)
    # MNIST half as shipped, half as the live path prepares it, as the CNN sees it.
    mnist_x = np.where(rng.random(len(train_x))[:, None, None] < 0.5, renorm_x, train_x)
    all_x = np.concatenate([mnist_x, extra_x])
    all_y = np.concatenate([train_y.astype(np.int32), extra_y.astype(np.int32)])
    pick = rng.permutation(len(all_x))[:args.samples]
    features = hog_features(all_x[pick])

    svm = cv2.ml.SVM_create()
    svm.setType(cv2.ml.SVM_C_SVC)
    svm.setKernel(cv2.ml.SVM_RBF)
    svm.setC(args.c)
    svm.setGamma(args.gamma)
    svm.setTermCriteria((cv2.TERM_CRITERIA_MAX_ITER + cv2.TERM_CRITERIA_EPS, 20000, 1e-3))
    t0 = time.time()
    svm.train(features, cv2.ml.ROW_SAMPLE, all_y[pick])
    seconds = time.time() - t0
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    svm.save(args.out)
    report = {"model": os.path.basename(args.out), "kind": "HOG (324 features) + RBF SVM, one-vs-one",
              "classes": args.classes,
              "samples": int(args.samples), "c": args.c, "gamma": args.gamma, "seed": args.seed,
              "support_vectors": int(svm.getSupportVectors().shape[0]), "train_seconds": round(seconds, 1)}
    with open(os.path.splitext(args.out)[0] + ".train.json", "w") as f:
        json.dump(report, f, indent=2)
    print(f"wrote {args.out}: {report['support_vectors']} support vectors, trained in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
