"""The classifier's input, prepared exactly as the C++ live path prepares it.

This is the Python twin of `normalizeDigit()` in lib/src/normalizer.cpp. Both take an 8-bit
"ink" image cropped to a candidate's bounding box (255 = ink, 0 = background) and return the
28x28 uint8 image the network sees: the longer side scaled to 20 px, the centre of mass placed
at pixel (14, 14), as NIST prepared MNIST. tests/train_serve_test.py proves the twins agree
pixel for pixel; change one and the test tells you to change the other.
"""
import math

import cv2
import numpy as np

FIELD = 28  # the network's input side
BOX = 20  # the longer side of the digit inside the field
CENTRE = 14.0  # where MNIST puts the centre of mass (measured: 14.01, 14.00 over the train set)


def _round(x: float) -> int:
    # floor(x + 0.5) in both languages; Python's round() rounds halves to even.
    return int(math.floor(x + 0.5))


def normalize_ink(ink: np.ndarray) -> np.ndarray:
    if ink.dtype != np.uint8 or ink.ndim != 2 or ink.size == 0:
        raise ValueError("normalize_ink: expects a non-empty 2-D uint8 image")
    h, w = ink.shape
    scale = BOX / max(h, w)
    nw = max(1, min(BOX, _round(w * scale)))
    nh = max(1, min(BOX, _round(h * scale)))
    interp = cv2.INTER_AREA if scale < 1.0 else cv2.INTER_LINEAR
    small = cv2.resize(ink, (nw, nh), interpolation=interp)
    m = cv2.moments(small)
    if m["m00"] > 0:
        cx, cy = m["m10"] / m["m00"], m["m01"] / m["m00"]
    else:
        cx, cy = (nw - 1) / 2.0, (nh - 1) / 2.0
    ox = min(max(_round(CENTRE - cx), 0), FIELD - nw)
    oy = min(max(_round(CENTRE - cy), 0), FIELD - nh)
    out = np.zeros((FIELD, FIELD), np.uint8)
    out[oy:oy + nh, ox:ox + nw] = small
    return out


def ink_bbox_crop(ink: np.ndarray) -> np.ndarray:
    """Crops an ink image to the bounding box of its non-zero pixels (as a contour's box does)."""
    ys, xs = np.nonzero(ink)
    if len(xs) == 0:
        return ink
    return ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def binarized_ink(img28: np.ndarray, upscale: float, threshold: int) -> np.ndarray:
    """An MNIST digit as a camera and the segmenter see it: enlarged, binarized, cropped to its ink."""
    big = cv2.resize(img28, None, fx=upscale, fy=upscale, interpolation=cv2.INTER_LINEAR)
    return ink_bbox_crop(np.where(big > threshold, 255, 0).astype(np.uint8))

