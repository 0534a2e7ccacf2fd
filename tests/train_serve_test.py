#!/usr/bin/python3
"""Train/serve agreement: tools/preprocess.py (training) and normalizeDigit() (C++ live path) must
turn the same region into the same 28x28 input, pixel for pixel.

  train_serve_test.py NORMALIZE_DUMP_BINARY MNIST_DIR
"""
import os
import subprocess
import sys
import tempfile

import cv2
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from mnist_idx import load_split  # noqa: E402
from preprocess import ink_bbox_crop, normalize_ink  # noqa: E402


def cases(mnist_dir):
    rng = np.random.default_rng(1)
    images, _ = load_split(mnist_dir, "test")
    for i in range(150):  # MNIST digits as the live path sees them: enlarged, binarized, cropped
        big = cv2.resize(images[i], None, fx=rng.uniform(0.6, 5.0), fy=rng.uniform(0.6, 5.0))
        yield ink_bbox_crop(np.where(big > rng.integers(40, 200), 255, 0).astype(np.uint8))
    for _ in range(50):  # random shapes and sizes, grey levels, odd aspect ratios, tiny crops
        h, w = int(rng.integers(1, 160)), int(rng.integers(1, 160))
        yield rng.integers(0, 256, (h, w), dtype=np.uint8)
    yield np.full((1, 1), 255, np.uint8)
    yield np.zeros((30, 10), np.uint8)  # no ink at all


def main():
    dump, mnist_dir = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in"), os.path.join(tmp, "out")
        os.makedirs(src)
        inputs = {}
        for i, ink in enumerate(cases(mnist_dir)):
            name = f"{i:04d}.png"
            cv2.imwrite(os.path.join(src, name), ink)
            inputs[name] = ink
        subprocess.run([dump, src, dst], check=True)
        failures = 0
        for name, ink in inputs.items():
            served = cv2.imread(os.path.join(dst, name), cv2.IMREAD_UNCHANGED)
            trained = normalize_ink(ink)
            if served is None or served.shape != trained.shape or not np.array_equal(served, trained):
                diff = "missing" if served is None else int(np.abs(served.astype(int) - trained).max())
                print(f"{name} ({ink.shape[1]}x{ink.shape[0]}): C++ and Python differ (max diff {diff})")
                failures += 1
        print(f"{len(inputs) - failures} passed, {failures} failed")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
